// Pareto/NBD: Schmittlein, Morrison & Colombo (1987), "Counting Your Customers: Who Are They and What Will
// They Do Next?", Management Science 33(1), 1-24; the likelihood as derived in Fader & Hardie (2005), "A
// Note on Deriving the Pareto/NBD Model and Related Expressions" (note 009). While alive a customer buys
// at Poisson rate λ ~ Gamma(r, α); her lifetime is exponential with rate μ ~ Gamma(s, β).
import { rfmTimes, type RfmInput } from './data.ts';
import { fitMaximumLikelihood, transactionDataProblem, type FitResult, type LikelihoodSpec } from './fit.ts';
import { logNbd, type TransactionModel } from './model.ts';
import { logTailNear, logTailSeries, NEAR_MAX_P } from './power-tail.ts';
import { digamma, lnGamma, logAddExp, logPowerIntegral, seriesFrom } from './special.ts';

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/**
 * ln L for one customer, as two log terms: alive at T, and dropped out in (t_x, T]. Fader & Hardie (note
 * 009) give
 *   L = Γ(r+x)α^r β^s / Γ(r) { 1/((α+T)^(r+x)(β+T)^s) + s/(r+s+x) A0 },
 * where A0 is a difference of two 2F1 terms; s/(r+s+x) A0 equals s ∫_{t_x}^{T} (α+τ)^-(r+x) (β+τ)^-(s+1) dτ
 * (the drop-out time integrated over (t_x, T]), which `logPowerIntegral` evaluates without the
 * difference's cancellation.
 */
function paretoTerms(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number, out: Float64Array): void {
  out[0] = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  out[1] = Math.log(s) + logPowerIntegral(alpha, r + x, beta, s + 1, tx, T);
}

/**
 * ln(L / (Γ(r+x)α^r β^s / Γ(r))) for one customer, the fast way used inside the fit. Where the whole
 * interval (t_x, T] lies in the series regime of `logPowerIntegral` (z <= 0.9), the two antiderivative
 * terms share their logarithms with the "alive" term: writing E1 = (α+T)^-(r+x) (β+T)^-s and J(u) for
 * the antiderivative at u, J(T) = E1 · K/s with K = s S(z_T)/(r+s+x) (times (α+T)/(β+T) when α < β), so
 *   L = E1 (1 - K) + s J(t_x),
 * which needs two logarithms fewer per customer and none at all for t_x = 0 (cached per evaluation).
 * K < 1 always (it is the share of E1 + s I that I's upper end takes); where rounding says otherwise, or
 * z > 0.9, the general two-term form is used.
 */
export interface ParetoCache {
  lnAlpha: number;
  lnBeta: number;
}

function paretoRow(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number, cache: ParetoCache): number {
  const rx = r + x;
  const lnAT = Math.log(alpha + T);
  const lnBT = Math.log(beta + T);
  const lnE1 = -rx * lnAT - s * lnBT;
  if (!(T > tx)) return lnE1;
  const swap = alpha < beta;
  const A = swap ? beta : alpha;
  const B = swap ? alpha : beta;
  const P = swap ? s + 1 : rx;
  const Q = swap ? rx : s + 1;
  if (tx < seriesFrom(A, B)) return logAddExp(lnE1, Math.log(s) + logPowerIntegral(alpha, rx, beta, s + 1, tx, T));
  const c = P + Q;
  const sumT = seriesS(P, c, (A - B) / (A + T));
  const K = (s * sumT) / (rx + s) * (swap ? Math.exp(lnAT - lnBT) : 1);
  if (!(K < 1 - 1e-12)) return logAddExp(lnE1, Math.log(s) + logPowerIntegral(alpha, rx, beta, s + 1, tx, T));
  const lnAtx = tx === 0 ? (swap ? cache.lnBeta : cache.lnAlpha) : Math.log(A + tx);
  const lnBtx = tx === 0 ? (swap ? cache.lnAlpha : cache.lnBeta) : Math.log(B + tx);
  const lnJ = -P * lnAtx - (Q - 1) * lnBtx + Math.log(seriesS(P, c, (A - B) / (A + tx))) - Math.log(rx + s);
  return logAddExp(lnE1 + Math.log1p(-K), Math.log(s) + lnJ);
}

