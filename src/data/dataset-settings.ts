// The settings that belong to one dataset, in the `datasetSettings` table (schema version 2), so that deleting
// the dataset removes them with it. Global settings (column mappings per header, the pseudonymise switch)
// stay in `settings`.
import type { LoyaltyDatabase } from './schema.ts';

/**
 * What a dataset stores beside its order lines: its cost table, the salt of its pseudonyms, its per-customer
 * summary file, the sample store's product names, its tier rules and its edited segment map.
 */
export type DatasetSettingKey = 'costs' | 'salt' | 'summary' | 'products' | 'tiers' | 'segment-map';

export async function getDatasetSetting(db: LoyaltyDatabase, datasetId: string, key: DatasetSettingKey): Promise<unknown> {
  return (await db.datasetSettings.get([datasetId, key]))?.value;
}

export async function putDatasetSetting(db: LoyaltyDatabase, datasetId: string, key: DatasetSettingKey, value: unknown): Promise<void> {
  await db.datasetSettings.put({ datasetId, key, value });
}

export async function deleteDatasetSetting(db: LoyaltyDatabase, datasetId: string, key: DatasetSettingKey): Promise<void> {
  await db.datasetSettings.delete([datasetId, key]);
}

/** Every setting of the dataset (part of deleting it). */
export async function deleteDatasetSettings(db: LoyaltyDatabase, datasetId: string): Promise<void> {
  await db.datasetSettings.where('datasetId').equals(datasetId).delete();
}
