// From purchase occasions to the models' inputs: (x, t_x, T) per customer, compressed into weighted
// distinct rows, and the Gamma-Gamma spend inputs (INTERFACES.md conventions).
import type { Occasions } from '../analytics/occasions.ts';

export type TimeUnit = 'day' | 'week';

export function unitDays(unit: TimeUnit): number {
  return unit === 'week' ? 7 : 1;
}

/**
 * Distinct (x, t_x, T) rows with the number of customers that share each one. Every likelihood is a sum
 * over customers, so a row stands for `weight` identical customers; the optimiser touches each row once.
 */
export interface RfmInput {
  rows: number;
  /** Repeat purchases (occasions after the first) in the calibration period. */
  x: Float64Array;
  /** Recency: time from the first to the last occasion, in the time unit. */
  tx: Float64Array;
  /** Time from the first occasion to the end of the calibration period, in the time unit. */
  T: Float64Array;
  weight: Float64Array;
  /** Sum of the weights (the number of customers). */
  customers: number;
  /** Distinct values of x (ascending) and, per row, the index of its x among them. */
  distinctX: Float64Array;
  xSlot: Int32Array;
  /** Sum of weights per distinct x. */
  weightOfX: Float64Array;
}

/** The calibration-period summary of every customer whose first occasion falls on or before its end. */
export interface CustomerSummary {
  /** How many customers (the length of the per-customer arrays). */
  customers: number;
  /** Dictionary index of each customer (OrderTable customer dictionary). */
  customer: Int32Array;
  /** Index k of the customer in the Occasions it came from. */
  occasionIndex: Int32Array;
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  /** First occasion day, and day of the last calibration occasion. */
  firstDay: Int32Array;
  lastDay: Int32Array;
  /** Mean value of the repeat occasions of the calibration period (first excluded); NaN when x = 0. */
  monetary: Float64Array;
  /** Value of all calibration occasions (first included). */
  calibrationValue: Float64Array;
  /** Repeat occasions after the calibration end, up to and including asOf (the holdout). */
  holdout: Float64Array;
  /** Value of the holdout occasions. */
  holdoutValue: Float64Array;
  /** Returns (a negative amount, or 0) of the customer over the whole data. */
  returnsValue: Float64Array;
  /** The row of `rfm` each customer belongs to. */
  row: Int32Array;
  rfm: RfmInput;
  calibrationEnd: number;
  asOf: number;
  unit: TimeUnit;
}

export interface SummaryOptions {
  calibrationEnd: number;
  /** End of the holdout; default calibrationEnd (no holdout). */
  asOf?: number;
  unit: TimeUnit;
}

/**
 * Frequency, recency and T per customer (INTERFACES.md: frequency = occasions after the first; recency =
 * first to last occasion; T = first occasion to the end of the calibration period), plus the holdout
 * counts and the spend inputs. Customers whose first occasion is after the calibration end are left out:
 * the models say nothing about them until they have been observed.
 */
export function summariseCustomers(occ: Occasions, options: SummaryOptions): CustomerSummary {
  const calibrationEnd = options.calibrationEnd;
  const asOf = Math.max(options.asOf ?? calibrationEnd, calibrationEnd);
  const days = unitDays(options.unit);
  let n = 0;
  for (let k = 0; k < occ.customers; k++) if (occ.day[occ.start[k]] <= calibrationEnd) n++;
  const out = {
    customers: n,
    customer: new Int32Array(n),
    occasionIndex: new Int32Array(n),
    frequency: new Float64Array(n),
    recency: new Float64Array(n),
    T: new Float64Array(n),
    firstDay: new Int32Array(n),
    lastDay: new Int32Array(n),
    monetary: new Float64Array(n),
    calibrationValue: new Float64Array(n),
    holdout: new Float64Array(n),
    holdoutValue: new Float64Array(n),
    returnsValue: new Float64Array(n),
  };
  let i = 0;
  for (let k = 0; k < occ.customers; k++) {
    const from = occ.start[k];
    const to = occ.start[k + 1];
    const first = occ.day[from];
    if (first > calibrationEnd) continue;
    let last = first;
    let x = 0;
    let repeatValue = 0;
    let calibrationValue = occ.value[from];
    let holdout = 0;
    let holdoutValue = 0;
    for (let j = from + 1; j < to; j++) {
      const d = occ.day[j];
      if (d <= calibrationEnd) {
        x++;
        last = d;
        repeatValue += occ.value[j];
        calibrationValue += occ.value[j];
      } else if (d <= asOf) {
        holdout++;
        holdoutValue += occ.value[j];
      }
    }
    out.customer[i] = occ.customer[k];
    out.occasionIndex[i] = k;
    out.frequency[i] = x;
    out.recency[i] = (last - first) / days;
    out.T[i] = (calibrationEnd - first) / days;
    out.firstDay[i] = first;
    out.lastDay[i] = last;
    out.monetary[i] = x > 0 ? repeatValue / x : NaN;
    out.calibrationValue[i] = calibrationValue;
    out.holdout[i] = holdout;
    out.holdoutValue[i] = holdoutValue;
    out.returnsValue[i] = occ.returnsValue[k];
    i++;
  }
  const { rfm, row } = compressRfm(out.frequency, out.lastDay, out.firstDay, calibrationEnd, days);
  return { ...out, row, rfm, calibrationEnd, asOf, unit: options.unit };
}

