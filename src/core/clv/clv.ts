// Per-customer predictions from a fitted model, lifetime value, validation views and audiences.
// Everything is computed once per distinct (x, t_x, T) row and cached, so that changing the discount rate
// or the horizon re-sums cached numbers instead of refitting or re-evaluating special functions.
import type { Occasions } from '../analytics/occasions.ts';
import { rfmPairsXT, unitDays, type CustomerSummary, type RfmInput, type SpendInput } from './data.ts';
import { gammaGammaConditionalSpend, type GammaGammaParams } from './gamma-gamma.ts';
import { medianWaitIfAlive, type TransactionModel } from './model.ts';

/** The horizons the product shows by default (PRODUCT.md: next 30/60/90/365 days). */
export const HORIZON_DAYS = [30, 60, 90, 365] as const;

/** INTERFACES.md: CLV sums monthly steps of 30 days. */
export const DAYS_PER_MONTH = 30;

export class CustomerForecast {
  readonly customers: number;
  /** Expected value of a future purchase, per customer (Gamma-Gamma, or the customer's own average). */
  readonly expectedSpend: Float64Array;
  /** Where expectedSpend came from. */
  readonly spendSource: 'gamma-gamma' | 'average-order-value';
  private readonly perRow = new Map<string, Float64Array>();
  private monthly: Float64Array = new Float64Array(0);
  private monthlyMonths = 0;
  private readonly days: number;

  constructor(readonly model: TransactionModel, readonly summary: CustomerSummary, spend: GammaGammaParams | null) {
    this.customers = summary.customers;
    this.days = unitDays(summary.unit);
    this.expectedSpend = new Float64Array(this.customers);
    for (let i = 0; i < this.customers; i++) {
      const own = summary.calibrationValue[i] / (summary.frequency[i] + 1);
      this.expectedSpend[i] = spend ? gammaGammaConditionalSpend(spend, summary.frequency[i], summary.monetary[i]) : own;
    }
    this.spendSource = spend ? 'gamma-gamma' : 'average-order-value';
  }

  private get rfm(): RfmInput {
    return this.summary.rfm;
  }

  /** A per-row quantity, cached by key (non-finite values as 0). */
  private rowsOf(key: string, compute: (x: number, tx: number, T: number) => number): Float64Array {
    let rows = this.perRow.get(key);
    if (!rows) {
      const rfm = this.rfm;
      rows = new Float64Array(rfm.rows);
      for (let i = 0; i < rfm.rows; i++) {
        const v = compute(rfm.x[i], rfm.tx[i], rfm.T[i]);
        rows[i] = Number.isFinite(v) ? v : 0;
      }
      this.perRow.set(key, rows);
    }
    return rows;
  }

  /** A per-row quantity expanded to customers. */
  private toCustomers(rows: Float64Array): Float64Array {
    const out = new Float64Array(this.customers);
    const row = this.summary.row;
    for (let i = 0; i < this.customers; i++) out[i] = rows[row[i]];
    return out;
  }

  private byRow(key: string, compute: (x: number, tx: number, T: number) => number): Float64Array {
    return this.toCustomers(this.rowsOf(key, compute));
  }

  private aliveRows(): Float64Array {
    return this.rowsOf('alive', (x, tx, T) => this.model.pAlive(x, tx, T));
  }

  /**
   * E[Y(t) | x, t_x, T] per row, as E[Y(t) | x, T, alive] (once per distinct (x, T): the special functions)
   * times P(alive) (once per row); not cached, non-finite values left as they are.
   */
  private expectedRows(t: number): Float64Array {
    const rfm = this.rfm;
    const pairs = rfmPairsXT(rfm);
    const ifAlive = new Float64Array(pairs.x.length);
    for (let g = 0; g < ifAlive.length; g++) ifAlive[g] = this.model.expectedPurchasesIfAlive(t, pairs.x[g], pairs.T[g]);
    const alive = this.aliveRows();
    const rows = new Float64Array(rfm.rows);
    for (let i = 0; i < rfm.rows; i++) rows[i] = ifAlive[pairs.ofRow[i]] * alive[i];
    return rows;
  }

  /** P(alive) at the end of the calibration period. */
  pAlive(): Float64Array {
    return this.toCustomers(this.aliveRows());
  }

