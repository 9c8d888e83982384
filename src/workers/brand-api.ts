// The brand view's figures, for the analytics worker: the metric tiles of a chosen period against the
// previous period of equal length, the sales trend split new vs returning, the Amazon segments' sizes and
// sales shares, the top-10 % ratio and the repeat ladder, all from the cached per-customer summary.
import { transfer } from 'comlink';
import { analyzeTable, type AnalysisResult } from '../core/analytics/analysis.ts';
import type { LadderStep, PeriodComparison, SalesTrend, TopSpendRatio } from '../core/analytics/brand.ts';
import { salesByMonth, salesTrend } from '../core/analytics/brand.ts';
import type { CustomerSummary } from '../core/analytics/customers.ts';
import { recomputeLive } from '../core/analytics/live.ts';
import { GRANULARITIES, type Granularity } from '../core/analytics/periods.ts';
import { AMAZON_SEGMENT_MAP } from '../core/analytics/segment-maps.ts';
import type { SegmentSummary } from '../core/analytics/segments.ts';
import { civilDay, dayToCivil, formatDay } from '../core/ingest/dates.ts';
import { customersOf, loadDataset, type LoadedDataset } from './dataset-cache.ts';

/** `all`, `last-30`, `last-90`, `last-365` (ending on the last day of the data) or `year-2025`. */
export type PeriodKey = string;
export const LAST_DAYS: readonly number[] = [30, 90, 365];

export interface BrandRequest {
  currency?: string;
  period?: PeriodKey;
  granularity?: Granularity;
}

export interface PeriodRange {
  key: PeriodKey;
  start: number;
  end: number;
  previousStart: number;
  previousEnd: number;
  /** False when the previous period begins before the data do: its figures are then not comparable. */
  previousComplete: boolean;
}

export interface BrandFigures {
  /** First day of the data and the last purchase day (the end of observation, as in the CLI). */
  firstDay: number;
  asOf: number;
  /** Calendar years with purchases, newest first (for the period chooser). */
  years: number[];
  period: PeriodRange;
  comparison: PeriodComparison;
  trend: SalesTrend;
  /** Amazon's four segments as of asOf, over each customer's whole history. */
  segments: SegmentSummary[];
  ladder: LadderStep[];
  topSpend: TopSpendRatio;
}

export interface BrandSummary {
  /** The whole history as the command line reports it; null when the dataset holds no order lines yet. */
  result: AnalysisResult | null;
  /** The currency the figures are in, and the dataset's other currencies (not added in). */
  currency: string | null;
  currencies: string[];
  /** Null when there are no purchases in the chosen currency. */
  figures: BrandFigures | null;
  /** Net sales per calendar month over the whole history (the shareable report's chart). */
  months: string[];
  monthlySales: Float64Array;
}

/** The last purchase day: the end of observation (INTERFACES.md: default --as-of). */
export function lastPurchaseDay(cs: CustomerSummary): number {
  let last = -Infinity;
  for (let k = 0; k < cs.customers; k++) if (cs.lastDay[k] > last) last = cs.lastDay[k];
  return last;
}

export function yearsOf(firstDay: number, asOf: number): number[] {
  const years: number[] = [];
  for (let y = dayToCivil(asOf).year; y >= dayToCivil(firstDay).year; y--) years.push(y);
  return years;
}

/** The days of a period key; an unknown key or a year outside the data falls back to all time. */
export function periodRange(key: PeriodKey | undefined, firstDay: number, asOf: number): PeriodRange {
  let start = firstDay;
  let end = asOf;
  let chosen = 'all';
  const last = /^last-(\d+)$/.exec(key ?? '');
  const year = /^year-(\d{4})$/.exec(key ?? '');
  if (last && LAST_DAYS.includes(Number(last[1]))) {
    start = asOf - Number(last[1]) + 1;
    chosen = key!;
  } else if (year) {
    const y = Number(year[1]);
    const from = civilDay(y, 1, 1);
    const to = civilDay(y, 12, 31);
    if (to >= firstDay && from <= asOf) {
      start = from;
      end = Math.min(to, asOf);
      chosen = key!;
    }
  }
  const length = end - start + 1;
  return { key: chosen, start, end, previousStart: start - length, previousEnd: start - 1, previousComplete: start - length >= firstDay };
}

const resultCache = new WeakMap<LoadedDataset, Map<string, AnalysisResult>>();

/** The command line's figures for the whole history, computed once per dataset version and currency. */
function wholeHistory(data: LoadedDataset, currency: string | null): AnalysisResult {
  let byCurrency = resultCache.get(data);
  if (!byCurrency) resultCache.set(data, (byCurrency = new Map()));
  let result = byCurrency.get(currency ?? '');
  if (!result) {
    const index = currency === null ? undefined : data.table.dictionaries.currency.indexOf(currency);
    result = analyzeTable(data.table, data.reports, { currency: index });
    byCurrency.set(currency ?? '', result);
  }
  return result;
}

export function brandFigures(cs: CustomerSummary, marketplaces: readonly string[], request: BrandRequest): BrandFigures | null {
  if (cs.customers === 0) return null;
  const asOf = lastPurchaseDay(cs);
  const firstDay = cs.minDay;
  const period = periodRange(request.period, firstDay, asOf);
  const granularity = request.granularity && GRANULARITIES.includes(request.granularity) ? request.granularity : 'month';
  const live = recomputeLive(cs, marketplaces, { asOf, segmentMap: AMAZON_SEGMENT_MAP, period: { start: period.start, end: period.end } });
  return {
    firstDay,
    asOf,
    years: yearsOf(firstDay, asOf),
    period,
    comparison: live.brand,
    trend: salesTrend(cs, granularity, { start: period.start, end: period.end }),
    segments: live.segments,
    ladder: live.ladder,
    topSpend: live.topSpend,
  };
}

function buffersOf(trend: SalesTrend): ArrayBuffer[] {
  return [trend.starts, trend.newSales, trend.returningSales, trend.newCustomers, trend.returningCustomers, trend.orders].map((a) => a.buffer as ArrayBuffer);
}

export const brandApi = {
  async brandSummary(datasetId: string, req: BrandRequest = {}): Promise<BrandSummary> {
    const data = await loadDataset(datasetId);
    if (data.table.columns.length === 0) return { result: null, currency: null, currencies: [], figures: null, months: [], monthlySales: new Float64Array(0) };
    const { currency, customers } = customersOf(data, req.currency);
    const figures = brandFigures(customers, data.table.dictionaries.marketplace, req);
    const { months, sales } = salesByMonth(customers, (day) => formatDay(day).slice(0, 7));
    const summary: BrandSummary = { result: wholeHistory(data, currency), currency, currencies: data.currencies, figures, months, monthlySales: sales };
    return transfer(summary, [sales.buffer as ArrayBuffer, ...(figures ? buffersOf(figures.trend) : [])]);
  },
};
