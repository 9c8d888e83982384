/**
 * Strings coded as dense integer indexes, in order of first appearance.
 *
 * The index is our own open-addressing table over FNV-1a hashes of the UTF-16 code units, not a Map, so that
 * the import's fast lane can code a field straight out of the parsed text (`codeRange`) without cutting it
 * into a string first: only a value seen for the first time becomes a string of its own.
 */
/** Values codeAll hashes and prefetches at a time. */
const PREFETCH_BLOCK = 64;

export class Dictionary {
  readonly values: string[] = [];
  /** Pairs (hash, code + 1) by slot; code + 1 = 0 marks an empty slot. A probe reads one cache line. */
  private slots: Int32Array = new Int32Array(0);
  private mask = 0;

  // Consecutive lines often repeat a value (the same order, currency, marketplace): comparing with the
  // last one is cheaper than hashing the string again.
  private lastValue: string | null = null;
  private lastCode = -1;
  /** What codeAll's prefetching reads add up to (kept, so that no engine drops the reads as unused). */
  private touched = 0;
  // Copies made later (see copyLater): values from `settled` on may still be cut from a larger text.
  private deferred = false;
  private settled = 0;

  constructor(values: readonly string[] = []) {
    this.resize(Math.max(64, values.length * 2));
    for (const value of values) this.code(value);
  }

  /**
   * From now on a new value cut out of a larger text is kept as cut, and made to stand alone only when
   * settle() is called, all of them in one copy. An import settles after each text piece: one copy per
   * piece instead of one per new value (a million of them in a large file), and no value holds a piece.
   */
  copyLater(): void {
    this.deferred = true;
  }

  /** Makes every value added since the last call stand alone, in one joined copy (see copyLater). */
  settle(): void {
    const values = this.values;
    const from = this.settled;
    const count = values.length - from;
    this.settled = values.length;
    if (count === 0) return;
    if (count === 1) values[from] = ownCopy(values[from]);
    else {
      // join makes one flat string of its own; each value becomes a slice of it (or a copy, when short).
      const joined = values.slice(from).join('');
      let at = 0;
      for (let i = from; i < values.length; i++) {
        const length = values[i].length;
        values[i] = joined.slice(at, at + length);
        at += length;
      }
    }
    if (this.lastCode >= from) this.lastValue = values[this.lastCode];
  }

  /** The index of `value`, adding it when new. */
  code(value: string): number {
    if (value === this.lastValue) return this.lastCode;
    return this.codeRange(value, 0, value.length);
  }

  /** The index of `text.slice(start, end)`, adding it when new; the slice is only made for a new value. */
  codeRange(text: string, start: number, end: number): number {
    const last = this.lastValue;
    if (last !== null && last.length === end - start && text.startsWith(last, start)) return this.lastCode;
    return this.codeRangeHashed(text, start, end, rangeHash(text, start, end));
  }

  /**
   * Reads, and returns to be summed, the table slot that coding a value of hash `h` reads first; touchValue
   * reads the value stored there. The import touches a block of lines' slots, then their values, in tight
   * loops before coding them, so that their cache misses overlap instead of coming one after the other.
   */
  touchSlot(h: number): number {
    return this.slots[2 * (h & this.mask) + 1];
  }

  touchValue(h: number): number {
    const code = this.slots[2 * (h & this.mask) + 1] - 1;
    return code < 0 ? 0 : this.values[code].length;
  }

  /** codeRange with the value's rangeHash already known. */
  codeRangeHashed(text: string, start: number, end: number, h: number): number {
    const last = this.lastValue;
    if (last !== null && last.length === end - start && text.startsWith(last, start)) return this.lastCode;
    const slots = this.slots;
    const mask = this.mask;
    const length = end - start;
    let i = h & mask;
    for (;;) {
      const code = slots[2 * i + 1] - 1;
      if (code < 0) break;
      if (slots[2 * i] === h) {
        const candidate = this.values[code];
        if (candidate.length === length && text.startsWith(candidate, start)) {
          this.lastValue = candidate;
          this.lastCode = code;
          return code;
        }
      }
      i = (i + 1) & mask;
    }
    const code = this.values.length;
    const value = this.deferred ? text.slice(start, end) : ownCopy(text.slice(start, end));
    this.values.push(value);
    slots[2 * i] = h;
    slots[2 * i + 1] = code + 1;
    if ((code + 1) * 2 > mask + 1) this.resize((mask + 1) * 2);
    this.lastValue = value;
    this.lastCode = code;
    return code;
  }

