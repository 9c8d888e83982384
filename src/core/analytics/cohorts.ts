// Acquisition cohorts and retention, as Lifetimely reports them: customers grouped by the period of their
// first purchase occasion, followed period by period.
import type { CustomerSummary } from './customers.ts';
import { bucketRange, type Granularity } from './periods.ts';

/**
 * Row c is the cohort acquired in period `starts[c]`; column p is the p-th period since (0 = the
 * acquisition period). Cells are row-major: cell (c, p) is at c * periods + p. Cells whose period starts
 * after asOf have not been observed and hold NaN in the rates.
 */
export interface CohortTable {
  granularity: Granularity;
  cohorts: number;
  periods: number;
  starts: Int32Array;
  labels: string[];
  customers: Int32Array;
  /** Periods observed per cohort (up to and including the one holding asOf). */
  observed: Int32Array;
  /** Customers with a purchase occasion in the period; retention = active / customers. */
  active: Int32Array;
  retention: Float64Array;
  orders: Int32Array;
  /** Net revenue of the period (returns in the period dated by the return). */
  revenue: Float64Array;
  /** Cumulative net revenue per cohort customer up to and including the period (the LTV curve). */
  cumulativeRevenuePerCustomer: Float64Array;
}

export function cohortTable(cs: CustomerSummary, options: { asOf: number; granularity?: Granularity }): CohortTable {
  const granularity = options.granularity ?? 'month';
  const n = cs.customers;
  const asOf = options.asOf;
  const last = Math.max(asOf, cs.maxDay);
  const range = n > 0 ? bucketRange(cs.minDay, last, granularity) : bucketRange(0, -1, granularity);
  const { indexOf, firstDay } = range;
  const buckets = range.starts.length;
  const asOfBucket = n > 0 && asOf >= firstDay ? indexOf[Math.min(asOf, last) - firstDay] : -1;

  // Cohorts are the buckets in which someone was acquired.
  const cohortOfBucket = new Int32Array(buckets).fill(-1);
  for (let k = 0; k < n; k++) cohortOfBucket[indexOf[cs.firstDay[k] - firstDay]] = 0;
  const cohortStarts: number[] = [];
  const cohortBucket: number[] = [];
  for (let b = 0; b < buckets; b++) {
    if (cohortOfBucket[b] < 0) continue;
    cohortOfBucket[b] = cohortStarts.length;
    cohortStarts.push(range.starts[b]);
    cohortBucket.push(b);
  }
  const cohorts = cohortStarts.length;
  const periods = cohorts > 0 ? Math.max(asOfBucket, indexOf[last - firstDay]) - cohortBucket[0] + 1 : 0;
  const cells = cohorts * periods;
  const customers = new Int32Array(cohorts);
  const active = new Int32Array(cells);
  const orders = new Int32Array(cells);
  const revenue = new Float64Array(cells);

  for (let k = 0; k < n; k++) {
    const acquired = indexOf[cs.firstDay[k] - firstDay];
    const c = cohortOfBucket[acquired];
    customers[c]++;
    const row = c * periods;
    let lastPeriod = -1;
    for (let j = cs.start[k]; j < cs.start[k + 1]; j++) {
      const p = indexOf[cs.day[j] - firstDay] - acquired;
      orders[row + p] += cs.orders[j];
      revenue[row + p] += cs.value[j];
      if (p !== lastPeriod) {
        active[row + p]++;
        lastPeriod = p;
      }
    }
    for (let e = cs.returnStart[k]; e < cs.returnStart[k + 1]; e++) {
      // A return dated before the first purchase (bad data) counts in the acquisition period.
      const p = Math.max(indexOf[cs.returnDay[e] - firstDay] - acquired, 0);
      revenue[row + p] += cs.returnValue[e];
    }
  }

  const observed = new Int32Array(cohorts);
  const retention = new Float64Array(cells).fill(NaN);
  const cumulative = new Float64Array(cells).fill(NaN);
  for (let c = 0; c < cohorts; c++) {
    observed[c] = Math.max(asOfBucket - cohortBucket[c] + 1, 0);
    let sum = 0;
    for (let p = 0; p < periods; p++) {
      const at = c * periods + p;
      sum += revenue[at];
      if (p < observed[c]) {
        retention[at] = active[at] / customers[c];
        cumulative[at] = sum / customers[c];
      }
    }
  }
  return {
    granularity,
    cohorts,
    periods,
    starts: Int32Array.from(cohortStarts),
    labels: cohortBucket.map((b) => range.labels[b]),
    customers,
    observed,
    active,
    retention,
    orders,
    revenue,
    cumulativeRevenuePerCustomer: cumulative,
  };
}

