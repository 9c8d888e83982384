// Special functions for the lifetime-value models. Gamma, beta, digamma and the Gauss hypergeometric
// function come from @stdlib (ports of Cephes, made for this); what is ours is only the arrangement that
// keeps the models' expressions finite: sums in log space, Euler's transformation where the textbook form
// overflows, and the Pareto/NBD integral of `logPowerIntegral`.
import betalnStdlib from '@stdlib/math-base-special-betaln';
import digammaStdlib from '@stdlib/math-base-special-digamma';
import gammalnStdlib from '@stdlib/math-base-special-gammaln';
import hyp2f1Stdlib from '@stdlib/math-base-special-hyp2f1';

/** ln Γ(x). */
export function lnGamma(x: number): number {
  return gammalnStdlib(x);
}

/** ln B(a, b). */
export function lnBeta(a: number, b: number): number {
  return betalnStdlib(a, b);
}

/** ψ(x), the derivative of ln Γ. */
export function digamma(x: number): number {
  return digammaStdlib(x);
}

/** The Gauss hypergeometric function 2F1(a, b; c; z). */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  return hyp2f1Stdlib(a, b, c, z);
}

/** ln(e^a + e^b) without overflow; -Infinity terms are allowed. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln(e^a - e^b) for a >= b; -Infinity when they are equal. */
export function logSubExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (!(a > b)) return -Infinity;
  const d = b - a;
  // log1p(-e^d) loses digits for d near 0; log(-expm1(d)) does not.
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/** ln Σ e^(values[i]) over values[0..length). */
export function logSumExp(values: ArrayLike<number>, length = values.length): number {
  let max = -Infinity;
  for (let i = 0; i < length; i++) if (values[i] > max) max = values[i];
  if (max === -Infinity || max === Infinity) return max;
  let sum = 0;
  for (let i = 0; i < length; i++) sum += Math.exp(values[i] - max);
  return max + Math.log(sum);
}

/**
 * [1 - (1-z)^m] / m, continuous through m = 0 (where it is -ln(1-z)), for 0 <= z < 1.
 * With L = -ln(1-z) it is -expm1(-mL)/m.
 */
export function powerRatio(m: number, z: number): number {
  const L = -Math.log1p(-z);
  const mL = m * L;
  if (Math.abs(mL) < 1e-8) return L * (1 - mL / 2);
  return -Math.expm1(-mL) / m;
}

/**
 * The factor shared by the BG/NBD and MBG/NBD expectations: with p ~ Beta(a, bb) and, given p, the
 * Beta(a-1, bb)-weighted mean of e^(-λpt) written through Euler's transformation,
 *
 *   h = [1 - (1-z)^(a-1) 2F1(A, a-1; c; z)] / (a-1),
 *
 * where the published form (1-z)^(r+x) 2F1(r+x, b+x; c; z) has been transformed into
 * (1-z)^(a-1) 2F1(c-r-x, a-1; c; z) (Euler: 2F1(α,β;γ;z) = (1-z)^(γ-α-β) 2F1(γ-α, γ-β; γ; z)). The
 * published form overflows for a customer with thousands of purchases ((1-z)^(r+x) underflows while the
 * 2F1 overflows); the transformed one has small parameters and a large c, where the series converges fast.
 * At a = 1 the expression is 0/0: it is continuous there, and is evaluated on both sides.
 */
export function bgExpectationFactor(A: number, a: number, c: number, z: number): number {
  if (z <= 0) return 0;
  const m = a - 1;
  if (Math.abs(m) < 1e-6) {
    const d = 1e-6;
    return (bgExpectationFactorAt(A + d, m + d, c + d, z) + bgExpectationFactorAt(A - d, m - d, c - d, z)) / 2;
  }
  return bgExpectationFactorAt(A, m, c, z);
}

function bgExpectationFactorAt(A: number, m: number, c: number, z: number): number {
  const f = hyp2f1(A, m, c, z);
  // 1 - (1-z)^m f = [1 - (1-z)^m] - (1-z)^m (f - 1): the first part by expm1, the rest is small when m is.
  const oneMinus = Math.pow(1 - z, m);
  return powerRatio(m, z) - (oneMinus * (f - 1)) / m;
}

