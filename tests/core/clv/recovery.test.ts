// Parameter recovery: 20,000 customers simulated from each model with known parameters (seeded) are
// fitted back, and every estimate must lie within three of its standard errors of the truth.
import { describe, expect, it } from 'vitest';
import {
  compressRows, fitBgNbd, fitGammaGamma, fitMbgNbd, fitParetoNbd, simulateBgNbd, simulateGammaGamma,
  simulateMbgNbd, simulateParetoNbd, type FitResult,
} from '../../../src/core/clv/index.ts';

const CUSTOMERS = 20000;

function expectRecovered(fit: FitResult, truth: Record<string, number>) {
  if (!fit.ok) throw new Error(fit.error);
  for (const [name, value] of Object.entries(truth)) {
    const se = fit.standardErrors[name];
    expect(se, `standard error of ${name}`).not.toBeNull();
    expect(se!).toBeGreaterThan(0);
    // The standard error must be informative, not a blanket that covers anything.
    expect(se! / value, `relative SE of ${name}`).toBeLessThan(0.5);
    expect(Math.abs(fit.params[name] - value) / se!, `${name}: ${fit.params[name]} ± ${se} vs ${value}`).toBeLessThan(3);
  }
}

describe('parameter recovery from simulated customers', () => {
  it('BG/NBD (weeks, observed 10 to 78 weeks)', () => {
    const truth = { r: 0.35, alpha: 6, a: 0.8, b: 2.5 };
    const sim = simulateBgNbd(truth, { customers: CUSTOMERS, seed: 101, minT: 10, maxT: 78 });
    expectRecovered(fitBgNbd(compressRows(sim.x, sim.tx, sim.T).rfm), truth);
  });

  it('MBG/NBD (weeks)', () => {
    const truth = { r: 0.5, alpha: 6, a: 0.9, b: 1.6 };
    const sim = simulateMbgNbd(truth, { customers: CUSTOMERS, seed: 202, minT: 10, maxT: 78 });
    expectRecovered(fitMbgNbd(compressRows(sim.x, sim.tx, sim.T).rfm), truth);
  });

  it('Pareto/NBD (days, whole days)', () => {
    const truth = { r: 0.55, alpha: 75, s: 0.6, beta: 80 };
    const sim = simulateParetoNbd(truth, { customers: CUSTOMERS, seed: 303, minT: 60, maxT: 540 });
    expectRecovered(fitParetoNbd(compressRows(sim.x, sim.tx, sim.T).rfm), truth);
  });

  it('Gamma-Gamma', () => {
    const truth = { p: 6, q: 3.7, v: 15 };
    const x = simulateBgNbd({ r: 0.35, alpha: 6, a: 0.8, b: 2.5 }, { customers: CUSTOMERS * 2, seed: 404, minT: 10, maxT: 78 }).x.filter((v) => v > 0);
    const mean = simulateGammaGamma(truth, x, 405);
    expectRecovered(fitGammaGamma({ customers: x.length, x, mean }), truth);
  });

  it('a different seed gives different data and still recovers (the test is not tuned to one draw)', () => {
    const truth = { r: 0.35, alpha: 6, a: 0.8, b: 2.5 };
    const one = simulateBgNbd(truth, { customers: CUSTOMERS, seed: 7, minT: 10, maxT: 78 });
    const two = simulateBgNbd(truth, { customers: CUSTOMERS, seed: 8, minT: 10, maxT: 78 });
    expect(Array.from(one.x.slice(0, 50))).not.toEqual(Array.from(two.x.slice(0, 50)));
    expectRecovered(fitBgNbd(compressRows(two.x, two.tx, two.T).rfm), truth);
  });
});
