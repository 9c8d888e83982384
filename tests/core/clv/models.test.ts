// The models' closed forms against independent computations: quadrature over the posterior, Monte Carlo
// draws from the model's own story, and finite differences of the likelihood.
import { describe, expect, it } from 'vitest';
import {
  betaGeometricLogLikelihood, betaGeometricWorkspace, bgNbdCustomerLogLikelihood, bgNbdModel, compressRows,
  gammaGammaData, gammaGammaLogLikelihoodOf, lnBeta, lnGamma, mbgNbdModel, paretoNbdGroupedLogLikelihood, paretoNbdLogLikelihood,
  fitParetoNbd, paretoNbdModel, paretoNbdRowLogLikelihood, paretoNbdSpec, paretoWorkspace, rfmFromRows, sampleGamma, seededRandom, simulateBgNbd, simulateGammaGamma, simulateMbgNbd, simulateParetoNbd,
  type TransactionModel,
} from '../../../src/core/clv/index.ts';

const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const MBG = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
const PARETO = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };

/**
 * E over the posterior of p of g(p), for the beta-geometric models: the λ part is integrated in closed form
 * (Gamma posterior), the p part by midpoint quadrature after p = u^(1/a), which removes p^(a-1).
 * `alive(p)` and `dead(p)` are the two likelihood terms given p with λ integrated out.
 */
function posteriorOverP(a: number, b: number, alive: (p: number) => number, dead: (p: number) => number, g: (p: number) => number) {
  const n = 400000;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const u = (i + 0.5) / n;
    const p = u ** (1 / a);
    const prior = (1 - p) ** (b - 1); // p^(a-1) dp = du / a
    const al = alive(p);
    num += prior * g(p) * al;
    den += prior * (al + dead(p));
  }
  return num / den;
}

describe('BG/NBD closed forms', () => {
  const model = bgNbdModel(BG);
  const { r, alpha, a, b } = BG;
  // Given p, with λ integrated over Gamma(r, α): alive term (1-p)^x α^r/(α+T)^(r+x), dead term
  // p (1-p)^(x-1) α^r/(α+t_x)^(r+x) (common Γ factors cancel in the ratio).
  const cases = [
    { x: 0, tx: 0, T: 38.86, t: 39 },
    { x: 2, tx: 30.43, T: 38.86, t: 39 },
    { x: 26, tx: 30.86, T: 31, t: 52 },
    { x: 7, tx: 5, T: 38, t: 10 },
  ];

  it('E[Y(t) | x, t_x, T] (eq. 10) equals the posterior mean computed by quadrature', () => {
    for (const { x, tx, T, t } of cases) {
      const alive = (p: number) => (1 - p) ** x * (alpha + T) ** -(r + x);
      const dead = (p: number) => (x > 0 ? p * (1 - p) ** (x - 1) * (alpha + tx) ** -(r + x) : 0);
      // Alive at T: posterior λ ~ Gamma(r+x, α+T), expected purchases (1 - E[e^(-λpt)]) / p.
      const g = (p: number) => (1 - ((alpha + T) / (alpha + T + p * t)) ** (r + x)) / p;
      const numeric = posteriorOverP(a, b, alive, dead, g);
      expect(model.conditionalExpectedPurchases(t, x, tx, T)).toBeCloseTo(numeric, 5);
    }
  });

  it('P(alive at T + t) equals the posterior mean of survival by quadrature', () => {
    for (const { x, tx, T, t } of cases) {
      const alive = (p: number) => (1 - p) ** x * (alpha + T) ** -(r + x);
      const dead = (p: number) => (x > 0 ? p * (1 - p) ** (x - 1) * (alpha + tx) ** -(r + x) : 0);
      const g = (p: number) => ((alpha + T) / (alpha + T + p * t)) ** (r + x);
      expect(model.pAliveAt(t, x, tx, T)).toBeCloseTo(posteriorOverP(a, b, alive, dead, g), 5);
      expect(model.pAliveAt(0, x, tx, T)).toBeCloseTo(model.pAlive(x, tx, T), 12);
      expect(model.pAliveAt(t, x, tx, T)).toBeLessThanOrEqual(model.pAlive(x, tx, T));
    }
  });

  it('where the closed form has no value (a + b < 1, x = 0), quadrature over p takes over', () => {
    const odd = bgNbdModel({ r: 0.4, alpha: 3, a: 0.3, b: 0.5 });
    const t = 20;
    // E[X(t)] = E[(1 - (1 + p t/α)^-r) / p] over p ~ Beta(0.3, 0.5), by midpoint quadrature in u = p^a.
    const n = 400000;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const u = (i + 0.5) / n;
      const p = u ** (1 / 0.3);
      s += ((1 - (1 + (p * t) / 3) ** -0.4) / p) * (1 - p) ** (0.5 - 1);
    }
    const numeric = s / n / 0.3 / Math.exp(lnBeta(0.3, 0.5));
    expect(odd.expectedPurchases(t)).toBeCloseTo(numeric, 3);
    expect(Number.isFinite(odd.pAliveAt(t, 0, 0, 10))).toBe(true);
  });

  it('P(alive) is the alive share of the likelihood (FHL 2008)', () => {
    const x = 4;
    const tx = 12;
    const T = 38;
    const aliveLog = lnBeta(a, b + x) - (r + x) * Math.log(alpha + T);
    const total = bgNbdCustomerLogLikelihood(BG, x, tx, T) - (lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) - lnBeta(a, b));
    expect(model.pAlive(x, tx, T)).toBeCloseTo(Math.exp(aliveLog - total), 12);
  });
});