/** 2F1(1, P; c; z) = Σ (P)_n / (c)_n z^n for 0 <= z <= SERIES_MAX_Z (positive terms, ratio below z). */
function seriesS(P: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 2000 && z > 0; n++) {
    term *= ((P + n) / (c + n)) * z;
    sum += term;
    if (term < 1e-16 * sum) break;
  }
  return sum;
}

/** The two log terms of L (alive at T; dropped out in (t_x, T]), for P(alive) and the tests. */
export function paretoNbdLogTerms(p: ParetoNbdParams, x: number, tx: number, T: number): [number, number] {
  const out = new Float64Array(2);
  paretoTerms(p.r, p.alpha, p.s, p.beta, x, tx, T, out);
  return [out[0], out[1]];
}

/**
 * Weighted Pareto/NBD log-likelihood, customer by customer through `logPowerIntegral` (any parameters). The
 * fit uses `paretoNbdGroupedLogLikelihood`, which gives the same numbers from far fewer special-function
 * evaluations wherever its expansions apply, and falls back to this.
 */
export function paretoNbdRowLogLikelihood(theta: ArrayLike<number>, rfm: RfmInput): number {
  const r = theta[0];
  const alpha = theta[1];
  const s = theta[2];
  const beta = theta[3];
  if (!(r > 0 && alpha > 0 && s > 0 && beta > 0)) return -Infinity;
  const base = r * Math.log(alpha) + s * Math.log(beta) - lnGamma(r);
  let ll = 0;
  for (let k = 0; k < rfm.distinctX.length; k++) ll += rfm.weightOfX[k] * (lnGamma(r + rfm.distinctX[k]) + base);
  const cache: ParetoCache = { lnAlpha: Math.log(alpha), lnBeta: Math.log(beta) };
  for (let i = 0; i < rfm.rows; i++) ll += rfm.weight[i] * paretoRow(r, alpha, s, beta, rfm.x[i], rfm.tx[i], rfm.T[i], cache);
  return ll;
}

/**
 * The fit's view of an RfmInput: every distinct time u (each T and each t_x) and every distinct (x, u) pair.
 * A customer's likelihood (note 009) is
 *   L = Γ(r+x)α^r β^s / Γ(r) { E1 + s [G(t_x) - G(T)] },   E1 = (α+T)^-(r+x) (β+T)^-s,
 *   G(u) = ∫_u^∞ (α+τ)^-(r+x) (β+τ)^-(s+1) dτ,
 * (s/(r+s+x) A0 = s [G(t_x) - G(T)]), so E1 and G(T) belong to the (x, T) pair and G(t_x) to the (x, t_x)
 * pair, and each pair's special functions are evaluated once per likelihood evaluation, however many
 * customers share it. The row itself is E1 (1 - K) + s G(t_x) with K = s G(T) / E1 < 1, a sum of two
 * positive terms, so that t_x close to T loses nothing to cancellation.
 */
export interface ParetoWorkspace {
  rfm: RfmInput;
  /** Distinct times, ascending. */
  u: Float64Array;
  /** Per distinct (x, u) pair: x, the slot of x in rfm.distinctX, the index of u. */
  pairX: Float64Array;
  pairXSlot: Int32Array;
  pairU: Int32Array;
  /** Per row: its (x, T) pair, and its (x, t_x) pair or -1 when t_x = T (no drop-out term). */
  rowT: Int32Array;
  rowTx: Int32Array;
  // Scratch, rewritten by every evaluation.
  lnAu: Float64Array;
  lnBu: Float64Array;
  lnG: Float64Array;
  /** ∂ ln G / ∂(r, α, s, β), four per pair. */
  dLnG: Float64Array;
  lnE1: Float64Array;
  K: Float64Array;
  sumA: Float64Array;
  sumB: Float64Array;
  sumC: Float64Array;
  splitTail: Float64Array;
  splitDone: Uint8Array;
}

