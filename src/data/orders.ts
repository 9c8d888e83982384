// The order-line store. An import writes its chunks under its own id with status 'staging'; readers only
// see chunks of committed imports, and the commit is one short transaction (dictionaries, import record,
// dataset totals). A closed tab, a quota error or a cancel therefore leaves the previous data exactly as it
// was; the leftover staged chunks are removed by `removeAbandonedImports` on the next start.
import { remapChunk, type PartRemap } from '../core/ingest/parts.ts';
import { packStrings, unpackStrings } from '../core/columns/packed-strings.ts';
import { concatColumns, DICTIONARY_NAMES, type Dictionaries, type DictionaryName, type OrderLineColumns, type OrderTable } from '../core/columns/table.ts';
import { deleteDatasetSettings } from './dataset-settings.ts';
import type { ChunkRecord, DatasetRecord, DictionaryRecord, ImportRecord, LoyaltyDatabase } from './schema.ts';

export const DEFAULT_DATASET = 'store';

export class StorageFullError extends Error {
  constructor() {
    super('The browser has no more storage for this site: nothing of this import was kept. Free space (Settings, or delete a dataset) and try again.');
    this.name = 'StorageFullError';
  }
}

/**
 * Quota errors arrive bare or wrapped (Dexie's AbortError with an inner QuotaExceededError), or as our own
 * StorageFullError, which another worker's chunk writer sends by name.
 */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const name = (e as { name?: string }).name;
    if (name === 'QuotaExceededError' || name === 'StorageFullError') return true;
    e = (e as { inner?: unknown; cause?: unknown }).inner ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

async function guardQuota<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError();
    throw error;
  }
}

export async function ensureDataset(db: LoyaltyDatabase, id = DEFAULT_DATASET, name = 'My store'): Promise<DatasetRecord> {
  return db.transaction('rw', db.datasets, async () => {
    const existing = await db.datasets.get(id);
    if (existing) return existing;
    const record: DatasetRecord = { id, name, createdAt: Date.now(), updatedAt: Date.now(), lines: 0 };
    await db.datasets.add(record);
    return record;
  });
}

/**
 * Dictionaries from this many values on are stored packed. Below it the per-string cost of cloning is
 * negligible (a fraction of a millisecond), and the currency and marketplace rows stay readable as they are.
 */
export const PACKED_DICTIONARY_MIN = 1024;

/** The stored form of a dictionary: packed when it is large (see DictionaryRecord). */
export function dictionaryRecord(datasetId: string, name: DictionaryName, values: readonly string[]): DictionaryRecord {
  return values.length >= PACKED_DICTIONARY_MIN ? { datasetId, name, packed: packStrings(values) } : { datasetId, name, values: [...values] };
}

/** A stored dictionary's values, whichever form it was written in. */
export function dictionaryValues(record: DictionaryRecord): string[] {
  return record.packed ? unpackStrings(record.packed) : record.values;
}

export async function loadDictionaries(db: LoyaltyDatabase, datasetId: string): Promise<Dictionaries> {
  const records = await db.dictionaries.where('datasetId').equals(datasetId).toArray();
  const out = { customer: [], order: [], sku: [], currency: [], marketplace: [] } as Dictionaries;
  for (const r of records) out[r.name] = dictionaryValues(r);
  return out;
}

export async function beginImport(db: LoyaltyDatabase, datasetId: string, fileName: string, bytes: number): Promise<string> {
  await ensureDataset(db, datasetId);
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const record: ImportRecord = {
    id, datasetId, status: 'staging', fileName, bytes, startedAt: Date.now(), committedAt: null, chunks: 0, lines: 0, report: null,
  };
  await guardQuota(() => db.imports.add(record));
  return id;
}

export async function stageChunk(db: LoyaltyDatabase, importId: string, datasetId: string, seq: number, columns: OrderLineColumns,
  /** The later part whose own codes the chunk holds (see ChunkRecord.part). */
  part?: number): Promise<void> {
  await putChunk(db, chunkRecord(importId, datasetId, seq, columns, part));
}

export function chunkRecord(importId: string, datasetId: string, seq: number, columns: OrderLineColumns, part?: number): ChunkRecord {
  return part === undefined ? { ...columns, importId, datasetId, seq } : { ...columns, importId, datasetId, seq, part };
}

/** Writes a staged chunk; a full disk throws StorageFullError (whose name survives a worker's message). */
export async function putChunk(db: LoyaltyDatabase, record: ChunkRecord): Promise<void> {
  await guardQuota(() => db.chunks.put(record));
}

