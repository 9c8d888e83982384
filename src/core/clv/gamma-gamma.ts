// Gamma-Gamma spend model: Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for Customer
// Base Analysis", Journal of Marketing Research 42(4), 415-430, and Fader & Hardie (2013), "The Gamma-Gamma
// Model of Monetary Value" (note 025). A customer's purchase values are Gamma(p, ν); ν varies across
// customers as Gamma(q, γ). Published CDNOW fit on the 946 repeat customers: p 6.25, q 3.74, γ 15.44.
import type { SpendInput } from './data.ts';
import { fitMaximumLikelihood, MIN_CUSTOMERS, type FitResult, type LikelihoodSpec } from './fit.ts';
import { digamma, lnGamma } from './special.ts';

export interface GammaGammaParams {
  p: number;
  q: number;
  /** γ of the papers; `v` in INTERFACES.md and in lifetimes. */
  v: number;
}

/**
 * Precomputed sums over the customers, and the distinct (x, m̄) pairs with how many customers share each
 * (spend repeats: the sample store's 44,538 repeat customers have 11,353 distinct pairs), so that an
 * evaluation costs one logarithm per distinct pair.
 */
export interface GammaGammaData {
  customers: number;
  /** Distinct (x, m̄) pairs and the number of customers with each. */
  x: Float64Array;
  mean: Float64Array;
  weight: Float64Array;
  distinctX: Float64Array;
  weightOfX: Float64Array;
  /** Σ x ln(x m̄) and Σ ln m̄. */
  sumXLogTotal: number;
  sumLogMean: number;
}

export function gammaGammaData(spend: Pick<SpendInput, 'customers' | 'x' | 'mean'>): GammaGammaData {
  const counts = new Map<number, number>();
  const pairs = new Map<number, Map<number, number>>();
  let sumXLogTotal = 0;
  let sumLogMean = 0;
  for (let i = 0; i < spend.customers; i++) {
    const x = spend.x[i];
    const m = spend.mean[i];
    counts.set(x, (counts.get(x) ?? 0) + 1);
    let byMean = pairs.get(x);
    if (!byMean) {
      byMean = new Map();
      pairs.set(x, byMean);
    }
    byMean.set(m, (byMean.get(m) ?? 0) + 1);
    sumXLogTotal += x * Math.log(x * m);
    sumLogMean += Math.log(m);
  }
  const x: number[] = [];
  const mean: number[] = [];
  const weight: number[] = [];
  for (const [xv, byMean] of pairs) {
    for (const [m, w] of byMean) {
      x.push(xv);
      mean.push(m);
      weight.push(w);
    }
  }
  const distinct = [...counts.keys()].sort((a, b) => a - b);
  return {
    customers: spend.customers,
    x: Float64Array.from(x),
    mean: Float64Array.from(mean),
    weight: Float64Array.from(weight),
    distinctX: Float64Array.from(distinct),
    weightOfX: Float64Array.from(distinct, (d) => counts.get(d)!),
    sumXLogTotal,
    sumLogMean,
  };
}

/**
 * Σ ln f(m̄ | p, q, γ, x), the density of a customer's mean repeat value (note 025, the density of m̄_x):
 *   f(m̄) = Γ(px+q) / (Γ(px)Γ(q)) γ^q m̄^(px-1) x^(px) / (γ + x m̄)^(px+q).
 * With `grad`, also writes ∂/∂(p, q, γ).
 */