/** Just the model input of `summariseCustomers`: weighted distinct (x, t_x, T) rows. */
export function rfmInput(occ: Occasions, options: SummaryOptions): RfmInput {
  return summariseCustomers(occ, options).rfm;
}

/**
 * Weighted distinct rows of (x, t_x, T). Rows are keyed on whole days, so that the comparison is exact;
 * x < 2^17 and day spans < 2^17 (359 years) pack into one safe integer.
 */
export function compressRfm(
  frequency: Float64Array, lastDay: Int32Array, firstDay: Int32Array, calibrationEnd: number, days: number,
): { rfm: RfmInput; row: Int32Array } {
  const n = frequency.length;
  const row = new Int32Array(n);
  const index = new Map<number, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  const LIMIT = 131072;
  for (let i = 0; i < n; i++) {
    const f = frequency[i];
    const r = lastDay[i] - firstDay[i];
    const t = calibrationEnd - firstDay[i];
    const key = f < LIMIT && t < LIMIT ? (f * LIMIT + r) * LIMIT + t : -(i + 1);
    let at = index.get(key);
    if (at === undefined) {
      at = x.length;
      index.set(key, at);
      x.push(f);
      tx.push(r / days);
      T.push(t / days);
      weight.push(0);
    }
    weight[at]++;
    row[i] = at;
  }
  return { rfm: rfmFromRows(Float64Array.from(x), Float64Array.from(tx), Float64Array.from(T), Float64Array.from(weight)), row };
}

/**
 * An RfmInput from rows given directly (tests, simulations, the published CDNOW summary). Rows are not
 * merged here; weights default to 1.
 */
export function rfmFromRows(x: Float64Array, tx: Float64Array, T: Float64Array, weight?: Float64Array): RfmInput {
  const rows = x.length;
  const w = weight ?? new Float64Array(rows).fill(1);
  const distinct = [...new Set(x)].sort((p, q) => p - q);
  const slotOf = new Map<number, number>();
  distinct.forEach((v, s) => slotOf.set(v, s));
  const xSlot = new Int32Array(rows);
  const weightOfX = new Float64Array(distinct.length);
  let customers = 0;
  for (let i = 0; i < rows; i++) {
    const s = slotOf.get(x[i])!;
    xSlot[i] = s;
    weightOfX[s] += w[i];
    customers += w[i];
  }
  return { rows, x, tx, T, weight: w, customers, distinctX: Float64Array.from(distinct), xSlot, weightOfX };
}

/** The distinct times of an RfmInput, so that a likelihood takes ln(α + T) once per time, not per row. */
export interface RfmTimes {
  /** Distinct values among every T and every t_x, ascending. */
  u: Float64Array;
  /** Per row, the index in `u` of its T and of its t_x. */
  tAt: Int32Array;
  txAt: Int32Array;
}

const timesOf = new WeakMap<RfmInput, RfmTimes>();