export function paretoWorkspace(rfm: RfmInput): ParetoWorkspace {
  const { u, tAt, txAt } = rfmTimes(rfm);
  const pairIndex = new Map<number, number>();
  const pairX: number[] = [];
  const pairXSlot: number[] = [];
  const pairU: number[] = [];
  const pairOf = (slot: number, ui: number): number => {
    const key = slot * u.length + ui;
    let at = pairIndex.get(key);
    if (at === undefined) {
      at = pairX.length;
      pairIndex.set(key, at);
      pairX.push(rfm.distinctX[slot]);
      pairXSlot.push(slot);
      pairU.push(ui);
    }
    return at;
  };
  const rowT = new Int32Array(rfm.rows);
  const rowTx = new Int32Array(rfm.rows);
  for (let i = 0; i < rfm.rows; i++) {
    rowT[i] = pairOf(rfm.xSlot[i], tAt[i]);
    rowTx[i] = rfm.T[i] > rfm.tx[i] ? pairOf(rfm.xSlot[i], txAt[i]) : -1;
  }
  const pairs = pairX.length;
  return {
    rfm, u, pairX: Float64Array.from(pairX), pairXSlot: Int32Array.from(pairXSlot), pairU: Int32Array.from(pairU), rowT, rowTx,
    lnAu: new Float64Array(u.length), lnBu: new Float64Array(u.length),
    lnG: new Float64Array(pairs), dLnG: new Float64Array(pairs * 4), lnE1: new Float64Array(pairs), K: new Float64Array(pairs),
    sumA: new Float64Array(pairs), sumB: new Float64Array(pairs), sumC: new Float64Array(pairs),
    splitTail: new Float64Array(rfm.distinctX.length * 5), splitDone: new Uint8Array(rfm.distinctX.length),
  };
}

const tail = new Float64Array(5);

/**
 * The weighted log-likelihood over the workspace's pairs, with ∂LL/∂(r, α, s, β) in `grad` when given. Null
 * where the expansions of power-tail.ts do not reach (below the split with α above β, or with s + 1 >
 * NEAR_MAX_P: short lifetimes next to the purchase rate) or K rounds to 1: the caller then uses
 * `paretoNbdRowLogLikelihood`, whose quadrature spans only each row's (t_x, T] (G(u) would need it from u
 * to the split, thousands of days when α and β are far apart), and the optimiser takes finite differences.
 */
