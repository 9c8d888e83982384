// fit100k (Node): maximum-likelihood fits of BG/NBD, Pareto/NBD and Gamma-Gamma on the sample store's
// customers (src/core/clv), each timed on its own, median over several runs. Building the occasions and the
// (x, t_x, T) summary is reported beside (`prepareMs`): the page does it once per data change.
import type { OrderTable } from '../../src/core/columns/table.ts';
import { sampleTable } from './sample-table.ts';
import { fmtInt, fmtMs, median, round, say } from './stats.ts';

type FitResult = { ok: true; params: Record<string, number>; logLikelihood: number; iterations: number; evaluations: number; method: string } | { ok: false; error: string };
interface Summary {
  customers: number;
  rfm: { rows: number; customers: number };
}
interface Occasions {
  customers: number;
  day: Int32Array;
}
interface ClvApi {
  summariseCustomers(occ: Occasions, options: { calibrationEnd: number; asOf?: number; unit: 'day' | 'week' }): Summary;
  spendInput(summary: Summary): { customers: number };
  fitBgNbd(rfm: Summary['rfm']): FitResult;
  fitParetoNbd(rfm: Summary['rfm']): FitResult;
  fitGammaGamma(spend: { customers: number }): FitResult;
}
interface OccasionsApi {
  buildOccasions(table: OrderTable, options?: { lastDay?: number }): Occasions;
}

interface ModelFigures {
  ms: number;
  runsMs: number[];
  fit: Record<string, unknown>;
}

export type FitScenario = Record<string, unknown> & { customers: number };

const MODELS = [
  { key: 'bgnbd', fn: 'fitBgNbd', label: 'BG/NBD', input: 'rfm' },
  { key: 'paretoNbd', fn: 'fitParetoNbd', label: 'Pareto/NBD', input: 'rfm' },
  { key: 'gammaGamma', fn: 'fitGammaGamma', label: 'Gamma-Gamma', input: 'spend' },
] as const;

function describeFit(fit: FitResult): Record<string, unknown> {
  if (!fit.ok) return { error: fit.error };
  const params: Record<string, number> = {};
  for (const [k, v] of Object.entries(fit.params)) params[k] = Number(v.toPrecision(6));
  return { params, logLikelihood: round(fit.logLikelihood, 2), iterations: fit.iterations, evaluations: fit.evaluations, method: fit.method };
}

export async function fitModels(customers: number, seed: number, runs: number): Promise<FitScenario> {
  const clv = (await import('../../src/core/clv/index.ts')) as unknown as Partial<ClvApi>;
  const occasionsApi = (await import('../../src/core/analytics/occasions.ts')) as unknown as Partial<OccasionsApi>;
  if (typeof occasionsApi.buildOccasions !== 'function') throw new Error('src/core/analytics/occasions.ts has no buildOccasions() yet');
  for (const name of ['summariseCustomers', 'spendInput'] as const) {
    if (typeof clv[name] !== 'function') throw new Error(`src/core/clv has no ${name}() yet`);
  }
  const { table } = await sampleTable(customers, seed);

  const t0 = performance.now();
  const occasions = occasionsApi.buildOccasions(table);
  let last = -Infinity;
  for (let j = 0; j < occasions.day.length; j++) if (occasions.day[j] > last) last = occasions.day[j];
  const summary = clv.summariseCustomers!(occasions, { calibrationEnd: last, unit: 'day' });
  const spend = clv.spendInput!(summary);
  const prepareMs = performance.now() - t0;
  say(`fit100k: ${fmtInt(summary.customers)} customers (${fmtInt(summary.rfm.rows)} distinct (x, t_x, T) rows, ${fmtInt(spend.customers)} repeat buyers for Gamma-Gamma), prepared in ${fmtMs(prepareMs)}`);

  const out: FitScenario = { customers: summary.customers };
  const figures: Record<string, ModelFigures | { error: string }> = {};
  for (const model of MODELS) {
    const fit = clv[model.fn] as ((input: unknown) => FitResult) | undefined;
    if (typeof fit !== 'function') {
      figures[model.key] = { error: `src/core/clv has no ${model.fn}() yet` };
      say(`fit100k: ${model.label}: not available (${model.fn}() missing)`);
      continue;
    }
    try {
      const input = model.input === 'rfm' ? summary.rfm : spend;
      const runsMs: number[] = [];
      let result: FitResult | null = null;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        result = fit(input);
        runsMs.push(performance.now() - t);
      }
      const ms = median(runsMs);
      figures[model.key] = { ms: round(ms), runsMs: runsMs.map((x) => round(x)), fit: describeFit(result!) };
      say(`fit100k: ${model.label}: median ${fmtMs(ms)} over ${runs} runs (${runsMs.map((x) => fmtMs(x)).join(', ')})` +
        (result && !result.ok ? `; the fit failed: ${result.error}` : result?.ok ? `; ${result.method}, ${result.iterations} iterations, LL ${result.logLikelihood.toFixed(1)}` : ''));
    } catch (error) {
      figures[model.key] = { error: error instanceof Error ? error.message : String(error) };
      say(`fit100k: ${model.label}: threw ${String(error)}`);
    }
  }
  for (const model of MODELS) {
    const f = figures[model.key];
    out[`${model.key}Ms`] = 'ms' in f ? f.ms : null;
  }
  const bg = figures.bgnbd;
  const gg = figures.gammaGamma;
  if ('ms' in bg && 'ms' in gg) out.bgnbdPlusGammaGammaMs = round(bg.ms + gg.ms);
  out.prepareMs = round(prepareMs);
  out.runs = runs;
  out.models = figures;
  out.note = `src/core/clv fits in Node on the sample store (seed ${seed}), calibration = the whole history, time unit day; each model's median of ${runs} runs`;
  return out;
}
