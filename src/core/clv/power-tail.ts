// The Pareto/NBD drop-out integral as a function of where it starts, with its gradient, for the fit:
//
//   G(u) = ∫_u^∞ (A+τ)^-P (B+τ)^-Q dτ,   A >= B > 0, u >= 0, P + Q > 1.
//
// Fader & Hardie (2005, note 009) write the likelihood's A0 term as a difference of two 2F1 terms at t_x and
// at T; those are G(t_x) and G(T) here (A0 ∝ G(t_x) - G(T)), so that a customer's likelihood needs G only
// at her (x, t_x) and (x, T). Customers share those pairs far more than they share whole (x, t_x, T) rows
// (the sample store: 6,121 (x, T) and 5,248 (x, t_x) pairs among 42,469 rows), so the fit evaluates G once
// per pair, and its derivatives along with it, which spares the optimiser finite differences.
//
// Two expansions, split where z(u) = (A-B)/(A+u) = SERIES_MAX_Z (0.9), as in `logPowerIntegral`:
//  - from the split on, the antiderivative (A+u)^-P (B+u)^-(Q-1) 2F1(1, P; P+Q; z) / (P+Q-1), the 2F1 by
//    its series (positive terms, ratio below z), differentiated term by term;
//  - below the split (B much smaller than A: a long or short lifetime next to the purchase rate, the Online
//    Retail case), y = (B+τ)/(A-B) <= 1/9 and the integrand is (A-B)^(1-P-Q) y^-Q (1+y)^-P; the binomial
//    series of (1+y)^-P integrates term by term, and converges fast while P/9 is small (`NEAR_MAX_P`).
//    G(u) is then that part up to the split plus the series part beyond it.
import { SERIES_MAX_Z } from './special.ts';

/** Below the split, the binomial series is used while P/9 <= 1/2 (its terms then shrink by half or more). */
export const NEAR_MAX_P = 4.5;

const LN_Y_SPLIT = Math.log((1 - SERIES_MAX_Z) / SERIES_MAX_Z); // y at the split: w/(1-w), w = 1 - 0.9

/**
 * ln G(u) and its derivatives, from the series side (u at or beyond the split). Writes
 * out = [ln G, ∂/∂A, ∂/∂B, ∂/∂P, ∂/∂Q] (derivatives of ln G, u held fixed). lnAu = ln(A+u), lnBu = ln(B+u).
 */
export function logTailSeries(A: number, P: number, B: number, Q: number, u: number, lnAu: number, lnBu: number, out: Float64Array): void {
  const z = (A - B) / (A + u);
  const c = P + Q;
  // S = 2F1(1, P; c; z) = Σ t_n, t_(n+1) = t_n (P+n)/(c+n) z, with ∂S/∂P, ∂S/∂c, ∂S/∂z summed alongside.
  let t = 1;
  let S = 1;
  let dLnTdP = 0;
  let dLnTdc = 0;
  let SP = 0;
  let Sc = 0;
  let Sz = 0;
  for (let n = 0; n < 20_000; n++) {
    const inverseP = 1 / (P + n);
    const inverseC = 1 / (c + n);
    const tOverZ = t * (P + n) * inverseC; // t_(n+1) / z, finite at z = 0
    Sz += (n + 1) * tOverZ;
    t = tOverZ * z;
    dLnTdP += inverseP;
    dLnTdc -= inverseC;
    S += t;
    SP += t * dLnTdP;
    Sc += t * dLnTdc;
    if (t < 1e-17 * S) break;
  }
  const ratioZ = Sz / S;
  out[0] = -P * lnAu - (Q - 1) * lnBu + Math.log(S) - Math.log(c - 1);
  out[1] = -P / (A + u) + (ratioZ * (B + u)) / ((A + u) * (A + u));
  out[2] = -(Q - 1) / (B + u) - ratioZ / (A + u);
  out[3] = -lnAu + (SP + Sc) / S - 1 / (c - 1);
  out[4] = -lnBu + Sc / S - 1 / (c - 1);
}

/** expm1(m)/m for m <= 0, continuous at 0. */
function phi1(m: number): number {
  return m > -1e-5 ? 1 + m / 2 + (m * m) / 6 : Math.expm1(m) / m;
}

/** ∫_0^1 t e^(mt) dt for m <= 0 (the series Σ m^k / (k! (k+2)) near 0, where the closed form cancels). */
function phi2(m: number): number {
  if (m > -0.5) {
    let term = 1;
    let sum = 0.5;
    for (let k = 1; k < 30; k++) {
      term *= m / k;
      const add = term / (k + 2);
      sum += add;
      if (Math.abs(add) < 1e-17 * sum) break;
    }
    return sum;
  }
  return (Math.exp(m) * (m - 1) + 1) / (m * m);
}

