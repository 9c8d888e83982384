// Maximum likelihood for the lifetime-value models. No maintained optimiser package exists on npm for this,
// so this file holds a small one: BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 6.1)
// with an Armijo backtracking line search, Nelder-Mead (Lagarias et al. 1998, with the dimension-adaptive
// coefficients of Gao & Han 2012) as the fallback, both on the logarithms of the parameters, which keeps
// every parameter positive and makes the problem far better scaled. Standard errors come from the
// Hessian of the log-likelihood at the maximum (observed information), by the delta method from log space.

/** A model's log-likelihood as the optimiser sees it. */
export interface LikelihoodSpec {
  names: readonly string[];
  /** Total log-likelihood at the natural parameters. */
  logLikelihood(theta: Float64Array): number;
  /**
   * Optional: the total log-likelihood, with its gradient in the natural parameters written to `grad`. A NaN
   * in `grad` asks for finite differences at that point instead (a model whose analytic form does not
   * cover every parameter value).
   */
  logLikelihoodGradient?(theta: Float64Array, grad: Float64Array): number;
  /** Starting points in natural parameters, best guess first. */
  starts: Float64Array[];
  /** Number of customers, used to scale the objective to a mean. */
  customers: number;
}

export interface FitSuccess {
  ok: true;
  params: Record<string, number>;
  values: Float64Array;
  logLikelihood: number;
  /** Standard errors from the observed information; null when the Hessian is not positive definite. */
  standardErrors: Record<string, number | null>;
  iterations: number;
  evaluations: number;
  method: 'bfgs' | 'nelder-mead';
  /** Plain remarks for the page: a degenerate but valid fit, missing standard errors. */
  notes: string[];
}

export interface FitFailure {
  ok: false;
  error: string;
}

export type FitResult = FitSuccess | FitFailure;

/** Bounds of every log-parameter: parameters live in [1e-8, 1e8]. */
export const LOG_LOWER = Math.log(1e-8);
export const LOG_UPPER = Math.log(1e8);

export interface MinimizeResult {
  x: Float64Array;
  f: number;
  gradientNorm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

export interface MinimizeOptions {
  lower?: number;
  upper?: number;
  maxIterations?: number;
  /** Converged when the largest projected gradient component is below this. */
  gradientTolerance?: number;
}

type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** The largest gradient component that could still move x inside the box. */
function projectedNorm(x: Float64Array, g: Float64Array, lo: number, hi: number): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const gi = g[i];
    if ((x[i] <= lo && gi > 0) || (x[i] >= hi && gi < 0)) continue;
    const a = Math.abs(gi);
    if (a > m) m = a;
  }
  return m;
}