export function paretoNbdGroupedLogLikelihood(theta: ArrayLike<number>, ws: ParetoWorkspace, grad: Float64Array | null): number | null {
  const r = theta[0];
  const alpha = theta[1];
  const s = theta[2];
  const beta = theta[3];
  if (!(r > 0 && alpha > 0 && s > 0 && beta > 0)) return -Infinity;
  const rfm = ws.rfm;
  // G in the orientation of power-tail.ts: A >= B, (A+τ)^-P (B+τ)^-Q.
  const swap = alpha < beta;
  const A = swap ? beta : alpha;
  const B = swap ? alpha : beta;
  const split = seriesFrom(A, B);
  if (ws.u.length > 0 && ws.u[0] < split && !(swap && s + 1 <= NEAR_MAX_P)) return null;
  const { u, lnAu, lnBu, lnG, dLnG, lnE1, K, pairX, pairU, pairXSlot } = ws;
  for (let k = 0; k < u.length; k++) {
    lnAu[k] = Math.log(alpha + u[k]);
    lnBu[k] = Math.log(beta + u[k]);
  }
  ws.splitDone.fill(0);
  const lnS = Math.log(s);
  for (let g = 0; g < pairX.length; g++) {
    const x = pairX[g];
    const k = pairU[g];
    const time = u[k];
    const P = swap ? s + 1 : r + x;
    const Q = swap ? r + x : s + 1;
    if (time >= split) {
      logTailSeries(A, P, B, Q, time, swap ? lnBu[k] : lnAu[k], swap ? lnAu[k] : lnBu[k], tail);
    } else {
      const slot = pairXSlot[g];
      const atSplit = ws.splitTail.subarray(slot * 5, slot * 5 + 5);
      if (!ws.splitDone[slot]) {
        logTailSeries(A, P, B, Q, split, Math.log(A + split), Math.log(B + split), atSplit);
        ws.splitDone[slot] = 1;
      }
      logTailNear(A, P, B, Q, time, atSplit, tail);
    }
    lnG[g] = tail[0];
    // tail[1..4] are ∂/∂(A, B, P, Q); in (r, α, s, β):
    dLnG[4 * g] = swap ? tail[4] : tail[3];
    dLnG[4 * g + 1] = swap ? tail[2] : tail[1];
    dLnG[4 * g + 2] = swap ? tail[3] : tail[4];
    dLnG[4 * g + 3] = swap ? tail[1] : tail[2];
    lnE1[g] = -(r + x) * lnAu[k] - s * lnBu[k];
    K[g] = Math.exp(lnS + tail[0] - lnE1[g]);
  }
  const { sumA, sumB, sumC, rowT, rowTx } = ws;
  if (grad) {
    sumA.fill(0);
    sumB.fill(0);
    sumC.fill(0);
  }
  const base = r * Math.log(alpha) + s * Math.log(beta) - lnGamma(r);
  let ll = 0;
  for (let k = 0; k < rfm.distinctX.length; k++) ll += rfm.weightOfX[k] * (lnGamma(r + rfm.distinctX[k]) + base);
  for (let i = 0; i < rfm.rows; i++) {
    const w = rfm.weight[i];
    const jT = rowT[i];
    const jx = rowTx[i];
    if (jx < 0) {
      ll += w * lnE1[jT];
      if (grad) sumA[jT] += w;
      continue;
    }
    const k = K[jT];
    if (!(k < 1 - 1e-12)) return null;
    const first = lnE1[jT] + Math.log1p(-k);
    const second = lnS + lnG[jx];
    let row: number;
    let share: number; // of E1 (1 - K) in the row
    if (first >= second) {
      const e = Math.exp(second - first);
      row = first + Math.log1p(e);
      share = 1 / (1 + e);
    } else {
      const e = Math.exp(first - second);
      row = second + Math.log1p(e);
      share = e / (1 + e);
    }
    ll += w * row;
    if (grad) {
      // Shares of the row: E1 is a = share/(1-K), s G(T) is K a, s G(t_x) is 1 - share.
      const a = share / (1 - k);
      sumA[jT] += w * a;
      sumC[jT] += w * k * a;
      sumB[jx] += w * (1 - share);
    }
  }
  if (!Number.isFinite(ll)) return ll;
  if (grad) {
    const N = rfm.customers;
    let gR = 0;
    const psiR = digamma(r);
    for (let k = 0; k < rfm.distinctX.length; k++) gR += rfm.weightOfX[k] * (digamma(r + rfm.distinctX[k]) - psiR);
    gR += N * Math.log(alpha);
    let gAlpha = (N * r) / alpha;
    let gS = N * Math.log(beta);
    let gBeta = (N * s) / beta;
    for (let g = 0; g < pairX.length; g++) {
      const a = sumA[g];
      const d = sumB[g] - sumC[g]; // weight of (1/s + ∂ ln G) in the rows' ∂ ln(row)
      if (a === 0 && d === 0) continue;
      const k = pairU[g];
      const time = u[k];
      // ∂ ln E1 / ∂(r, α, s, β) = (-ln(α+T), -(r+x)/(α+T), -ln(β+T), -s/(β+T))
      gR += -a * lnAu[k] + d * dLnG[4 * g];
      gAlpha += (-a * (r + pairX[g])) / (alpha + time) + d * dLnG[4 * g + 1];
      gS += -a * lnBu[k] + d * (1 / s + dLnG[4 * g + 2]);
      gBeta += (-a * s) / (beta + time) + d * dLnG[4 * g + 3];
    }
    grad[0] = gR;
    grad[1] = gAlpha;
    grad[2] = gS;
    grad[3] = gBeta;
  }
  return ll;
}

/** Weighted Pareto/NBD log-likelihood (the grouped evaluation where it applies). */
export function paretoNbdLogLikelihoodOf(theta: ArrayLike<number>, rfm: RfmInput, ws: ParetoWorkspace = paretoWorkspace(rfm)): number {
  return paretoNbdGroupedLogLikelihood(theta, ws, null) ?? paretoNbdRowLogLikelihood(theta, rfm);
}

export function paretoNbdLogLikelihood(params: ParetoNbdParams, rfm: RfmInput): number {
  return paretoNbdLogLikelihoodOf([params.r, params.alpha, params.s, params.beta], rfm);
}

export function paretoNbdStarts(rfm: RfmInput): Float64Array[] {
  let purchases = 0;
  let time = 0;
  for (let i = 0; i < rfm.rows; i++) {
    purchases += rfm.weight[i] * rfm.x[i];
    time += rfm.weight[i] * rfm.T[i];
  }
  const scale = purchases > 0 && time > 0 ? time / purchases : 1;
  const meanT = time > 0 ? time / rfm.customers : 1;
  return [
    Float64Array.of(1, scale, 1, meanT),
    Float64Array.of(0.5, 0.5 * scale, 0.5, meanT / 2),
    Float64Array.of(2, 4 * scale, 2, 4 * meanT),
  ];
}

