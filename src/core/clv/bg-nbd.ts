// BG/NBD: Fader, Hardie & Lee (2005), "'Counting Your Customers' the Easy Way: An Alternative to the
// Pareto/NBD Model", Marketing Science 24(2), 275-284; P(alive) from Fader, Hardie & Lee (2008), "Computing
// P(alive) Using the BG/NBD Model". While alive a customer buys at Poisson rate λ ~ Gamma(r, α); after
// each repeat purchase she drops out with probability p ~ Beta(a, b).
import { rfmTimes, type RfmInput, type RfmTimes } from './data.ts';
import { fitMaximumLikelihood, transactionDataProblem, type FitResult, type LikelihoodSpec } from './fit.ts';
import { logistic, logNbd, type TransactionModel } from './model.ts';
import { betaMean, bgExpectationFactor, digamma, hyp2f1, lnBeta, lnGamma, logAddExp } from './special.ts';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Scratch space for one RfmInput, allocated once per fit so that the likelihood loop allocates nothing. */
export interface BetaGeometricWorkspace {
  first: Float64Array;
  second: Float64Array;
  shareFirst: Float64Array;
  /** The distinct times of the rows (every T and t_x); ln(α + u) and 1/(α + u) for each, per evaluation. */
  times: RfmTimes;
  lnAlphaU: Float64Array;
  inverseAlphaU: Float64Array;
}

export function betaGeometricWorkspace(rfm: RfmInput): BetaGeometricWorkspace {
  const k = rfm.distinctX.length;
  const times = rfmTimes(rfm);
  return { first: new Float64Array(k), second: new Float64Array(k), shareFirst: new Float64Array(k), times,
    lnAlphaU: new Float64Array(times.u.length), inverseAlphaU: new Float64Array(times.u.length) };
}

/**
 * The weighted log-likelihood shared by BG/NBD (`modified` false: FHL 2005 eq. 6) and MBG/NBD (`modified`
 * true: Batislam, Denizel & Filiztekin 2007, where a customer may also drop out right after the first
 * purchase). Per customer
 *   L = B(a, b+x+m)/B(a,b) Γ(r+x)α^r / (Γ(r)(α+T)^(r+x))
 *     + [x > 0 or m] B(a+1, b+x-1+m)/B(a,b) Γ(r+x)α^r / (Γ(r)(α+t_x)^(r+x)),   m = 1 if modified,
 * summed as logs with log-sum-exp. Every term that depends only on x is computed once per distinct x, and
 * ln(α+T), ln(α+t_x) once per distinct time.
 * With `grad`, also writes ∂LL/∂(r, α, a, b).
 */