describe('MBG/NBD closed forms', () => {
  const model = mbgNbdModel(MBG);
  const { r, alpha, a, b } = MBG;
  it('E[Y(t) | x, t_x, T] and P(alive at T+t) equal the posterior means by quadrature', () => {
    for (const { x, tx, T, t } of [{ x: 0, tx: 0, T: 30, t: 39 }, { x: 3, tx: 20, T: 38, t: 52 }, { x: 30, tx: 37, T: 38, t: 5 }]) {
      const alive = (p: number) => (1 - p) ** (x + 1) * (alpha + T) ** -(r + x);
      const dead = (p: number) => p * (1 - p) ** x * (alpha + tx) ** -(r + x);
      const expected = posteriorOverP(a, b, alive, dead, (p) => (1 - ((alpha + T) / (alpha + T + p * t)) ** (r + x)) / p);
      expect(model.conditionalExpectedPurchases(t, x, tx, T)).toBeCloseTo(expected, 5);
      const survive = posteriorOverP(a, b, alive, dead, (p) => ((alpha + T) / (alpha + T + p * t)) ** (r + x));
      expect(model.pAliveAt(t, x, tx, T)).toBeCloseTo(survive, 5);
    }
  });
});

describe('Pareto/NBD closed forms', () => {
  const model = paretoNbdModel(PARETO);
  it('P(at least one purchase) and E[Y(t)] agree with draws from the posterior', () => {
    const { r, alpha, s, beta } = PARETO;
    const random = seededRandom(11);
    for (const { x, tx, T, t } of [{ x: 2, tx: 30, T: 38, t: 20 }, { x: 0, tx: 0, T: 10, t: 52 }]) {
      const n = 200000;
      let any = 0;
      let purchases = 0;
      for (let i = 0; i < n; i++) {
        // Given alive at T: λ ~ Gamma(r+x, α+T), μ ~ Gamma(s, β+T), independent.
        const lambda = sampleGamma(random, r + x, alpha + T);
        const mu = sampleGamma(random, s, beta + T);
        any += (lambda / (lambda + mu)) * -Math.expm1(-(lambda + mu) * t);
        purchases += (lambda / mu) * -Math.expm1(-mu * t);
      }
      const alive = model.pAlive(x, tx, T);
      expect(Math.abs(model.probabilityOfPurchase(t, x, tx, T) - (alive * any) / n)).toBeLessThan(0.004);
      const expected = model.conditionalExpectedPurchases(t, x, tx, T);
      expect(Math.abs(expected - (alive * purchases) / n) / expected).toBeLessThan(0.02);
    }
  });

  it('P(alive) is the alive share of the likelihood, 1 when the last purchase is at T', () => {
    expect(model.pAlive(5, 20, 20)).toBeCloseTo(1, 12);
    expect(model.pAlive(0, 0, 0)).toBe(1);
    const p = model.pAlive(3, 5, 38);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(model.pAlive(3, 30, 38));
  });
});

