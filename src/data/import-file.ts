// One file into the store: stream, parse (core/ingest), stage chunk by chunk, commit at the end. The import
// worker is a thin shell over this function, which Node tests drive with fake-indexeddb and real files.
// Around the core it adds what needs the store: lines already stored are skipped (nothing twice), column
// mappings are saved per header and found again, a pseudonymised import gets its dataset's salt, and a
// per-customer summary file is kept beside the orders for the lifetime-value models.
import { IngestCancelled, ingestAny, type ImportResult, type IngestOptions, type IngestProgress, type IngestReport } from '../core/ingest/ingest.ts';
import type { OrderLineColumns } from '../core/columns/table.ts';
import type { PartRemap } from '../core/ingest/parts.ts';
import { bytesOf, ingestInParts, partStarts, type PartReader } from './import-parts.ts';
import { AmbiguousDateOrderError, IngestError, type RejectedLine } from '../core/ingest/errors.ts';
import { previewFile, type FilePreview } from '../core/ingest/preview.ts';
import type { ColumnMapping, FormatId } from '../core/ingest/formats.ts';
import type { DateOrder } from '../core/ingest/date-text.ts';
import { LineKeySet } from '../core/ingest/line-keys.ts';
import { saltedSha256, type Pseudonymiser } from '../core/ingest/identity.ts';
import type { CustomerSummaryTable } from '../core/ingest/summary.ts';
import { getDatasetSetting, putDatasetSetting } from './dataset-settings.ts';
import { beginImport, chunkRecord, commitImport, discardImport, ensureDataset, isQuotaError, loadDictionaries, putChunk, StorageFullError } from './orders.ts';
import { touchDataset } from './import-costs.ts';
import type { ChunkRecord, LoyaltyDatabase } from './schema.ts';
import { LiveSummary, type LiveImportView } from '../core/columns/live-summary.ts';

export interface ImportRequest {
  datasetId: string;
  /** The marketplace of lines whose file names none; empty: named after the export (see defaultMarketplace). */
  marketplace?: string;
  currency?: string;
  /** Columns chosen on the mapping screen (saved under `mapping:<mappingKey>` once the import is done). */
  mapping?: Partial<ColumnMapping>;
  /** The user's answer to the day/month question. */
  dateOrder?: DateOrder;
}

type Report = Omit<IngestReport, 'rejects'>;

export type ImportOutcome =
  | {
    state: 'done'; importId: string; report: Report; rejects: RejectedLine[]; ms: number;
    /** Lines skipped because the dataset holds them already (counted in report.rejected as duplicate-line). */
    duplicates: number;
    /** Where the column mapping came from: chosen now (and saved), saved earlier for this header, or none. */
    mapping: 'chosen' | 'saved' | null;
    /** How many workers read the file (1: in one piece), and why not in parts when that was tried. */
    parts: number;
    partsRefused?: string;
  }
  | { state: 'summary'; report: Report; rejects: RejectedLine[]; ms: number; customers: number }
  | { state: 'needs-mapping'; file: string; message: string; preview: FilePreview }
  | { state: 'needs-date-order'; file: string; message: string; examples: { line: number; text: string }[] }
  | { state: 'error'; message: string; file: string; line: number | null; column: number | null }
  | { state: 'cancelled'; message: string };

/** What is stored under `summary:<datasetId>`: the models' input, not order lines. */
export interface StoredSummary {
  file: string;
  importedAt: number;
  report: Report;
  table: CustomerSummaryTable;
}

/** Rejected lines listed back to the page (all are counted in the report). */
export const REJECTS_LISTED = 10_000;
/** The head of a file read for its preview (the core decides the layout from its first megabyte). */
export const PREVIEW_BYTES = 1 << 20;
/** Cells of the preview are cut to this many characters (a 1 MB field is shown as its start). */
const PREVIEW_CELL_CHARS = 120;

/** Chunk writes allowed in flight while parsing goes on (each holds one 50,000-line chunk in memory). */
const MAX_WRITES_IN_FLIGHT = 3;