/** BFGS with a backtracking Armijo line search in a box (minimisation). Non-finite values count as +∞. */
export function minimizeBfgs(fg: ValueAndGradient, x0: Float64Array, options: MinimizeOptions = {}): MinimizeResult {
  const n = x0.length;
  const lo = options.lower ?? -Infinity;
  const hi = options.upper ?? Infinity;
  const maxIterations = options.maxIterations ?? 400;
  const gtol = options.gradientTolerance ?? 1e-7;
  const x = Float64Array.from(x0, (v) => clamp(v, lo, hi));
  const g = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const d = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);
  const H = new Float64Array(n * n);
  const resetH = () => {
    H.fill(0);
    for (let i = 0; i < n; i++) H[i * n + i] = 1;
  };
  resetH();
  let evaluations = 1;
  let f = fg(x, g);
  if (!Number.isFinite(f)) return { x, f: Infinity, gradientNorm: Infinity, iterations: 0, evaluations, converged: false };
  let firstStep = true;
  let stalls = 0;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const gnorm = projectedNorm(x, g, lo, hi);
    if (gnorm < gtol) return { x, f, gradientNorm: gnorm, iterations, evaluations, converged: true };
    // Search direction d = -H g, with components that push against an active bound removed.
    let slope = 0;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v -= H[i * n + j] * g[j];
      if ((x[i] <= lo && v < 0) || (x[i] >= hi && v > 0)) v = 0;
      d[i] = v;
      slope += v * g[i];
    }
    if (!(slope < 0)) {
      resetH();
      slope = 0;
      for (let i = 0; i < n; i++) {
        d[i] = (x[i] <= lo && g[i] > 0) || (x[i] >= hi && g[i] < 0) ? 0 : -g[i];
        slope += d[i] * g[i];
      }
      if (!(slope < 0)) return { x, f, gradientNorm: gnorm, iterations, evaluations, converged: gnorm < gtol * 100 };
    }
    // Keep steps in log space moderate: e^4 is a factor of 55 in a parameter.
    let dmax = 0;
    for (let i = 0; i < n; i++) dmax = Math.max(dmax, Math.abs(d[i]));
    let step = dmax > 4 ? 4 / dmax : 1;
    if (firstStep && dmax * step > 1) step = 1 / dmax;
    let fNew = Infinity;
    let accepted = false;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = clamp(x[i] + step * d[i], lo, hi);
      evaluations++;
      fNew = fg(xNew, gNew);
      let actualSlope = 0;
      for (let i = 0; i < n; i++) actualSlope += (xNew[i] - x[i]) * g[i];
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * actualSlope) {
        accepted = true;
        break;
      }
      // Quadratic interpolation of the step, kept within [0.1, 0.5] of the last one.
      let next = step * 0.5;
      if (Number.isFinite(fNew)) {
        const denom = 2 * (fNew - f - slope * step);
        if (denom > 0) next = clamp((-slope * step * step) / denom, step * 0.1, step * 0.5);
      } else {
        next = step * 0.2;
      }
      step = next;
    }
    if (!accepted) {
      const gn = projectedNorm(x, g, lo, hi);
      return { x, f, gradientNorm: gn, iterations, evaluations, converged: gn < gtol * 100 };
    }
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
      sy += s[i] * y[i];
      yy += y[i] * y[i];
    }
    const decrease = f - fNew;
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    if (sy > 1e-14 * Math.sqrt(yy) * Math.hypot(...s)) {
      if (firstStep) {
        // Scale the initial inverse Hessian (Nocedal & Wright eq. 6.20) before the first update.
        const scale = sy / yy;
        for (let i = 0; i < n * n; i++) H[i] *= scale;
        firstStep = false;
      }
      // H <- (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ (Nocedal & Wright eq. 6.17).
      const rho = 1 / sy;
      let yHy = 0;
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let j = 0; j < n; j++) v += H[i * n + j] * y[j];
        Hy[i] = v;
        yHy += y[i] * v;
      }
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j] += -rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
        }
      }
    }
    stalls = decrease <= 1e-15 * (1 + Math.abs(f)) ? stalls + 1 : 0;
    if (stalls >= 3) {
      const gn = projectedNorm(x, g, lo, hi);
      return { x, f, gradientNorm: gn, iterations, evaluations, converged: gn < gtol * 100 };
    }
  }
  const gn = projectedNorm(x, g, lo, hi);
  return { x, f, gradientNorm: gn, iterations, evaluations, converged: gn < gtol };
}