describe('all three purchase models', () => {
  const models: [string, TransactionModel, (seed: number, T: number, n: number) => Float64Array][] = [
    ['BG/NBD', bgNbdModel(BG), (seed, T, n) => simulateBgNbd(BG, { customers: n, seed, minT: T, maxT: T }).x],
    ['MBG/NBD', mbgNbdModel(MBG), (seed, T, n) => simulateMbgNbd(MBG, { customers: n, seed, minT: T, maxT: T }).x],
    ['Pareto/NBD', paretoNbdModel(PARETO), (seed, T, n) => simulateParetoNbd(PARETO, { customers: n, seed, minT: T, maxT: T }).x],
  ];

  for (const [name, model, simulate] of models) {
    it(`${name}: E[X(t)] and the PMF match customers simulated from the model`, () => {
      const t = 39;
      const n = 200000;
      const x = simulate(5, t, n);
      let mean = 0;
      let sq = 0;
      const counts = new Float64Array(6);
      for (let i = 0; i < n; i++) {
        mean += x[i];
        sq += x[i] * x[i];
        if (x[i] < 6) counts[x[i]]++;
      }
      mean /= n;
      const se = Math.sqrt((sq / n - mean * mean) / n);
      expect(Math.abs(model.expectedPurchases(t) - mean)).toBeLessThan(4 * se);
      for (let k = 0; k < 6; k++) {
        const p = model.pmf(t, k);
        expect(Math.abs(p - counts[k] / n), `P(X=${k})`).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n) + 1e-4);
      }
    });

    it(`${name}: the PMF sums to one and its mean is E[X(t)]`, () => {
      const t = 52;
      let total = 0;
      let mean = 0;
      for (let k = 0; k < 400; k++) {
        const p = model.pmf(t, k);
        total += p;
        mean += k * p;
      }
      expect(total).toBeCloseTo(1, 5);
      expect(mean).toBeCloseTo(model.expectedPurchases(t), 3);
    });

    it(`${name}: predictions behave (0 at t = 0, growing in t, probabilities in [0, 1])`, () => {
      expect(model.conditionalExpectedPurchases(0, 3, 10, 20)).toBe(0);
      let before = 0;
      for (const t of [1, 5, 20, 100, 1000]) {
        const e = model.conditionalExpectedPurchases(t, 3, 10, 20);
        expect(e).toBeGreaterThan(before);
        before = e;
        const any = model.probabilityOfPurchase(t, 3, 10, 20);
        expect(any).toBeGreaterThanOrEqual(0);
        expect(any).toBeLessThanOrEqual(model.pAlive(3, 10, 20) + 1e-12);
      }
      // Longer silence since the last purchase lowers P(alive).
      expect(model.pAlive(3, 10, 40)).toBeLessThan(model.pAlive(3, 10, 20));
    });
  }
});