/** Progress of an import as the page receives it: the core's counts and what has been read so far. */
export type ImportProgress = IngestProgress & { live?: LiveImportView };

export const PSEUDONYMISE_KEY = 'pseudonymise';
const MAPPING_PREFIX = 'mapping:';

/** The marketplace of lines whose file does not name one: the export's own name. */
export function defaultMarketplace(format: FormatId | null): string {
  switch (format) {
    case 'amazon': return 'Amazon';
    case 'shopify': return 'Shopify';
    case 'woocommerce': return 'WooCommerce';
    case 'online-retail': return 'Online Retail';
    case 'cdnow': return 'CDNOW';
    default: return 'Store';
  }
}

export async function loadSavedMappings(db: LoyaltyDatabase): Promise<Record<string, ColumnMapping>> {
  const out: Record<string, ColumnMapping> = {};
  for (const r of await db.settings.where('key').startsWith(MAPPING_PREFIX).toArray()) {
    out[r.key.slice(MAPPING_PREFIX.length)] = r.value as ColumnMapping;
  }
  return out;
}

export async function saveMapping(db: LoyaltyDatabase, key: string, mapping: Partial<ColumnMapping>): Promise<void> {
  await db.settings.put({ key: `${MAPPING_PREFIX}${key}`, value: { ...mapping } });
}

export async function pseudonymiseSetting(db: LoyaltyDatabase): Promise<boolean> {
  return (await db.settings.get(PSEUDONYMISE_KEY))?.value === true;
}

export async function setPseudonymiseSetting(db: LoyaltyDatabase, on: boolean): Promise<void> {
  await db.settings.put({ key: PSEUDONYMISE_KEY, value: on });
}

/** The dataset's salt (made once, 128 random bits): the same customer gets the same pseudonym in every file. */
export async function datasetSalt(db: LoyaltyDatabase, datasetId: string): Promise<string> {
  return db.transaction('rw', db.datasetSettings, async () => {
    const existing = await getDatasetSetting(db, datasetId, 'salt');
    if (typeof existing === 'string') return existing;
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    const salt = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    await putDatasetSetting(db, datasetId, 'salt', salt);
    return salt;
  });
}

async function pseudonymiserFor(db: LoyaltyDatabase, datasetId: string): Promise<{ pseudonymise: Pseudonymiser; lineKeySalt: string } | undefined> {
  if (!(await pseudonymiseSetting(db))) return undefined;
  const salt = await datasetSalt(db, datasetId);
  return { pseudonymise: saltedSha256(salt, (data) => crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>)), lineKeySalt: salt };
}

/** Line keys of the dataset's committed order lines, or null when it has none. */
export async function committedLineKeys(db: LoyaltyDatabase, datasetId: string): Promise<LineKeySet | null> {
  const dataset = await db.datasets.get(datasetId);
  if (!dataset || dataset.lines === 0) return null;
  const committed = new Set(
    (await db.imports.where('datasetId').equals(datasetId).toArray()).filter((i) => i.status === 'committed').map((i) => i.id),
  );
  const keys = new LineKeySet(dataset.lines);
  await db.chunks.where('datasetId').equals(datasetId).each((chunk) => {
    if (!committed.has(chunk.importId)) return;
    for (let i = 0; i < chunk.length; i++) keys.add(chunk.lineKey[i]);
  });
  return keys;
}

/** The file's first megabyte as the mapping screen shows it (cells cut to a readable length). */
export async function previewOf(file: Blob & { name: string }, options: { mapping?: Partial<ColumnMapping>; savedMappings?: Record<string, ColumnMapping>; dateOrder?: DateOrder } = {}): Promise<FilePreview> {
  const head = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
  const preview = previewFile(head, { ...options, complete: file.size <= PREVIEW_BYTES, fileName: file.name });
  const cut = (text: string) => (text.length > PREVIEW_CELL_CHARS ? `${text.slice(0, PREVIEW_CELL_CHARS)}…` : text);
  return { ...preview, header: preview.header.map(cut), rows: preview.rows.map((row) => row.map(cut)) };
}