/** Nelder-Mead in a box (minimisation), with adaptive coefficients for the dimension. */
export function minimizeNelderMead(
  fn: (x: Float64Array) => number, x0: Float64Array,
  options: { lower?: number; upper?: number; maxEvaluations?: number; step?: number; tolerance?: number } = {},
): { x: Float64Array; f: number; evaluations: number; converged: boolean } {
  const n = x0.length;
  const lo = options.lower ?? -Infinity;
  const hi = options.upper ?? Infinity;
  const maxEvaluations = options.maxEvaluations ?? 4000 * n;
  const tol = options.tolerance ?? 1e-12;
  const alpha = 1;
  const beta = 1 + 2 / n;
  const gamma = 0.75 - 1 / (2 * n);
  const delta = 1 - 1 / n;
  let evaluations = 0;
  const value = (x: Float64Array) => {
    evaluations++;
    const v = fn(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const simplex: Float64Array[] = [];
  const values: number[] = [];
  const base = Float64Array.from(x0, (v) => clamp(v, lo, hi));
  simplex.push(base);
  values.push(value(base));
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(base);
    p[i] = clamp(p[i] + (options.step ?? 0.5), lo, hi);
    if (p[i] === base[i]) p[i] = clamp(base[i] - (options.step ?? 0.5), lo, hi);
    simplex.push(p);
    values.push(value(p));
  }
  const centroid = new Float64Array(n);
  const point = (from: Float64Array, toward: Float64Array, t: number) => {
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) p[i] = clamp(from[i] + t * (toward[i] - from[i]), lo, hi);
    return p;
  };
  let converged = false;
  while (evaluations < maxEvaluations) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const sortedS = order.map((i) => simplex[i]);
    const sortedV = order.map((i) => values[i]);
    simplex.splice(0, simplex.length, ...sortedS);
    values.splice(0, values.length, ...sortedV);
    let diameter = 0;
    for (let k = 1; k <= n; k++) for (let i = 0; i < n; i++) diameter = Math.max(diameter, Math.abs(simplex[k][i] - simplex[0][i]));
    if (Math.abs(values[n] - values[0]) <= tol * (1 + Math.abs(values[0])) && diameter < 1e-7) {
      converged = true;
      break;
    }
    centroid.fill(0);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i] += simplex[k][i] / n;
    const worst = simplex[n];
    const reflected = point(centroid, worst, -alpha);
    const fr = value(reflected);
    if (fr < values[0]) {
      const expanded = point(centroid, worst, -alpha * beta);
      const fe = value(expanded);
      if (fe < fr) {
        simplex[n] = expanded;
        values[n] = fe;
      } else {
        simplex[n] = reflected;
        values[n] = fr;
      }
      continue;
    }
    if (fr < values[n - 1]) {
      simplex[n] = reflected;
      values[n] = fr;
      continue;
    }
    const outside = fr < values[n];
    const contracted = outside ? point(centroid, worst, -alpha * gamma) : point(centroid, worst, gamma);
    const fc = value(contracted);
    if (fc < (outside ? fr : values[n])) {
      simplex[n] = contracted;
      values[n] = fc;
      continue;
    }
    for (let k = 1; k <= n; k++) {
      simplex[k] = point(simplex[0], simplex[k], delta);
      values[k] = value(simplex[k]);
    }
  }
  let best = 0;
  for (let k = 1; k <= n; k++) if (values[k] < values[best]) best = k;
  return { x: simplex[best], f: values[best], evaluations, converged };
}

/**
 * The objective in log space, scaled to a mean per customer: F(φ) = -LL(e^φ) / N, with its gradient
 * (analytic where the model gives one, central differences otherwise).
 */
function objective(spec: LikelihoodSpec) {
  const n = spec.names.length;
  const scale = 1 / Math.max(1, spec.customers);
  const theta = new Float64Array(n);
  const grad = new Float64Array(n);
  const probe = new Float64Array(n);
  let evaluations = 0;
  let lastGradientNorm = Infinity;
  /** Whether the last gradient was the model's own (false: finite differences). */
  let lastAnalytic = false;
  const value = (phi: Float64Array): number => {
    evaluations++;
    for (let i = 0; i < n; i++) theta[i] = Math.exp(phi[i]);
    const ll = spec.logLikelihood(theta);
    return Number.isFinite(ll) ? -ll * scale : Infinity;
  };
  const valueAndGradient = (phi: Float64Array, out: Float64Array): number => {
    let f: number;
    if (spec.logLikelihoodGradient) {
      evaluations++;
      for (let i = 0; i < n; i++) theta[i] = Math.exp(phi[i]);
      const ll = spec.logLikelihoodGradient(theta, grad);
      if (!Number.isFinite(ll)) return Infinity;
      if (!grad.some(Number.isNaN)) {
        let norm = 0;
        for (let i = 0; i < n; i++) {
          out[i] = -grad[i] * theta[i] * scale;
          norm = Math.max(norm, Math.abs(out[i]));
        }
        lastGradientNorm = norm;
        lastAnalytic = true;
        return -ll * scale;
      }
      f = -ll * scale;
    } else {
      f = value(phi);
      if (!Number.isFinite(f)) return Infinity;
    }
    lastAnalytic = false;
    // Forward differences (n evaluations) while the gradient is large, central ones (2n, accurate to
    // ~1e-10) near the optimum, where the convergence test needs them.
    const central = lastGradientNorm < 1e-3;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const h = (central ? 1e-5 : 1e-7) * Math.max(1, Math.abs(phi[i]));
      probe.set(phi);
      probe[i] = phi[i] + h;
      const up = value(probe);
      let down = NaN;
      if (central || !Number.isFinite(up)) {
        probe[i] = phi[i] - h;
        down = value(probe);
      }
      out[i] = Number.isFinite(up) && Number.isFinite(down) ? (up - down) / (2 * h)
        : Number.isFinite(up) ? (up - f) / h : (f - down) / h;
      norm = Math.max(norm, Math.abs(out[i]));
    }
    lastGradientNorm = norm;
    return f;
  };
  return { value, valueAndGradient, scale, evaluations: () => evaluations, lastAnalytic: () => lastAnalytic };
}

