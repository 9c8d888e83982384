// A long list of strings (a dataset's customer or order dictionary) as a few long strings plus one typed
// array of lengths. Structured cloning, as IndexedDB and postMessage do it, pays per string: in Chromium 156,
// writing import1M's two dictionaries (335k customers, 678k orders, 22M characters) in one transaction took
// 300 ms as a million strings and 220 ms packed, the packing included (medians of 15); reading them back 200
// against 145 ms, the unpacking included. Unpacking cuts each value out of its part with `slice`, which V8
// answers with a view into the part (a sliced string) instead of a copy.
//
// The values are concatenated in order and cut into parts of about PART_CHARS code units, always between
// two values, so that no string comes near V8's length limit, a value kept alone keeps at most its own part
// alive, and one value outside Latin-1 (an emoji in a name) makes only its own part two bytes per
// character, not the whole dictionary.

export interface PackedStrings {
  /** The values concatenated in order, cut between values into parts of at most `PART_CHARS` (unless one value is longer). */
  parts: string[];
  /** The length of each value in UTF-16 code units. */
  lengths: Uint32Array;
}

export const PART_CHARS = 1 << 20;

export function packStrings(values: readonly string[], partChars = PART_CHARS): PackedStrings {
  const lengths = new Uint32Array(values.length);
  const parts: string[] = [];
  let start = 0;
  let chars = 0;
  for (let i = 0; i < values.length; i++) {
    const n = values[i].length;
    // Only a non-empty value opens a new part, so that unpacking can tell where a part ends from the
    // lengths alone (an empty value belongs equally to the end of one part and the start of the next).
    if (n > 0 && chars > 0 && chars + n > partChars) {
      parts.push(values.slice(start, i).join(''));
      start = i;
      chars = 0;
    }
    lengths[i] = n;
    chars += n;
  }
  // join() rather than +=: as fast in Chromium once += has flattened its links (about 35 ms for a million
  // order ids, either way), and twice as fast in Node 20.
  parts.push(start === 0 ? values.join('') : values.slice(start).join(''));
  return { parts, lengths };
}

/** The values `packStrings` was given; throws when the parts and lengths do not agree. */
export function unpackStrings(packed: PackedStrings): string[] {
  const { parts, lengths } = packed;
  const values = new Array<string>(lengths.length);
  let p = 0;
  let text = parts.length > 0 ? parts[0] : '';
  let at = 0;
  for (let i = 0; i < lengths.length; i++) {
    let end = at + lengths[i];
    if (end > text.length) {
      // A value that does not fit in the rest of the part starts the next one.
      if (at !== text.length || p + 1 >= parts.length) throw new Error(damaged(i));
      text = parts[++p];
      at = 0;
      end = lengths[i];
      if (end > text.length) throw new Error(damaged(i));
    }
    values[i] = text.slice(at, end);
    at = end;
  }
  if (at !== text.length || p < parts.length - 1) throw new Error(damaged(lengths.length));
  return values;
}

/** Whether a value read from outside (a backup file) has the shape of packed strings whose lengths add up. */
export function isPackedStrings(value: unknown): value is PackedStrings {
  if (!value || typeof value !== 'object') return false;
  const { parts, lengths } = value as Partial<PackedStrings>;
  if (!(lengths instanceof Uint32Array) || !Array.isArray(parts) || !parts.every((p) => typeof p === 'string')) return false;
  let chars = 0;
  for (const part of parts) chars += part.length;
  let total = 0;
  for (let i = 0; i < lengths.length; i++) total += lengths[i];
  return total === chars;
}

const damaged = (index: number) => `packed strings are damaged: the lengths do not match the text at value ${index}`;
