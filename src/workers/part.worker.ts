// A part worker: reads one line-aligned byte range of a large file for the import worker, which merges the
// parts (data/import-parts.ts). It stores nothing; its chunks travel back transferred, not copied.
import { expose, transfer } from 'comlink';
import { readLaterPart, wirePartBuffers, type PartOptions, type WirePart } from '../data/import-parts.ts';
import type { IngestProgress } from '../core/ingest/ingest.ts';

let cancelled = false;

const api = {
  async read(file: Blob, start: number, end: number, last: boolean, options: PartOptions, onProgress: (p: IngestProgress) => void): Promise<WirePart> {
    cancelled = false;
    const wire = await readLaterPart(file, start, end, last, { ...options }, (p) => void onProgress(p), () => cancelled);
    return transfer(wire, wirePartBuffers(wire));
  },
  /** Answers once the worker has loaded (the import worker wakes part workers early). */
  ready(): boolean {
    return true;
  },
  cancel(): void {
    cancelled = true;
  },
};

export type PartWorkerApi = typeof api;
expose(api);
