// MBG/NBD: Batislam, Denizel & Filiztekin (2007), "Empirical validation and comparison of models for
// customer base analysis", International Journal of Research in Marketing 24(3), 201-209 (the same model as
// Hoppe & Wagner's CBG/NBD). As BG/NBD, except that a customer may also drop out right after the first
// purchase, so that one-time buyers can be "dead" too. The published CDNOW fit (BTYDplus, Platzer 2016):
// r 0.525, α 6.183, a 0.891, b 1.614.
import {
  betaGeometricLogLikelihood, betaGeometricPmf, betaGeometricStarts, betaGeometricWorkspace, expectedIfAlive, survivalIfAlive,
  withDropoutNote, type BgNbdParams,
} from './bg-nbd.ts';
import type { RfmInput } from './data.ts';
import { fitMaximumLikelihood, transactionDataProblem, type FitResult, type LikelihoodSpec } from './fit.ts';
import { logistic, type TransactionModel } from './model.ts';

export type MbgNbdParams = BgNbdParams;

/**
 * Log-likelihood (Batislam et al. 2007):
 *   L = B(a, b+x+1)/B(a,b) Γ(r+x)α^r/(Γ(r)(α+T)^(r+x)) + B(a+1, b+x)/B(a,b) Γ(r+x)α^r/(Γ(r)(α+t_x)^(r+x)).
 */
export function mbgNbdLogLikelihood(params: MbgNbdParams, rfm: RfmInput): number {
  return betaGeometricLogLikelihood([params.r, params.alpha, params.a, params.b], rfm, true, betaGeometricWorkspace(rfm), null);
}

export function mbgNbdSpec(rfm: RfmInput): LikelihoodSpec {
  const ws = betaGeometricWorkspace(rfm);
  return {
    names: ['r', 'alpha', 'a', 'b'],
    logLikelihood: (theta) => betaGeometricLogLikelihood(theta, rfm, true, ws, null),
    logLikelihoodGradient: (theta, grad) => betaGeometricLogLikelihood(theta, rfm, true, ws, grad),
    starts: betaGeometricStarts(rfm),
    customers: rfm.customers,
  };
}

export function fitMbgNbd(rfm: RfmInput): FitResult {
  const problem = transactionDataProblem(rfm);
  if (problem) return { ok: false, error: problem };
  return withDropoutNote(fitMaximumLikelihood(mbgNbdSpec(rfm), 'MBG/NBD'));
}

/** P(alive | x, t_x, T) = 1 / (1 + a/(b+x) ((α+T)/(α+t_x))^(r+x)) (Batislam et al. 2007). */
export function mbgNbdPAlive(p: MbgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const d = Math.log(a / (b + x)) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return logistic(d);
}

/**
 * E[Y(t) | x, t_x, T] (Batislam et al. 2007):
 *   (a+b+x)/(a-1) [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x+1; a+b+x; t/(α+T+t))] P(alive).
 * E[X(t)] (their unconditional expectation, b/(a-1)[1 - (α/(α+t))^r 2F1(r, b+1; a+b; t/(α+t))]) is the case x = t_x = T = 0.
 */
export function mbgNbdConditionalExpectedPurchases(p: MbgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (!(t > 0)) return 0;
  return expectedIfAlive(p, t, x, T, true) * mbgNbdPAlive(p, x, tx, T);
}

/** P(alive at T+t): as for BG/NBD with the posterior p ~ Beta(a, b+x+1). */
export function mbgNbdPAliveAt(p: MbgNbdParams, t: number, x: number, tx: number, T: number): number {
  const now = mbgNbdPAlive(p, x, tx, T);
  if (!(t > 0)) return now;
  return now * survivalIfAlive(p, t, x, T, p.b + x + 1);
}

export function mbgNbdProbabilityOfPurchase(p: MbgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (!(t > 0)) return 0;
  const { r, alpha } = p;
  return mbgNbdPAlive(p, x, tx, T) * -Math.expm1((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t)));
}

export function mbgNbdModel(p: MbgNbdParams): TransactionModel {
  return {
    name: 'mbgnbd',
    params: { r: p.r, alpha: p.alpha, a: p.a, b: p.b },
    r: p.r,
    alpha: p.alpha,
    logLikelihood: (rfm) => mbgNbdLogLikelihood(p, rfm),
    expectedPurchases: (t) => mbgNbdConditionalExpectedPurchases(p, t, 0, 0, 0),
    conditionalExpectedPurchases: (t, x, tx, T) => mbgNbdConditionalExpectedPurchases(p, t, x, tx, T),
    expectedPurchasesIfAlive: (t, x, T) => (t > 0 ? expectedIfAlive(p, t, x, T, true) : 0),
    pAlive: (x, tx, T) => mbgNbdPAlive(p, x, tx, T),
    pAliveAt: (t, x, tx, T) => mbgNbdPAliveAt(p, t, x, tx, T),
    probabilityOfPurchase: (t, x, tx, T) => mbgNbdProbabilityOfPurchase(p, t, x, tx, T),
    pmf: (t, x) => betaGeometricPmf(p, t, x, true),
  };
}