  /** P(still alive `days` after the end of the calibration period). */
  pAliveAt(days: number): Float64Array {
    const t = days / this.days;
    return this.byRow(`alive@${days}`, (x, tx, T) => this.model.pAliveAt(t, x, tx, T));
  }

  /** Expected purchases in the next `days` days. */
  expectedPurchases(days: number): Float64Array {
    const key = `expected@${days}`;
    let rows = this.perRow.get(key);
    if (!rows) {
      rows = this.expectedRows(days / this.days);
      for (let i = 0; i < rows.length; i++) if (!Number.isFinite(rows[i])) rows[i] = 0;
      this.perRow.set(key, rows);
    }
    return this.toCustomers(rows);
  }

  /** Probability of at least one purchase in the next `days` days. */
  probabilityOfPurchase(days: number): Float64Array {
    const t = days / this.days;
    return this.byRow(`any@${days}`, (x, tx, T) => this.model.probabilityOfPurchase(t, x, tx, T));
  }

  /**
   * Expected next order date (a day number) if the customer is still active: the median waiting time of the
   * purchase process (see model.ts), counted from the end of the calibration period. Shown with P(alive).
   */
  nextOrderDay(): Float64Array {
    const { r, alpha } = this.model;
    const wait = this.byRow('next', (x, _tx, T) => medianWaitIfAlive(r, alpha, x, T) * this.days);
    for (let i = 0; i < wait.length; i++) wait[i] = this.summary.calibrationEnd + Math.round(wait[i]);
    return wait;
  }

  /** Expected purchases per row in each of the first `months` 30-day steps (cached, grown on demand). */
  private monthlyPurchases(months: number): Float64Array {
    if (months > this.monthlyMonths) {
      const rows = this.rfm.rows;
      const known = this.monthlyMonths;
      const grown = Math.max(months, 12);
      const table = new Float64Array(rows * grown);
      for (let i = 0; i < rows; i++) table.set(this.monthly.subarray(i * known, (i + 1) * known), i * grown);
      for (let m = known + 1; m <= grown; m++) {
        const expected = this.expectedRows((m * DAYS_PER_MONTH) / this.days);
        for (let i = 0; i < rows; i++) {
          // Cumulative expectations never fall (rounding in the special functions aside).
          const before = m > 1 ? table[i * grown + m - 2] : 0;
          const v = expected[i];
          table[i * grown + m - 1] = Number.isFinite(v) ? Math.max(v, before) : before;
        }
      }
      this.monthly = table;
      this.monthlyMonths = grown;
    }
    return this.monthly;
  }

  /**
   * CLV over `months` (INTERFACES.md): Σ_{m=1..months} (expected purchases in month m) x expected spend
   * / (1 + R)^m, with 30-day months.
   */
  clv(months: number, discountMonthly: number): Float64Array {
    const table = this.monthlyPurchases(months);
    const width = this.monthlyMonths;
    const rfm = this.rfm;
    const factor = new Float64Array(rfm.rows);
    for (let i = 0; i < rfm.rows; i++) {
      let before = 0;
      let sum = 0;
      let discount = 1;
      for (let m = 1; m <= months; m++) {
        discount /= 1 + discountMonthly;
        const cumulative = table[i * width + m - 1];
        sum += (cumulative - before) * discount;
        before = cumulative;
      }
      factor[i] = sum;
    }
    const out = new Float64Array(this.customers);
    for (let i = 0; i < this.customers; i++) out[i] = factor[this.summary.row[i]] * this.expectedSpend[i];
    return out;
  }
}

export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// The traditional formula (PRODUCT.md: AOV x purchase frequency x expected lifespan - CAC), inputs editable.

export interface TraditionalClvInputs {
  averageOrderValue: number;
  /** Purchases per customer per year. */
  purchasesPerYear: number;
  lifespanYears: number;
  acquisitionCost: number;
}

export function traditionalClv(inputs: TraditionalClvInputs): number {
  return inputs.averageOrderValue * inputs.purchasesPerYear * inputs.lifespanYears - inputs.acquisitionCost;
}

/**
 * Starting values from the data: AOV = value per purchase occasion; frequency = occasions per customer per
 * year of observation; lifespan = 1 / churn, with churn taken as the share of customers who never came back
 * (the rule of thumb of the CLV guides); CAC 0 until the seller enters one.
 */