export function gammaGammaLogLikelihoodOf(theta: ArrayLike<number>, d: GammaGammaData, grad: Float64Array | null): number {
  const p = theta[0];
  const q = theta[1];
  const v = theta[2];
  if (!(p > 0 && q > 0 && v > 0)) return -Infinity;
  const n = d.customers;
  const lnV = Math.log(v);
  let ll = n * (q * lnV - lnGamma(q)) + p * d.sumXLogTotal - d.sumLogMean;
  let gP = d.sumXLogTotal;
  let gQ = n * (lnV - (grad ? digamma(q) : 0));
  let gV = (n * q) / v;
  for (let k = 0; k < d.distinctX.length; k++) {
    const X = d.distinctX[k];
    const W = d.weightOfX[k];
    ll += W * (lnGamma(p * X + q) - lnGamma(p * X));
    if (grad) {
      const psiTotal = digamma(p * X + q);
      gP += W * X * (psiTotal - digamma(p * X));
      gQ += W * psiTotal;
    }
  }
  for (let i = 0; i < d.x.length; i++) {
    const X = d.x[i];
    const W = d.weight[i];
    const lnDen = Math.log(v + X * d.mean[i]);
    ll -= W * (p * X + q) * lnDen;
    if (grad) {
      gP -= W * X * lnDen;
      gQ -= W * lnDen;
      gV -= (W * (p * X + q)) / (v + X * d.mean[i]);
    }
  }
  if (grad) {
    grad[0] = gP;
    grad[1] = gQ;
    grad[2] = gV;
  }
  return ll;
}

export function gammaGammaLogLikelihood(params: GammaGammaParams, spend: Pick<SpendInput, 'customers' | 'x' | 'mean'>): number {
  return gammaGammaLogLikelihoodOf([params.p, params.q, params.v], gammaGammaData(spend), null);
}

export function gammaGammaSpec(d: GammaGammaData): LikelihoodSpec {
  let total = 0;
  for (let i = 0; i < d.x.length; i++) total += d.weight[i] * d.mean[i];
  const mean = total / Math.max(1, d.customers);
  return {
    names: ['p', 'q', 'v'],
    logLikelihood: (theta) => gammaGammaLogLikelihoodOf(theta, d, null),
    logLikelihoodGradient: (theta, grad) => gammaGammaLogLikelihoodOf(theta, d, grad),
    // E[value] = pγ/(q-1): every start matches the observed mean.
    starts: [Float64Array.of(1, 2, mean), Float64Array.of(5, 4, (3 * mean) / 5), Float64Array.of(2, 1.5, mean / 4)],
    customers: d.customers,
  };
}

/** Fits Gamma-Gamma on the repeat customers with positive spend, or says why it cannot. */
export function fitGammaGamma(spend: Pick<SpendInput, 'customers' | 'x' | 'mean'>): FitResult {
  if (spend.customers < MIN_CUSTOMERS) {
    return { ok: false, error: `only ${spend.customers} repeat customer${spend.customers === 1 ? '' : 's'} with a positive spend; at least ${MIN_CUSTOMERS} are needed for the spend model` };
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < spend.customers; i++) {
    if (!(spend.mean[i] > 0 && Number.isFinite(spend.mean[i]) && spend.x[i] > 0)) return { ok: false, error: 'the spend model needs positive, finite average values of repeat purchases' };
    lo = Math.min(lo, spend.mean[i]);
    hi = Math.max(hi, spend.mean[i]);
  }
  if (hi - lo <= 1e-9 * hi) return { ok: false, error: 'every repeat customer has the same average spend, so how spend varies cannot be estimated' };
  const fit = fitMaximumLikelihood(gammaGammaSpec(gammaGammaData(spend)), 'Gamma-Gamma');
  if (fit.ok && !(fit.params.q > 1)) {
    return { ok: false, error: `the fitted spend distribution has no finite mean (q = ${fit.params.q.toPrecision(3)} is not above 1), so expected spend cannot be predicted` };
  }
  return fit;
}

/** E[M] for a customer with no repeat purchases yet: pγ/(q-1). */
export function gammaGammaMeanSpend(p: GammaGammaParams): number {
  return (p.p * p.v) / (p.q - 1);
}

/**
 * E[M | m̄, x] (FHL 2005 JMR and note 025: the conditional expectation of average spend), a weighted average of the population mean and the
 * customer's own mean: (q-1)/(px+q-1) · pγ/(q-1) + px/(px+q-1) · m̄. For x = 0 it is the population mean.
 */
export function gammaGammaConditionalSpend(p: GammaGammaParams, x: number, mean: number): number {
  if (!(x > 0) || !(mean > 0)) return gammaGammaMeanSpend(p);
  return (p.p * (p.v + x * mean)) / (p.p * x + p.q - 1);
}
