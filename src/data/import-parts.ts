// A large file imported in parts by several workers at once (core/ingest/parts.ts): part 0 is read and
// staged by the import worker as usual, each later part by a part worker that stages its own chunks as it
// reads them, in that part's own dictionary codes (the import's remaps, written at the commit, move them to
// the dataset's codes when they are read: see ChunkRecord.part). Whatever the merge refuses (or any failure
// of a later part) is read again in one piece by the caller, after every part worker has stopped, so that
// the result and every message are those of one reading and nothing of the first try is left behind.
import { DICTIONARY_NAMES, type Dictionaries, type DictionaryName, type OrderLineColumns } from '../core/columns/table.ts';
import { packStrings, unpackStrings, type PackedStrings } from '../core/columns/packed-strings.ts';
import { LiveSummary, type PartLive } from '../core/columns/live-summary.ts';
import { ingestPart, PartFallback, type IngestOptions, type IngestProgress } from '../core/ingest/ingest.ts';
import { LineKeySet } from '../core/ingest/line-keys.ts';
import { afterLineBreak, laterPart, LINE_SEARCH_BYTES, mergeParts, partCuts, PARTS_MIN_BYTES, renumberRepeats, type LaterPart, type MergeOutcome } from '../core/ingest/parts.ts';
import { SAMPLE_CHARS } from '../core/ingest/text-source.ts';
import { isQuotaError, stageChunk, StorageFullError } from './orders.ts';
import type { LoyaltyDatabase } from './schema.ts';

/** The file's first bytes, from which every later part decides the layout (at least the 1M-character sample). */
export const PART_HEAD_BYTES = 4 << 20;
/** Part 0 is at least this long, so that it holds the whole sample from which every part takes the layout. */
const FIRST_PART_MIN_BYTES = 2 * SAMPLE_CHARS;
/** Chunk writes a part worker keeps in flight while it reads on. */
const WRITES_IN_FLIGHT = 3;
/** Later part k stages its chunks from seq k * PART_SEQ on, after part 0's (which start at 0). */
const PART_SEQ = 1_000_000;

/** A later part's options as they cross to a part worker (functions and sets stay behind). */
export type PartOptions = Omit<IngestOptions, 'onChunk' | 'onProgress' | 'isCancelled' | 'knownLineKeys' | 'pseudonymise'> & {
  knownLineKeys?: { table: Float64Array; size: number };
};

/** Where a part worker stages its chunks: the import being staged, and which later part it reads (1, 2, ...). */
export interface PartStage {
  importId: string;
  datasetId: string;
  part: number;
}

/** A later part's progress: the core's counts and its order lines per month so far (for the live chart). */
export type PartProgress = IngestProgress & { monthLines: [number, number][] };

/** What a part worker sends back: the part as the merge needs it, what it staged, or why it must be read with the rest. */
export type WirePart =
  | {
    ok: true;
    // New dictionary values packed: cloning a few long strings is far cheaper than half a million short ones.
    part: Omit<LaterPart, 'seenKeys' | 'added'> & { seenKeys: { table: Float64Array; size: number }; added: Record<DictionaryName, PackedStrings> };
    chunks: number; lines: number; live: PartLive;
  }
  | { ok: false; reason: string; storageFull?: boolean };

/**
 * Reads one later part (in a part worker): `file.slice(start, end)`, its layout taken from the file's head,
 * its chunks staged under `stage` as they come. Returns once every chunk is stored.
 */
