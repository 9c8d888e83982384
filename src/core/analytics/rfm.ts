// RFM scores by quintile, as Amazon's Customer Loyalty Analytics segments customers (reference 000).
import type { CustomerSummary } from './customers.ts';

/**
 * The tie rule, in the words the page shows next to the scores.
 *
 * A customer's score is 1 + floor(5 x b / N), where b is the number of customers with a strictly worse
 * value and N the number of customers (a "minimum rank" quintile). Equal values have the same b, so they
 * always get the same score; scores never decrease as the value improves; and a large block of equal
 * values (say half the customers with one purchase) takes the score of its lowest member, so a score
 * can stay unused rather than splitting equal customers.
 */
export const RFM_TIE_RULE =
  'Scores are quintiles: a customer scores 1 + floor(5 × the share of customers with a strictly worse value), so customers with equal values always get equal scores, even when that leaves a score unused.';

export interface RfmScores {
  customers: number;
  /** Scores 1..5 per customer (5 = most recent, most frequent, highest net revenue). */
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  /** The RFM cell 0..124 of each customer: (r-1) x 25 + (f-1) x 5 + (m-1). */
  cell: Uint8Array;
  /** Days from the last purchase occasion to asOf. */
  recencyDays: Int32Array;
  /**
   * Quintile cuts: a value scores 1 + the number of cuts it strictly exceeds. R's cuts are in days since
   * the last purchase and work the other way round: fewer days than a cut scores above it.
   */
  cuts: { recencyDays: Float64Array; frequency: Float64Array; monetary: Float64Array };
  asOf: number;
}

/** The four cuts of `values`: cut k (1..4) is the value at sorted position ceil(k x N / 5) - 1. */
export function quintileCuts(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  if (n === 0) return new Float64Array(4).fill(NaN);
  // 5 x b / N >= k  <=>  b >= ceil(k N / 5)  <=>  the value strictly exceeds sorted[ceil(k N / 5) - 1].
  return orderStatistics(values, [1, 2, 3, 4].map((k) => Math.ceil((k * n) / 5) - 1));
}

/**
 * The values at the given positions (ascending) of the sorted values, without sorting them all: a
 * quickselect per position on a copy, each continuing right of the previous one. Linear on average,
 * where a full sort of 100,000 values costs 10-30 ms of the 200 ms a recompute may take.
 */
export function orderStatistics(values: ArrayLike<number>, positions: readonly number[]): Float64Array {
  const out = new Float64Array(positions.length);
  if (countStatistics(values, positions, out)) return out;
  const a = new Float64Array(values as ArrayLike<number>);
  let lo = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    if (p < lo) throw new RangeError('positions must be ascending');
    select(a, lo, a.length - 1, p);
    out[i] = a[p];
    lo = p;
  }
  return out;
}

/**
 * Whole numbers in a narrow range (last purchase days, occasion counts) are counted instead: a histogram
 * and one walk up it. Returns false, touching nothing, when the values are not like that.
 */
function countStatistics(values: ArrayLike<number>, positions: readonly number[], out: Float64Array): boolean {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if ((v | 0) !== v) return false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0 || max - min > 4 * n + 1024) return false;
  const counts = new Int32Array(max - min + 1);
  for (let i = 0; i < n; i++) counts[values[i] - min]++;
  let seen = 0;
  let v = 0;
  for (let i = 0; i < positions.length; i++) {
    // The value at sorted position p is the first whose cumulative count exceeds p.
    while (seen + counts[v] <= positions[i]) seen += counts[v++];
    out[i] = v + min;
  }
  return true;
}

/** Places the k-th smallest of a[lo..hi] at k, smaller or equal values left of it, larger or equal right. */
function select(a: Float64Array, lo: number, hi: number, k: number): void {
  while (hi - lo > 16) {
    const x = a[lo];
    const y = a[(lo + hi) >>> 1];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    // Hoare partition: both scans stop on values equal to the pivot, so runs of ties split evenly.
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return; // a[j+1..i-1] all equal the pivot
  }
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

/** Quintile scores 1..5 of `values` (higher value, higher score) under RFM_TIE_RULE. */
export function scoreQuintiles(values: ArrayLike<number>, out: Uint8Array = new Uint8Array(values.length)): Uint8Array {
  const cuts = quintileCuts(values);
  scoreByCuts(values, cuts, out);
  return out;
}

export function scoreByCuts(values: ArrayLike<number>, cuts: Float64Array, out: Uint8Array): void {
  const [c1, c2, c3, c4] = cuts;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = 1 + (v > c1 ? 1 : 0) + (v > c2 ? 1 : 0) + (v > c3 ? 1 : 0) + (v > c4 ? 1 : 0);
  }
}

export function rfmCell(r: number, f: number, m: number): number {
  return (r - 1) * 25 + (f - 1) * 5 + (m - 1);
}

/** The scores of a cell 0..124. */
export function cellScores(cell: number): { r: number; f: number; m: number } {
  return { r: Math.floor(cell / 25) + 1, f: (Math.floor(cell / 5) % 5) + 1, m: (cell % 5) + 1 };
}

/**
 * R from the days since the last purchase occasion (fewer days, higher score), F from the number of
 * purchase occasions, M from net revenue (returns subtracted), each scored over all customers.
 */
export function rfmScores(cs: CustomerSummary, asOf: number): RfmScores {
  const n = cs.customers;
  // Scoring the last purchase day is scoring -recency: asOf is the same for everyone.
  const lastDayCuts = quintileCuts(cs.lastDay);
  const frequencyCuts = quintileCuts(cs.occasionCount);
  const monetaryCuts = quintileCuts(cs.netRevenue);
  const r = new Uint8Array(n);
  const f = new Uint8Array(n);
  const m = new Uint8Array(n);
  scoreByCuts(cs.lastDay, lastDayCuts, r);
  scoreByCuts(cs.occasionCount, frequencyCuts, f);
  scoreByCuts(cs.netRevenue, monetaryCuts, m);
  const cell = new Uint8Array(n);
  const recencyDays = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    cell[k] = (r[k] - 1) * 25 + (f[k] - 1) * 5 + (m[k] - 1);
    recencyDays[k] = asOf - cs.lastDay[k];
  }
  return {
    customers: n,
    r,
    f,
    m,
    cell,
    recencyDays,
    cuts: {
      recencyDays: lastDayCuts.map((d) => asOf - d),
      frequency: frequencyCuts,
      monetary: monetaryCuts,
    },
    asOf,
  };
}