export function traditionalClvInputs(summary: CustomerSummary): TraditionalClvInputs {
  let occasions = 0;
  let value = 0;
  let repeaters = 0;
  let firstDay = Infinity;
  for (let i = 0; i < summary.customers; i++) {
    occasions += summary.frequency[i] + 1;
    value += summary.calibrationValue[i];
    if (summary.frequency[i] > 0) repeaters++;
    firstDay = Math.min(firstDay, summary.firstDay[i]);
  }
  const n = summary.customers;
  const years = n > 0 ? Math.max(1, summary.calibrationEnd - firstDay + 1) / 365 : 1;
  const churn = n > 0 ? 1 - repeaters / n : 1;
  return {
    averageOrderValue: occasions > 0 ? value / occasions : 0,
    purchasesPerYear: n > 0 ? occasions / n / years : 0,
    lifespanYears: churn > 0 ? 1 / churn : 0,
    acquisitionCost: 0,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Validation

export interface TrackingSeries {
  /** Last day of each period. */
  periodEnd: Int32Array;
  periodDays: number;
  /** Index of the first period that ends after the calibration end (the start of the holdout). */
  holdoutStart: number;
  actualIncremental: Float64Array;
  expectedIncremental: Float64Array;
  actualCumulative: Float64Array;
  expectedCumulative: Float64Array;
}

/**
 * Repeat purchases per period, actual vs model, over calibration and holdout (FHL 2005, Figures 2-3): the
 * model's line is Σ over customers of E[X(t)] since each one's first purchase, grouped by first day.
 */
export function trackingSeries(model: TransactionModel, summary: CustomerSummary, occ: Occasions, periodDays = unitDays(summary.unit)): TrackingSeries {
  const unit = unitDays(summary.unit);
  let start = Infinity;
  const byFirstDay = new Map<number, number>();
  for (let i = 0; i < summary.customers; i++) {
    const f = summary.firstDay[i];
    start = Math.min(start, f);
    byFirstDay.set(f, (byFirstDay.get(f) ?? 0) + 1);
  }
  if (!Number.isFinite(start)) start = summary.calibrationEnd;
  const periods = Math.max(1, Math.ceil((summary.asOf - start + 1) / periodDays));
  const periodEnd = new Int32Array(periods);
  for (let k = 0; k < periods; k++) periodEnd[k] = Math.min(summary.asOf, start + (k + 1) * periodDays - 1);
  const actualIncremental = new Float64Array(periods);
  for (let i = 0; i < summary.customers; i++) {
    const k0 = summary.occasionIndex[i];
    for (let j = occ.start[k0] + 1; j < occ.start[k0 + 1]; j++) {
      const d = occ.day[j];
      if (d > summary.asOf) break;
      actualIncremental[Math.min(periods - 1, Math.floor((d - start) / periodDays))]++;
    }
  }
  const expectedCumulative = new Float64Array(periods);
  const firstDays = [...byFirstDay.entries()];
  for (let k = 0; k < periods; k++) {
    let total = 0;
    for (const [f, count] of firstDays) {
      const t = (periodEnd[k] - f) / unit;
      if (t > 0) total += count * model.expectedPurchases(t);
    }
    expectedCumulative[k] = total;
  }
  const expectedIncremental = new Float64Array(periods);
  const actualCumulative = new Float64Array(periods);
  let acc = 0;
  for (let k = 0; k < periods; k++) {
    expectedIncremental[k] = expectedCumulative[k] - (k > 0 ? expectedCumulative[k - 1] : 0);
    acc += actualIncremental[k];
    actualCumulative[k] = acc;
  }
  let holdoutStart = periods;
  for (let k = 0; k < periods; k++) {
    if (periodEnd[k] > summary.calibrationEnd) {
      holdoutStart = k;
      break;
    }
  }
  return { periodEnd, periodDays, holdoutStart, actualIncremental, expectedIncremental, actualCumulative, expectedCumulative };
}

export interface HoldoutByFrequency {
  /** Calibration frequency of each group; the last group is "censor or more". */
  frequency: Int32Array;
  customers: Float64Array;
  actualMean: Float64Array;
  predictedMean: Float64Array;
}

/**
 * Conditional expectations in the holdout vs what happened, grouped by calibration frequency (FHL 2005,
 * Figure 4). The holdout is asOf - calibrationEnd long.
 */
export function holdoutByFrequency(model: TransactionModel, summary: CustomerSummary, censor = 7): HoldoutByFrequency {
  const t = (summary.asOf - summary.calibrationEnd) / unitDays(summary.unit);
  const groups = censor + 1;
  const customers = new Float64Array(groups);
  const actual = new Float64Array(groups);
  const predicted = new Float64Array(groups);
  const rfm = summary.rfm;
  const perRow = new Float64Array(rfm.rows);
  for (let i = 0; i < rfm.rows; i++) perRow[i] = model.conditionalExpectedPurchases(t, rfm.x[i], rfm.tx[i], rfm.T[i]);
  for (let i = 0; i < summary.customers; i++) {
    const g = Math.min(censor, summary.frequency[i]);
    customers[g]++;
    actual[g] += summary.holdout[i];
    predicted[g] += perRow[summary.row[i]];
  }
  for (let g = 0; g < groups; g++) {
    if (customers[g] > 0) {
      actual[g] /= customers[g];
      predicted[g] /= customers[g];
    }
  }
  return { frequency: Int32Array.from({ length: groups }, (_, g) => g), customers, actualMean: actual, predictedMean: predicted };
}

export interface FrequencyHistogram {
  /** 0 .. censor; the last bin is "censor or more". */
  frequency: Int32Array;
  actual: Float64Array;
  expected: Float64Array;
}

/** Calibration-period repeat purchases, customers per count, actual vs model (FHL 2005, Figure 1). */
export function frequencyHistogram(model: TransactionModel, rfm: RfmInput, censor = 7): FrequencyHistogram {
  const bins = censor + 1;
  const actual = new Float64Array(bins);
  const expected = new Float64Array(bins);
  const byT = new Map<number, number>();
  for (let i = 0; i < rfm.rows; i++) {
    actual[Math.min(censor, rfm.x[i])] += rfm.weight[i];
    byT.set(rfm.T[i], (byT.get(rfm.T[i]) ?? 0) + rfm.weight[i]);
  }
  for (const [T, w] of byT) {
    let below = 0;
    for (let x = 0; x < censor; x++) {
      const p = model.pmf(T, x);
      const v = Number.isFinite(p) ? Math.max(0, p) : 0;
      expected[x] += w * v;
      below += v;
    }
    expected[censor] += w * Math.max(0, 1 - below);
  }
  return { frequency: Int32Array.from({ length: bins }, (_, g) => g), actual, expected };
}

export interface FrequencyRecencyMatrix {
  frequency: Float64Array;
  recency: Float64Array;
  T: number;
  horizon: number;
  /** Row-major [frequency][recency]. */
  expected: Float64Array;
  pAlive: Float64Array;
}

/**
 * Expected purchases in the next `horizon` and P(alive) over a grid of frequency and recency, for a
 * customer observed for T (lifetimes' frequency/recency matrix). Frequency 0 has recency 0 whatever the
 * column: its row repeats that value.
 */
export function frequencyRecencyMatrix(
  model: TransactionModel, options: { T: number; maxFrequency: number; recencySteps?: number; horizon: number },
): FrequencyRecencyMatrix {
  const steps = options.recencySteps ?? 20;
  const rows = options.maxFrequency + 1;
  const frequency = Float64Array.from({ length: rows }, (_, i) => i);
  const recency = Float64Array.from({ length: steps + 1 }, (_, j) => (options.T * j) / steps);
  const expected = new Float64Array(rows * (steps + 1));
  const pAlive = new Float64Array(rows * (steps + 1));
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j <= steps; j++) {
      const tx = i === 0 ? 0 : recency[j];
      expected[i * (steps + 1) + j] = model.conditionalExpectedPurchases(options.horizon, i, tx, options.T);
      pAlive[i * (steps + 1) + j] = model.pAlive(i, tx, options.T);
    }
  }
  return { frequency, recency, T: options.T, horizon: options.horizon, expected, pAlive };
}