/**
 * Hessian of F in log space: central differences of the gradient (symmetrised), or of the value when the
 * model has no analytic gradient.
 */
function hessian(obj: ReturnType<typeof objective>, phi: Float64Array, analytic: boolean): Float64Array {
  const n = phi.length;
  const H = new Float64Array(n * n);
  const p = new Float64Array(n);
  if (analytic) {
    const gUp = new Float64Array(n);
    const gDown = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const h = 1e-5 * Math.max(1, Math.abs(phi[i]));
      p.set(phi);
      p[i] = phi[i] + h;
      obj.valueAndGradient(p, gUp);
      p[i] = phi[i] - h;
      obj.valueAndGradient(p, gDown);
      for (let j = 0; j < n; j++) H[i * n + j] = (gUp[j] - gDown[j]) / (2 * h);
    }
  } else {
    const f0 = obj.value(phi);
    const hs = Array.from(phi, (v) => 1e-4 * Math.max(1, Math.abs(v)));
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const at = (di: number, dj: number) => {
          p.set(phi);
          p[i] += di * hs[i];
          p[j] += dj * hs[j];
          return obj.value(p);
        };
        const v = i === j
          ? (at(1, 0) - 2 * f0 + at(-1, 0)) / (hs[i] * hs[i])
          : (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * hs[i] * hs[j]);
        H[i * n + j] = v;
        H[j * n + i] = v;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const m = (H[i * n + j] + H[j * n + i]) / 2;
      H[i * n + j] = m;
      H[j * n + i] = m;
    }
  }
  return H;
}

/** The inverse of a symmetric positive definite matrix by Cholesky, or null. */
export function invertSpd(A: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i * n + j];
      for (let k = 0; k < j; k++) sum -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return null;
        L[i * n + i] = Math.sqrt(sum);
      } else {
        L[i * n + j] = sum / L[j * n + j];
      }
    }
  }
  // inv(A) = inv(L)ᵀ inv(L)
  const Li = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    Li[i * n + i] = 1 / L[i * n + i];
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= L[i * n + k] * Li[k * n + j];
      Li[i * n + j] = sum / L[i * n + i];
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = Math.max(i, j); k < n; k++) sum += Li[k * n + i] * Li[k * n + j];
      inv[i * n + j] = sum;
    }
  }
  return inv;
}

const BOUND_MARGIN = 0.5;

/**
 * Fits a model by maximum likelihood from each of its starting points and keeps the best converged
 * result. A fit that does not converge, runs to a bound of the parameter space, or ends at a non-finite
 * likelihood is refused with a reason.
 */