/**
 * The payback period of each cohort: the first period (0 = acquisition) whose cumulative net revenue per
 * customer reaches the cohort's customer acquisition cost; -1 when not (yet) reached. `cac` is one cost
 * for all cohorts or one per cohort (NaN for a cohort without a figure, giving -1).
 */
export function paybackPeriods(table: CohortTable, cac: number | ArrayLike<number>): Int32Array {
  const out = new Int32Array(table.cohorts).fill(-1);
  for (let c = 0; c < table.cohorts; c++) {
    const cost = typeof cac === 'number' ? cac : cac[c];
    if (!Number.isFinite(cost)) continue;
    for (let p = 0; p < table.observed[c] && p < table.periods; p++) {
      if (table.cumulativeRevenuePerCustomer[c * table.periods + p] >= cost) {
        out[c] = p;
        break;
      }
    }
  }
  return out;
}

export interface RepurchaseRate {
  days: number;
  /** Customers whose first purchase is at least `days` before asOf (they had the whole window). */
  eligible: number;
  /** Of those, customers with a second purchase occasion within `days` of the first. */
  repurchased: number;
  rate: number | null;
}

export const REPURCHASE_WINDOWS: readonly number[] = [30, 60, 90, 180, 365];

export function repurchaseRates(cs: CustomerSummary, asOf: number, windows: readonly number[] = REPURCHASE_WINDOWS): RepurchaseRate[] {
  return windows.map((days) => {
    let eligible = 0;
    let repurchased = 0;
    for (let k = 0; k < cs.customers; k++) {
      const first = cs.firstDay[k];
      if (asOf - first < days) continue;
      eligible++;
      const j = cs.start[k];
      if (cs.start[k + 1] - j > 1 && cs.day[j + 1] - first <= days) repurchased++;
    }
    return { days, eligible, repurchased, rate: eligible > 0 ? repurchased / eligible : null };
  });
}

/**
 * Histograms of the days between purchase occasions: bin b counts gaps in [b x binDays, (b+1) x binDays),
 * the last bin everything from (bins - 1) x binDays up.
 */
export interface TimeBetweenOrders {
  binDays: number;
  bins: number;
  firstToSecond: Int32Array;
  secondToThird: Int32Array;
  all: Int32Array;
}

export function timeBetweenOrders(cs: CustomerSummary, options: { binDays?: number; bins?: number } = {}): TimeBetweenOrders {
  const binDays = options.binDays ?? 30;
  const bins = options.bins ?? 13;
  const firstToSecond = new Int32Array(bins);
  const secondToThird = new Int32Array(bins);
  const all = new Int32Array(bins);
  const binOf = (gap: number) => Math.min(Math.floor(gap / binDays), bins - 1);
  for (let k = 0; k < cs.customers; k++) {
    const from = cs.start[k];
    const to = cs.start[k + 1];
    for (let j = from + 1; j < to; j++) {
      const b = binOf(cs.day[j] - cs.day[j - 1]);
      all[b]++;
      if (j === from + 1) firstToSecond[b]++;
      else if (j === from + 2) secondToThird[b]++;
    }
  }
  return { binDays, bins, firstToSecond, secondToThird, all };
}

export interface FirstProductRepeat {
  /** SKU dictionary index (NONE = -1 for customers whose first purchase has no SKU). */
  sku: number;
  customers: number;
  repeatCustomers: number;
  repeatRate: number;
}

/**
 * Repeat rate (customers with a second purchase occasion) by the product of the first purchase, largest
 * groups first (ties by SKU index), groups smaller than `minCustomers` left out.
 */
export function repeatRateByFirstProduct(cs: CustomerSummary, options: { minCustomers?: number; limit?: number } = {}): FirstProductRepeat[] {
  const minCustomers = options.minCustomers ?? 1;
  const groups = new Map<number, { customers: number; repeat: number }>();
  for (let k = 0; k < cs.customers; k++) {
    const sku = cs.firstSku[k];
    let g = groups.get(sku);
    if (!g) groups.set(sku, (g = { customers: 0, repeat: 0 }));
    g.customers++;
    if (cs.occasionCount[k] > 1) g.repeat++;
  }
  const rows: FirstProductRepeat[] = [];
  for (const [sku, g] of groups) {
    if (g.customers >= minCustomers) rows.push({ sku, customers: g.customers, repeatCustomers: g.repeat, repeatRate: g.repeat / g.customers });
  }
  rows.sort((a, b) => b.customers - a.customers || a.sku - b.sku);
  return options.limit === undefined ? rows : rows.slice(0, options.limit);
}