export async function readLaterPart(db: LoyaltyDatabase, file: Blob, start: number, end: number, last: boolean, options: PartOptions,
  stage: PartStage, onProgress?: (p: PartProgress) => void, isCancelled?: () => boolean): Promise<WirePart> {
  const live = new LiveSummary(0, true);
  const writes: Promise<void>[] = [];
  let chunks = 0;
  let lines = 0;
  try {
    const result = await ingestPart(bytesOf(file.slice(start, end)), {
      ...options,
      knownLineKeys: options.knownLineKeys ? LineKeySet.fromTable(options.knownLineKeys) : undefined,
      head: bytesOf(file.slice(0, PART_HEAD_BYTES)),
      last,
      totalBytes: end - start,
      isCancelled,
      onProgress: onProgress && ((p) => onProgress({ ...p, monthLines: live.monthLines() })),
      onChunk: async (chunk: OrderLineColumns) => {
        live.add(chunk);
        lines += chunk.length;
        const write = stageChunk(db, stage.importId, stage.datasetId, stage.part * PART_SEQ + chunks++, chunk, stage.part);
        write.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
        writes.push(write);
        if (writes.length >= WRITES_IN_FLIGHT) await writes.shift();
      },
    });
    await Promise.all(writes);
    const { seenKeys, added, ...part } = laterPart(result, options.dictionaries);
    const packed = {} as Record<DictionaryName, PackedStrings>;
    for (const name of DICTIONARY_NAMES) packed[name] = packStrings(added[name]);
    return { ok: true, part: { ...part, seenKeys: seenKeys.toTable(), added: packed }, chunks, lines, live: live.part() };
  } catch (error) {
    await Promise.allSettled(writes);
    if (error instanceof StorageFullError || isQuotaError(error)) return { ok: false, reason: new StorageFullError().message, storageFull: true };
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The buffers of a part worker's answer, to transfer rather than copy. */
export function wirePartBuffers(wire: WirePart): ArrayBuffer[] {
  if (!wire.ok) return [];
  const { baseKeys, baseLows, seenKeys, added } = wire.part;
  return [seenKeys.table.buffer as ArrayBuffer, wire.live.firstMonths.buffer as ArrayBuffer,
    ...DICTIONARY_NAMES.map((name) => added[name].lengths.buffer as ArrayBuffer),
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

/** Reads a later part elsewhere (a part worker); `cancel` asks it to stop (its result still comes). */
export type PartReader = (file: Blob, start: number, end: number, last: boolean, options: PartOptions, stage: PartStage,
  onProgress: (p: PartProgress) => void) => { result: Promise<WirePart>; cancel(): void };

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

/** A later part once merged: what it staged, and its live summary with the merged customer codes. */
export interface StagedPart {
  chunks: number;
  lines: number;
  live: PartLive;
  toMerged: (customer: number) => number;
}

export type PartsOutcome = { ok: true; merged: Extract<MergeOutcome, { ok: true }>; later: StagedPart[] } | { ok: false; reason: string };

/** Progress of a file read in parts: the parts' counts summed, and the later parts' lines per month so far. */
export type PartsProgress = IngestProgress & { partMonthLines: [number, number][][] };

/**
 * Reads `file` in parts under the staged import `importId`: the later ones through `readPart`, part 0 here
 * through `options.onChunk` (which stages it). Returns the merged result, or why the file must be read in
 * one piece; either way every part worker has finished by then.
 */
export async function ingestInParts(db: LoyaltyDatabase, importId: string, datasetId: string, file: Blob, starts: number[], options: IngestOptions,
  readPart: PartReader, onProgress?: (p: PartsProgress) => void): Promise<PartsOutcome> {
  const { onChunk: _c, onProgress: _o, isCancelled: _i, knownLineKeys, pseudonymise: _p, ...plain } = options;
  if (knownLineKeys && !(knownLineKeys instanceof LineKeySet)) return { ok: false, reason: 'the stored keys cannot be sent to a part worker' };
  const wireOptions: PartOptions = { ...plain, knownLineKeys: knownLineKeys?.toTable() };
  const progress: (IngestProgress | undefined)[] = [];
  const monthLines: [number, number][][] = starts.map(() => []);
  const report = () => {
    if (!onProgress) return;
    const sum: PartsProgress = { bytes: 0, totalBytes: options.totalBytes ?? null, lines: 0, accepted: 0, rejected: 0, partMonthLines: monthLines };
    for (const p of progress) {
      if (!p) continue;
      sum.bytes += p.bytes;
      sum.lines += p.lines;
      sum.accepted += p.accepted;
      sum.rejected += p.rejected;
    }
    onProgress(sum);
  };
  const later = starts.map((start, k) => readPart(file, start, starts[k + 1] ?? file.size, k === starts.length - 1, wireOptions,
    { importId, datasetId, part: k + 1 }, (p) => {
      const { monthLines: lines, ...counts } = p;
      progress[k + 1] = counts;
      monthLines[k] = lines;
      report();
    }));
  const settled = async (reason: string): Promise<PartsOutcome> => {
    for (const l of later) l.cancel();
    await Promise.allSettled(later.map((l) => l.result));
    return { ok: false, reason };
  };
  // A later part that cannot be read apart (a file of slash dates whose day/month order the sample left
  // open fails on its first lines) stops part 0 at once, so that little is read twice.
  let refused: string | null = null;
  for (const l of later) {
    l.result.then((w) => {
      if (!w.ok) refused ??= w.reason;
    }, (error: unknown) => {
      refused ??= `a part worker failed (${String(error)})`;
    });
  }

  let first;
  try {
    first = await ingestPart(bytesOf(file.slice(0, starts[0])), {
      ...options, totalBytes: starts[0],
      isCancelled: () => refused !== null || (options.isCancelled?.() ?? false),
      onProgress: (p) => {
        progress[0] = p;
        report();
      },
    });
  } catch (error) {
    const outcome = await settled(refused ?? (error instanceof Error ? error.message : String(error)));
    if (error instanceof PartFallback || (refused !== null && !options.isCancelled?.())) return outcome;
    throw error;
  }
  const wires: WirePart[] = [];
  for (const result of await Promise.allSettled(later.map((l) => l.result))) {
    wires.push(result.status === 'fulfilled' ? result.value : { ok: false, reason: `a part worker failed (${String(result.reason)})` });
  }
  const parts: LaterPart[] = [];
  for (const wire of wires) {
    if (!wire.ok) {
      if (wire.storageFull) throw new StorageFullError();
      return { ok: false, reason: wire.reason };
    }
    const added = {} as Dictionaries;
    for (const name of DICTIONARY_NAMES) added[name] = unpackStrings(wire.part.added[name]);
    parts.push({ ...wire.part, added, seenKeys: LineKeySet.fromTable(wire.part.seenKeys) });
  }
  const merged = mergeParts(first, parts, {
    start: options.dictionaries, maxRejectsListed: options.maxRejectsListed ?? 100_000, knownKeys: knownLineKeys !== undefined,
  });
  if (!merged.ok) return merged;
  // Lines that repeat lines of earlier parts are renumbered in the chunks already stored (rare: only those
  // chunks are written again).
  for (let k = 0; k < parts.length; k++) {
    if (merged.repeatsBefore[k].size === 0) continue;
    await db.transaction('rw', db.chunks, async () => {
      const stored = await db.chunks.where('importId').equals(importId).filter((c) => c.part === k + 1).sortBy('seq');
      const changed = renumberRepeats(stored, parts[k], merged.repeatsBefore[k], options.lineKeySalt ?? null);
      await db.chunks.bulkPut(changed.map((c) => stored[c]));
    });
  }
  return {
    ok: true, merged,
    later: wires.map((w, k) => {
      const { base, map } = merged.remaps[k].customer;
      if (!w.ok) throw new Error('unreachable');
      return { chunks: w.chunks, lines: w.lines, live: w.live, toMerged: (c: number) => (c < base ? c : map[c - base]) };
    }),
  };
}