/** The distinct times of `rfm` (computed once per RfmInput). */
export function rfmTimes(rfm: RfmInput): RfmTimes {
  let times = timesOf.get(rfm);
  if (!times) {
    const all = new Float64Array(rfm.rows * 2);
    all.set(rfm.T);
    all.set(rfm.tx, rfm.rows);
    all.sort();
    const distinct: number[] = [];
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) distinct.push(all[i]);
    const index = new Map<number, number>();
    distinct.forEach((v, i) => index.set(v, i));
    const tAt = new Int32Array(rfm.rows);
    const txAt = new Int32Array(rfm.rows);
    for (let i = 0; i < rfm.rows; i++) {
      tAt[i] = index.get(rfm.T[i])!;
      txAt[i] = index.get(rfm.tx[i])!;
    }
    times = { u: Float64Array.from(distinct), tAt, txAt };
    timesOf.set(rfm, times);
  }
  return times;
}

/** The distinct (x, T) pairs of an RfmInput: the predictions given "alive at T" depend on nothing else. */
export interface RfmPairsXT {
  x: Float64Array;
  T: Float64Array;
  /** Per row, its pair. */
  ofRow: Int32Array;
}

const pairsOf = new WeakMap<RfmInput, RfmPairsXT>();

/** The distinct (x, T) pairs of `rfm` (computed once per RfmInput). */
export function rfmPairsXT(rfm: RfmInput): RfmPairsXT {
  let pairs = pairsOf.get(rfm);
  if (!pairs) {
    const { u, tAt } = rfmTimes(rfm);
    const index = new Map<number, number>();
    const x: number[] = [];
    const T: number[] = [];
    const ofRow = new Int32Array(rfm.rows);
    for (let i = 0; i < rfm.rows; i++) {
      const key = rfm.xSlot[i] * u.length + tAt[i];
      let at = index.get(key);
      if (at === undefined) {
        at = x.length;
        index.set(key, at);
        x.push(rfm.x[i]);
        T.push(rfm.T[i]);
      }
      ofRow[i] = at;
    }
    pairs = { x: Float64Array.from(x), T: Float64Array.from(T), ofRow };
    pairsOf.set(rfm, pairs);
  }
  return pairs;
}

/** Rows (x, t_x, T) merged into weighted distinct rows (for inputs that were not built from days). */
export function compressRows(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): { rfm: RfmInput; row: Int32Array } {
  const n = x.length;
  const row = new Int32Array(n);
  const index = new Map<string, number>();
  const xs: number[] = [];
  const txs: number[] = [];
  const Ts: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = `${x[i]}|${tx[i]}|${T[i]}`;
    let at = index.get(key);
    if (at === undefined) {
      at = xs.length;
      index.set(key, at);
      xs.push(x[i]);
      txs.push(tx[i]);
      Ts.push(T[i]);
      ws.push(0);
    }
    ws[at]++;
    row[i] = at;
  }
  return { rfm: rfmFromRows(Float64Array.from(xs), Float64Array.from(txs), Float64Array.from(Ts), Float64Array.from(ws)), row };
}

/**
 * The Gamma-Gamma inputs: repeat customers with a positive mean repeat value. Customers left out are
 * counted by reason, never silently dropped (the issue: returns and non-positive spend are handled beside
 * the model).
 */
export interface SpendInput {
  customers: number;
  /** Repeat purchases and their mean value, one entry per included customer. */
  x: Float64Array;
  mean: Float64Array;
  /** Index of each included customer in the CustomerSummary. */
  index: Int32Array;
  excluded: { oneTimeBuyers: number; nonPositiveSpend: number; nonFinite: number };
  /** Included customers who also returned goods (their baskets count, their returns reduce net revenue). */
  withReturns: number;
}

export function spendInput(summary: Pick<CustomerSummary, 'customers' | 'frequency' | 'monetary' | 'returnsValue'>): SpendInput {
  const x: number[] = [];
  const mean: number[] = [];
  const index: number[] = [];
  const excluded = { oneTimeBuyers: 0, nonPositiveSpend: 0, nonFinite: 0 };
  let withReturns = 0;
  for (let i = 0; i < summary.customers; i++) {
    const f = summary.frequency[i];
    const m = summary.monetary[i];
    if (!(f > 0)) excluded.oneTimeBuyers++;
    else if (!Number.isFinite(m)) excluded.nonFinite++;
    else if (!(m > 0)) excluded.nonPositiveSpend++;
    else {
      x.push(f);
      mean.push(m);
      index.push(i);
      if (summary.returnsValue[i] < 0) withReturns++;
    }
  }
  return { customers: x.length, x: Float64Array.from(x), mean: Float64Array.from(mean), index: Int32Array.from(index), excluded, withReturns };
}
