// The IndexedDB schema, every version in order (ARCHITECTURE.md "Schema changes"). A new version appends
// an entry with its stores and an upgrade function, and gets a test that opens a database at the previous
// version with data, upgrades it and checks that nothing was lost (tests/data/schema.test.ts).
import Dexie, { type EntityTable, type Transaction } from 'dexie';
import type { Dictionaries, DictionaryName, OrderLineColumns } from '../core/columns/table.ts';

export const DATABASE_NAME = 'loyalty-lens';

export interface DatasetRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** Accepted order lines over the committed imports. */
  lines: number;
}

export type ImportStatus = 'staging' | 'committed';

export interface ImportRecord {
  id: string;
  datasetId: string;
  status: ImportStatus;
  fileName: string;
  bytes: number;
  startedAt: number;
  committedAt: number | null;
  chunks: number;
  lines: number;
  /** The ingest report without its listed rejects (kept in `rejects`). */
  report: unknown;
}

/** One stored chunk: tens of thousands of order lines as typed arrays (see core/columns/table.ts). */
export interface ChunkRecord extends OrderLineColumns {
  importId: string;
  datasetId: string;
  seq: number;
}

export interface DictionaryRecord {
  datasetId: string;
  name: DictionaryName;
  values: string[];
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
}

export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      datasets: 'id',
      imports: 'id, datasetId, status',
      chunks: '[importId+seq], importId, datasetId',
      dictionaries: '[datasetId+name], datasetId',
      settings: 'key',
    },
  },
];

export type LoyaltyDatabase = Dexie & {
  datasets: EntityTable<DatasetRecord, 'id'>;
  imports: EntityTable<ImportRecord, 'id'>;
  chunks: Dexie.Table<ChunkRecord, [string, number]>;
  dictionaries: Dexie.Table<DictionaryRecord, [string, DictionaryName]>;
  settings: EntityTable<SettingRecord, 'key'>;
};

/** Opens the database with every version up to `upTo` (all by default; tests open older ones). */
export function openDatabase(name = DATABASE_NAME, upTo = Infinity): LoyaltyDatabase {
  const db = new Dexie(name) as LoyaltyDatabase;
  for (const v of SCHEMA_VERSIONS) {
    if (v.version > upTo) break;
    const version = db.version(v.version).stores(v.stores);
    if (v.upgrade) version.upgrade(v.upgrade);
  }
  return db;
}

export type { Dictionaries };