describe('likelihood gradients', () => {
  it('BG/NBD and MBG/NBD analytic gradients equal central differences', () => {
    const sim = simulateBgNbd(BG, { customers: 3000, seed: 3, minT: 10, maxT: 39 });
    const { rfm } = compressRows(sim.x, sim.tx, sim.T);
    const ws = betaGeometricWorkspace(rfm);
    for (const modified of [false, true]) {
      const theta = [0.3, 5, 0.9, 2.1];
      const grad = new Float64Array(4);
      betaGeometricLogLikelihood(theta, rfm, modified, ws, grad);
      for (let i = 0; i < 4; i++) {
        const h = 1e-6 * theta[i];
        const up = [...theta];
        const down = [...theta];
        up[i] += h;
        down[i] -= h;
        const numeric = (betaGeometricLogLikelihood(up, rfm, modified, ws, null) - betaGeometricLogLikelihood(down, rfm, modified, ws, null)) / (2 * h);
        expect(Math.abs(grad[i] - numeric) / Math.max(1, Math.abs(numeric))).toBeLessThan(1e-5);
      }
    }
  });

  it('Gamma-Gamma analytic gradient equals central differences', () => {
    const x = Float64Array.from({ length: 2000 }, (_, i) => 1 + (i % 9));
    const mean = simulateGammaGamma({ p: 6, q: 4, v: 15 }, x, 8);
    const d = gammaGammaData({ customers: x.length, x, mean });
    const theta = [5, 3.5, 12];
    const grad = new Float64Array(3);
    gammaGammaLogLikelihoodOf(theta, d, grad);
    for (let i = 0; i < 3; i++) {
      const h = 1e-6 * theta[i];
      const up = [...theta];
      const down = [...theta];
      up[i] += h;
      down[i] -= h;
      const numeric = (gammaGammaLogLikelihoodOf(up, d, null) - gammaGammaLogLikelihoodOf(down, d, null)) / (2 * h);
      expect(Math.abs(grad[i] - numeric) / Math.max(1, Math.abs(numeric))).toBeLessThan(1e-5);
    }
  });

  describe('Pareto/NBD, evaluated once per (x, T) and (x, t_x) pair', () => {
    // Days, whole days, observed 1 to 540 days: many customers share an (x, T) or (x, t_x) pair.
    const sim = simulateParetoNbd({ r: 0.55, alpha: 75, s: 0.6, beta: 80 }, { customers: 4000, seed: 5, minT: 1, maxT: 540 });
    const { rfm } = compressRows(sim.x, sim.tx.map(Math.round), sim.T.map(Math.round));
    const ws = paretoWorkspace(rfm);
    // α ≈ β (CDNOW-like); β far above α (Online Retail's fit: the series below the split); α far above β, or
    // s large with β far above α (outside both expansions: the customer-by-customer form, and the optimiser's
    // finite differences).
    const cases = [
      { theta: [0.553, 10.578, 0.606, 11.669], analytic: true },
      { theta: [0.96, 220, 1.15, 792], analytic: true },
      { theta: [0.83, 69, 7e-6, 1.4e6], analytic: true },
      { theta: [2.5, 30, 3.2, 1e5], analytic: true },
      { theta: [0.5, 5000, 0.4, 20], analytic: false },
      { theta: [0.5, 20, 6, 5000], analytic: false },
    ];

    it('needs fewer tail integrals than the two per row of the customer-by-customer form', () => {
      expect(rfm.rows).toBeGreaterThan(1000);
      expect(ws.pairX.length).toBeLessThan(1.2 * rfm.rows);
    });

    it('gives the customer-by-customer log-likelihood, or leaves it to that form outside its expansions', () => {
      for (const { theta, analytic } of cases) {
        const row = paretoNbdRowLogLikelihood(theta, rfm);
        const grouped = paretoNbdGroupedLogLikelihood(theta, ws, null);
        const ll = paretoNbdLogLikelihood({ r: theta[0], alpha: theta[1], s: theta[2], beta: theta[3] }, rfm);
        if (!analytic) {
          expect(grouped, JSON.stringify(theta)).toBeNull();
          expect(ll).toBe(row);
          continue;
        }
        expect(grouped, JSON.stringify(theta)).not.toBeNull();
        expect(Math.abs(grouped! - row) / Math.abs(row), JSON.stringify(theta)).toBeLessThan(1e-11);
        expect(ll).toBe(grouped);
      }
    });

    it('its analytic gradient equals central differences of the customer-by-customer likelihood, or is NaN', () => {
      const spec = paretoNbdSpec(rfm);
      for (const { theta, analytic } of cases) {
        const grad = new Float64Array(4);
        expect(spec.logLikelihoodGradient!(Float64Array.from(theta), grad)).toBeCloseTo(paretoNbdRowLogLikelihood(theta, rfm), 6);
        if (!analytic) {
          // The optimiser takes finite differences at such points (fit.ts).
          expect(Array.from(grad).every(Number.isNaN), JSON.stringify(theta)).toBe(true);
          continue;
        }
        for (let i = 0; i < 4; i++) {
          const h = 1e-5 * theta[i];
          const up = [...theta];
          const down = [...theta];
          up[i] += h;
          down[i] -= h;
          const numeric = (paretoNbdRowLogLikelihood(up, rfm) - paretoNbdRowLogLikelihood(down, rfm)) / (2 * h);
          // Against the size of the parameter's effect (|∂LL/∂ln θ|), not of the derivative alone.
          expect(Math.abs(grad[i] - numeric) * theta[i] / Math.max(1, Math.abs(numeric * theta[i])), `${JSON.stringify(theta)} ∂${i}`).toBeLessThan(1e-5);
        }
      }
    });

    it('the fit converges where the gradient is left to finite differences (short lifetimes)', () => {
      const truth = { r: 0.5, alpha: 200, s: 0.8, beta: 5 };
      const short = simulateParetoNbd(truth, { customers: 5000, seed: 17, minT: 60, maxT: 540 });
      const fit = fitParetoNbd(compressRows(short.x, short.tx.map(Math.round), short.T.map(Math.round)).rfm);
      if (!fit.ok) throw new Error(fit.error);
      expect(fit.params.alpha / fit.params.beta).toBeGreaterThan(10);
      for (const [name, value] of Object.entries(truth)) {
        expect(Math.abs(fit.params[name] - value) / fit.standardErrors[name]!, `${name} ${fit.params[name]} ± ${fit.standardErrors[name]}`).toBeLessThan(3);
      }
    });
  });

  it('Gamma-Gamma: customers with the same (x, m̄) are evaluated once, and the sum is the per-customer one', () => {
    // Spend repeats in real data (prices, bundles): 3,000 customers on 30 distinct (x, m̄) pairs.
    const x = Float64Array.from({ length: 3000 }, (_, i) => 1 + (i % 6));
    const mean = Float64Array.from({ length: 3000 }, (_, i) => [12.5, 19.99, 30, 44.1, 75, 120, 9.95, 15, 22, 60][(i * 7) % 10]);
    const d = gammaGammaData({ customers: x.length, x, mean });
    expect(d.x.length).toBe(30);
    expect(d.weight.reduce((a, b) => a + b, 0)).toBe(3000);
    const [p, q, v] = [5, 3.5, 12];
    let direct = 0;
    for (let i = 0; i < x.length; i++) {
      const px = p * x[i];
      direct += lnGamma(px + q) - lnGamma(px) - lnGamma(q) + q * Math.log(v) + (px - 1) * Math.log(mean[i]) + px * Math.log(x[i]) - (px + q) * Math.log(v + x[i] * mean[i]);
    }
    expect(gammaGammaLogLikelihoodOf([p, q, v], d, null)).toBeCloseTo(direct, 7);
  });

  it('weighted rows give the same likelihood as repeated rows', () => {
    const x = Float64Array.of(0, 2, 2, 5, 0);
    const tx = Float64Array.of(0, 10, 10, 30, 0);
    const T = Float64Array.of(20, 38, 38, 38, 20);
    const plain = rfmFromRows(x, tx, T);
    const { rfm } = compressRows(x, tx, T);
    expect(rfm.rows).toBe(3);
    const ws1 = betaGeometricWorkspace(plain);
    const ws2 = betaGeometricWorkspace(rfm);
    expect(betaGeometricLogLikelihood([0.3, 5, 0.9, 2.1], rfm, false, ws2, null)).toBeCloseTo(betaGeometricLogLikelihood([0.3, 5, 0.9, 2.1], plain, false, ws1, null), 10);
    expect(paretoNbdLogLikelihood(PARETO, rfm)).toBeCloseTo(paretoNbdLogLikelihood(PARETO, plain), 10);
  });
});