export function betaGeometricLogLikelihood(
  theta: ArrayLike<number>, rfm: RfmInput, modified: boolean, ws: BetaGeometricWorkspace, grad: Float64Array | null,
): number {
  const r = theta[0];
  const alpha = theta[1];
  const a = theta[2];
  const b = theta[3];
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return -Infinity;
  const m = modified ? 1 : 0;
  const lnAlpha = Math.log(alpha);
  const lnGammaR = lnGamma(r);
  const lnBab = lnBeta(a, b);
  const { first, second, shareFirst } = ws;
  const nx = rfm.distinctX.length;
  for (let s = 0; s < nx; s++) {
    const X = rfm.distinctX[s];
    const common = lnGamma(r + X) - lnGammaR + r * lnAlpha - lnBab;
    first[s] = common + lnBeta(a, b + X + m);
    second[s] = X > 0 || modified ? common + lnBeta(a + 1, b + X - 1 + m) : -Infinity;
    shareFirst[s] = 0;
  }
  const { x, tx, T, weight, xSlot } = rfm;
  const { u, tAt, txAt } = ws.times;
  const { lnAlphaU, inverseAlphaU } = ws;
  for (let k = 0; k < u.length; k++) {
    lnAlphaU[k] = Math.log(alpha + u[k]);
    inverseAlphaU[k] = 1 / (alpha + u[k]);
  }
  let ll = 0;
  let gR = 0;
  let gAlpha = 0;
  for (let i = 0; i < rfm.rows; i++) {
    const s = xSlot[i];
    const rx = r + x[i];
    const lnT = lnAlphaU[tAt[i]];
    const A = first[s] - rx * lnT;
    const w = weight[i];
    if (second[s] === -Infinity) {
      ll += w * A;
      if (grad) {
        gR -= w * lnT;
        gAlpha -= w * rx * inverseAlphaU[tAt[i]];
        shareFirst[s] += w;
      }
      continue;
    }
    const lnTx = lnAlphaU[txAt[i]];
    const B = second[s] - rx * lnTx;
    let row: number;
    let pFirst: number;
    if (A >= B) {
      const e = Math.exp(B - A);
      row = A + Math.log1p(e);
      pFirst = 1 / (1 + e);
    } else {
      const e = Math.exp(A - B);
      row = B + Math.log1p(e);
      pFirst = e / (1 + e);
    }
    ll += w * row;
    if (grad) {
      const pSecond = 1 - pFirst;
      gR -= w * (pFirst * lnT + pSecond * lnTx);
      gAlpha -= w * rx * (pFirst * inverseAlphaU[tAt[i]] + pSecond * inverseAlphaU[txAt[i]]);
      shareFirst[s] += w * pFirst;
    }
  }
  if (grad) {
    const psiR = digamma(r);
    const psiA = digamma(a);
    const psiB = digamma(b);
    const psiAB = digamma(a + b);
    const psiA1 = digamma(a + 1);
    let gA = 0;
    let gB = 0;
    for (let s = 0; s < nx; s++) {
      const X = rfm.distinctX[s];
      const W = rfm.weightOfX[s];
      const S1 = shareFirst[s];
      const S2 = W - S1;
      gR += W * (digamma(r + X) - psiR + lnAlpha);
      gAlpha += (W * r) / alpha;
      const psiTotal = digamma(a + b + X + m);
      gA += -W * (psiA - psiAB) + S1 * (psiA - psiTotal);
      gB += -W * (psiB - psiAB) + S1 * (digamma(b + X + m) - psiTotal);
      if (second[s] !== -Infinity) {
        gA += S2 * (psiA1 - psiTotal);
        gB += S2 * (digamma(b + X - 1 + m) - psiTotal);
      }
    }
    grad[0] = gR;
    grad[1] = gAlpha;
    grad[2] = gA;
    grad[3] = gB;
  }
  return ll;
}

/** Starting points scaled to the data's purchase rate, so that days and weeks start equally well. */
export function betaGeometricStarts(rfm: RfmInput): Float64Array[] {
  let purchases = 0;
  let time = 0;
  for (let i = 0; i < rfm.rows; i++) {
    purchases += rfm.weight[i] * rfm.x[i];
    time += rfm.weight[i] * rfm.T[i];
  }
  const scale = purchases > 0 && time > 0 ? time / purchases : 1;
  return [
    Float64Array.of(1, scale, 1, 3),
    Float64Array.of(0.3, 0.3 * scale, 0.7, 2),
    Float64Array.of(2, 4 * scale, 2, 10),
  ];
}

export function bgNbdLogLikelihood(params: BgNbdParams, rfm: RfmInput): number {
  return betaGeometricLogLikelihood([params.r, params.alpha, params.a, params.b], rfm, false, betaGeometricWorkspace(rfm), null);
}

export function bgNbdSpec(rfm: RfmInput): LikelihoodSpec {
  const ws = betaGeometricWorkspace(rfm);
  return {
    names: ['r', 'alpha', 'a', 'b'],
    logLikelihood: (theta) => betaGeometricLogLikelihood(theta, rfm, false, ws, null),
    logLikelihoodGradient: (theta, grad) => betaGeometricLogLikelihood(theta, rfm, false, ws, grad),
    starts: betaGeometricStarts(rfm),
    customers: rfm.customers,
  };
}

