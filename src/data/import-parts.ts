// A large file imported in parts by several workers at once (core/ingest/parts.ts): part 0 is read and
// staged here as usual, the later parts are read by part workers, and their chunks are moved to the merged
// codes and staged after part 0's. Whatever the merge refuses (or any failure of a later part) is read
// again in one piece by the caller, so that the result and every message are those of one reading.
import { columnBuffers, type Dictionaries, type OrderLineColumns } from '../core/columns/table.ts';
import { ingestPart, PartFallback, type IngestOptions, type IngestProgress } from '../core/ingest/ingest.ts';
import { LineKeySet } from '../core/ingest/line-keys.ts';
import { SAMPLE_CHARS } from '../core/ingest/text-source.ts';
import { afterLineBreak, laterPart, LINE_SEARCH_BYTES, mergeParts, partCuts, PARTS_MIN_BYTES, adoptChunks, type LaterPart, type MergeOutcome } from '../core/ingest/parts.ts';

/** The file's first bytes, from which every later part decides the layout (at least the 1M-character sample). */
export const PART_HEAD_BYTES = 4 << 20;

/** A later part's options as they cross to a part worker (functions and sets stay behind). */
export type PartOptions = Omit<IngestOptions, 'onChunk' | 'onProgress' | 'isCancelled' | 'knownLineKeys' | 'pseudonymise'> & {
  knownLineKeys?: { table: Float64Array; size: number };
};

/** What a part worker sends back: the part, or why it must be read with the rest. */
export type WirePart =
  | { ok: true; part: Omit<LaterPart, 'seenKeys'> & { seenKeys: { table: Float64Array; size: number } }; chunks: OrderLineColumns[] }
  | { ok: false; reason: string };

/** Reads one later part (in a part worker): `file.slice(start, end)`, its layout taken from the file's head. */
export async function readLaterPart(file: Blob, start: number, end: number, last: boolean, options: PartOptions,
  onProgress?: (p: IngestProgress) => void, isCancelled?: () => boolean): Promise<WirePart> {
  const chunks: OrderLineColumns[] = [];
  try {
    const result = await ingestPart(bytesOf(file.slice(start, end)), {
      ...options,
      knownLineKeys: options.knownLineKeys ? LineKeySet.fromTable(options.knownLineKeys) : undefined,
      head: bytesOf(file.slice(0, PART_HEAD_BYTES)),
      last,
      totalBytes: end - start,
      onChunk: (chunk) => void chunks.push(chunk),
      onProgress,
      isCancelled,
    });
    const { seenKeys, ...part } = laterPart(result, options.dictionaries);
    return { ok: true, part: { ...part, seenKeys: seenKeys.toTable() }, chunks };
  } catch (error) {
    if (error instanceof PartFallback) return { ok: false, reason: error.message };
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The buffers of a part worker's answer, to transfer rather than copy. */
export function wirePartBuffers(wire: WirePart): ArrayBuffer[] {
  if (!wire.ok) return [];
  const { baseKeys, baseLows, seenKeys } = wire.part;
  return [...wire.chunks.flatMap(columnBuffers), seenKeys.table.buffer as ArrayBuffer,
    ...(baseKeys ? [baseKeys.buffer as ArrayBuffer] : []), ...(baseLows ? [baseLows.buffer as ArrayBuffer] : [])];
}

export async function* bytesOf(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Reads a later part elsewhere (a part worker); `cancel` stops it. */
export type PartReader = (file: Blob, start: number, end: number, last: boolean, options: PartOptions,
  onProgress: (p: IngestProgress) => void) => { result: Promise<WirePart>; cancel(): void };

/** Part 0 is at least this long, so that it holds the whole sample from which every part takes the layout. */
const FIRST_PART_MIN_BYTES = 2 * SAMPLE_CHARS;

/** Where the later parts start (each just after a line feed), or null when the file is read in one piece. */
export async function partStarts(file: Blob, parts: number, minBytes = PARTS_MIN_BYTES): Promise<number[] | null> {
  if (parts < 2 || file.size < minBytes) return null;
  const starts: number[] = [];
  for (const cut of partCuts(file.size, parts)) {
    const from = Math.max(cut, FIRST_PART_MIN_BYTES, starts[starts.length - 1] ?? 0);
    const bytes = new Uint8Array(await file.slice(from, from + LINE_SEARCH_BYTES).arrayBuffer());
    const at = afterLineBreak(bytes, 10);
    if (at < 0 || from + at >= file.size) return null;
    starts.push(from + at);
  }
  return starts;
}

export type PartsOutcome = { ok: true; merged: Extract<MergeOutcome, { ok: true }>; laterChunks: OrderLineColumns[][] } | { ok: false; reason: string };

/**
 * Reads `file` in parts: the later ones through `readPart`, part 0 here through `options.onChunk` (which
 * stages it). Returns the merged result and the later parts' chunks, already moved to the merged codes,
 * or why the file must be read in one piece (the caller then discards what part 0 staged).
 */
export async function ingestInParts(file: Blob, starts: number[], options: IngestOptions, readPart: PartReader): Promise<PartsOutcome> {
  const { onChunk: _c, onProgress, isCancelled: _i, knownLineKeys, pseudonymise: _p, ...plain } = options;
  const wireOptions: PartOptions = { ...plain, knownLineKeys: knownLineKeys instanceof LineKeySet ? knownLineKeys.toTable() : undefined };
  if (knownLineKeys && !(knownLineKeys instanceof LineKeySet)) return { ok: false, reason: 'the stored keys cannot be sent to a part worker' };
  const progress: IngestProgress[] = [];
  const report = () => {
    if (!onProgress) return;
    const sum = { bytes: 0, totalBytes: options.totalBytes ?? null, lines: 0, accepted: 0, rejected: 0 };
    for (const p of progress) {
      if (!p) continue;
      sum.bytes += p.bytes;
      sum.lines += p.lines;
      sum.accepted += p.accepted;
      sum.rejected += p.rejected;
    }
    onProgress(sum);
  };
  const later = starts.map((start, k) => readPart(file, start, starts[k + 1] ?? file.size, k === starts.length - 1, wireOptions, (p) => {
    progress[k + 1] = p;
    report();
  }));
  const stopAll = () => later.forEach((l) => l.cancel());
  try {
    let first;
    try {
      first = await ingestPart(bytesOf(file.slice(0, starts[0])), {
        ...options, totalBytes: starts[0],
        onProgress: (p) => {
          progress[0] = p;
          report();
        },
      });
    } catch (error) {
      if (error instanceof PartFallback) return { ok: false, reason: error.message };
      throw error;
    }
    const wires = await Promise.all(later.map((l) => l.result));
    const parts: LaterPart[] = [];
    for (const wire of wires) {
      if (!wire.ok) return { ok: false, reason: wire.reason };
      parts.push({ ...wire.part, seenKeys: LineKeySet.fromTable(wire.part.seenKeys) });
    }
    const merged = mergeParts(first, parts, {
      start: options.dictionaries as Partial<Dictionaries> | undefined, maxRejectsListed: options.maxRejectsListed ?? 100_000, knownKeys: knownLineKeys !== undefined,
    });
    if (!merged.ok) return merged;
    const laterChunks = wires.map((w, k) => {
      const chunks = w.ok ? w.chunks : [];
      adoptChunks(chunks, parts[k], merged.remaps[k], merged.repeatsBefore[k], options.lineKeySalt ?? null);
      return chunks;
    });
    return { ok: true, merged, laterChunks };
  } finally {
    stopAll();
  }
}
