// The analytics worker's view of a dataset: its whole columns, loaded once per change of the dataset, and
// the per-customer summary per currency (amounts in different currencies are never added together).
import { buildCustomers, type CustomerSummary } from '../core/analytics/customers.ts';
import type { OrderTable } from '../core/columns/table.ts';
import type { IngestReport } from '../core/ingest/ingest.ts';
import { getDatasetSetting } from '../data/dataset-settings.ts';
import { loadOrderTable } from '../data/orders.ts';
import { openDatabase } from '../data/schema.ts';

export const db = openDatabase();

export interface LoadedDataset {
  key: string;
  datasetId: string;
  table: OrderTable;
  reports: IngestReport[];
  /** Currencies of the dataset, the one with the most lines first. */
  currencies: string[];
  /** Unit cost per SKU index (NaN where unknown), when a cost table is stored for the dataset. */
  unitCost: Float64Array | null;
  customersByCurrency: Map<string, CustomerSummary>;
}

let cached: LoadedDataset | null = null;

function currenciesOf(table: OrderTable): string[] {
  const counts = new Float64Array(table.dictionaries.currency.length);
  const c = table.columns.currency;
  for (let i = 0; i < table.columns.length; i++) counts[c[i]]++;
  return table.dictionaries.currency.map((name, i) => ({ name, n: counts[i] })).filter((x) => x.n > 0).sort((a, b) => b.n - a.n).map((x) => x.name);
}

async function costsFor(datasetId: string, table: OrderTable): Promise<Float64Array | null> {
  const costs = (await getDatasetSetting(db, datasetId, 'costs')) as { sku: string[]; unitCost: Float64Array } | undefined;
  if (!costs) return null;
  const bySku = new Map<string, number>();
  costs.sku.forEach((sku, i) => bySku.set(sku, costs.unitCost[i]));
  return Float64Array.from(table.dictionaries.sku, (sku) => bySku.get(sku) ?? Number.NaN);
}

/** The dataset, reloaded only when an import, restore or delete changed it. */
export async function loadDataset(datasetId: string): Promise<LoadedDataset> {
  const dataset = await db.datasets.get(datasetId);
  const key = `${datasetId}:${dataset?.updatedAt ?? 0}:${dataset?.lines ?? 0}`;
  if (cached?.key !== key) {
    const table = await loadOrderTable(db, datasetId);
    cached = {
      key, datasetId, table,
      reports: table.imports.map((i) => i.report as IngestReport),
      currencies: currenciesOf(table),
      unitCost: await costsFor(datasetId, table),
      customersByCurrency: new Map(),
    };
  }
  return cached;
}

/** Per-customer summary in one currency (the dataset's main one by default). */
export function customersOf(data: LoadedDataset, currency?: string): { currency: string | null; customers: CustomerSummary } {
  const chosen = currency && data.currencies.includes(currency) ? currency : (data.currencies[0] ?? null);
  const key = chosen ?? '';
  let summary = data.customersByCurrency.get(key);
  if (!summary) {
    const index = chosen === null ? undefined : data.table.dictionaries.currency.indexOf(chosen);
    summary = buildCustomers(data.table, { currency: index, unitCost: data.unitCost ?? undefined });
    data.customersByCurrency.set(key, summary);
  }
  return { currency: chosen, customers: summary };
}
