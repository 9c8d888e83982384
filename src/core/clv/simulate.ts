// Customers drawn from each model with a seeded generator: the parameter-recovery tests fit these back,
// and the benchmark fits them for its timings. Same seed, same customers, on every machine.

/** mulberry32: a small, fast 32-bit generator; plenty for simulation, not for cryptography. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, rate) by Marsaglia & Tsang (2000), boosted for shape < 1. */
export function sampleGamma(random: () => number, shape: number, rate: number): number {
  if (shape < 1) {
    let u = 0;
    while (u === 0) u = random();
    return sampleGamma(random, shape + 1, rate) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = normal(random);
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return (d * v) / rate;
  }
}

export function sampleBeta(random: () => number, a: number, b: number): number {
  const x = sampleGamma(random, a, 1);
  const y = sampleGamma(random, b, 1);
  return x / (x + y);
}

function exponential(random: () => number, rate: number): number {
  return -Math.log(1 - random()) / rate;
}

export interface SimulatedCustomers {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
}

export interface SimulationOptions {
  customers: number;
  seed: number;
  /** Each customer's T is drawn uniformly from [minT, maxT] (time units). */
  minT: number;
  maxT: number;
  /** Round times down to multiples of this (e.g. 1/7 for whole days in weeks); omit for exact times. */
  resolution?: number;
}

type Simulate = (random: () => number, T: number) => { x: number; tx: number };

function simulate(options: SimulationOptions, one: Simulate): SimulatedCustomers {
  const random = seededRandom(options.seed);
  const n = options.customers;
  const out = { x: new Float64Array(n), tx: new Float64Array(n), T: new Float64Array(n) };
  const res = options.resolution;
  for (let i = 0; i < n; i++) {
    let T = options.minT + (options.maxT - options.minT) * random();
    if (res) T = Math.floor(T / res) * res;
    const { x, tx } = one(random, T);
    out.x[i] = x;
    out.tx[i] = res ? Math.min(T, Math.floor(tx / res) * res) : tx;
    out.T[i] = T;
  }
  return out;
}

/** BG/NBD: purchases at rate λ; after each repeat purchase the customer drops out with probability p. */
export function simulateBgNbd(p: { r: number; alpha: number; a: number; b: number }, options: SimulationOptions): SimulatedCustomers {
  return simulate(options, (random, T) => {
    const lambda = sampleGamma(random, p.r, p.alpha);
    const drop = sampleBeta(random, p.a, p.b);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += exponential(random, lambda);
      if (t > T) break;
      x++;
      tx = t;
      if (random() < drop) break;
    }
    return { x, tx };
  });
}

/** MBG/NBD: as BG/NBD, with a first chance to drop out right after the first purchase. */
export function simulateMbgNbd(p: { r: number; alpha: number; a: number; b: number }, options: SimulationOptions): SimulatedCustomers {
  return simulate(options, (random, T) => {
    const lambda = sampleGamma(random, p.r, p.alpha);
    const drop = sampleBeta(random, p.a, p.b);
    let t = 0;
    let x = 0;
    let tx = 0;
    if (random() < drop) return { x, tx };
    for (;;) {
      t += exponential(random, lambda);
      if (t > T) break;
      x++;
      tx = t;
      if (random() < drop) break;
    }
    return { x, tx };
  });
}

/** Pareto/NBD: purchases at rate λ until an exponential lifetime with rate μ ends. */
export function simulateParetoNbd(p: { r: number; alpha: number; s: number; beta: number }, options: SimulationOptions): SimulatedCustomers {
  return simulate(options, (random, T) => {
    const lambda = sampleGamma(random, p.r, p.alpha);
    const mu = sampleGamma(random, p.s, p.beta);
    const end = Math.min(T, exponential(random, mu));
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += exponential(random, lambda);
      if (t > end) break;
      x++;
      tx = t;
    }
    return { x, tx };
  });
}

/** Gamma-Gamma: the mean of x purchase values Gamma(p, ν), ν ~ Gamma(q, γ), for each given x > 0. */
export function simulateGammaGamma(p: { p: number; q: number; v: number }, x: ArrayLike<number>, seed: number): Float64Array {
  const random = seededRandom(seed);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const nu = sampleGamma(random, p.q, p.v);
    let total = 0;
    for (let k = 0; k < x[i]; k++) total += sampleGamma(random, p.p, nu);
    out[i] = x[i] > 0 ? total / x[i] : NaN;
  }
  return out;
}
