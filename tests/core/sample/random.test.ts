import { describe, expect, it } from 'vitest';
import { Random, cumulativeWeights, deriveSeed, mix32 } from '../../../src/core/sample/random.ts';

const N = 200_000;

function moments(draw: () => number, n = N): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

/** Asserts a sample mean within `z` standard errors of the true mean, and the variance within `rel`. */
function expectMoments(draw: () => number, mean: number, variance: number, rel = 0.05, z = 4) {
  const m = moments(draw);
  expect(Math.abs(m.mean - mean)).toBeLessThan(z * Math.sqrt(variance / N));
  expect(Math.abs(m.variance / variance - 1)).toBeLessThan(rel);
}

describe('Random (xoshiro128**)', () => {
  it('matches the reference implementation from the state {1, 2, 3, 4}', () => {
    const random = Random.fromState(1, 2, 3, 4);
    const words = Array.from({ length: 6 }, () => random.nextUint32());
    // Computed with the C reference, xoshiro128starstar.c (Blackman & Vigna).
    expect(words).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('gives the same stream for the same seed, and reseed restarts it', () => {
    const a = new Random(1234);
    const b = new Random(1234);
    const first = Array.from({ length: 100 }, () => a.nextUint32());
    expect(Array.from({ length: 100 }, () => b.nextUint32())).toEqual(first);
    a.normal(); // leaves a spare normal behind, which reseed must forget
    a.reseed(1234);
    expect(Array.from({ length: 100 }, () => a.nextUint32())).toEqual(first);
  });

  it('gives unrelated streams for neighbouring seeds', () => {
    const a = new Random(1);
    const b = new Random(2);
    let same = 0;
    for (let i = 0; i < 1000; i++) if (a.nextUint32() === b.nextUint32()) same++;
    expect(same).toBe(0);
    expect(deriveSeed(7, 1)).not.toBe(deriveSeed(7, 2));
    expect(deriveSeed(7, 1, 2)).not.toBe(deriveSeed(7, 2, 1));
    expect(mix32(0)).not.toBe(mix32(1));
  });

  it('draws uniforms strictly inside (0, 1) with mean 1/2 and variance 1/12', () => {
    const random = new Random(5);
    let low = 1;
    let high = 0;
    for (let i = 0; i < N; i++) {
      const u = random.uniform();
      low = Math.min(low, u);
      high = Math.max(high, u);
    }
    expect(low).toBeGreaterThan(0);
    expect(high).toBeLessThan(1);
    expectMoments(() => random.uniform(), 0.5, 1 / 12);
  });

  it('draws integers over the whole range with equal frequency', () => {
    const random = new Random(6);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[random.int(7)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    for (let i = 0; i < 1000; i++) {
      const x = random.intBetween(3, 5);
      expect(x === 3 || x === 4 || x === 5).toBe(true);
    }
  });

  it('draws standard normals', () => {
    const random = new Random(7);
    expectMoments(() => random.normal(), 0, 1);
    expectMoments(() => random.normal(10, 3), 10, 9);
  });

  it('draws exponentials with mean 1 / rate', () => {
    const random = new Random(8);
    expectMoments(() => random.exponential(0.25), 4, 16, 0.06);
  });

  it.each([
    [0.3, 2], [0.75, 1], [1, 1], [2.5, 0.4], [5.5, 2], [40, 0.1],
  ])('draws gamma(shape %f, scale %f) with mean k theta and variance k theta^2', (shape, scale) => {
    const random = new Random(9);
    expectMoments(() => random.gamma(shape, scale), shape * scale, shape * scale * scale, 0.07);
  });

  it('draws only positive gammas, and refuses a shape or scale that is not positive', () => {
    const random = new Random(10);
    for (let i = 0; i < 10_000; i++) expect(random.gamma(0.2)).toBeGreaterThanOrEqual(0);
    expect(() => random.gamma(0)).toThrow(RangeError);
    expect(() => random.gamma(1, -1)).toThrow(RangeError);
    expect(() => random.gamma(Number.NaN)).toThrow(RangeError);
  });

  it.each([[0.75, 2.6], [2, 5], [0.5, 0.5]])('draws beta(%f, %f) in (0, 1) with the right mean and variance', (a, b) => {
    const random = new Random(11);
    const mean = a / (a + b);
    const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expectMoments(() => random.beta(a, b), mean, variance);
    for (let i = 0; i < 1000; i++) {
      const x = random.beta(a, b);
      expect(x >= 0 && x <= 1).toBe(true);
    }
  });

  it.each([0.2, 3.5, 9.9, 10, 40, 250, 5000])('draws poisson(%f) with mean and variance equal to it', (mean) => {
    const random = new Random(12);
    expectMoments(() => random.poisson(mean), mean, mean, 0.05);
    for (let i = 0; i < 1000; i++) expect(Number.isInteger(random.poisson(mean))).toBe(true);
  });

  it('draws poisson probabilities that match the mass function, on both sides of the method switch', () => {
    for (const mean of [4, 12]) {
      const random = new Random(13);
      const counts = new Map<number, number>();
      for (let i = 0; i < N; i++) {
        const k = random.poisson(mean);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      let pmf = Math.exp(-mean);
      for (let k = 0; k <= 2 * mean; k++) {
        if (k > 0) pmf *= mean / k;
        const observed = (counts.get(k) ?? 0) / N;
        expect(Math.abs(observed - pmf)).toBeLessThan(4 * Math.sqrt((pmf * (1 - pmf)) / N) + 1e-4);
      }
    }
    expect(new Random(1).poisson(0)).toBe(0);
    expect(() => new Random(1).poisson(-1)).toThrow(RangeError);
  });

  it('picks every element, and weighted picks in proportion to the weights', () => {
    const random = new Random(14);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(random.pick(['a', 'b', 'c']));
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
    expect(() => random.pick([])).toThrow(RangeError);

    const cumulative = cumulativeWeights([1, 0, 3, 6]);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[random.pickWeighted(cumulative)]++;
    expect(counts[1]).toBe(0);
    expect(counts[0] / 100_000).toBeCloseTo(0.1, 2);
    expect(counts[2] / 100_000).toBeCloseTo(0.3, 2);
    expect(counts[3] / 100_000).toBeCloseTo(0.6, 2);
    expect(() => cumulativeWeights([0, 0])).toThrow(RangeError);
    expect(() => cumulativeWeights([1, -1])).toThrow(RangeError);
  });

  it('gives chance(p) true with probability p', () => {
    const random = new Random(15);
    let hits = 0;
    for (let i = 0; i < 100_000; i++) if (random.chance(0.2)) hits++;
    expect(hits / 100_000).toBeCloseTo(0.2, 2);
    expect(random.chance(0)).toBe(false);
  });
});
