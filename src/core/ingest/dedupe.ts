// Nothing twice: an order line's key (lineKey, see formats.ts for what identifies a line in each export) is
// the same in every export that holds the line, so lines already stored are dropped by key.
import { allocateColumns, COLUMN_NAMES, type OrderLineColumns } from '../columns/table.ts';
import { LineKeySet } from './line-keys.ts';

export { LineKeySet } from './line-keys.ts';

export interface KnownLineKeys {
  has(key: number): boolean;
}

/**
 * The lines of `chunk` whose key is not in `known`, as a new chunk (the input is not changed; when nothing
 * is dropped the same chunk comes back), and how many were dropped.
 */
export function dropKnownLines(chunk: OrderLineColumns, known: KnownLineKeys): { chunk: OrderLineColumns; dropped: number } {
  const keep: number[] = [];
  for (let i = 0; i < chunk.length; i++) if (!known.has(chunk.lineKey[i])) keep.push(i);
  if (keep.length === chunk.length) return { chunk, dropped: 0 };
  const out = allocateColumns(keep.length);
  for (const name of COLUMN_NAMES) {
    const from = chunk[name];
    const to = out[name];
    for (let j = 0; j < keep.length; j++) to[j] = from[keep[j]];
  }
  out.length = keep.length;
  return { chunk: out, dropped: chunk.length - keep.length };
}

/** The keys of stored chunks, to pass as `knownLineKeys` to ingest or to dropKnownLines. */
export function lineKeysOf(chunks: Iterable<OrderLineColumns>): LineKeySet {
  const set = new LineKeySet();
  for (const chunk of chunks) for (let i = 0; i < chunk.length; i++) set.add(chunk.lineKey[i]);
  return set;
}
