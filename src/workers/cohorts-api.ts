// The cohorts view's figures, for the analytics worker: acquisition cohorts (retention, revenue, LTV per
// customer), repurchase-window rates, the time between orders and the repeat rate by first product, in one
// currency, from the cached per-customer summary.
import { transfer } from 'comlink';
import { cohortTable, repeatRateByFirstProduct, repurchaseRates, timeBetweenOrders, type CohortTable, type RepurchaseRate, type TimeBetweenOrders } from '../core/analytics/cohorts.ts';
import type { CustomerSummary } from '../core/analytics/customers.ts';
import { bucketStart, nextBucketStart, type Granularity } from '../core/analytics/periods.ts';
import { NONE } from '../core/columns/table.ts';
import { lastPurchaseDay } from './brand-api.ts';
import { getDatasetSetting } from '../data/dataset-settings.ts';
import { customersOf, db, loadDataset } from './dataset-cache.ts';

export type CohortGranularity = Exclude<Granularity, 'day'>;
export const COHORT_GRANULARITIES: readonly CohortGranularity[] = ['week', 'month', 'quarter'];

/** First products bought by fewer customers than this say little about repeat rates; they are left out. */
export const MIN_FIRST_PRODUCT_CUSTOMERS = 20;
export const FIRST_PRODUCT_ROWS = 15;

export interface CohortsRequest {
  currency?: string;
  granularity?: CohortGranularity;
}

export interface FirstProductRow {
  /** Null for customers whose first purchase carries no SKU. */
  sku: string | null;
  /** The product's name from the dataset's product list (`products:<dataset>`), when there is one. */
  name: string | null;
  customers: number;
  repeatCustomers: number;
  repeatRate: number;
}

export interface CohortsFigures {
  firstDay: number;
  /** The last purchase day: the end of observation. */
  asOf: number;
  /** False when asOf is not the last day of its period: the latest column is still filling up. */
  lastPeriodComplete: boolean;
  table: CohortTable;
  repurchase: RepurchaseRate[];
  gaps: TimeBetweenOrders;
  customers: number;
  repeatCustomers: number;
  /** False when no first purchase carries a SKU (e.g. CDNOW): there is no repeat rate by product. */
  productsKnown: boolean;
  firstProducts: FirstProductRow[];
}

export interface CohortsSummary {
  /** True when customers were told apart by ship-to address (Amazon's All Orders report): every figure is approximate. */
  approximate: boolean;
  currency: string | null;
  currencies: string[];
  /** Null when the dataset holds no purchases in the chosen currency. */
  figures: CohortsFigures | null;
}

export type ProductNames = ReadonlyMap<string, string>;

/** The `{ sku: string[], name: string[] }` record the sample store (and a product import) stores. */
export function productNamesOf(value: unknown): ProductNames {
  const names = new Map<string, string>();
  const v = value as { sku?: unknown; name?: unknown } | null | undefined;
  if (!v || !Array.isArray(v.sku) || !Array.isArray(v.name)) return names;
  v.sku.forEach((sku, i) => {
    const name = (v.name as unknown[])[i];
    if (typeof sku === 'string' && typeof name === 'string' && name.trim() !== '') names.set(sku, name);
  });
  return names;
}

export function cohortsFigures(cs: CustomerSummary, skus: readonly string[], names: ProductNames, granularity: CohortGranularity = 'month'): CohortsFigures | null {
  if (cs.customers === 0) return null;
  const asOf = lastPurchaseDay(cs);
  let repeatCustomers = 0;
  let withSku = 0;
  for (let k = 0; k < cs.customers; k++) {
    if (cs.occasionCount[k] > 1) repeatCustomers++;
    if (cs.firstSku[k] !== NONE) withSku++;
  }
  const firstProducts = withSku === 0 ? [] : repeatRateByFirstProduct(cs, { minCustomers: MIN_FIRST_PRODUCT_CUSTOMERS, limit: FIRST_PRODUCT_ROWS }).map((row) => {
    const sku = row.sku === NONE ? null : (skus[row.sku] ?? null);
    return { sku, name: sku === null ? null : (names.get(sku) ?? null), customers: row.customers, repeatCustomers: row.repeatCustomers, repeatRate: row.repeatRate };
  });
  return {
    firstDay: cs.minDay,
    asOf,
    lastPeriodComplete: nextBucketStart(bucketStart(asOf, granularity), granularity) - 1 === asOf,
    table: cohortTable(cs, { asOf, granularity }),
    repurchase: repurchaseRates(cs, asOf),
    gaps: timeBetweenOrders(cs, { binDays: 30, bins: 13 }),
    customers: cs.customers,
    repeatCustomers,
    productsKnown: withSku > 0,
    firstProducts,
  };
}

function buffersOf(f: CohortsFigures): ArrayBuffer[] {
  const t = f.table;
  const g = f.gaps;
  return [t.starts, t.customers, t.observed, t.active, t.retention, t.orders, t.revenue, t.cumulativeRevenuePerCustomer, g.firstToSecond, g.secondToThird, g.all]
    .map((a) => a.buffer as ArrayBuffer);
}

export const cohortsApi = {
  async cohortsSummary(datasetId: string, request: CohortsRequest = {}): Promise<CohortsSummary> {
    const data = await loadDataset(datasetId);
    if (data.table.columns.length === 0) return { approximate: false, currency: null, currencies: [], figures: null };
    const { currency, customers } = customersOf(data, request.currency);
    const granularity = request.granularity && COHORT_GRANULARITIES.includes(request.granularity) ? request.granularity : 'month';
    const products = await getDatasetSetting(db, datasetId, 'products');
    const figures = cohortsFigures(customers, data.table.dictionaries.sku, productNamesOf(products), granularity);
    const approximate = data.reports.some((r) => r.identity === 'approximate');
    const summary: CohortsSummary = { approximate, currency, currencies: data.currencies, figures };
    return figures ? transfer(summary, buffersOf(figures)) : summary;
  },
};
