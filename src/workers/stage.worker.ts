// The chunk writer: writes the chunks the import worker stages, so that cloning them for IndexedDB (about
// 15 ms for 50,000 lines, on the writing thread) runs beside the parsing instead of between its pieces.
// The chunks arrive moved, not copied.
import { expose } from 'comlink';
import { putChunk } from '../data/orders.ts';
import { openDatabase, type ChunkRecord } from '../data/schema.ts';

const db = openDatabase();

const api = {
  /** Resolves once the chunk is stored; a full disk rejects with a StorageFullError (sent by name). */
  async write(record: ChunkRecord): Promise<void> {
    await putChunk(db, record);
  },
  /** Answers once the worker has loaded (the import worker wakes it when an import starts). */
  ready(): boolean {
    return true;
  },
};

export type StageWorkerApi = typeof api;
expose(api);