/**
 * Pearson correlation of frequency and average repeat spend among repeat customers. Gamma-Gamma assumes
 * the two are independent; a clear correlation (say beyond ±0.3) says its spend predictions are suspect.
 * Null with fewer than 3 customers or no variation.
 */
export function frequencySpendCorrelation(spend: Pick<SpendInput, 'customers' | 'x' | 'mean'>): number | null {
  const n = spend.customers;
  if (n < 3) return null;
  let mx = 0;
  let mm = 0;
  for (let i = 0; i < n; i++) {
    mx += spend.x[i];
    mm += spend.mean[i];
  }
  mx /= n;
  mm /= n;
  let sxx = 0;
  let smm = 0;
  let sxm = 0;
  for (let i = 0; i < n; i++) {
    const dx = spend.x[i] - mx;
    const dm = spend.mean[i] - mm;
    sxx += dx * dx;
    smm += dm * dm;
    sxm += dx * dm;
  }
  if (!(sxx > 0 && smm > 0)) return null;
  return sxm / Math.sqrt(sxx * smm);
}

// ---------------------------------------------------------------------------------------------------------
// Audiences: filters over the per-customer results, as indexes into the CustomerSummary (ascending).

function indexes(n: number, keep: (i: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep(i)) out.push(i);
  return Int32Array.from(out);
}

