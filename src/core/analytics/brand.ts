import type { CustomerSummary } from './customers.ts';
import type { Occasions } from './occasions.ts';
import { bucketRange, type Granularity } from './periods.ts';
import { orderStatistics } from './rfm.ts';

export interface BrandMetrics {
  customers: number;
  orders: number;
  totalSales: number;
  avgSalesPerCustomer: number;
  repeatCustomers: number;
  repeatOrders: number;
  repeatPurchaseRate: number;
  /** Median days between consecutive purchase occasions of repeat customers; null without repeaters. */
  medianRepeatIntervalDays: number | null;
}

/**
 * Amazon's Brand View figures over all occasions. Total sales are net of returns. A repeat customer has
 * purchases on at least two days; repeat orders are the orders placed after a customer's first day.
 */
export function brandMetrics(occ: Occasions): BrandMetrics {
  let orders = 0;
  let repeatOrders = 0;
  let repeatCustomers = 0;
  let totalSales = 0;
  const intervals: number[] = [];
  for (let k = 0; k < occ.customers; k++) {
    const from = occ.start[k];
    const to = occ.start[k + 1];
    totalSales += occ.grossRevenue[k] + occ.returnsValue[k];
    for (let j = from; j < to; j++) {
      orders += occ.orders[j];
      if (j > from) {
        repeatOrders += occ.orders[j];
        intervals.push(occ.day[j] - occ.day[j - 1]);
      }
    }
    if (to - from > 1) repeatCustomers++;
  }
  const customers = occ.customers;
  return {
    customers,
    orders,
    totalSales: roundCents(totalSales),
    avgSalesPerCustomer: customers > 0 ? roundCents(totalSales / customers) : 0,
    repeatCustomers,
    repeatOrders,
    repeatPurchaseRate: customers > 0 ? repeatCustomers / customers : 0,
    medianRepeatIntervalDays: median(intervals),
  };
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Sums of many cents drift in binary floating point; money is reported to the cent. */
export function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Net sales per calendar month (`YYYY-MM`), in order, for the sales-trend chart. */
export function salesByMonth(occ: Occasions, monthOf: (day: number) => string): { months: string[]; sales: Float64Array } {
  const totals = new Map<string, number>();
  for (let j = 0; j < occ.day.length; j++) {
    const m = monthOf(occ.day[j]);
    totals.set(m, (totals.get(m) ?? 0) + occ.value[j]);
  }
  const months = [...totals.keys()].sort();
  return { months, sales: Float64Array.from(months, (m) => roundCents(totals.get(m) ?? 0)) };
}

/** Median of integer values given as a histogram (`counts[v]` values equal to v); null when empty. */
export function medianOfCounts(counts: Int32Array): number | null {
  let total = 0;
  for (let v = 0; v < counts.length; v++) total += counts[v];
  if (total === 0) return null;
  // The two middle ranks (equal for an odd total), 1-based.
  const lowRank = Math.floor((total + 1) / 2);
  const highRank = Math.floor(total / 2) + 1;
  let seen = 0;
  let low = -1;
  for (let v = 0; v < counts.length; v++) {
    seen += counts[v];
    if (low < 0 && seen >= lowRank) low = v;
    if (seen >= highRank) return (low + v) / 2;
  }
  return low;
}

/** The Brand View figures of one period (both ends included). */
export interface PeriodMetrics extends BrandMetrics {
  start: number;
  end: number;
  /** Average order value: sales / orders. */
  aov: number;
  /** Customers whose first purchase occasion falls in the period. */
  newCustomers: number;
}

/**
 * Brand metrics of the days start..end. Customers are those with a purchase occasion in the period; sales
 * are the period's occasions minus returns dated in it. An order is a repeat order, and its customer a
 * repeat customer, when it comes after the customer's first purchase occasion ever (not only after the
 * first one inside the period): over the whole history this is exactly `brandMetrics`. The repeat interval
 * is the gap before each repeat occasion in the period.
 */
export function periodMetrics(cs: CustomerSummary, start: number, end: number): PeriodMetrics {
  let customers = 0;
  let newCustomers = 0;
  let orders = 0;
  let repeatOrders = 0;
  let repeatCustomers = 0;
  let sales = 0;
  const gaps = new Int32Array(Math.max(cs.maxDay - cs.minDay + 1, 1));
  for (let k = 0; k < cs.customers; k++) {
    const from = cs.start[k];
    const to = cs.start[k + 1];
    let active = false;
    let repeat = false;
    for (let j = from; j < to; j++) {
      const d = cs.day[j];
      if (d < start) continue;
      if (d > end) break;
      active = true;
      sales += cs.value[j];
      orders += cs.orders[j];
      if (j > from) {
        repeat = true;
        repeatOrders += cs.orders[j];
        gaps[d - cs.day[j - 1]]++;
      }
    }
    for (let e = cs.returnStart[k]; e < cs.returnStart[k + 1]; e++) {
      const d = cs.returnDay[e];
      if (d >= start && d <= end) sales += cs.returnValue[e];
    }
    if (active) customers++;
    if (repeat) repeatCustomers++;
    if (cs.firstDay[k] >= start && cs.firstDay[k] <= end) newCustomers++;
  }
  return {
    start,
    end,
    customers,
    orders,
    totalSales: roundCents(sales),
    avgSalesPerCustomer: customers > 0 ? roundCents(sales / customers) : 0,
    repeatCustomers,
    repeatOrders,
    repeatPurchaseRate: customers > 0 ? repeatCustomers / customers : 0,
    medianRepeatIntervalDays: medianOfCounts(gaps),
    aov: orders > 0 ? roundCents(sales / orders) : 0,
    newCustomers,
  };
}

export type PeriodMetricName = Exclude<keyof PeriodMetrics, 'start' | 'end'>;

/** A period, the previous period of the same length, and the relative change of each figure. */
export interface PeriodComparison {
  current: PeriodMetrics;
  previous: PeriodMetrics;
  /** (current - previous) / |previous|; null where the previous figure is 0 or missing. */
  change: Record<PeriodMetricName, number | null>;
}

export function comparePeriods(cs: CustomerSummary, start: number, end: number): PeriodComparison {
  const length = end - start + 1;
  const current = periodMetrics(cs, start, end);
  const previous = periodMetrics(cs, start - length, start - 1);
  const change = {} as Record<PeriodMetricName, number | null>;
  for (const key of Object.keys(current) as (keyof PeriodMetrics)[]) {
    if (key === 'start' || key === 'end') continue;
    const now = current[key];
    const before = previous[key];
    change[key] = now === null || before === null || before === 0 ? null : (now - before) / Math.abs(before);
  }
  return { current, previous, change };
}

/**
 * Net sales per bucket split into new and returning: a customer's first purchase occasion (and a return
 * dated on or before it) is "new", every later one "returning", so the two add up to total sales.
 */
export interface SalesTrend {
  granularity: Granularity;
  starts: Int32Array;
  labels: string[];
  newSales: Float64Array;
  returningSales: Float64Array;
  /** Customers with their first occasion in the bucket, and customers with a later occasion in it. */
  newCustomers: Int32Array;
  returningCustomers: Int32Array;
  orders: Int32Array;
}

export function salesTrend(cs: CustomerSummary, granularity: Granularity, range?: { start: number; end: number }): SalesTrend {
  const first = range?.start ?? cs.minDay;
  const last = range?.end ?? cs.maxDay;
  const buckets = bucketRange(first, last, granularity);
  const b = buckets.starts.length;
  const newSales = new Float64Array(b);
  const returningSales = new Float64Array(b);
  const newCustomers = new Int32Array(b);
  const returningCustomers = new Int32Array(b);
  const orders = new Int32Array(b);
  const { indexOf } = buckets;
  for (let k = 0; k < cs.customers; k++) {
    const from = cs.start[k];
    const to = cs.start[k + 1];
    let lastReturningBucket = -1;
    for (let j = from; j < to; j++) {
      const d = cs.day[j];
      if (d < first) continue;
      if (d > last) break;
      const at = indexOf[d - first];
      orders[at] += cs.orders[j];
      if (j === from) {
        newSales[at] += cs.value[j];
        newCustomers[at]++;
      } else {
        returningSales[at] += cs.value[j];
        // Occasions are in day order, so a customer's buckets never decrease: count each bucket once.
        if (at !== lastReturningBucket) {
          returningCustomers[at]++;
          lastReturningBucket = at;
        }
      }
    }
    const firstDay = cs.firstDay[k];
    for (let e = cs.returnStart[k]; e < cs.returnStart[k + 1]; e++) {
      const d = cs.returnDay[e];
      if (d < first || d > last) continue;
      if (d <= firstDay) newSales[indexOf[d - first]] += cs.returnValue[e];
      else returningSales[indexOf[d - first]] += cs.returnValue[e];
    }
  }
  for (let i = 0; i < b; i++) {
    newSales[i] = roundCents(newSales[i]);
    returningSales[i] = roundCents(returningSales[i]);
  }
  return { granularity, starts: buckets.starts, labels: buckets.labels, newSales, returningSales, newCustomers, returningCustomers, orders };
}

/**
 * "The top 10 % of customers spend N x more per order than the rest" (Amazon's loyalty guide): customers
 * ranked by net revenue; the top group is every customer whose net revenue reaches that of the
 * ceil(share x customers)-th best, so customers with equal revenue are never split (the group can be a
 * little larger than the share). Per-order spend is the group's net revenue over its orders.
 */
export interface TopSpendRatio {
  share: number;
  topCustomers: number;
  restCustomers: number;
  topAov: number | null;
  restAov: number | null;
  /** topAov / restAov; null when either group is empty or the rest spends nothing per order. */
  ratio: number | null;
}

export function topSpendRatio(cs: CustomerSummary, share = 0.1): TopSpendRatio {
  const n = cs.customers;
  const empty = { share, topCustomers: 0, restCustomers: n, topAov: null, restAov: null, ratio: null };
  if (n === 0) return empty;
  const topCount = Math.max(1, Math.ceil(share * n));
  const cut = orderStatistics(cs.netRevenue, [n - topCount])[0];
  let topSales = 0;
  let topOrders = 0;
  let topCustomers = 0;
  let restSales = 0;
  let restOrders = 0;
  for (let k = 0; k < n; k++) {
    if (cs.netRevenue[k] >= cut) {
      topCustomers++;
      topSales += cs.netRevenue[k];
      topOrders += cs.orderCount[k];
    } else {
      restSales += cs.netRevenue[k];
      restOrders += cs.orderCount[k];
    }
  }
  const topAov = topOrders > 0 ? topSales / topOrders : null;
  const restAov = restOrders > 0 ? restSales / restOrders : null;
  return {
    share,
    topCustomers,
    restCustomers: n - topCustomers,
    topAov,
    restAov,
    ratio: topAov !== null && restAov !== null && restAov > 0 ? topAov / restAov : null,
  };
}

/** One rung of the repeat ladder: of the customers with at least n purchase occasions, how many made n + 1. */
export interface LadderStep {
  n: number;
  customers: number;
  continued: number;
  /** continued / customers; null when no customer reached n. */
  probability: number | null;
}

/**
 * P(order n+1 | n orders) for n = 1..maxN, counting purchase occasions. Customers still inside their
 * buying cycle have not had the chance to continue yet, so recent data pulls the rates down (the
 * figure is descriptive, like Amazon's "a second-time shopper has a 45 % chance of buying again").
 */
export function repeatLadder(cs: CustomerSummary, maxN = 10): LadderStep[] {
  // reached[n] = customers with at least n occasions, for n = 1..maxN + 1.
  const reached = new Int32Array(maxN + 2);
  for (let k = 0; k < cs.customers; k++) reached[Math.min(cs.occasionCount[k], maxN + 1)]++;
  for (let n = maxN; n >= 1; n--) reached[n] += reached[n + 1];
  const steps: LadderStep[] = [];
  for (let n = 1; n <= maxN; n++) {
    steps.push({ n, customers: reached[n], continued: reached[n + 1], probability: reached[n] > 0 ? reached[n + 1] / reached[n] : null });
  }
  return steps;
}
