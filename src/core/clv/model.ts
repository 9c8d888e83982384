// What every purchase-count model (BG/NBD, Pareto/NBD, MBG/NBD) offers the per-customer predictions.
// Times are in the model's time unit; (x, tx, T) is a customer's calibration history.
import type { RfmInput } from './data.ts';

export type TransactionModelName = 'bgnbd' | 'paretoNbd' | 'mbgnbd';

export interface TransactionModel {
  name: TransactionModelName;
  params: Readonly<Record<string, number>>;
  /** Shape and rate of the Gamma distribution of purchase rates (r, α); used for waiting times. */
  r: number;
  alpha: number;
  /** Total (weighted) log-likelihood of the rows. */
  logLikelihood(rfm: RfmInput): number;
  /** E[X(t)]: expected repeat purchases in (0, t] of a customer who has just made a first purchase. */
  expectedPurchases(t: number): number;
  /** E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] of a customer with that history. */
  conditionalExpectedPurchases(t: number, x: number, tx: number, T: number): number;
  /**
   * E[Y(t) | x, T, alive at T]: in all three models E[Y(t) | x, t_x, T] is this times P(alive), and t_x
   * enters only through P(alive), so customers with the same (x, T) share it.
   */
  expectedPurchasesIfAlive(t: number, x: number, T: number): number;
  /** P(alive at T | x, t_x, T). */
  pAlive(x: number, tx: number, T: number): number;
  /** P(still alive at T + t | x, t_x, T), whatever happens in between. */
  pAliveAt(t: number, x: number, tx: number, T: number): number;
  /** P(at least one purchase in (T, T + t] | x, t_x, T). */
  probabilityOfPurchase(t: number, x: number, tx: number, T: number): number;
  /** P(X(t) = x) for a customer who has just made a first purchase. */
  pmf(t: number, x: number): number;
}

/** 1 / (1 + e^d) without overflow. */
export function logistic(d: number): number {
  return d > 0 ? Math.exp(-d) / (1 + Math.exp(-d)) : 1 / (1 + Math.exp(d));
}

/**
 * Median time to the next purchase of a customer who is still alive: the purchase rate's posterior is
 * Gamma(r + x, α + T) in all three models, so the waiting time is Lomax and its median is
 * (α + T)(2^(1/(r+x)) - 1). The mean would be infinite for r + x <= 1; the median always exists.
 */
export function medianWaitIfAlive(r: number, alpha: number, x: number, T: number): number {
  return (alpha + T) * Math.expm1(Math.LN2 / (r + x));
}

/** ln of the NBD probability of j purchases in t (gamma-mixed Poisson), FHL 2005 eq. (8)'s building block. */
export function logNbd(lnGammaR: number, lnGammaRj: number, lnFactorialJ: number, r: number, alpha: number, j: number, t: number): number {
  if (t <= 0) return j === 0 ? 0 : -Infinity;
  return lnGammaRj - lnGammaR - lnFactorialJ + r * (Math.log(alpha) - Math.log(alpha + t)) + (j === 0 ? 0 : j * (Math.log(t) - Math.log(alpha + t)));
}
