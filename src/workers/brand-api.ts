// The brand view's figures, for the analytics worker.
import { transfer } from 'comlink';
import { analyzeTable, type AnalysisResult } from '../core/analytics/analysis.ts';
import { salesByMonth } from '../core/analytics/brand.ts';
import { formatDay } from '../core/ingest/dates.ts';
import { customersOf, loadDataset } from './dataset-cache.ts';

export interface BrandSummary {
  /** Null when the dataset holds no order lines yet. */
  result: AnalysisResult | null;
  /** The currency the figures are in, and the dataset's other currencies (not added in). */
  currency: string | null;
  currencies: string[];
  months: string[];
  monthlySales: Float64Array;
}

export const brandApi = {
  async brandSummary(datasetId: string, currency?: string): Promise<BrandSummary> {
    const data = await loadDataset(datasetId);
    if (data.table.columns.length === 0) {
      return { result: null, currency: null, currencies: [], months: [], monthlySales: new Float64Array(0) };
    }
    const { currency: chosen, customers } = customersOf(data, currency);
    const currencyIndex = chosen === null ? undefined : data.table.dictionaries.currency.indexOf(chosen);
    const result = analyzeTable(data.table, data.reports, { currency: currencyIndex });
    const { months, sales } = salesByMonth(customers, (day) => formatDay(day).slice(0, 7));
    return transfer({ result, currency: chosen, currencies: data.currencies, months, monthlySales: sales }, [sales.buffer]);
  },
};