/** The value at the top `share` of `values` (e.g. 0.2: the 80th percentile). */
export function topShareThreshold(values: Float64Array, share: number): number {
  if (values.length === 0) return Infinity;
  const sorted = Float64Array.from(values).sort();
  const at = Math.min(sorted.length - 1, Math.max(0, Math.floor(sorted.length * (1 - share))));
  return sorted[at];
}

/** Spend of each customer in the last `periodDays` days of the calibration period. */
export function recentSpend(summary: CustomerSummary, occ: Occasions, periodDays: number): Float64Array {
  const out = new Float64Array(summary.customers);
  const from = summary.calibrationEnd - periodDays;
  for (let i = 0; i < summary.customers; i++) {
    const k = summary.occasionIndex[i];
    for (let j = occ.start[k]; j < occ.start[k + 1]; j++) {
      const d = occ.day[j];
      if (d > from && d <= summary.calibrationEnd) out[i] += occ.value[j];
    }
  }
  return out;
}

/**
 * Expected to decline (Amazon's "New Audiences"): expected spend in the next period is below the spend of
 * the same length of time just before it (customers who spent nothing recently cannot decline).
 */
export function expectedToDecline(forecast: CustomerForecast, occ: Occasions, periodDays = 90): Int32Array {
  const recent = recentSpend(forecast.summary, occ, periodDays);
  const purchases = forecast.expectedPurchases(periodDays);
  return indexes(forecast.customers, (i) => recent[i] > 0 && purchases[i] * forecast.expectedSpend[i] < recent[i]);
}

/** Due to reorder: at least a `probability` chance of a purchase within `withinDays`. */
export function dueToReorder(forecast: CustomerForecast, withinDays = 30, probability = 0.5): Int32Array {
  const p = forecast.probabilityOfPurchase(withinDays);
  return indexes(forecast.customers, (i) => p[i] >= probability);
}

/** Likely active and valuable: P(alive) >= `pAliveAtLeast` and CLV in the top `topShare`. */
export function activeHighValue(
  forecast: CustomerForecast, options: { pAliveAtLeast?: number; topShare?: number; months?: number; discountMonthly?: number } = {},
): Int32Array {
  const alive = forecast.pAlive();
  const clv = forecast.clv(options.months ?? 12, options.discountMonthly ?? 0.01);
  const threshold = topShareThreshold(clv, options.topShare ?? 0.2);
  const minAlive = options.pAliveAtLeast ?? 0.8;
  return indexes(forecast.customers, (i) => alive[i] >= minAlive && clv[i] >= threshold && clv[i] > 0);
}

/** Lapsed high value: spent in the top `topShare` so far, but P(alive) below `pAliveBelow`. */
export function lapsedHighValue(forecast: CustomerForecast, options: { pAliveBelow?: number; topShare?: number } = {}): Int32Array {
  const alive = forecast.pAlive();
  const value = forecast.summary.calibrationValue;
  const threshold = topShareThreshold(value, options.topShare ?? 0.2);
  const maxAlive = options.pAliveBelow ?? 0.3;
  return indexes(forecast.customers, (i) => alive[i] < maxAlive && value[i] >= threshold);
}
