// A large file read in parts, by several workers at once (PRODUCT, "Performance"): the file is cut on line
// boundaries, part 0 is read as usual and every later part on its own (ingestPart), and the parts are then
// merged into exactly what one reader would have given: the same stored lines, codes, dictionaries, line
// keys and report (a property test holds the two together). Where a part cannot be read apart from the
// lines before it, the merge says so and the caller reads the whole file in one piece instead:
//   - a part ends inside a quoted field (the cut fell in the middle of a record);
//   - the encoding was settled differently, or on too few bytes, in a part than in one reading;
//   - a line of a later part repeats a line of an earlier one while the dataset already holds lines (such a
//     line's key depends on the count before it: without stored keys it is renumbered, see adoptChunk);
//   - a later part met a date that settles or awaits the day/month order (ingestPart throws PartFallback),
//     or part 0 settled it after the sample (the later parts read as if it were still open).
import { DICTIONARY_NAMES, type Dictionaries, type DictionaryName, type OrderLineColumns } from '../columns/table.ts';
import type { IngestReport, PartResult } from './ingest.ts';
import { repeatKeyAfter, saltedKey } from './line-keys.ts';
import type { RejectReason } from './errors.ts';

/** Files under this size are read in one piece: starting workers would cost more than it saves. */
export const PARTS_MIN_BYTES = 16 << 20;

/**
 * How many parts a large file is read in on a machine with `cores` cores: one per two cores, up to four. The
 * page, IndexedDB's own threads and the chunk writes need the rest (on the 2-core benchmark machine two parts
 * were no faster than one, the cores being busy already).
 */
export function partsForCores(cores: number): number {
  return Math.max(1, Math.min(4, Math.floor(cores / 2)));
}
/** Bytes searched after a cut for the line break that starts the next part. */
export const LINE_SEARCH_BYTES = 1 << 20;

/**
 * Part 0's share of the bytes against a later part's. Part 0 also stages its chunks and keeps the live
 * summary while the later parts only read, so it reads a little less (measured on the 1M-line benchmark
 * file in Chromium: part 0 read about 25 MB/s, a later part 30 MB/s).
 */
export const FIRST_PART_WEIGHT = 0.9;

/** Where to look for part starts: `parts - 1` byte offsets, part 0 FIRST_PART_WEIGHT times a later part. */
export function partCuts(size: number, parts: number): number[] {
  const unit = size / (FIRST_PART_WEIGHT + parts - 1);
  const cuts: number[] = [];
  for (let k = 1; k < parts; k++) cuts.push(Math.floor(unit * (FIRST_PART_WEIGHT + k - 1)));
  return cuts;
}

/** The offset just after the first line break (byte `newline`) in `bytes`, or -1 when there is none. */
export function afterLineBreak(bytes: Uint8Array, newline: number): number {
  const i = bytes.indexOf(newline);
  return i < 0 ? -1 : i + 1;
}

/** How the codes of a later part map to the merged dictionaries: codes from `base` on move to `map`. */
export type PartRemap = Record<DictionaryName, { base: number; map: Int32Array }>;

/** A later part as the merge needs it (and as a part worker sends it): what it added to the dictionaries. */
export type LaterPart = Omit<PartResult, 'coders'> & { added: Dictionaries };

/** A later part read in this thread, in the form a part worker sends. */
export function laterPart(part: PartResult, start: Partial<Dictionaries> | undefined): LaterPart {
  const { coders, ...rest } = part;
  const added = {} as Dictionaries;
  for (const name of DICTIONARY_NAMES) added[name] = coders[name].values.slice(start?.[name]?.length ?? 0);
  return { ...rest, added };
}

/** Keys of a later part's lines that repeat lines of earlier parts, with how many times they came before. */
export type RepeatsBefore = Map<number, number>;

export type MergeOutcome =
  | { ok: true; report: IngestReport; dictionaries: Dictionaries; remaps: PartRemap[]; repeatsBefore: RepeatsBefore[] }
  | { ok: false; reason: string };

export interface MergeOptions {
  /** The dictionaries every part started from (the dataset's). */
  start?: Partial<Dictionaries>;
  maxRejectsListed: number;
  /** The parts checked their lines against stored keys (a re-import). */
  knownKeys: boolean;
}

/**
 * Merges part 0 (read in this thread: its dictionaries are still open for coding) with the later parts, in
 * file order. The later parts' chunks are then moved to the merged codes with remapChunk.
 */