export function paretoNbdSpec(rfm: RfmInput): LikelihoodSpec {
  const ws = paretoWorkspace(rfm);
  return {
    names: ['r', 'alpha', 's', 'beta'],
    logLikelihood: (theta) => paretoNbdLogLikelihoodOf(theta, rfm, ws),
    // Where the grouped evaluation does not apply, the gradient is left to finite differences (NaN).
    logLikelihoodGradient: (theta, grad) => {
      const ll = paretoNbdGroupedLogLikelihood(theta, ws, grad);
      if (ll !== null) return ll;
      grad.fill(NaN);
      return paretoNbdRowLogLikelihood(theta, rfm);
    },
    starts: paretoNbdStarts(rfm),
    customers: rfm.customers,
  };
}

export function fitParetoNbd(rfm: RfmInput): FitResult {
  const problem = transactionDataProblem(rfm);
  if (problem) return { ok: false, error: problem };
  const fit = fitMaximumLikelihood(paretoNbdSpec(rfm), 'Pareto/NBD');
  // Mean drop-out rate s/β so small that fewer than 1 in 1,000 customers would leave over the longest
  // observation: valid, but the model has reduced to the NBD (the "known failure" of other tools).
  let longest = 0;
  for (let i = 0; i < rfm.rows; i++) longest = Math.max(longest, rfm.T[i]);
  if (fit.ok && (fit.params.s / fit.params.beta) * Math.max(longest, 1) < 1e-3) {
    fit.notes.push('the fitted drop-out rate is negligible: customers are not seen to leave, so the model has reduced to the NBD');
  }
  return fit;
}

/** P(alive | x, t_x, T) (Fader & Hardie note 009): the "alive at T" share of the likelihood. */
export function paretoNbdPAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const terms = new Float64Array(2);
  paretoTerms(p.r, p.alpha, p.s, p.beta, x, tx, T, terms);
  const share = Math.exp(terms[0] - logAddExp(terms[0], terms[1]));
  return Number.isFinite(share) ? share : 1;
}

/**
 * ∫_0^t ((β+T)/(β+T+τ))^s dτ = (β+T)/(s-1) [1 - ((β+T)/(β+T+t))^(s-1)], continuous through s = 1
 * (where it is (β+T) ln(1 + t/(β+T))).
 */
function lifetimeWithin(s: number, beta: number, T: number, t: number): number {
  const L = Math.log1p(t / (beta + T));
  const m = (s - 1) * L;
  const ratio = Math.abs(m) < 1e-8 ? L * (1 - m / 2) : -Math.expm1(-m) / (s - 1);
  return (beta + T) * ratio;
}

/**
 * E[Y(t) | x, t_x, T] (Schmittlein et al. 1987, the conditional expectation; Fader & Hardie note 009):
 *   (r+x)(β+T) / ((α+T)(s-1)) [1 - ((β+T)/(β+T+t))^(s-1)] P(alive).
 * E[X(t)] = rβ/(α(s-1)) [1 - (β/(β+t))^(s-1)] (the unconditional expectation there) is the case x = t_x = T = 0.
 */
export function paretoNbdConditionalExpectedPurchases(p: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  if (!(t > 0)) return 0;
  return paretoNbdExpectedPurchasesIfAlive(p, t, x, T) * paretoNbdPAlive(p, x, tx, T);
}

/** E[Y(t) | x, T, alive at T] = E[λ] E[∫_0^t e^(-μτ) dτ] over the posteriors Gamma(r+x, α+T), Gamma(s, β+T). */
export function paretoNbdExpectedPurchasesIfAlive(p: ParetoNbdParams, t: number, x: number, T: number): number {
  if (!(t > 0)) return 0;
  return ((p.r + x) / (p.alpha + T)) * lifetimeWithin(p.s, p.beta, T, t);
}

/** P(alive at T + t) = P(alive at T) E[e^(-μt)], μ | alive ~ Gamma(s, β+T). */
export function paretoNbdPAliveAt(p: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  const now = paretoNbdPAlive(p, x, tx, T);
  if (!(t > 0)) return now;
  return now * Math.exp(-p.s * Math.log1p(t / (p.beta + T)));
}

