// Thin Comlink shell over data/import-file.ts. PapaParse runs here, inside our own module worker (its
// `worker: true` mode would build a blob: worker that the Content Security Policy forbids).
import { expose, proxy, transfer, wrap, type Remote } from 'comlink';
import type { PartReader } from '../data/import-parts.ts';
import { PARTS_MIN_BYTES, partsForCores } from '../core/ingest/parts.ts';
import type { PartWorkerApi } from './part.worker.ts';
import type { StageWorkerApi } from './stage.worker.ts';
import { importFile, pseudonymiseSetting, type ImportProgress, setPseudonymiseSetting, type ImportOutcome, type ImportRequest } from '../data/import-file.ts';
import { importCostTable, removeCostTable, type CostOutcome } from '../data/import-costs.ts';
import { createDataset, datasetImportStatus, type DatasetImportStatus } from '../data/import-status.ts';
import { BackupError, createBackup, deleteEverything, restoreBackup } from '../data/backup.ts';
import { chunkBuffers, deleteDataset, ensureDataset, removeAbandonedImports } from '../data/orders.ts';
import type { ChunkRecord } from '../data/schema.ts';
import { importSampleStore, SAMPLE_DATASET } from '../data/import-sample.ts';
import { openDatabase } from '../data/schema.ts';

const db = openDatabase();
let cancelRequested = false;
let running = false;

// A large file is read in parts (as many as partsForCores says): part 0 here, the others in part workers,
// made on the first large import and kept.
const partWorkers: Remote<PartWorkerApi>[] = [];

function partWorker(k: number): Remote<PartWorkerApi> {
  partWorkers[k] ??= wrap<PartWorkerApi>(new Worker(new URL('./part.worker.ts', import.meta.url), { type: 'module', name: `import part ${k + 2}` }));
  return partWorkers[k];
}

// With four cores or more, chunks are written by a worker of their own (made on the first import and kept),
// beside the parsing. On two cores that third busy thread cost the page: the benchmark saw frames of 60 to
// 90 ms in half its imports (the page waiting for a core), against one in eleven with the writes done here.
const WRITER_MIN_CORES = 4;
let stageWorker: Remote<StageWorkerApi> | null = null;

function chunkWriter(): Remote<StageWorkerApi> {
  stageWorker ??= wrap<StageWorkerApi>(new Worker(new URL('./stage.worker.ts', import.meta.url), { type: 'module', name: 'import chunk writer' }));
  return stageWorker;
}

function writeChunk(record: ChunkRecord): Promise<void> {
  return chunkWriter().write(transfer(record, chunkBuffers(record)));
}

function partReader(): PartReader {
  let next = 0;
  return (file, start, end, last, options, stage, onProgress) => {
    const worker = partWorker(next++);
    return { result: worker.read(file, start, end, last, options, stage, proxy(onProgress)), cancel: () => void worker.cancel() };
  };
}