/**
 * Br(e) = ∫_{v0}^{v1} e^(ev) dv (= ∫ y^(e-1) dy over [e^v0, e^v1]) as a logarithm, and the mean of v under
 * it (M(e)/Br(e), M = ∫ v e^(ev) dv), factored at whichever end dominates so that nothing overflows.
 */
function logBr(e: number, v0: number, v1: number, out: Float64Array): void {
  const L = v1 - v0;
  if (e <= 0) {
    const m = e * L;
    const f1 = phi1(m);
    out[0] = e * v0 + Math.log(L * f1);
    out[1] = v0 + (L * phi2(m)) / f1;
  } else {
    const m = -e * L;
    const f1 = phi1(m);
    out[0] = e * v1 + Math.log(L * f1);
    out[1] = v1 - (L * phi2(m)) / f1;
  }
}

const brNow = new Float64Array(2);

/**
 * ln G(u) and its derivatives for u below the split (z(u) > 0.9), P <= NEAR_MAX_P: the part from u to the
 * split by the binomial series in y, plus `atSplit` (logTailSeries at the split). Same `out` layout.
 * With D = A-B, y = (B+τ)/D, Φ = ∫ y^-Q (1+y)^-P dy = Σ_k (-1)^k (P)_k/k! Br(k+1-Q), and J = D^(1-P-Q) Φ:
 *   ∂J/∂A = -P ∫ f/(A+τ) = -P D^-(P+Q) Σ (-1)^k (P+1)_k/k! Br(k+1-Q)
 *   ∂J/∂B = -Q ∫ f/(B+τ) = -Q D^-(P+Q) Σ (-1)^k (P)_k/k! Br(k-Q)
 *   ∂J/∂P = -ln D J + D^(1-P-Q) Σ (-1)^k (P)_k/k! h_k Br(k+1-Q),  h_k = Σ_{j<k} 1/(P+j)
 *   ∂J/∂Q = -ln D J - D^(1-P-Q) Σ (-1)^k (P)_k/k! M(k+1-Q)
 * (τ-limits held fixed: where the split moves with A and B, the two parts' boundary terms cancel).
 */
export function logTailNear(A: number, P: number, B: number, Q: number, u: number, atSplit: Float64Array, out: Float64Array): void {
  const D = A - B;
  const lnD = Math.log(D);
  const v0 = Math.log(B + u) - lnD;
  const v1 = LN_Y_SPLIT;
  const e0 = 1 - Q;
  // Br(e) falls as e grows (y < 1), so every term is scaled by the largest, Br(e0 - 1).
  logBr(e0 - 1, v0, v1, brNow);
  const scale = brNow[0];
  let brPrevious = 1; // Br(e_k - 1) / e^scale
  logBr(e0, v0, v1, brNow);
  let phi = 0;
  let phiA = 0;
  let phiB = 0;
  let phiP = 0;
  let phiQ = 0;
  let ck = 1;
  let c1k = 1;
  let hk = 0;
  let sign = 1;
  let firstB = 0;
  let firstPhi = 0;
  for (let k = 0; k < 400; k++) {
    if (k > 0) logBr(e0 + k, v0, v1, brNow);
    const br = Math.exp(brNow[0] - scale);
    const meanV = brNow[1];
    phi += sign * ck * br;
    phiA += sign * c1k * br;
    phiB += sign * ck * brPrevious;
    phiP += sign * ck * hk * br;
    phiQ -= sign * ck * meanV * br;
    if (k === 0) {
      firstPhi = br;
      firstB = brPrevious;
    } else if (c1k * br * (1 + hk + Math.abs(meanV)) < 1e-17 * firstPhi && ck * brPrevious < 1e-17 * firstB) {
      break;
    }
    brPrevious = br;
    hk += 1 / (P + k);
    ck *= (P + k) / (k + 1);
    c1k *= (P + 1 + k) / (k + 1);
    sign = -sign;
  }
  const lnJ = (1 - P - Q) * lnD + scale + Math.log(phi);
  const lnG = lnJ > atSplit[0] ? lnJ + Math.log1p(Math.exp(atSplit[0] - lnJ)) : atSplit[0] + Math.log1p(Math.exp(lnJ - atSplit[0]));
  const wJ = Math.exp(lnJ - lnG);
  const wS = Math.exp(atSplit[0] - lnG);
  out[0] = lnG;
  out[1] = wJ * ((-P * phiA) / (D * phi)) + wS * atSplit[1];
  out[2] = wJ * ((-Q * phiB) / (D * phi)) + wS * atSplit[2];
  out[3] = wJ * (-lnD + phiP / phi) + wS * atSplit[3];
  out[4] = wJ * (-lnD + phiQ / phi) + wS * atSplit[4];
}