  /**
   * The indexes of `values`, adding each new one as it is (no copy: for strings that already stand alone,
   * such as those a part worker sent). Merging a part's values codes a few hundred thousand at once, which
   * is bound by memory latency: each block's table slots and stored strings are touched first, so that the
   * CPU fetches them side by side instead of one after the other (about a third faster in Node).
   */
  codeAll(values: readonly string[]): Int32Array {
    const out = new Int32Array(values.length);
    this.reserve(values.length);
    const hashes = new Int32Array(PREFETCH_BLOCK);
    let touched = 0;
    for (let block = 0; block < values.length; block += PREFETCH_BLOCK) {
      const end = Math.min(values.length, block + PREFETCH_BLOCK);
      for (let k = block; k < end; k++) hashes[k - block] = rangeHash(values[k], 0, values[k].length);
      // Tight loops of loads only, so that many are in flight at once.
      for (let k = 0; k < end - block; k++) touched += this.touchSlot(hashes[k]);
      for (let k = 0; k < end - block; k++) touched += this.touchValue(hashes[k]);
      for (let k = block; k < end; k++) out[k] = this.codeHashed(values[k], hashes[k - block]);
    }
    this.touched = touched;
    return out;
  }

  private codeHashed(value: string, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const code = slots[2 * i + 1] - 1;
      if (code < 0) break;
      if (slots[2 * i] === h && this.values[code] === value) return code;
      i = (i + 1) & mask;
    }
    const code = this.values.length;
    this.values.push(value);
    slots[2 * i] = h;
    slots[2 * i + 1] = code + 1;
    if ((code + 1) * 2 > mask + 1) this.resize((mask + 1) * 2);
    return code;
  }

  /** Room for `more` values without growing the table on the way. */
  reserve(more: number): void {
    const needed = (this.values.length + more) * 2;
    if (needed > this.mask + 1) this.resize(needed);
  }

  lookup(value: string): number | undefined {
    const h = rangeHash(value, 0, value.length);
    const slots = this.slots;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const code = slots[2 * i + 1] - 1;
      if (code < 0) return undefined;
      if (slots[2 * i] === h && this.values[code] === value) return code;
    }
  }

  get size(): number {
    return this.values.length;
  }

  private resize(capacity: number): void {
    let n = 64;
    while (n < capacity) n *= 2;
    const old = this.slots;
    const slots = new Int32Array(2 * n);
    const mask = n - 1;
    for (let j = 0; j < old.length; j += 2) {
      if (old[j + 1] === 0) continue;
      let i = old[j] & mask;
      while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
      slots[2 * i] = old[j];
      slots[2 * i + 1] = old[j + 1];
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** FNV-1a over the UTF-16 code units of `text[start, end)`, with a final mix so that low bits spread. */
export function rangeHash(text: string, start: number, end: number): number {
  let h = RANGE_HASH_START;
  for (let i = start; i < end; i++) h = rangeHashAdd(h, text.charCodeAt(i));
  return rangeHashEnd(h);
}

// rangeHash in steps, for a caller that reads the characters anyway (the import's fast lane).
export const RANGE_HASH_START = 0x811c9dc5;

export function rangeHashAdd(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

export function rangeHashEnd(h: number): number {
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

/**
 * A copy of a string that does not keep its source alive. A field cut from a megabyte of parsed text is, in
 * V8, a view into that text: kept in a dictionary it would pin every block of the file in memory.
 */
export function ownCopy(value: string): string {
  return value.length < 13 ? value : (` ${value}`).slice(1);
}
