import { describe, expect, it } from 'vitest';
import {
  bgNbdSpec, compressRows, fitMaximumLikelihood, invertSpd, minimizeBfgs, minimizeNelderMead, rfmFromRows,
  simulateBgNbd, transactionDataProblem, type LikelihoodSpec,
} from '../../../src/core/clv/index.ts';

const rosenbrock = (x: Float64Array) => 100 * (x[1] - x[0] * x[0]) ** 2 + (1 - x[0]) ** 2;
const rosenbrockGradient = (x: Float64Array, g: Float64Array) => {
  g[0] = -400 * x[0] * (x[1] - x[0] * x[0]) - 2 * (1 - x[0]);
  g[1] = 200 * (x[1] - x[0] * x[0]);
  return rosenbrock(x);
};

describe('optimisers', () => {
  it('BFGS finds the minimum of Rosenbrock\'s valley', () => {
    const result = minimizeBfgs(rosenbrockGradient, Float64Array.of(-1.2, 1), { gradientTolerance: 1e-9 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
  });

  it('Nelder-Mead finds it too', () => {
    const result = minimizeNelderMead(rosenbrock, Float64Array.of(-1.2, 1), { tolerance: 1e-14 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 3);
    expect(result.x[1]).toBeCloseTo(1, 3);
  });

  it('respects bounds, and stops at the bound the minimum lies beyond', () => {
    const f = (x: Float64Array, g: Float64Array) => {
      g[0] = 2 * (x[0] - 10);
      g[1] = 2 * (x[1] + 1);
      return (x[0] - 10) ** 2 + (x[1] + 1) ** 2;
    };
    const result = minimizeBfgs(f, Float64Array.of(0, 0), { lower: -5, upper: 5 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBe(5);
    expect(result.x[1]).toBeCloseTo(-1, 6);
  });

  it('treats non-finite values as walls', () => {
    const f = (x: Float64Array, g: Float64Array) => {
      if (x[0] > 2) return NaN;
      g[0] = 2 * (x[0] - 1.5);
      return (x[0] - 1.5) ** 2;
    };
    const result = minimizeBfgs(f, Float64Array.of(-20), {});
    expect(result.x[0]).toBeCloseTo(1.5, 6);
  });

  it('inverts a positive definite matrix and refuses an indefinite one', () => {
    const inv = invertSpd(Float64Array.of(4, 2, 2, 3), 2)!;
    expect(inv[0]).toBeCloseTo(3 / 8, 12);
    expect(inv[1]).toBeCloseTo(-2 / 8, 12);
    expect(inv[3]).toBeCloseTo(4 / 8, 12);
    expect(invertSpd(Float64Array.of(1, 2, 2, 1), 2)).toBeNull();
  });
});

describe('fitMaximumLikelihood', () => {
  it('refuses a likelihood that keeps rising toward a bound', () => {
    const spec: LikelihoodSpec = {
      names: ['theta'],
      logLikelihood: (t) => Math.log(t[0]) * 10,
      starts: [Float64Array.of(1)],
      customers: 10,
    };
    const fit = fitMaximumLikelihood(spec, 'Test');
    expect(fit.ok).toBe(false);
    if (!fit.ok) expect(fit.error).toMatch(/theta goes to infinity/);
  });

  it('refuses a likelihood that is never finite', () => {
    const spec: LikelihoodSpec = { names: ['a'], logLikelihood: () => NaN, starts: [Float64Array.of(1), Float64Array.of(2)], customers: 1 };
    const fit = fitMaximumLikelihood(spec, 'Test');
    expect(fit).toEqual({ ok: false, error: 'the Test log-likelihood is not finite at any starting point' });
  });

  it('refuses when the optimiser cannot converge (here: a gradient that contradicts the values)', () => {
    const spec: LikelihoodSpec = {
      names: ['m'],
      logLikelihood: (t) => -((Math.log(t[0]) - 1) ** 2) * 50,
      logLikelihoodGradient: (t, g) => {
        g[0] = 1;
        return -((Math.log(t[0]) - 1) ** 2) * 50;
      },
      starts: [Float64Array.of(1)],
      customers: 50,
    };
    const fit = fitMaximumLikelihood(spec, 'Test');
    expect(fit.ok).toBe(false);
    if (!fit.ok) expect(fit.error).toMatch(/^the optimiser did not converge for Test \(largest gradient/);
  });

  it('moves on to the next start when the first one cannot be evaluated', () => {
    const spec: LikelihoodSpec = {
      names: ['m'],
      logLikelihood: (t) => (t[0] > 100 ? NaN : -((Math.log(t[0]) - 1) ** 2) * 50),
      starts: [Float64Array.of(1000), Float64Array.of(1)],
      customers: 50,
    };
    const fit = fitMaximumLikelihood(spec, 'Test');
    expect(fit.ok).toBe(true);
    if (fit.ok) expect(fit.params.m).toBeCloseTo(Math.E, 5);
  });

  it('gives the same standard errors from the analytic gradient and from finite differences alone', () => {
    const sim = simulateBgNbd({ r: 0.3, alpha: 5, a: 0.8, b: 2.5 }, { customers: 5000, seed: 9, minT: 10, maxT: 60 });
    const { rfm } = compressRows(sim.x, sim.tx, sim.T);
    const analytic = fitMaximumLikelihood(bgNbdSpec(rfm), 'BG/NBD');
    const numericSpec = { ...bgNbdSpec(rfm), logLikelihoodGradient: undefined };
    const numeric = fitMaximumLikelihood(numericSpec, 'BG/NBD');
    if (!analytic.ok || !numeric.ok) throw new Error('fit failed');
    expect(numeric.logLikelihood).toBeCloseTo(analytic.logLikelihood, 5);
    for (const name of ['r', 'alpha', 'a', 'b']) {
      expect(numeric.params[name] / analytic.params[name]).toBeCloseTo(1, 4);
      expect(numeric.standardErrors[name]! / analytic.standardErrors[name]!).toBeCloseTo(1, 2);
    }
  });

  it('takes finite differences where a model leaves its gradient NaN, and keeps its own gradient elsewhere', () => {
    // -LL = 50 (ln m - 1)^2 + 20 (ln k + 2)^2: the maximum is at m = e, k = e^-2, with SE from the curvature.
    const logLikelihood = (t: ArrayLike<number>) => -50 * (Math.log(t[0]) - 1) ** 2 - 20 * (Math.log(t[1]) + 2) ** 2;
    let analyticCalls = 0;
    const spec: LikelihoodSpec = {
      names: ['m', 'k'],
      logLikelihood,
      logLikelihoodGradient: (t, g) => {
        if (t[0] > 2) {
          // Only part of the parameter space has the analytic form.
          analyticCalls++;
          g[0] = (-100 * (Math.log(t[0]) - 1)) / t[0];
          g[1] = (-40 * (Math.log(t[1]) + 2)) / t[1];
        } else {
          g.fill(NaN);
        }
        return logLikelihood(t);
      },
      starts: [Float64Array.of(0.5, 1)],
      customers: 10,
    };
    const fit = fitMaximumLikelihood(spec, 'Test');
    if (!fit.ok) throw new Error(fit.error);
    expect(fit.params.m).toBeCloseTo(Math.E, 5);
    expect(fit.params.k).toBeCloseTo(Math.exp(-2), 6);
    expect(analyticCalls).toBeGreaterThan(0);
    // Observed information of ln m is 100, so SE(m) = m / 10; of ln k, 40.
    expect(fit.standardErrors.m!).toBeCloseTo(Math.E / 10, 4);
    expect(fit.standardErrors.k!).toBeCloseTo(Math.exp(-2) / Math.sqrt(40), 5);
  });

  it('standard errors match the spread of estimates across independent samples', () => {
    // 12 samples of 2,000 customers: the SD of the estimates of r should be near the reported SE.
    const estimates: number[] = [];
    const errors: number[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const sim = simulateBgNbd({ r: 0.5, alpha: 4, a: 0.8, b: 2.5 }, { customers: 2000, seed: 1000 + seed, minT: 20, maxT: 60 });
      const fit = fitMaximumLikelihood(bgNbdSpec(compressRows(sim.x, sim.tx, sim.T).rfm), 'BG/NBD');
      if (!fit.ok) throw new Error(fit.error);
      estimates.push(fit.params.r);
      errors.push(fit.standardErrors.r!);
    }
    const mean = estimates.reduce((s, v) => s + v, 0) / estimates.length;
    const sd = Math.sqrt(estimates.reduce((s, v) => s + (v - mean) ** 2, 0) / (estimates.length - 1));
    const se = errors.reduce((s, v) => s + v, 0) / errors.length;
    expect(sd / se).toBeGreaterThan(0.5);
    expect(sd / se).toBeLessThan(2);
  });
});

describe('transactionDataProblem', () => {
  const rows = (x: number[], tx: number[], T: number[]) => rfmFromRows(Float64Array.from(x), Float64Array.from(tx), Float64Array.from(T));
  it('names each reason the models cannot be fitted', () => {
    expect(transactionDataProblem(rows([], [], []))).toMatch(/no customer made a purchase/);
    expect(transactionDataProblem(rows([3], [5], [9]))).toMatch(/only 1 customer in/);
    expect(transactionDataProblem(rows(Array(20).fill(0), Array(20).fill(0), Array(20).fill(30)))).toMatch(/no customer bought more than once/);
    expect(transactionDataProblem(rows([1, 1, ...Array(18).fill(0)], [2, 2, ...Array(18).fill(0)], Array(20).fill(30)))).toMatch(/only 2 customers bought more than once/);
    const same = compressRows(Array(30).fill(2), Array(30).fill(10), Array(30).fill(30)).rfm;
    expect(transactionDataProblem(same)).toMatch(/all 30 customers have the same purchase history/);
    expect(transactionDataProblem(rows([1, ...Array(19).fill(0)], [40, ...Array(19).fill(0)], Array(20).fill(30)))).toMatch(/inconsistent/);
  });

  it('accepts ordinary data', () => {
    const sim = simulateBgNbd({ r: 0.3, alpha: 5, a: 0.8, b: 2.5 }, { customers: 200, seed: 2, minT: 10, maxT: 60 });
    expect(transactionDataProblem(compressRows(sim.x, sim.tx, sim.T).rfm)).toBeNull();
  });
});
