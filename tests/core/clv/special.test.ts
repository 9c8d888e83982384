import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  betaMean, bgExpectationFactor, hyp2f1, lnBeta, lnGamma, logAddExp, logPowerIntegral, logSubExp, logSumExp, powerRatio,
} from '../../../src/core/clv/special.ts';

// Values computed independently with mpmath at 50 digits (fixtures/make_special_values.py).
const reference = JSON.parse(readFileSync(new URL('./fixtures/special-values.json', import.meta.url), 'utf8')) as {
  hyp2f1: [number, number, number, number, number][];
  powerIntegral: [number, number, number, number, number, number | null, number][];
};

describe('log-space sums', () => {
  it('adds and subtracts exponentials without overflow', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logAddExp(-1000, -1001)).toBeCloseTo(-1000 + Math.log1p(Math.exp(-1)), 12);
    expect(logSubExp(1000, 1000 + Math.log(0.5))).toBeCloseTo(1000 + Math.log(0.5), 12);
    expect(logSubExp(2, 2)).toBe(-Infinity);
    // A difference of two nearly equal numbers keeps its digits.
    expect(logSubExp(0, Math.log1p(-1e-12))).toBeCloseTo(Math.log(1e-12), 6);
    expect(logSumExp([800, 800, 800])).toBeCloseTo(800 + Math.log(3), 12);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
  });

  it('powerRatio is continuous through m = 0', () => {
    const z = 0.3;
    expect(powerRatio(0, z)).toBeCloseTo(-Math.log(1 - z), 14);
    expect(powerRatio(1e-12, z)).toBeCloseTo(-Math.log(1 - z), 12);
    expect(powerRatio(2, z)).toBeCloseTo((1 - (1 - z) ** 2) / 2, 14);
    expect(powerRatio(-0.5, z)).toBeCloseTo((1 - (1 - z) ** -0.5) / -0.5, 14);
  });
});

describe('@stdlib special functions in the models\' range', () => {
  it('lnGamma and lnBeta agree with exact values', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 13);
    expect(Number.isFinite(lnGamma(5000.243))).toBe(true);
  });

  it('hyp2f1 matches mpmath on the Euler-transformed BG/NBD arguments, including c = 5000 and z near 1', () => {
    expect(reference.hyp2f1.length).toBeGreaterThanOrEqual(50);
    for (const [A, B, C, z, expected] of reference.hyp2f1) {
      const got = hyp2f1(A, B, C, z);
      expect(Math.abs(got - expected) / Math.abs(expected), `2F1(${A}, ${B}; ${C}; ${z})`).toBeLessThan(1e-9);
    }
  });

  it('hyp2f1 meets closed forms', () => {
    for (const z of [0.1, 0.5, 0.9, 0.999]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 10);
      expect(hyp2f1(2.5, 1.3, 1.3, z)).toBeCloseTo((1 - z) ** -2.5, 6);
    }
  });
});

