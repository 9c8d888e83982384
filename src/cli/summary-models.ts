// A per-customer summary file (customer, frequency, recency, T[, monetary]) goes straight to the models:
// there are no order lines, so no dates, metrics, segments or holdout, only `models` and `forecast` in the
// shapes of INTERFACES.md (the same as modelsReport gives for order lines). Recency and T are in the
// file's own time unit, which --time-unit names.
import {
  bgNbdModel, compressRows, CustomerForecast, fitBgNbd, fitGammaGamma, fitMbgNbd, fitParetoNbd, mbgNbdModel,
  paretoNbdModel, spendInput, sum,
  type CustomerSummary, type FitResult, type ForecastJson, type GammaGammaParams, type ModelsJson, type TimeUnit,
  type TransactionModel, type TransactionModelName,
} from '../core/clv/index.ts';
import type { CustomerSummaryTable } from '../core/ingest/summary.ts';

export interface SummaryModels {
  models: ModelsJson;
  forecast: ForecastJson;
  /** Per row of the file: the columns of the --customers CSV (null where no model could be fitted). */
  pAlive: Float64Array | null;
  expectedPurchases: Float64Array | null;
  clv: Float64Array | null;
}

const ORDER: TransactionModelName[] = ['bgnbd', 'paretoNbd', 'mbgnbd'];

/** The models' view of the file: calibrationValue is known only through the mean repeat value. */
export function summaryOfTable(table: CustomerSummaryTable, unit: TimeUnit): CustomerSummary {
  const n = table.length;
  const { rfm, row } = compressRows(table.frequency, table.recency, table.T);
  const calibrationValue = new Float64Array(n);
  for (let i = 0; i < n; i++) calibrationValue[i] = table.frequency[i] > 0 ? table.monetary[i] * (table.frequency[i] + 1) : NaN;
  return {
    customers: n, customer: Int32Array.from({ length: n }, (_, i) => i), occasionIndex: Int32Array.from({ length: n }, (_, i) => i),
    frequency: table.frequency, recency: table.recency, T: table.T,
    firstDay: new Int32Array(n), lastDay: new Int32Array(n), monetary: table.monetary, calibrationValue,
    holdout: new Float64Array(n), holdoutValue: new Float64Array(n), returnsValue: new Float64Array(n),
    row, rfm, calibrationEnd: 0, asOf: 0, unit,
  };
}

function json<K extends string>(fit: FitResult, keys: readonly K[]): { params: Record<K, number>; logLikelihood: number } | { error: string } {
  if (!fit.ok) return { error: fit.error };
  const params = {} as Record<K, number>;
  for (const k of keys) params[k] = fit.params[k];
  return { params, logLikelihood: fit.logLikelihood };
}

export function summaryModels(table: CustomerSummaryTable, options: { timeUnit: TimeUnit; horizonDays: number; discountMonthly: number }): SummaryModels {
  const summary = summaryOfTable(table, options.timeUnit);
  const spend = spendInput(summary);
  const fits = { bgnbd: fitBgNbd(summary.rfm), paretoNbd: fitParetoNbd(summary.rfm), mbgnbd: fitMbgNbd(summary.rfm) };
  const gg: FitResult = table.hasMonetary
    ? fitGammaGamma(spend)
    : { ok: false, error: 'the summary file has no monetary value column, so the spend model cannot be fitted' };
  const spendParams: GammaGammaParams | null = gg.ok ? { p: gg.params.p, q: gg.params.q, v: gg.params.v } : null;

  const models: ModelsJson = {
    bgnbd: json(fits.bgnbd, ['r', 'alpha', 'a', 'b']),
    paretoNbd: json(fits.paretoNbd, ['r', 'alpha', 's', 'beta']),
    mbgnbd: json(fits.mbgnbd, ['r', 'alpha', 'a', 'b']),
    gammaGamma: gg.ok ? { ...json(gg, ['p', 'q', 'v']), customers: spend.customers } as ModelsJson['gammaGamma'] : { error: gg.error },
  };

  const forecasts: Partial<Record<TransactionModelName, CustomerForecast>> = {};
  for (const name of ORDER) {
    const fit = fits[name];
    if (!fit.ok) continue;
    const p = fit.params;
    const model: TransactionModel = name === 'paretoNbd'
      ? paretoNbdModel({ r: p.r, alpha: p.alpha, s: p.s, beta: p.beta })
      : (name === 'bgnbd' ? bgNbdModel : mbgNbdModel)({ r: p.r, alpha: p.alpha, a: p.a, b: p.b });
    forecasts[name] = new CustomerForecast(model, summary, spendParams);
  }
  const forecast: ForecastJson = { horizonDays: options.horizonDays, expectedPurchases: {} };
  for (const name of ORDER) {
    const f = forecasts[name];
    if (f) forecast.expectedPurchases[name] = sum(f.expectedPurchases(options.horizonDays));
  }
  if (spendParams) {
    const clv12m: NonNullable<ForecastJson['clv12m']> = {};
    for (const name of ['bgnbd', 'paretoNbd'] as const) {
      const f = forecasts[name];
      if (f) clv12m[name] = sum(f.clv(12, options.discountMonthly));
    }
    if (Object.keys(clv12m).length > 0) forecast.clv12m = clv12m;
  }
  const primary = ORDER.map((name) => forecasts[name]).find((f) => f !== undefined) ?? null;
  return {
    models,
    forecast,
    pAlive: primary ? primary.pAlive() : null,
    expectedPurchases: primary ? primary.expectedPurchases(options.horizonDays) : null,
    // Without the spend model a summary gives no spend for one-time buyers: no CLV rather than a wrong one.
    clv: primary && spendParams ? primary.clv(12, options.discountMonthly) : null,
  };
}
