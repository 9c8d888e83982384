// One file into the store: stream, parse (core/ingest), stage chunk by chunk, commit at the end. The import
// worker is a thin shell over this function, which Node tests drive with fake-indexeddb and real files.
import { IngestCancelled, ingest, type IngestProgress, type IngestReport } from '../core/ingest/ingest.ts';
import { IngestError, type RejectedLine } from '../core/ingest/errors.ts';
import { beginImport, commitImport, discardImport, isQuotaError, loadDictionaries, stageChunk, StorageFullError } from './orders.ts';
import type { LoyaltyDatabase } from './schema.ts';

export interface ImportRequest {
  datasetId: string;
  marketplace?: string;
  currency?: string;
}

export type ImportOutcome =
  | { state: 'done'; importId: string; report: Omit<IngestReport, 'rejects'>; rejects: RejectedLine[]; ms: number }
  | { state: 'error'; message: string; file: string; line: number | null; column: number | null }
  | { state: 'cancelled'; message: string };

/** Rejected lines listed back to the page (all are counted in the report). */
export const REJECTS_LISTED = 1000;

async function* bytesOf(blob: Blob): AsyncGenerator<Uint8Array> {
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

export async function importFile(
  db: LoyaltyDatabase,
  file: Blob & { name: string },
  request: ImportRequest,
  hooks: { onProgress?: (p: IngestProgress) => void; isCancelled?: () => boolean } = {},
): Promise<ImportOutcome> {
  const started = performance.now();
  let importId: string | null = null;
  try {
    importId = await beginImport(db, request.datasetId, file.name, file.size);
    const id = importId;
    const dictionaries = await loadDictionaries(db, request.datasetId);
    let seq = 0;
    const result = await ingest(bytesOf(file), {
      fileName: file.name,
      totalBytes: file.size,
      marketplace: request.marketplace,
      currency: request.currency,
      dictionaries,
      maxRejectsListed: REJECTS_LISTED,
      isCancelled: hooks.isCancelled,
      onProgress: hooks.onProgress,
      onChunk: async (chunk) => {
        if (hooks.isCancelled?.()) throw new IngestCancelled();
        await stageChunk(db, id, request.datasetId, seq++, chunk);
      },
    });
    if (hooks.isCancelled?.()) throw new IngestCancelled();
    const { rejects, ...report } = result.report;
    await commitImport(db, id, result.dictionaries, report);
    return { state: 'done', importId: id, report, rejects, ms: performance.now() - started };
  } catch (error) {
    if (importId !== null) await discardImport(db, importId).catch(() => undefined); // removeAbandonedImports retries on the next start
    if (isQuotaError(error)) error = new StorageFullError();
    if (error instanceof IngestCancelled) return { state: 'cancelled', message: error.message };
    if (error instanceof IngestError) return { state: 'error', message: error.message, file: error.file, line: error.line, column: error.column };
    if (error instanceof StorageFullError) return { state: 'error', message: `${file.name}: ${error.message}`, file: file.name, line: null, column: null };
    const reason = error instanceof Error ? error.message : String(error);
    return { state: 'error', message: `${file.name}: the import failed and nothing of it was kept (${reason}).`, file: file.name, line: null, column: null };
  }
}
