// A part worker: reads one line-aligned byte range of a large file for the import worker, which merges the
// parts (data/import-parts.ts). It stages its chunks itself, under the import being staged; what it sends
// back is small (its new dictionary values, its line keys, its live summary).
import { expose, transfer } from 'comlink';
import { readLaterPart, wirePartBuffers, type PartOptions, type PartProgress, type PartStage, type WirePart } from '../data/import-parts.ts';
import { openDatabase } from '../data/schema.ts';

const db = openDatabase();

let cancelled = false;

const api = {
  async read(file: Blob, start: number, end: number, last: boolean, options: PartOptions, stage: PartStage,
    onProgress: (p: PartProgress) => void): Promise<WirePart> {
    cancelled = false;
    const wire = await readLaterPart(db, file, start, end, last, options, stage, (p) => void onProgress(p), () => cancelled);
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