/** The buffers of a chunk's columns, to move it to another worker without a copy. */
export function chunkBuffers(record: ChunkRecord): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(record)) if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
  return [...buffers];
}

/** Makes a staged import visible, with the dataset's grown dictionaries, in one transaction. */
export async function commitImport(db: LoyaltyDatabase, importId: string, dictionaries: Dictionaries, report: unknown,
  /** What the caller staged; without it the staged chunks are read back and counted. */
  staged?: { chunks: number; lines: number; parts?: number; remaps?: PartRemap[] }): Promise<void> {
  // Packed before the transaction opens, so that it stays as short as its writes (the dataset is the staged
  // import's, filled in below).
  const stored = DICTIONARY_NAMES.map((name) => dictionaryRecord('', name, dictionaries[name]));
  await guardQuota(() =>
    db.transaction('rw', [db.imports, db.chunks, db.dictionaries, db.datasets], async () => {
      const record = await db.imports.get(importId);
      if (!record || record.status !== 'staging') throw new Error(`import ${importId} is not staged`);
      let chunks = 0;
      let lines = 0;
      if (staged) {
        // Counting the keys is cheap; reading 50,000-line chunks back only to count them is not.
        chunks = await db.chunks.where('importId').equals(importId).count();
        if (chunks !== staged.chunks) throw new Error(`import ${importId}: ${chunks} chunks stored, ${staged.chunks} staged`);
        lines = staged.lines;
      } else {
        await db.chunks.where('importId').equals(importId).each((c) => {
          chunks++;
          lines += c.length;
        });
      }
      await db.dictionaries.bulkPut(stored.map((row) => ({ ...row, datasetId: record.datasetId })));
      await db.imports.update(importId, {
        status: 'committed', committedAt: Date.now(), chunks, lines, report, parts: staged?.parts ?? 1, ...(staged?.remaps ? { remaps: staged.remaps } : {}),
      });
      const dataset = await db.datasets.get(record.datasetId);
      if (dataset) await db.datasets.update(record.datasetId, { lines: dataset.lines + lines, updatedAt: Date.now() });
    }),
  );
}

/** Removes a staged import's chunks (a cancel, a failure, or a tab closed mid-import found later). */
export async function discardImport(db: LoyaltyDatabase, importId: string): Promise<void> {
  await db.transaction('rw', [db.imports, db.chunks], async () => {
    const record = await db.imports.get(importId);
    if (record && record.status !== 'staging') return;
    await db.chunks.where('importId').equals(importId).delete();
    await db.imports.delete(importId);
  });
}

export async function removeAbandonedImports(db: LoyaltyDatabase): Promise<number> {
  const staged = await db.imports.where('status').equals('staging').primaryKeys();
  for (const id of staged) await discardImport(db, id);
  return staged.length;
}

/** The dataset's committed order lines as one table (whole columns, as the analytics read them). */
export async function loadOrderTable(db: LoyaltyDatabase, datasetId: string): Promise<OrderTable & { imports: ImportRecord[] }> {
  return db.transaction('r', [db.imports, db.chunks, db.dictionaries], async () => {
    const imports = (await db.imports.where('datasetId').equals(datasetId).toArray())
      .filter((i) => i.status === 'committed')
      .sort((a, b) => (a.committedAt ?? 0) - (b.committedAt ?? 0));
    const chunks: OrderLineColumns[] = [];
    for (const imp of imports) {
      const records = await db.chunks.where('importId').equals(imp.id).sortBy('seq');
      for (const r of records) if (r.part !== undefined) remapChunk(r, imp.remaps![r.part - 1]);
      chunks.push(...records);
    }
    const dictionaries = await loadDictionaries(db, datasetId);
    return { columns: concatColumns(chunks), dictionaries, imports };
  });
}

/** Removes the dataset and everything it owns (imports, chunks, dictionaries, its settings) in one transaction. */
export async function deleteDataset(db: LoyaltyDatabase, datasetId: string): Promise<void> {
  await db.transaction('rw', [db.datasets, db.imports, db.chunks, db.dictionaries, db.datasetSettings], async () => {
    await db.chunks.where('datasetId').equals(datasetId).delete();
    await db.imports.where('datasetId').equals(datasetId).delete();
    await db.dictionaries.where('datasetId').equals(datasetId).delete();
    await deleteDatasetSettings(db, datasetId);
    await db.datasets.delete(datasetId);
  });
}
