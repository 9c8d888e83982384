// The built-in demo data, stored exactly like an imported file (staged chunks, one commit) in a dataset
// of its own, so that a consultant's demo never mixes with a seller's data.
import { generateSampleStore } from '../core/sample/store.ts';
import { putDatasetSetting } from './dataset-settings.ts';
import { beginImport, commitImport, deleteDataset, discardImport, ensureDataset, loadDictionaries, stageChunk } from './orders.ts';
import type { LoyaltyDatabase } from './schema.ts';

export const SAMPLE_DATASET = 'sample';
export const SAMPLE_CUSTOMERS = 20_000;

export async function importSampleStore(
  db: LoyaltyDatabase,
  onProgress?: (p: { customers: number; totalCustomers: number; lines: number }) => void,
): Promise<{ lines: number; customers: number }> {
  await deleteDataset(db, SAMPLE_DATASET);
  await ensureDataset(db, SAMPLE_DATASET, 'Sample store (demo data)');
  const importId = await beginImport(db, SAMPLE_DATASET, 'Sample store', 0);
  try {
    let seq = 0;
    const store = await generateSampleStore({
      customers: SAMPLE_CUSTOMERS,
      dictionaries: await loadDictionaries(db, SAMPLE_DATASET),
      onChunk: (chunk) => stageChunk(db, importId, SAMPLE_DATASET, seq++, chunk),
      onProgress,
    });
    await putDatasetSetting(db, SAMPLE_DATASET, 'costs', store.costs);
    await putDatasetSetting(db, SAMPLE_DATASET, 'products', store.products);
    const report = {
      file: 'Sample store', format: 'sample', rows: store.lines, accepted: store.lines, returns: 0, cancelled: 0, rejected: 0,
      rejectedByReason: {}, blankLines: 0,
    };
    await commitImport(db, importId, store.dictionaries, report);
    return { lines: store.lines, customers: store.customers };
  } catch (error) {
    await discardImport(db, importId);
    throw error;
  }
}
