// Thin Comlink shell: reads whole columns from IndexedDB, runs core/analytics, and sends back numbers and
// typed arrays (transferred, never cloned row objects).
import { expose, transfer } from 'comlink';
import { analyzeTable, type AnalysisResult } from '../core/analytics/analysis.ts';
import { salesByMonth } from '../core/analytics/brand.ts';
import { buildOccasions } from '../core/analytics/occasions.ts';
import type { OrderTable } from '../core/columns/table.ts';
import { formatDay } from '../core/ingest/dates.ts';
import type { IngestReport } from '../core/ingest/ingest.ts';
import { DEFAULT_DATASET, loadOrderTable } from '../data/orders.ts';
import { openDatabase } from '../data/schema.ts';

const db = openDatabase();

export interface BrandSummary {
  /** Null when the dataset holds no order lines yet. */
  result: AnalysisResult | null;
  months: string[];
  monthlySales: Float64Array;
}

let cached: { key: string; table: OrderTable; reports: IngestReport[] } | null = null;

async function table(datasetId: string) {
  const dataset = await db.datasets.get(datasetId);
  const key = `${datasetId}:${dataset?.updatedAt ?? 0}`;
  if (cached?.key !== key) {
    const loaded = await loadOrderTable(db, datasetId);
    cached = { key, table: loaded, reports: loaded.imports.map((i) => i.report as IngestReport) };
  }
  return cached;
}

const api = {
  async brandSummary(datasetId = DEFAULT_DATASET): Promise<BrandSummary> {
    const { table: t, reports } = await table(datasetId);
    if (t.columns.length === 0) return transfer({ result: null, months: [], monthlySales: new Float64Array(0) }, []);
    const result = analyzeTable(t, reports);
    const { months, sales } = salesByMonth(buildOccasions(t), (day) => formatDay(day).slice(0, 7));
    return transfer({ result, months, monthlySales: sales }, [sales.buffer]);
  },
};

export type AnalyticsWorkerApi = typeof api;
expose(api);