export function fitMaximumLikelihood(spec: LikelihoodSpec, modelName: string): FitResult {
  const n = spec.names.length;
  const obj = objective(spec);
  const analytic = spec.logLikelihoodGradient !== undefined;
  const options: MinimizeOptions = { lower: LOG_LOWER, upper: LOG_UPPER, gradientTolerance: 1e-7, maxIterations: 500 };
  let best: MinimizeResult | null = null;
  let bestAny: MinimizeResult | null = null;
  let iterations = 0;
  // ARCHITECTURE.md: start from several points when one fails. The next start is tried when a run does not
  // converge or ends at a bound of the parameter space; the best interior maximum wins.
  const interior = (r: MinimizeResult) => r.x.every((v) => v > LOG_LOWER + BOUND_MARGIN && v < LOG_UPPER - BOUND_MARGIN);
  for (const start of spec.starts) {
    const phi0 = Float64Array.from(start, (v) => Math.log(v));
    if (!Number.isFinite(obj.value(phi0))) continue;
    const result = minimizeBfgs(obj.valueAndGradient, phi0, options);
    iterations += result.iterations;
    if (!bestAny || result.f < bestAny.f) bestAny = result;
    if (!result.converged) continue;
    if (!best || result.f < best.f) best = result;
    if (interior(result)) break;
  }
  let method: 'bfgs' | 'nelder-mead' = 'bfgs';
  if (!best) {
    if (!bestAny) return { ok: false, error: `the ${modelName} log-likelihood is not finite at any starting point` };
    // Fallback: Nelder-Mead from the best point reached, then BFGS again from where it stops.
    const nm = minimizeNelderMead(obj.value, bestAny.x, { lower: LOG_LOWER, upper: LOG_UPPER });
    const polished = minimizeBfgs(obj.valueAndGradient, nm.x, options);
    iterations += polished.iterations;
    if (polished.converged) best = polished;
    else if (nm.converged && polished.f <= nm.f + 1e-12 && polished.gradientNorm < 1e-4) {
      best = polished;
      method = 'nelder-mead';
    } else {
      return { ok: false, error: `the optimiser did not converge for ${modelName} (largest gradient ${polished.gradientNorm.toExponential(1)} after ${iterations} iterations)` };
    }
  }
  const ll = -best.f / obj.scale;
  if (!Number.isFinite(ll)) return { ok: false, error: `the ${modelName} log-likelihood is not finite at the optimum` };
  for (let i = 0; i < n; i++) {
    const atLower = best.x[i] <= LOG_LOWER + BOUND_MARGIN;
    const atUpper = best.x[i] >= LOG_UPPER - BOUND_MARGIN;
    if (atLower || atUpper) {
      return {
        ok: false,
        error: `the ${modelName} likelihood keeps rising as ${spec.names[i]} goes to ${atLower ? 'zero' : 'infinity'}, so the data cannot pin the model down`,
      };
    }
  }
  const values = Float64Array.from(best.x, (v) => Math.exp(v));
  // Differences of the analytic gradient where the model has one at the maximum, second differences otherwise.
  obj.valueAndGradient(best.x, new Float64Array(n));
  const H = hessian(obj, best.x, analytic && obj.lastAnalytic());
  // Observed information of the log-parameters is the Hessian of -LL = N F.
  for (let i = 0; i < n * n; i++) H[i] /= obj.scale;
  const cov = invertSpd(H, n);
  const params: Record<string, number> = {};
  const standardErrors: Record<string, number | null> = {};
  spec.names.forEach((name, i) => {
    params[name] = values[i];
    const v = cov ? cov[i * n + i] : NaN;
    standardErrors[name] = v > 0 && Number.isFinite(v) ? values[i] * Math.sqrt(v) : null;
  });
  const notes: string[] = [];
  if (!cov) notes.push('standard errors are not available: the likelihood is flat in some direction at the maximum');
  return { ok: true, params, values, logLikelihood: ll, standardErrors, iterations, evaluations: obj.evaluations(), method, notes };
}

/** Reasons a transaction model (BG/NBD, Pareto/NBD, MBG/NBD) cannot be fitted, checked before trying. */
export const MIN_CUSTOMERS = 10;
export const MIN_REPEAT_CUSTOMERS = 5;

export function transactionDataProblem(rfm: { rows: number; x: Float64Array; tx: Float64Array; T: Float64Array; weight: Float64Array; customers: number }): string | null {
  if (rfm.customers === 0) return 'no customer made a purchase in the calibration period';
  let repeaters = 0;
  let badRow = false;
  for (let i = 0; i < rfm.rows; i++) {
    if (rfm.x[i] > 0) repeaters += rfm.weight[i];
    if (!(rfm.x[i] >= 0 && rfm.tx[i] >= 0 && rfm.T[i] >= rfm.tx[i] && Number.isFinite(rfm.T[i]))) badRow = true;
  }
  if (badRow) return 'some customers have an inconsistent history (recency beyond T or negative values)';
  if (rfm.customers < MIN_CUSTOMERS) return `only ${rfm.customers} customer${rfm.customers === 1 ? '' : 's'} in the calibration period; at least ${MIN_CUSTOMERS} are needed to estimate how customers differ`;
  if (repeaters === 0) return 'no customer bought more than once in the calibration period, so repeat buying cannot be modelled';
  if (repeaters < MIN_REPEAT_CUSTOMERS) return `only ${repeaters} customer${repeaters === 1 ? '' : 's'} bought more than once in the calibration period; at least ${MIN_REPEAT_CUSTOMERS} are needed`;
  if (rfm.rows === 1) return `all ${rfm.customers} customers have the same purchase history, so how they differ cannot be estimated`;
  return null;
}