export function mergeParts(first: PartResult, later: readonly LaterPart[], options: MergeOptions): MergeOutcome {
  const { start, maxRejectsListed } = options;
  const parts: Omit<LaterPart, 'added'>[] = [first, ...later];
  for (let k = 0; k < parts.length - 1; k++) {
    if (!parts[k].clean) return { ok: false, reason: `part ${k + 1} ends inside a quoted field` };
  }
  // The encoding one reading settles: at the first part that met a non-ASCII byte.
  const deciding = parts.findIndex((p) => p.decision !== 'none');
  if (deciding >= 0) {
    const settled = parts[deciding];
    if (settled.decision === 'short' && deciding < parts.length - 1) return { ok: false, reason: 'the encoding was settled on too few bytes' };
    for (let k = deciding + 1; k < parts.length; k++) {
      if (parts[k].decision !== 'none' && parts[k].report.encoding !== settled.report.encoding) {
        return { ok: false, reason: 'the parts read as different encodings' };
      }
    }
  }
  // A later part reads as the sample left the day/month order; part 0 may have settled it since.
  if (later.some((p) => p.report.dateOrder !== first.report.dateOrder)) return { ok: false, reason: 'an earlier part settled the day/month order' };
  const repeatsBefore: RepeatsBefore[] = [];
  for (let k = 1; k < parts.length; k++) {
    const before: RepeatsBefore = new Map();
    parts[k].seenKeys.forEach((key) => {
      let count = 0;
      for (let j = 0; j < k; j++) if (parts[j].seenKeys.has(key)) count += 1 + (parts[j].repeats.get(key) ?? 0);
      if (count > 0) before.set(key, count);
    });
    // Against stored keys the part may have let a renumbered line through, or refused one: read in one piece.
    if (before.size > 0 && options.knownKeys) return { ok: false, reason: 'a line repeats a line of an earlier part' };
    repeatsBefore.push(before);
  }

  const remaps: PartRemap[] = later.map((part) => {
    const remap = {} as PartRemap;
    for (const name of DICTIONARY_NAMES) {
      const base = start?.[name]?.length ?? 0;
      const values = part.added[name];
      const coder = first.coders[name];      remap[name] = { base, map: coder.codeAll(values) };
    }
    return remap;
  });

  const report: IngestReport = { ...first.report, rejectedByReason: { ...first.report.rejectedByReason } };
  report.rejects = first.report.rejects.slice(0, maxRejectsListed);
  report.currencies = [...first.report.currencies];
  report.marketplaces = [...first.report.marketplaces];
  if (deciding >= 0) report.encoding = parts[deciding].report.encoding;
  let offset = first.lines;
  for (const part of later) {
    const r = part.report;
    report.rows += r.rows;
    report.accepted += r.accepted;
    report.returns += r.returns;
    report.cancelled += r.cancelled;
    report.rejected += r.rejected;
    report.blankLines += r.blankLines;
    report.refunds += r.refunds;
    report.storedLines += r.storedLines;
    report.replacedCharacters += r.replacedCharacters;
    for (const [reason, n] of Object.entries(r.rejectedByReason) as [RejectReason, number][]) {
      report.rejectedByReason[reason] = (report.rejectedByReason[reason] ?? 0) + n;
    }
    for (const reject of r.rejects) {
      if (report.rejects.length >= maxRejectsListed) break;
      report.rejects.push({ ...reject, line: reject.line + offset });
    }
    for (const c of r.currencies) if (!report.currencies.includes(c)) report.currencies.push(c);
    for (const m of r.marketplaces) if (!report.marketplaces.includes(m)) report.marketplaces.push(m);
    if (r.firstDay !== null && (report.firstDay === null || r.firstDay < report.firstDay)) report.firstDay = r.firstDay;
    if (r.lastDay !== null && (report.lastDay === null || r.lastDay > report.lastDay)) report.lastDay = r.lastDay;
    offset += part.lines;
  }
  const dictionaries = {} as Dictionaries;
  for (const name of DICTIONARY_NAMES) dictionaries[name] = first.coders[name].values;
  return { ok: true, report, dictionaries, remaps, repeatsBefore };
}

/**
 * Renumbers, in place, the lines of a later part that repeat lines of earlier parts, as one reading numbers
 * them (the n-th time a line is seen gets the n-th repeat's key). `chunks` are all the part's chunks, in
 * order; returns the indexes of the chunks it changed.
 */
export function renumberRepeats(chunks: readonly Pick<OrderLineColumns, 'length' | 'lineKey'>[], part: Pick<LaterPart, 'baseKeys' | 'baseLows'>,
  repeatsBefore: RepeatsBefore, salt: string | null): number[] {
  const changed: number[] = [];
  if (repeatsBefore.size === 0) return changed;
  const keys = part.baseKeys!;
  const lows = part.baseLows!;
  const seenHere = new Map<number, number>();
  let line = 0;
  chunks.forEach((chunk, c) => {
    for (let i = 0; i < chunk.length; i++, line++) {
      const key = keys[line];
      const before = repeatsBefore.get(key);
      if (before === undefined) continue;
      const here = seenHere.get(key) ?? 0;
      seenHere.set(key, here + 1);
      const renumbered = repeatKeyAfter(key, lows[line], before + here);
      chunk.lineKey[i] = salt === null ? renumbered : saltedKey(salt, renumbered);
      if (changed[changed.length - 1] !== c) changed.push(c);
    }
  });
  return changed;
}

/** Moves a later part's chunk to the merged codes, in place (stored chunks are moved when read). */
export function remapChunk(chunk: OrderLineColumns, remap: PartRemap): void {
  for (const name of DICTIONARY_NAMES) {
    const column = chunk[name];
    const { base, map } = remap[name];
    if (map.length === 0) continue;
    for (let i = 0; i < chunk.length; i++) {
      const code = column[i];
      if (code >= base) column[i] = map[code - base];
    }
  }
}
