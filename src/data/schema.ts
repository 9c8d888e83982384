// The IndexedDB schema, every version in order (ARCHITECTURE.md "Schema changes"). A new version appends
// an entry with its stores and an upgrade function, and gets a test that opens a database at the previous
// version with data, upgrades it and checks that nothing was lost (tests/data/schema.test.ts).
import type { PartRemap } from '../core/ingest/parts.ts';
import Dexie, { type EntityTable, type Transaction } from 'dexie';
import type { PackedStrings } from '../core/columns/packed-strings.ts';
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
  /** Workers that read the file (1 or absent: in one piece; see data/import-parts.ts). */
  parts?: number;
  /** For a file read in parts: how each later part's codes map to the dataset's (see ChunkRecord.part). */
  remaps?: PartRemap[];
}

/** One stored chunk: tens of thousands of order lines as typed arrays (see core/columns/table.ts). */
export interface ChunkRecord extends OrderLineColumns {
  importId: string;
  datasetId: string;
  seq: number;
  /**
   * Staged by the part worker of later part `part` (1, 2, ...) of a file read in parts, with that part's
   * own dictionary codes: the import's `remaps[part - 1]` moves them to the dataset's when read.
   */
  part?: number;
}

/**
 * A dataset's dictionary. A large one is stored packed (a few long strings and their lengths, see
 * core/columns/packed-strings.ts), which IndexedDB clones far faster than a million strings; a small one,
 * and every one written before packing existed, as plain `values`. Read both with `dictionaryValues`.
 */
export type DictionaryRecord = { datasetId: string; name: DictionaryName } & (
  | { values: string[]; packed?: undefined }
  | { packed: PackedStrings; values?: undefined }
);

/** A global setting (column mappings per header, the pseudonymise switch, ...). */
export interface SettingRecord {
  key: string;
  value: unknown;
}

/** A setting of one dataset (its cost table, salt, summary file, tier rules, ...): deleted with the dataset. */
export interface DatasetSettingRecord {
  datasetId: string;
  key: string;
  value: unknown;
}

/**
 * The prefixes of the per-dataset keys that version 1 kept in `settings` as `<prefix>:<datasetId>`. Frozen:
 * version 2's upgrade and the restore of a version-1 backup both move exactly these.
 */
export const V1_DATASET_SETTING_PREFIXES: readonly string[] = ['costs', 'salt', 'summary', 'products', 'tiers', 'segment-map'];

/** The dataset and key of a version-1 per-dataset settings key (`costs:store`), or null for a global one. */
export function splitV1DatasetSettingKey(settingKey: string): { datasetId: string; key: string } | null {
  const colon = settingKey.indexOf(':');
  if (colon <= 0 || colon === settingKey.length - 1) return null;
  const key = settingKey.slice(0, colon);
  return V1_DATASET_SETTING_PREFIXES.includes(key) ? { datasetId: settingKey.slice(colon + 1), key } : null;
}

/** Version-1 `settings` rows split into the global ones and the per-dataset ones (for the upgrade and old backups). */
export function splitV1Settings(rows: readonly SettingRecord[]): { global: SettingRecord[]; perDataset: DatasetSettingRecord[] } {
  const global: SettingRecord[] = [];
  const perDataset: DatasetSettingRecord[] = [];
  for (const row of rows) {
    const split = splitV1DatasetSettingKey(row.key);
    if (split) perDataset.push({ ...split, value: row.value });
    else global.push(row);
  }
  return { global, perDataset };
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
  {
    // Per-dataset settings get a table of their own, so that deleting a dataset can find them all.
    version: 2,
    stores: {
      datasetSettings: '[datasetId+key], datasetId',
    },
    async upgrade(tx) {
      const settings = tx.table<SettingRecord, string>('settings');
      const { perDataset } = splitV1Settings(await settings.toArray());
      await tx.table<DatasetSettingRecord, [string, string]>('datasetSettings').bulkPut(perDataset);
      await settings.bulkDelete(perDataset.map((r) => `${r.key}:${r.datasetId}`));
    },
  },
];

export type LoyaltyDatabase = Dexie & {
  datasets: EntityTable<DatasetRecord, 'id'>;
  imports: EntityTable<ImportRecord, 'id'>;
  chunks: Dexie.Table<ChunkRecord, [string, number]>;
  dictionaries: Dexie.Table<DictionaryRecord, [string, DictionaryName]>;
  settings: EntityTable<SettingRecord, 'key'>;
  datasetSettings: Dexie.Table<DatasetSettingRecord, [string, string]>;
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