describe('logPowerIntegral (the Pareto/NBD integral)', () => {
  it('exists because @stdlib hyp2f1 has no value for its 2F1 at large x and z near 1 (ARCHITECTURE.md)', () => {
    // ∫_0^∞ (α+τ)^-p (β+τ)^-q dτ = α^-p β^-(q-1) 2F1(1, p; p+q; 1-β/α) / (p+q-1); with p = 1899.19
    // (a customer with ~1,900 purchases), q = 2 and β/α = 3e-9, mpmath gives 2F1 = 1900.0631228934367.
    const p = 1899.1891064853746;
    const z = 0.9999999969603741;
    expect(Number.isNaN(hyp2f1(1, p, p + 2, z)), 'if @stdlib now gets this right, logPowerIntegral could use it').toBe(true);
    const alpha = 1;
    const beta = 1 - z;
    const ours = logPowerIntegral(alpha, p, beta, 2, 0, Infinity);
    const expected = -p * Math.log(alpha) - Math.log(beta) + Math.log(1900.0631228934367) - Math.log(p + 1);
    expect(ours).toBeCloseTo(expected, 8);
  });

  it('matches mpmath over six orders of magnitude of α, β and x up to 5000', () => {
    expect(reference.powerIntegral.length).toBeGreaterThanOrEqual(60);
    for (const [alpha, p, beta, q, lo, hi, expected] of reference.powerIntegral) {
      const got = logPowerIntegral(alpha, p, beta, q, lo, hi ?? Infinity);
      expect(Math.abs(got - expected) / Math.max(1, Math.abs(expected)), JSON.stringify({ alpha, p, beta, q, lo, hi })).toBeLessThan(1e-8);
    }
  });

  it('agrees with plain Simpson quadrature on a benign case', () => {
    const alpha = 3;
    const beta = 40;
    const p = 2.5;
    const q = 1.6;
    const n = 20000;
    const lo = 1;
    const hi = 30;
    const h = (hi - lo) / n;
    let s = 0;
    for (let k = 0; k <= n; k++) {
      const t = lo + k * h;
      const f = (alpha + t) ** -p * (beta + t) ** -q;
      s += (k === 0 || k === n ? 1 : k % 2 === 1 ? 4 : 2) * f;
    }
    expect(logPowerIntegral(alpha, p, beta, q, lo, hi)).toBeCloseTo(Math.log((s * h) / 3), 9);
  });

  it('is additive over adjacent intervals, across the switch between series and quadrature', () => {
    // α = 100, β = 1: z = 1/2 at τ = 98, so [0, 50] is quadrature, [50, 300] both.
    const whole = logPowerIntegral(100, 3.2, 1, 1.7, 0, 300);
    const parts = logAddExp(logPowerIntegral(100, 3.2, 1, 1.7, 0, 50), logPowerIntegral(100, 3.2, 1, 1.7, 50, 300));
    expect(whole).toBeCloseTo(parts, 11);
  });

  it('is -∞ for an empty interval and finite for a vanishing one', () => {
    expect(logPowerIntegral(1, 2, 3, 4, 5, 5)).toBe(-Infinity);
    const tiny = logPowerIntegral(2, 30, 1, 1.5, 10, 10 + 1e-9);
    expect(tiny).toBeCloseTo(Math.log(1e-9) - 30 * Math.log(12) - 1.5 * Math.log(11), 5);
  });
});

describe('betaMean (tanh-sinh quadrature over a Beta distribution)', () => {
  it('gives Beta moments, also with singular densities', () => {
    for (const [a, b] of [[2, 3], [0.3, 0.7], [0.05, 4], [5, 0.2]]) {
      expect(betaMean(a, b, () => 1)).toBeCloseTo(1, 8);
      expect(betaMean(a, b, (p) => p)).toBeCloseTo(a / (a + b), 8);
      expect(betaMean(a, b, (p) => p * p)).toBeCloseTo((a * (a + 1)) / ((a + b) * (a + b + 1)), 8);
    }
  });
});

describe('bgExpectationFactor', () => {
  it('is continuous through a = 1, where the published expression is 0/0', () => {
    const at = (a: number) => bgExpectationFactor(a + 2 - 1 - 0.5, a, a + 2 + 3 - 1, 0.4);
    const left = at(1 - 2e-4);
    const right = at(1 + 2e-4);
    const middle = at(1);
    expect(Number.isFinite(middle)).toBe(true);
    expect(Math.abs(middle - (left + right) / 2)).toBeLessThan(1e-6);
  });

  it('equals E over p ~ Beta(a, b) of [1 - (1 + p t/(α+T))^-(r+x)] / p (checked by quadrature)', () => {
    // The factor times c is E[(1 - (1 + p k)^-(r+x)) / p] with p ~ Beta(a, b + x) and k = t/(α+T).
    const r = 0.243;
    const a = 0.793;
    const b = 2.426;
    const x = 3;
    const k = 52 / 35;
    const z = k / (1 + k);
    const c = a + b + x - 1;
    const closed = c * bgExpectationFactor(a + b - 1 - r, a, c, z);
    // p = u^(1/a) removes the p^(a-1) singularity: p^(a-1) dp = du / a.
    const n = 200000;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const u = (i + 0.5) / n;
      const p = u ** (1 / a);
      s += ((1 - (1 + p * k) ** -(r + x)) / p) * (1 - p) ** (b + x - 1);
    }
    const numeric = s / n / a / Math.exp(lnBeta(a, b + x));
    expect(closed).toBeCloseTo(numeric, 6);
  });
});
