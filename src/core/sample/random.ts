// A small seeded pseudo-random generator and the distributions the sample store draws from.
// Math.random() cannot be seeded, and the sample store must be the same store for the same seed on every
// machine, so everything here is integer arithmetic on 32-bit words (Math.imul), identical in every engine.
import gammaln from '@stdlib/math-base-special-gammaln';

const TWO_POW_32 = 4294967296;

/** SplitMix32 (a 32-bit variant of Steele, Lea & Flood's SplitMix): turns any seed into well-mixed words. */
export function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** A seed derived from several integers (a seed and a customer number, say), order-sensitive. */
export function deriveSeed(...parts: number[]): number {
  let h = 0x6a09e667;
  for (const part of parts) h = mix32((h ^ mix32(part >>> 0)) >>> 0);
  return h;
}

/**
 * xoshiro128** 1.0 (Blackman & Vigna, reference code xoshiro128starstar.c): 128 bits of state,
 * period 2^128 - 1, passes BigCrush; seeded through SplitMix32 so that nearby seeds give unrelated streams.
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** The second normal of the last polar-method pair, or NaN. */
  private spareNormal = Number.NaN;

  constructor(seed = 1) {
    this.reseed(seed);
  }

  /** A generator at a given raw state (for checking against the reference implementation's vectors). */
  static fromState(s0: number, s1: number, s2: number, s3: number): Random {
    const random = new Random();
    [random.s0, random.s1, random.s2, random.s3] = [s0 | 0, s1 | 0, s2 | 0, s3 | 0];
    return random;
  }

  /** Restarts the stream from a seed, as `new Random(seed)` would (without allocating). */
  reseed(seed: number): this {
    let x = seed >>> 0;
    x = mix32(x); this.s0 = x;
    x = mix32(x); this.s1 = x;
    x = mix32(x); this.s2 = x;
    x = mix32(x); this.s3 = x;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
    this.spareNormal = Number.NaN;
    return this;
  }

  /** The next 32-bit word, as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Uniform on the open interval (0, 1): never 0, so log(u) is always finite; never 1. */
  uniform(): number {
    return (this.nextUint32() + 0.5) / TWO_POW_32;
  }

  /** Uniform on [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** An integer in [0, n), for n up to 2^32. */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** An integer in [low, high], both included. */
  intBetween(low: number, high: number): number {
    return low + this.int(high - low + 1);
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** A standard normal draw (Marsaglia's polar method; the pair's second value is kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = Number.NaN;
      return mean + sd * z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + sd * u * f;
  }

  /** Exponential waiting time with the given rate (mean 1 / rate). */
  exponential(rate = 1): number {
    return -Math.log(this.uniform()) / rate;
  }

  /**
   * Gamma with shape k and scale theta (mean k * theta, variance k * theta^2), by Marsaglia & Tsang (2000),
   * "A simple method for generating gamma variables", ACM TOMS 26(3); shapes below 1 through their boost
   * Gamma(k) = Gamma(k + 1) * U^(1/k) (same paper, section 6).
   */
  gamma(shape: number, scale = 1): number {
    if (!(shape > 0) || !(scale > 0)) throw new RangeError(`gamma needs a positive shape and scale, got ${shape}, ${scale}`);
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(this.uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v * scale;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /**
   * Poisson with the given mean: counting uniforms' product (Knuth) for small means, Hörmann's PTRS
   * transformed rejection (1993, "The transformed rejection method for generating Poisson random
   * variables", Insurance: Mathematics and Economics 12) from a mean of 10 up.
   */
  poisson(mean: number): number {
    if (!(mean >= 0)) throw new RangeError(`poisson needs a mean >= 0, got ${mean}`);
    if (mean === 0) return 0;
    if (mean < 10) {
      const limit = Math.exp(-mean);
      let k = 0;
      let product = this.uniform();
      while (product > limit) {
        k++;
        product *= this.uniform();
      }
      return k;
    }
    const logMean = Math.log(mean);
    const b = 0.931 + 2.53 * Math.sqrt(mean);
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor((2 * a / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v * invAlpha / (a / (us * us) + b)) <= -mean + k * logMean - gammaln(k + 1)) return k;
    }
  }

  /** A uniformly chosen element. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick needs at least one item');
    return items[this.int(items.length)];
  }

  /** An index drawn with probability proportional to its weight, from `cumulativeWeights` (see below). */
  pickWeighted(cumulative: Float64Array): number {
    const total = cumulative[cumulative.length - 1];
    const target = this.uniform() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (cumulative[mid] > target) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

/** Running sums of weights, for Random.pickWeighted. */
export function cumulativeWeights(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    if (!(weights[i] >= 0)) throw new RangeError(`weight ${i} is ${weights[i]}; weights must be >= 0`);
    sum += weights[i];
    out[i] = sum;
  }
  if (!(sum > 0)) throw new RangeError('the weights sum to zero');
  return out;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