/**
 * E[g(p)] for p ~ Beta(a, b), by tanh-sinh (double exponential) quadrature, which handles the density's
 * endpoint singularities (a < 1 or b < 1). The fallback of the beta-geometric expectations where the
 * 2F1 route has no finite value (c <= 0, or @stdlib's hyp2f1 overflowing). Mass below the smallest node
 * (p < 1e-300, which matters only for a tiny a) is counted at g(0).
 */
export function betaMean(a: number, b: number, g: (p: number) => number): number {
  const lnB = lnBeta(a, b);
  const h = 1 / 64;
  const tMax = 6.2; // p down to ~1e-300 at both ends
  let sum = 0;
  let pMin = 1;
  for (let k = -Math.round(tMax / h); k <= Math.round(tMax / h); k++) {
    const t = k * h;
    const u = Math.PI * Math.sinh(t); // 2 × (π/2) sinh t
    // p = 1/(1+e^-u) and 1-p = 1/(1+e^u), each without cancellation.
    const p = 1 / (1 + Math.exp(-u));
    const q = 1 / (1 + Math.exp(u));
    if (!(p > 0) || !(q > 0)) continue;
    pMin = Math.min(pMin, p);
    const logWeight = Math.log(Math.PI * Math.cosh(t)) + a * Math.log(p) + b * Math.log(q) - lnB;
    const w = Math.exp(logWeight) * h;
    if (w > 0) sum += w * g(p);
  }
  // P(p < pMin) ≈ pMin^a / (a B(a, b)) for small pMin.
  const below = Math.exp(a * Math.log(pMin) - Math.log(a) - lnB);
  return sum + (Number.isFinite(below) ? Math.min(below, 1) * g(0) : 0);
}

// 10-point Gauss-Legendre nodes and weights on [-1, 1].
const GL_X = [
  -0.9739065285171717, -0.8650633666889845, -0.6794095682990244, -0.4333953941292472, -0.1488743389816312,
  0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717,
];
const GL_LOG_W = [
  0.0666713443086881, 0.1494513491505806, 0.2190863625159820, 0.2692667193099963, 0.2955242247147529,
  0.2955242247147529, 0.2692667193099963, 0.2190863625159820, 0.1494513491505806, 0.0666713443086881,
].map(Math.log);

/**
 * ln ∫_lo^hi (α+τ)^(-p) (β+τ)^(-q) dτ, for α+lo > 0, β+lo > 0; hi may be Infinity when p + q > 1.
 *
 * This is the Pareto/NBD integral: Fader & Hardie's likelihood (note 009, the A0 term) is
 * s·∫_{t_x}^{T} (α+τ)^-(r+x) (β+τ)^-(s+1) dτ, written there as the difference of two 2F1 terms, which
 * cancels catastrophically when t_x is close to T and overflows for large x. Here the integral is split
 * where z(τ) = |α-β| / (max(α,β)+τ) = SERIES_MAX_Z (0.9):
 *  - for z <= 0.9, the antiderivative (A+u)^-P (B+u)^-(Q-1) 2F1(1, P; P+Q; z) / (P+Q-1) (A >= B, the
 *    2F1 after Euler's transformation, whose series has positive terms shrinking at least by z: at most
 *    about 350 of them, which costs less than one quadrature panel);
 *  - for z > 0.9, where that series would need thousands of terms, Gauss-Legendre quadrature in
 *    v = ln((B+τ)/(A+τ)), where the integrand (A-B)^(1-P-Q) e^((1-Q)v) (1-e^v)^(P+Q-2) is smooth, on
 *    panels narrow enough for its log-slope.
 * Everything is summed in log space.
 */
export function logPowerIntegral(alpha: number, p: number, beta: number, q: number, lo: number, hi: number): number {
  if (!(hi > lo)) return -Infinity;
  let A = alpha;
  let P = p;
  let B = beta;
  let Q = q;
  if (A < B) {
    A = beta;
    P = q;
    B = alpha;
    Q = p;
  }
  if (P + Q <= 1) {
    if (hi === Infinity) return Infinity;
    return logQuadratureDirect(A, P, B, Q, lo, hi);
  }
  const split = seriesFrom(A, B); // z(τ) <= SERIES_MAX_Z from here on
  let result = -Infinity;
  if (lo < split) result = logQuadratureW(A, P, B, Q, lo, Math.min(hi, split));
  const from = Math.max(lo, split);
  if (hi > from) {
    const upper = logTail(A, P, B, Q, from);
    const part = hi === Infinity ? upper : logSubExp(upper, logTail(A, P, B, Q, hi));
    // When hi is so close to `from` that the difference is lost in rounding, the integrand times the width
    // is the integral to first order.
    const width = hi - from;
    const direct = hi !== Infinity && width < 1e-6 * (B + from)
      ? Math.log(width) - P * Math.log(A + from + width / 2) - Q * Math.log(B + from + width / 2)
      : part;
    result = logAddExp(result, direct);
  }
  return result;
}