export function fitBgNbd(rfm: RfmInput): FitResult {
  const problem = transactionDataProblem(rfm);
  if (problem) return { ok: false, error: problem };
  return withDropoutNote(fitMaximumLikelihood(bgNbdSpec(rfm), 'BG/NBD'));
}

/**
 * BG/NBD and MBG/NBD: when the mean drop-out probability per purchase a/(a+b) is below 1 in 1,000, the fit
 * is valid but has reduced to the NBD (nobody seems to leave); the page says so beside the numbers.
 */
export function withDropoutNote(fit: FitResult): FitResult {
  if (fit.ok && fit.params.a / (fit.params.a + fit.params.b) < 1e-3) {
    fit.notes.push('the fitted drop-out probability is negligible: customers are not seen to leave, so the model has reduced to the NBD');
  }
  return fit;
}

/**
 * E[Y(t) | x, t_x, T] (FHL 2005 eq. 10):
 *   (a+b+x-1)/(a-1) [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(α+T+t))]
 *   / (1 + [x > 0] a/(b+x-1) ((α+T)/(α+t_x))^(r+x)).
 * With x = t_x = T = 0 it is E[X(t)] (eq. 9). The bracket over (a-1) is `bgExpectationFactor`.
 */
export function bgNbdConditionalExpectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (!(t > 0)) return 0;
  return expectedIfAlive(p, t, x, T, false) * bgNbdPAlive(p, x, tx, T);
}

/**
 * E[purchases in (T, T+t] | alive at T] for BG/NBD (modified false, p ~ Beta(a, b+x)) and MBG/NBD (true,
 * p ~ Beta(a, b+x+1)): E[(1 - (1 + p t/(α+T))^-(r+x)) / p], by the 2F1 closed form, or by quadrature over
 * p where that has no finite value (c <= 0, or hyp2f1 overflowing).
 */
export function expectedIfAlive(p: BgNbdParams, t: number, x: number, T: number, modified: boolean): number {
  const { r, alpha, a, b } = p;
  const bb = b + x + (modified ? 1 : 0);
  const c = a + bb - 1;
  const z = t / (alpha + T + t);
  const closed = c > 0 ? c * bgExpectationFactor(c - r - x, a, c, z) : NaN;
  const limit = (r + x) * (t / (alpha + T)); // E[λ t | alive]: nobody can buy more than that on average
  if (Number.isFinite(closed) && closed >= 0 && closed <= limit * (1 + 1e-9)) return closed;
  const k = t / (alpha + T);
  const m = r + x;
  return betaMean(a, bb, (q) => (q > 0 ? -Math.expm1(-m * Math.log1p(q * k)) / q : m * k));
}

/** E[(1 + p t/(α+T))^-(r+x)] over p ~ Beta(a, bb): survival of the purchases in (T, T+t] (see below). */
export function survivalIfAlive(p: BgNbdParams, t: number, x: number, T: number, bb: number): number {
  const { r, alpha, a } = p;
  const z = t / (alpha + T + t);
  // (1-z)^(r+x) 2F1(r+x, bb; a+bb; z), Euler-transformed to (1-z)^a 2F1(a+bb-r-x, a; a+bb; z).
  const closed = Math.pow(1 - z, a) * hyp2f1(a + bb - r - x, a, a + bb, z);
  if (Number.isFinite(closed) && closed >= 0 && closed <= 1 + 1e-9) return Math.min(1, closed);
  const k = t / (alpha + T);
  return betaMean(a, bb, (q) => Math.exp(-(r + x) * Math.log1p(q * k)));
}

/** P(alive | x, t_x, T) (Fader, Hardie & Lee 2008, eq. 2). */
export function bgNbdPAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x <= 0) return 1;
  const { r, alpha, a, b } = p;
  const d = Math.log(a / (b + x - 1)) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return logistic(d);
}