function needsMapping(code: string | null): boolean {
  return code === 'unknown-format' || code === 'missing-columns';
}

export async function importFile(
  db: LoyaltyDatabase,
  file: Blob & { name: string },
  request: ImportRequest,
  hooks: {
    onProgress?: (p: ImportProgress) => void; isCancelled?: () => boolean;
    /** Reads later parts of a large file in other workers (see import-parts.ts); without it, one piece. */
    readPart?: PartReader;
    /** Parts to read a large file in (part 0 here, the rest through readPart). */
    parts?: number;
    /** Files from this size on are read in parts (default PARTS_MIN_BYTES; smaller in tests). */
    partsMinBytes?: number;
    /**
     * Writes a staged chunk (default: here). Writing one clones its columns for IndexedDB, about 15 ms for
     * 50,000 lines on the calling thread; a writer in another worker takes that off the parsing thread.
     * The chunk is the writer's once given (its buffers may move).
     */
    writeChunk?: (record: ChunkRecord) => Promise<void>;
  } = {},
): Promise<ImportOutcome> {
  const started = performance.now();
  let importId: string | null = null;
  // Chunks are written while the next ones are parsed: a few writes in flight, never an unbounded queue.
  let writes: Promise<void>[] = [];
  const writeChunk = hooks.writeChunk ?? ((record: ChunkRecord) => putChunk(db, record));
  try {
    const savedMappings = await loadSavedMappings(db);
    const options = { mapping: request.mapping, savedMappings, dateOrder: request.dateOrder };
    // The head decides the default marketplace and whether the mapping screen is needed. A head that
    // cannot be read at all is left to the import below, which says why with the file's line and column.
    let preview: FilePreview | null = null;
    try {
      preview = await previewOf(file, options);
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
    }
    if (preview && needsMapping(preview.problemCode)) {
      return { state: 'needs-mapping', file: file.name, message: `${file.name}: ${preview.problem}`, preview };
    }
    const marketplace = request.marketplace?.trim() || defaultMarketplace(preview?.format ?? null);
    await ensureDataset(db, request.datasetId);
    const knownLineKeys = (await committedLineKeys(db, request.datasetId)) ?? undefined;
    const pseudonymous = await pseudonymiserFor(db, request.datasetId);
    // A plain import into a dataset that was pseudonymised before recognises the lines stored then.
    const earlierSalt = pseudonymous || !knownLineKeys ? undefined : await getDatasetSetting(db, request.datasetId, 'salt');
    importId = await beginImport(db, request.datasetId, file.name, file.size);
    const dictionaries = await loadDictionaries(db, request.datasetId);
    let live = new LiveSummary(dictionaries.customer.length);
    let seq = 0;
    let stagedLines = 0;
    const stage = async (chunk: OrderLineColumns) => {
      if (hooks.isCancelled?.()) throw new IngestCancelled();
      live.add(chunk);
      stagedLines += chunk.length;
      const write = writeChunk(chunkRecord(importId!, request.datasetId, seq++, chunk));
      write.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
      writes.push(write);
      if (writes.length >= MAX_WRITES_IN_FLIGHT) await writes.shift();
    };
    const ingestOptions: IngestOptions = {
      ...options,
      fileName: file.name,
      totalBytes: file.size,
      marketplace,
      currency: request.currency,
      dictionaries,
      knownLineKeys,
      pseudonymise: pseudonymous?.pseudonymise,
      lineKeySalt: pseudonymous?.lineKeySalt,
      otherLineKeySalt: typeof earlierSalt === 'string' ? earlierSalt : undefined,
      maxRejectsListed: REJECTS_LISTED,
      isCancelled: hooks.isCancelled,
      onProgress: hooks.onProgress && ((p) => hooks.onProgress!({ ...p, live: live.view() })),
      onChunk: stage,
    };
    let result: ImportResult | null = null;
    let partsRead = 1;
    let partsRefused: string | undefined;
    let remaps: PartRemap[] | undefined;
    // A large file is read in parts by several workers when it can be; else, or when the parts cannot be
    // merged into what one reading gives, in one piece (what part 0 staged is dropped first).
    const starts = hooks.readPart && !pseudonymous ? await partStarts(file, hooks.parts ?? 2, hooks.partsMinBytes) : null;
    if (starts) {
      const parts = await ingestInParts(db, importId, request.datasetId, file, starts, ingestOptions, hooks.readPart!,
        hooks.onProgress && (({ partMonthLines, ...p }) => hooks.onProgress!({ ...p, live: live.view(partMonthLines) })));
      if (parts.ok) {
        await Promise.all(writes);
        for (const part of parts.later) {
          live.addPart(part.live, part.toMerged);
          seq += part.chunks;
          stagedLines += part.lines;
        }
        result = { kind: 'orders', report: parts.merged.report, dictionaries: parts.merged.dictionaries };
        partsRead = starts.length + 1;
        remaps = parts.merged.remaps;
      } else {
        partsRefused = parts.reason;
        await Promise.all(writes);
        await discardImport(db, importId);
        importId = await beginImport(db, request.datasetId, file.name, file.size);
        live = new LiveSummary(dictionaries.customer.length);
        seq = 0;
        stagedLines = 0;
        writes = [];
      }
    }
    result ??= await ingestAny(bytesOf(file), ingestOptions);
    const id = importId;
    await Promise.all(writes);
    if (hooks.isCancelled?.()) throw new IngestCancelled();
    const { rejects, ...report } = result.report;
    const ms = performance.now() - started;
    if (result.kind === 'summary') {
      await discardImport(db, id);
      importId = null;
      const stored: StoredSummary = { file: file.name, importedAt: Date.now(), report, table: result.summary };
      await db.transaction('rw', [db.datasetSettings, db.datasets], async () => {
        await putDatasetSetting(db, request.datasetId, 'summary', stored);
        await touchDataset(db, request.datasetId);
      });
      return { state: 'summary', report, rejects, ms, customers: result.summary.length };
    }
    await commitImport(db, id, result.dictionaries, report, { chunks: seq, lines: stagedLines, parts: partsRead, remaps });
    if (request.mapping) await saveMapping(db, report.mappingKey, request.mapping);
    const duplicates = report.rejectedByReason['duplicate-line'] ?? 0;
    return {
      state: 'done', importId: id, report, ms, duplicates,
      // Duplicates are counted, not listed: a re-imported file would otherwise fill the list.
      rejects: duplicates > 0 ? rejects.filter((r) => r.reason !== 'duplicate-line') : rejects,
      mapping: request.mapping ? 'chosen' : report.mapping ? 'saved' : null,
      parts: partsRead, partsRefused,
    };
  } catch (error) {
    // Writes still in flight land before the staged import is dropped (a writer in another worker has its
    // own connection, whose writes would otherwise come after the drop).
    await Promise.allSettled(writes);
    if (importId !== null) await discardImport(db, importId).catch(() => undefined); // removeAbandonedImports retries on the next start
    if (isQuotaError(error)) error = new StorageFullError();
    if (error instanceof IngestCancelled) return { state: 'cancelled', message: error.message };
    if (error instanceof AmbiguousDateOrderError) {
      return { state: 'needs-date-order', file: file.name, message: error.message, examples: [...error.examples] };
    }
    if (error instanceof IngestError && needsMapping(error.code)) {
      const preview = await previewOf(file, { mapping: request.mapping }).catch(() => null);
      if (preview) return { state: 'needs-mapping', file: file.name, message: error.message, preview };
    }
    if (error instanceof IngestError) return { state: 'error', message: error.message, file: error.file, line: error.line, column: error.column };
    if (error instanceof StorageFullError) return { state: 'error', message: `${file.name}: ${error.message}`, file: file.name, line: null, column: null };
    const reason = error instanceof Error ? error.message : String(error);
    return { state: 'error', message: `${file.name}: the import failed and nothing of it was kept (${reason}).`, file: file.name, line: null, column: null };
  }
}
