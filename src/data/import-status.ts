// What the import page says about the dataset an import goes into: its files, how its customers were
// identified (approximate, pseudonymised), its marketplaces and currencies, its cost table and summary file.
import type { IngestReport } from '../core/ingest/ingest.ts';
import { getDatasetSetting } from './dataset-settings.ts';
import { loadCostTable } from './import-costs.ts';
import type { StoredSummary } from './import-file.ts';
import { dictionaryValues } from './orders.ts';
import type { LoyaltyDatabase } from './schema.ts';

export interface ImportedFile {
  name: string;
  lines: number;
  format: string;
  variant: string | null;
  committedAt: number;
}

export interface DatasetImportStatus {
  datasetId: string;
  name: string;
  lines: number;
  /** Committed files, the newest first. */
  files: ImportedFile[];
  /** Some of its customers were told apart by ship-to address or name, so its figures are approximate. */
  approximate: boolean;
  /** Whether its imports stored only salted hashes of the customers; null before the first import. */
  pseudonymised: 'all' | 'none' | 'mixed' | null;
  marketplaces: string[];
  currencies: string[];
  costs: { skus: number; currencies: string[] } | null;
  summary: { file: string; customers: number; importedAt: number } | null;
}

export async function datasetImportStatus(db: LoyaltyDatabase, datasetId: string): Promise<DatasetImportStatus> {
  const dataset = await db.datasets.get(datasetId);
  const imports = (await db.imports.where('datasetId').equals(datasetId).toArray())
    .filter((i) => i.status === 'committed')
    .sort((a, b) => (b.committedAt ?? 0) - (a.committedAt ?? 0));
  const reports = imports.map((i) => (i.report ?? {}) as Partial<IngestReport>);
  const hashed = reports.filter((r) => r.pseudonymised === true).length;
  const marketplaces = new Set<string>();
  const currencies = new Set<string>();
  for (const r of reports) {
    for (const m of r.marketplaces ?? []) marketplaces.add(m);
    for (const c of r.currencies ?? []) currencies.add(c);
  }
  // The sample store's report lists none: its dictionaries do. Only those two are read (the customer and
  // order dictionaries of a large dataset hold a million strings).
  if (reports.length > 0 && marketplaces.size === 0) await addDictionary(db, datasetId, 'marketplace', marketplaces);
  if (reports.length > 0 && currencies.size === 0) await addDictionary(db, datasetId, 'currency', currencies);
  const costs = await loadCostTable(db, datasetId);
  const summary = (await getDatasetSetting(db, datasetId, 'summary')) as StoredSummary | undefined;
  return {
    datasetId,
    name: dataset?.name ?? 'My store',
    lines: dataset?.lines ?? 0,
    files: imports.slice(0, 20).map((i, k) => ({ name: i.fileName, lines: i.lines, format: reports[k].format ?? 'unknown', variant: reports[k].variant ?? null, committedAt: i.committedAt ?? 0 })),
    approximate: reports.some((r) => r.identity === 'approximate'),
    pseudonymised: reports.length === 0 ? null : hashed === reports.length ? 'all' : hashed === 0 ? 'none' : 'mixed',
    marketplaces: [...marketplaces],
    currencies: [...currencies],
    costs: costs ? { skus: costs.sku.length, currencies: [...new Set(costs.currency)].filter((c) => c !== '') } : null,
    summary: summary ? { file: summary.file, customers: summary.table.length, importedAt: summary.importedAt } : null,
  };
}

async function addDictionary(db: LoyaltyDatabase, datasetId: string, name: 'marketplace' | 'currency', into: Set<string>): Promise<void> {
  const record = await db.dictionaries.get([datasetId, name]);
  if (record) for (const value of dictionaryValues(record)) into.add(value);
}

const RESERVED = new Set(['store', 'sample', 'cdnow']);

/** A new, empty dataset (workspace) with a name of the user's; its id is made from the name. */
export async function createDataset(db: LoyaltyDatabase, name: string): Promise<string> {
  const clean = name.trim().replace(/\s+/g, ' ').slice(0, 80);
  if (clean === '') throw new Error('Give the dataset a name.');
  const base = clean.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'dataset';
  return db.transaction('rw', db.datasets, async () => {
    let id = base;
    // The demo datasets are replaced whole when loaded again, and 'store' is the default: never reuse them.
    for (let n = 2; RESERVED.has(id) || (await db.datasets.get(id)); n++) id = `${base}-${n}`;
    await db.datasets.add({ id, name: clean, createdAt: Date.now(), updatedAt: Date.now(), lines: 0 });
    return id;
  });
}