/**
 * P(alive at T + t): alive at T, with posterior λ ~ Gamma(r+x, α+T) and p ~ Beta(a, b+x), and surviving the
 * purchases of (T, T+t]: E[e^(-λpt)] = (1-z)^(r+x) 2F1(r+x, b+x; a+b+x; z), z = t/(α+T+t), written after
 * Euler's transformation as (1-z)^a 2F1(a+b-r, a; a+b+x; z).
 */
export function bgNbdPAliveAt(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const now = bgNbdPAlive(p, x, tx, T);
  if (!(t > 0)) return now;
  return now * survivalIfAlive(p, t, x, T, p.b + x);
}

/** P(at least one purchase in (T, T+t]): alive, and the next purchase comes within t. */
export function bgNbdProbabilityOfPurchase(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (!(t > 0)) return 0;
  const { r, alpha } = p;
  return bgNbdPAlive(p, x, tx, T) * -Math.expm1((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t)));
}

/** P(X(t) = x) (FHL 2005 eq. 8). */
export function bgNbdPmf(p: BgNbdParams, t: number, x: number): number {
  return betaGeometricPmf(p, t, x, false);
}

/** The BG/NBD (modified = false) and MBG/NBD (true) probability of x repeat purchases in (0, t]. */
export function betaGeometricPmf(p: BgNbdParams, t: number, x: number, modified: boolean): number {
  const { r, alpha, a, b } = p;
  const m = modified ? 1 : 0;
  const lnGammaR = lnGamma(r);
  const lnBab = lnBeta(a, b);
  // Alive after x purchases (and the drop-out chances), exactly x purchases in t.
  let prob = Math.exp(lnBeta(a, b + x + m) - lnBab + logNbd(lnGammaR, lnGamma(r + x), lnGamma(x + 1), r, alpha, x, t));
  if (x > 0 || modified) {
    // Dropped out right after the x-th purchase, which came before t: 1 - P(N(t) < x).
    let below = 0;
    for (let j = 0; j < x; j++) below += Math.exp(logNbd(lnGammaR, lnGamma(r + j), lnGamma(j + 1), r, alpha, j, t));
    prob += Math.exp(lnBeta(a + 1, b + x - 1 + m) - lnBab) * Math.max(0, 1 - below);
  }
  return prob;
}

export function bgNbdModel(p: BgNbdParams): TransactionModel {
  return {
    name: 'bgnbd',
    params: { r: p.r, alpha: p.alpha, a: p.a, b: p.b },
    r: p.r,
    alpha: p.alpha,
    logLikelihood: (rfm) => bgNbdLogLikelihood(p, rfm),
    expectedPurchases: (t) => bgNbdConditionalExpectedPurchases(p, t, 0, 0, 0),
    conditionalExpectedPurchases: (t, x, tx, T) => bgNbdConditionalExpectedPurchases(p, t, x, tx, T),
    expectedPurchasesIfAlive: (t, x, T) => (t > 0 ? expectedIfAlive(p, t, x, T, false) : 0),
    pAlive: (x, tx, T) => bgNbdPAlive(p, x, tx, T),
    pAliveAt: (t, x, tx, T) => bgNbdPAliveAt(p, t, x, tx, T),
    probabilityOfPurchase: (t, x, tx, T) => bgNbdProbabilityOfPurchase(p, t, x, tx, T),
    pmf: (t, x) => bgNbdPmf(p, t, x),
  };
}

/** Joins BG/NBD's log-likelihood pieces for one customer, for tests and single look-ups. */
export function bgNbdCustomerLogLikelihood(p: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const common = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) - lnBeta(a, b);
  const first = common + lnBeta(a, b + x) - (r + x) * Math.log(alpha + T);
  const second = x > 0 ? common + lnBeta(a + 1, b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return logAddExp(first, second);
}