/**
 * P(at least one purchase in (T, T+t]) = P(alive) E[λ/(λ+μ) (1 - e^-(λ+μ)t)] over the posterior
 * λ ~ Gamma(r+x, α+T), μ ~ Gamma(s, β+T):
 *   (r+x) (α+T)^(r+x) (β+T)^s ∫_T^{T+t} (α+τ)^-(r+x+1) (β+τ)^-s dτ.
 */
export function paretoNbdProbabilityOfPurchase(p: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  if (!(t > 0)) return 0;
  const { r, alpha, s, beta } = p;
  const log = Math.log(r + x) + (r + x) * Math.log(alpha + T) + s * Math.log(beta + T)
    + logPowerIntegral(alpha, r + x + 1, beta, s, T, T + t);
  const given = Math.min(1, Math.max(0, Math.exp(log)));
  return paretoNbdPAlive(p, x, tx, T) * given;
}

/**
 * P(X(t) = x) for a new customer: alive throughout with x purchases, or dropped out at τ < t after x
 * purchases (Fader & Hardie note 012's decomposition):
 *   NBD(x; t) (β/(β+t))^s + ∫_0^t NBD(x; τ) s β^s (β+τ)^-(s+1) dτ,
 * the integral by Gauss-Legendre in ln(β+τ) (a histogram needs a handful of these, not a fit).
 */
export function paretoNbdPmf(p: ParetoNbdParams, t: number, x: number): number {
  const { r, alpha, s, beta } = p;
  if (!(t > 0)) return x === 0 ? 1 : 0;
  const lnGammaR = lnGamma(r);
  const lnGammaRx = lnGamma(r + x);
  const lnFact = lnGamma(x + 1);
  const alive = Math.exp(logNbd(lnGammaR, lnGammaRx, lnFact, r, alpha, x, t) - s * Math.log1p(t / beta));
  const y0 = Math.log(beta);
  const y1 = Math.log(beta + t);
  const panels = 64;
  const h = (y1 - y0) / panels;
  let dropped = 0;
  for (let k = 0; k < panels; k++) {
    const mid = y0 + (k + 0.5) * h;
    for (let i = 0; i < 10; i++) {
      const y = mid + (h / 2) * GL10_X[i];
      const tau = Math.exp(y) - beta;
      if (!(tau > 0)) continue;
      // dτ = (β+τ) dy
      const log = logNbd(lnGammaR, lnGammaRx, lnFact, r, alpha, x, tau) + Math.log(s) + s * Math.log(beta) - s * y;
      dropped += GL10_W[i] * Math.exp(log);
    }
  }
  return alive + dropped * (h / 2);
}

const GL10_X = [
  -0.9739065285171717, -0.8650633666889845, -0.6794095682990244, -0.4333953941292472, -0.1488743389816312,
  0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717,
];
const GL10_W = [
  0.0666713443086881, 0.1494513491505806, 0.2190863625159820, 0.2692667193099963, 0.2955242247147529,
  0.2955242247147529, 0.2692667193099963, 0.2190863625159820, 0.1494513491505806, 0.0666713443086881,
];

export function paretoNbdModel(p: ParetoNbdParams): TransactionModel {
  return {
    name: 'paretoNbd',
    params: { r: p.r, alpha: p.alpha, s: p.s, beta: p.beta },
    r: p.r,
    alpha: p.alpha,
    logLikelihood: (rfm) => paretoNbdLogLikelihood(p, rfm),
    expectedPurchases: (t) => paretoNbdConditionalExpectedPurchases(p, t, 0, 0, 0),
    conditionalExpectedPurchases: (t, x, tx, T) => paretoNbdConditionalExpectedPurchases(p, t, x, tx, T),
    expectedPurchasesIfAlive: (t, x, T) => paretoNbdExpectedPurchasesIfAlive(p, t, x, T),
    pAlive: (x, tx, T) => paretoNbdPAlive(p, x, tx, T),
    pAliveAt: (t, x, tx, T) => paretoNbdPAliveAt(p, t, x, tx, T),
    probabilityOfPurchase: (t, x, tx, T) => paretoNbdProbabilityOfPurchase(p, t, x, tx, T),
    pmf: (t, x) => paretoNbdPmf(p, t, x),
  };
}