const api = {
  /** `cores`: the page's navigator.hardwareConcurrency (which decides how many parts a large file is read in). */
  async importFiles(files: File[], request: ImportRequest, onProgress: (file: number, p: ImportProgress) => void,
    cores = globalThis.navigator?.hardwareConcurrency ?? 1): Promise<ImportOutcome[]> {
    const parts = partsForCores(cores);
    if (running) throw new Error('An import is already running.');
    running = true;
    cancelRequested = false;
    const outcomes: ImportOutcome[] = [];
    try {
      // Part workers wake while the first file's head is read, not when its parts are due.
      if (parts > 1 && files.some((f) => f.size >= PARTS_MIN_BYTES)) for (let k = 0; k < parts - 1; k++) void partWorker(k).ready();
      const writer = cores >= WRITER_MIN_CORES;
      if (writer) void chunkWriter().ready();
      await removeAbandonedImports(db);
      for (let i = 0; i < files.length; i++) {
        const outcome = await importFile(db, files[i], request, {
          onProgress: (p) => void onProgress(i, p),
          isCancelled: () => cancelRequested,
          readPart: parts > 1 ? partReader() : undefined,
          parts,
          writeChunk: writer ? writeChunk : undefined,
        });
        outcomes.push(outcome);
        // A file that needs an answer (its columns, its date order) stops the batch; the page asks and goes on.
        if (outcome.state === 'cancelled' || outcome.state === 'needs-mapping' || outcome.state === 'needs-date-order') break;
      }
      return outcomes;
    } finally {
      running = false;
    }
  },
  /** The seeded sample store, generated here into its own dataset (replacing an earlier copy). */
  async loadSample(onProgress: (fraction: number) => void): Promise<{ datasetId: string; lines: number }> {
    if (running) throw new Error('Wait for the running import to finish.');
    running = true;
    try {
      const { lines } = await importSampleStore(db, (p) => void onProgress(p.customers / p.totalCustomers));
      return { datasetId: SAMPLE_DATASET, lines };
    } finally {
      running = false;
    }
  },
  /** The CDNOW sample bundled with the app (public/data/cdnow-sample.txt), imported into its own dataset. */
  async loadCdnow(url: string, onProgress: (file: number, p: ImportProgress) => void): Promise<{ datasetId: string; outcome: ImportOutcome }> {
    if (running) throw new Error('Wait for the running import to finish.');
    running = true;
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`the bundled CDNOW file could not be read (${response.status})`);
      const file = Object.assign(await response.blob(), { name: 'CDNOW_sample.txt' });
      await deleteDataset(db, 'cdnow');
      await ensureDataset(db, 'cdnow', 'CDNOW sample (demo data)');
      const outcome = await importFile(db, file, { datasetId: 'cdnow' }, { onProgress: (p) => void onProgress(0, p) });
      return { datasetId: 'cdnow', outcome };
    } finally {
      running = false;
    }
  },
  async datasets(): Promise<{ id: string; name: string; lines: number }[]> {
    return (await db.datasets.toArray()).map(({ id, name, lines }) => ({ id, name, lines }));
  },
  /** What the import page shows about a dataset (files, identity, marketplaces, costs, summary file). */
  async datasetStatus(datasetId: string): Promise<DatasetImportStatus> {
    return datasetImportStatus(db, datasetId);
  },
  async createDataset(name: string): Promise<string> {
    return createDataset(db, name);
  },
  /** Whether imports store only salted hashes of the customer identities (settings key `pseudonymise`). */
  async pseudonymise(): Promise<boolean> {
    return pseudonymiseSetting(db);
  },
  async setPseudonymise(on: boolean): Promise<void> {
    await setPseudonymiseSetting(db, on);
  },
  async importCosts(file: File, datasetId: string, currency: string): Promise<CostOutcome> {
    if (running) return { state: 'error', message: 'Wait for the running import to finish.' };
    return importCostTable(db, datasetId, file, currency);
  },
  async removeCosts(datasetId: string): Promise<void> {
    await removeCostTable(db, datasetId);
  },
  cancel(): void {
    cancelRequested = true;
    for (const worker of partWorkers) void worker.cancel();
  },
  async backup(passphrase?: string): Promise<Blob> {
    return createBackup(db, passphrase || undefined);
  },
  /** Restores a backup; a refusal comes back as a message, with the stored data untouched. */
  async restore(file: File, passphrase?: string): Promise<{ ok: true; tables: Record<string, number> } | { ok: false; message: string }> {
    if (running) return { ok: false, message: 'Wait for the running import to finish before restoring.' };
    try {
      return { ok: true, tables: await restoreBackup(db, file, passphrase || undefined) };
    } catch (error) {
      if (error instanceof BackupError) return { ok: false, message: error.message };
      throw error;
    }
  },
  /** Removes one dataset and every row stored for it (orders, imports, dictionaries, its settings); the others stay. */
  async deleteDataset(datasetId: string): Promise<void> {
    if (running) throw new Error('Wait for the running import to finish before deleting.');
    await deleteDataset(db, datasetId);
  },
  async deleteEverything(): Promise<void> {
    if (running) throw new Error('Wait for the running import to finish before deleting.');
    await deleteEverything(db);
  },
};

export type ImportWorkerApi = typeof api;
expose(api);
