// Line identities without building the joined string: the same two FNV-1a passes as hash52 (columns/hash.ts)
// over the fields joined by U+001F, computed field by field, so hashFields(f) === hash52(f.join('\u001f')).
import { hash52 } from '../columns/hash.ts';

const FNV_PRIME = 0x01000193;
const SEPARATOR = 0x1f;

/**
 * The full low hash of the last key made by hashFields or hashRanges (a key keeps only its 20 low bits): with
 * it, the key of any repeat of that line can be made later without the line (repeatKeyAfter).
 */
export const lastKeyState = { low: 0, key: 0 };

/** hash52 of the given fields (all when `columns` is null; a missing field reads as empty) joined by U+001F. */
export function hashFields(fields: readonly string[], columns: readonly number[] | null): number {
  let high = 0x811c9dc5;
  let low = 0x9747b28c;
  const count = columns === null ? fields.length : columns.length;
  for (let k = 0; k < count; k++) {
    if (k > 0) {
      high = Math.imul(high ^ SEPARATOR, FNV_PRIME);
      low = Math.imul(low ^ SEPARATOR, FNV_PRIME);
    }
    const index = columns === null ? k : columns[k];
    const text = index < fields.length ? fields[index] : '';
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      high = Math.imul(high ^ c, FNV_PRIME);
      low = Math.imul(low ^ c, FNV_PRIME);
    }
  }
  lastKeyState.low = low;
  return (high >>> 0) * 0x100000 + ((low >>> 0) & 0xfffff);
}

/**
 * hashFields of a line held as text: field k is `text[starts[k], ends[k])`, `count` fields in all. The same
 * value as hashFields over the fields cut out (the import's fast lane cuts none).
 */
export function hashRanges(text: string, starts: Int32Array, ends: Int32Array, count: number, columns: readonly number[] | null): number {
  let high = 0x811c9dc5;
  let low = 0x9747b28c;
  const n = columns === null ? count : columns.length;
  for (let k = 0; k < n; k++) {
    if (k > 0) {
      high = Math.imul(high ^ SEPARATOR, FNV_PRIME);
      low = Math.imul(low ^ SEPARATOR, FNV_PRIME);
    }
    const index = columns === null ? k : columns[k];
    if (index >= count) continue;
    const end = ends[index];
    for (let i = starts[index]; i < end; i++) {
      const c = text.charCodeAt(i);
      high = Math.imul(high ^ c, FNV_PRIME);
      low = Math.imul(low ^ c, FNV_PRIME);
    }
  }
  lastKeyState.low = low;
  return (high >>> 0) * 0x100000 + ((low >>> 0) & 0xfffff);
}

/**
 * Cuts the line `text[start, end)` at `delimiter` (a character code) into fields, their bounds into `starts`
 * and `ends`, and hashes it in the same pass, as hashRanges over all its fields would (the key is left in
 * lastKeyState.key). Returns the number of fields, or -1 for more than `max`.
 */
export function splitHashed(text: string, start: number, end: number, delimiter: number, starts: Int32Array, ends: Int32Array, max: number): number {
  let high = 0x811c9dc5;
  let low = 0x9747b28c;
  let n = 0;
  starts[0] = start;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c === delimiter) {
      ends[n] = i;
      if (++n === max) return -1;
      starts[n] = i + 1;
      c = SEPARATOR;
    }
    high = Math.imul(high ^ c, FNV_PRIME);
    low = Math.imul(low ^ c, FNV_PRIME);
  }
  ends[n] = end;
  lastKeyState.low = low;
  lastKeyState.key = (high >>> 0) * 0x100000 + ((low >>> 0) & 0xfffff);
  return n + 1;
}

/** The key of the n-th repeat (n >= 1) of a line whose own key text is `fields` joined: distinct, and stable. */
export function repeatKey(fields: readonly string[], columns: readonly number[] | null, n: number): number {
  const parts: string[] = [];
  const count = columns === null ? fields.length : columns.length;
  for (let k = 0; k < count; k++) {
    const index = columns === null ? k : columns[k];
    parts.push(index < fields.length ? fields[index] : '');
  }
  return hash52(`${parts.join('\u001f')}\u001e${n}`);
}

/**
 * repeatKey of the line whose key is `key`, from that key and the full low hash hashFields left in
 * lastKeyState: the two hashes go on over U+001E and the digits of n, as hash52 would over the joined text.
 */
export function repeatKeyAfter(key: number, low: number, n: number): number {
  let high = (key / 0x100000) >>> 0;
  let l = low;
  const tail = `\u001e${n}`;
  for (let i = 0; i < tail.length; i++) {
    const c = tail.charCodeAt(i);
    high = Math.imul(high ^ c, FNV_PRIME);
    l = Math.imul(l ^ c, FNV_PRIME);
  }
  return (high >>> 0) * 0x100000 + ((l >>> 0) & 0xfffff);
}

/** A line key mixed with a dataset's salt (a pseudonymised import stores only these). */
export function saltedKey(salt: string, key: number): number {
  return hash52(`${salt}\u001f${key}`);
}

/**
 * A set of line keys (52-bit integers in doubles): open addressing over a Float64Array, a tenth of the
 * memory of a Set of a million boxed numbers and no garbage.
 */
export class LineKeySet {
  private table: Float64Array;
  private mask: number;

  size = 0;

  constructor(capacity = 1024) {
    let n = 1024;
    while (n < capacity * 2) n *= 2;
    this.table = new Float64Array(n).fill(-1);
    this.mask = n - 1;
  }

  has(key: number): boolean {
    const t = this.table;
    for (let i = slot(key) & this.mask; ; i = (i + 1) & this.mask) {
      const v = t[i];
      if (v === key) return true;
      if (v === -1) return false;
    }
  }

  /** Reads, and returns to be summed, the slot that has() or add() of `key` reads first (see Dictionary.touch). */
  touch(key: number): number {
    return this.table[slot(key) & this.mask];
  }

  /** Adds a key; false when it was there already. */
  add(key: number): boolean {
    if ((this.size + 1) * 2 > this.table.length) this.grow();
    const t = this.table;
    for (let i = slot(key) & this.mask; ; i = (i + 1) & this.mask) {
      const v = t[i];
      if (v === key) return false;
      if (v === -1) {
        t[i] = key;
        this.size++;
        return true;
      }
    }
  }

  /** The set as a table to send to another worker (transferable), and back (fromTable). */
  toTable(): { table: Float64Array; size: number } {
    return { table: this.table, size: this.size };
  }

  static fromTable(data: { table: Float64Array; size: number }): LineKeySet {
    const set = new LineKeySet(0);
    set.table = data.table;
    set.mask = data.table.length - 1;
    set.size = data.size;
    return set;
  }

  forEach(visit: (key: number) => void): void {
    const t = this.table;
    for (let i = 0; i < t.length; i++) if (t[i] !== -1) visit(t[i]);
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2).fill(-1);
    this.mask = this.table.length - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i++) if (old[i] !== -1) this.add(old[i]);
  }
}

function slot(key: number): number {
  // The low 20 bits and the high 32 bits come from two different hashes; mix both.
  const high = (key / 0x100000) >>> 0; // floor: the quotient is below 2^32
  return Math.imul((key - high * 0x100000) ^ high, 0x9e3779b1) >>> 0;
}
