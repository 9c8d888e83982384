// G(u) = ∫_u^∞ (A+τ)^-P (B+τ)^-Q dτ and its gradient, the Pareto/NBD fit's special function, against mpmath
// at 50 digits (fixtures/make_power_tail_values.py), on both sides of the split between its expansions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logTailNear, logTailSeries, NEAR_MAX_P } from '../../../src/core/clv/power-tail.ts';
import { logPowerIntegral, seriesFrom } from '../../../src/core/clv/special.ts';

const reference = JSON.parse(readFileSync(new URL('./fixtures/power-tail-values.json', import.meta.url), 'utf8')) as {
  cases: [number, number, number, number, number, number, number, number, number, number][];
};

/** ln G and ∂ ln G/∂(A, B, P, Q), choosing the expansion as the Pareto/NBD likelihood does; null outside both. */
function tailOf(A: number, P: number, B: number, Q: number, u: number): Float64Array | null {
  const out = new Float64Array(5);
  const split = seriesFrom(A, B);
  if (u >= split) {
    logTailSeries(A, P, B, Q, u, Math.log(A + u), Math.log(B + u), out);
    return out;
  }
  if (P > NEAR_MAX_P) return null;
  const atSplit = new Float64Array(5);
  logTailSeries(A, P, B, Q, split, Math.log(A + split), Math.log(B + split), atSplit);
  logTailNear(A, P, B, Q, u, atSplit, out);
  return out;
}

describe('the Pareto/NBD tail integral G(u) with its gradient', () => {
  it('matches mpmath in value and in all four derivatives, on the series side and below the split', () => {
    let near = 0;
    let series = 0;
    for (const [A, P, B, Q, u, ...expected] of reference.cases) {
      const got = tailOf(A, P, B, Q, u);
      if (!got) continue; // below the split with P > NEAR_MAX_P: the likelihood falls back (models.test.ts)
      if (u < seriesFrom(A, B)) near++;
      else series++;
      const what = JSON.stringify({ A, P, B, Q, u });
      expect(Math.abs(got[0] - expected[0]) / Math.max(1, Math.abs(expected[0])), `ln G ${what}`).toBeLessThan(1e-12);
      // Each derivative against the size of the terms it is made of, so that a near-zero one is not
      // judged on its own scale.
      const scales = [P / (A + u) + Math.abs(expected[1]), Math.abs(Q - 1) / (B + u) + Math.abs(expected[2]), 1 + Math.abs(expected[3]), 1 + Math.abs(expected[4])];
      for (let i = 0; i < 4; i++) {
        expect(Math.abs(got[i + 1] - expected[i + 1]) / scales[i], `∂${'ABPQ'[i]} ${what}`).toBeLessThan(1e-10);
      }
    }
    expect(near).toBeGreaterThanOrEqual(50);
    expect(series).toBeGreaterThanOrEqual(40);
  });

  it('agrees with logPowerIntegral, which integrates by quadrature below the split', () => {
    for (const [A, B] of [[3e6, 69], [5000, 2], [1e8, 0.5], [800, 220], [12, 11]]) {
      for (const P of [1.000001, 1.7, 4.2]) {
        for (const Q of [0.6, 1, 2.5, 40.5, 700.25]) {
          for (const u of [0, 3, 90, 372]) {
            const got = tailOf(A, P, B, Q, u)!;
            const expected = logPowerIntegral(A, P, B, Q, u, Infinity);
            expect(Math.abs(got[0] - expected) / Math.max(1, Math.abs(expected)), JSON.stringify({ A, P, B, Q, u })).toBeLessThan(1e-8);
          }
        }
      }
    }
  });

  it('is continuous across the split', () => {
    const A = 5000;
    const B = 3;
    const split = seriesFrom(A, B);
    const below = tailOf(A, 2.2, B, 17.5, split * (1 - 1e-12))!;
    const at = tailOf(A, 2.2, B, 17.5, split)!;
    for (let i = 0; i < 5; i++) expect(below[i]).toBeCloseTo(at[i], 8);
  });
});