/** Where the series takes over: z(τ) = (A-B)/(A+τ) <= SERIES_MAX_Z for τ >= seriesFrom(A, B). */
export const SERIES_MAX_Z = 0.9;
export function seriesFrom(A: number, B: number): number {
  return (A - B) / SERIES_MAX_Z - A;
}

/** ln ∫_u^∞ (A+τ)^-P (B+τ)^-Q dτ for A >= B, z = (A-B)/(A+u) <= SERIES_MAX_Z, P+Q > 1. */
function logTail(A: number, P: number, B: number, Q: number, u: number): number {
  const z = (A - B) / (A + u);
  let term = 1;
  let sum = 1;
  const c = P + Q;
  for (let n = 0; n < 10_000 && z > 0; n++) {
    term *= ((P + n) / (c + n)) * z;
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return -P * Math.log(A + u) - (Q - 1) * Math.log(B + u) + Math.log(sum) - Math.log(c - 1);
}

/** The z > SERIES_MAX_Z part: quadrature in v = ln w, w = (B+τ)/(A+τ) in (0, 1 - SERIES_MAX_Z]. */
function logQuadratureW(A: number, P: number, B: number, Q: number, lo: number, hi: number): number {
  const v0 = Math.log(B + lo) - Math.log(A + lo);
  const v1 = Math.log(B + hi) - Math.log(A + hi);
  if (!(v1 > v0)) return -Infinity;
  const e1 = 1 - Q;
  const e2 = P + Q - 2;
  // |d/dv (e1 v + e2 ln(1-e^v))| <= |e1| + |e2| w/(1-w), w = e^v <= e^v1; a panel spans at most 2 units of it.
  const w1 = Math.exp(v1);
  const slope = Math.abs(e1) + (Math.abs(e2) * w1) / (1 - w1);
  const panels = Math.min(4000, Math.max(1, Math.ceil((slope * (v1 - v0)) / 2)));
  const h = (v1 - v0) / panels;
  let max = -Infinity;
  let sum = 0;
  for (let k = 0; k < panels; k++) {
    const mid = v0 + (k + 0.5) * h;
    for (let i = 0; i < 10; i++) {
      const v = mid + (h / 2) * GL_X[i];
      const log = e1 * v + e2 * Math.log1p(-Math.exp(v)) + GL_LOG_W[i];
      if (log > max) {
        sum = sum * Math.exp(max - log) + 1;
        max = log;
      } else {
        sum += Math.exp(log - max);
      }
    }
  }
  return max + Math.log(sum) + Math.log(h / 2) + (1 - P - Q) * Math.log(A - B);
}

/** Quadrature in ln(B+τ) for the rare P+Q <= 1 case (finite interval only). */
function logQuadratureDirect(A: number, P: number, B: number, Q: number, lo: number, hi: number): number {
  const y0 = Math.log(B + lo);
  const y1 = Math.log(B + hi);
  const slope = Math.abs(P) + Math.abs(Q) + 1;
  const panels = Math.min(4000, Math.max(1, Math.ceil((slope * (y1 - y0)) / 2)));
  const h = (y1 - y0) / panels;
  let max = -Infinity;
  let sum = 0;
  for (let k = 0; k < panels; k++) {
    const mid = y0 + (k + 0.5) * h;
    for (let i = 0; i < 10; i++) {
      const y = mid + (h / 2) * GL_X[i];
      const tau = Math.exp(y) - B;
      const log = -P * Math.log(A + tau) + (1 - Q) * y + GL_LOG_W[i];
      if (log > max) {
        sum = sum * Math.exp(max - log) + 1;
        max = log;
      } else {
        sum += Math.exp(log - max);
      }
    }
  }
  return max + Math.log(sum) + Math.log(h / 2);
}
