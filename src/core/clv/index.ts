// The lifetime-value engine's entry point: fits the four models on an order table and returns the
// `models` and `forecast` parts of the analyze JSON (INTERFACES.md section 1) plus per-customer columns.
//
// Everything is anchored at the calibration end (which is the as-of date when no split is asked for), as
// in the literature: the models are fitted on the calibration period, and every prediction (the
// forecast's expected purchases and 12-month CLV, the per-customer columns) starts from each customer's
// history at that day. With a split, the holdout then compares the predictions for (calibration end,
// as-of] with what happened; without one, they are the forecast of the future.
import { buildOccasions, type Occasions } from '../analytics/occasions.ts';
import type { OrderTable } from '../columns/table.ts';
import { fitBgNbd, bgNbdModel } from './bg-nbd.ts';
import { CustomerForecast, sum } from './clv.ts';
import { spendInput, summariseCustomers, type CustomerSummary, type RfmInput, type SpendInput, type TimeUnit } from './data.ts';
import type { FitResult } from './fit.ts';
import { fitGammaGamma, type GammaGammaParams } from './gamma-gamma.ts';
import { fitMbgNbd, mbgNbdModel } from './mbg-nbd.ts';
import type { TransactionModel, TransactionModelName } from './model.ts';
import { fitParetoNbd, paretoNbdModel } from './pareto-nbd.ts';

export * from './bg-nbd.ts';
export * from './clv.ts';
export * from './data.ts';
export * from './fit.ts';
export * from './gamma-gamma.ts';
export * from './mbg-nbd.ts';
export * from './model.ts';
export * from './pareto-nbd.ts';
export * from './simulate.ts';
export * from './special.ts';

export interface ModelsOptions {
  /** End of observation (day number); default the last occasion in the data. */
  asOf?: number;
  /** Fit on occasions up to and including this day; default asOf (no holdout). */
  calibrationEnd?: number;
  timeUnit: TimeUnit;
  horizonDays: number;
  discountMonthly: number;
}

export interface ModelError {
  error: string;
}

/** The `models` object of INTERFACES.md, key for key. */
export interface ModelsJson {
  bgnbd: { params: { r: number; alpha: number; a: number; b: number }; logLikelihood: number } | ModelError;
  paretoNbd: { params: { r: number; alpha: number; s: number; beta: number }; logLikelihood: number } | ModelError;
  mbgnbd: { params: { r: number; alpha: number; a: number; b: number }; logLikelihood: number } | ModelError;
  gammaGamma: { params: { p: number; q: number; v: number }; customers: number; logLikelihood: number } | ModelError;
}

/** The `forecast` object of INTERFACES.md; models that could not be fitted are left out, never zero. */
export interface ForecastJson {
  horizonDays: number;
  expectedPurchases: Partial<Record<TransactionModelName, number>>;
  clv12m?: Partial<Record<'bgnbd' | 'paretoNbd', number>>;
  holdout?: { actual: number; predicted: Partial<Record<TransactionModelName, number>> };
}

/** One entry per customer of the calibration period, for the CLI's --customers CSV and the customer list. */
export interface PerCustomer {
  customers: number;
  /** Index into the table's customer dictionary. */
  customer: Int32Array;
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  /** Mean repeat value; NaN for customers without repeat purchases (left empty in a CSV). */
  monetary: Float64Array;
  /** P(alive) at the calibration end, from `model`; null when no transaction model could be fitted. */
  pAlive: Float64Array | null;
  /** Expected purchases in the next horizonDays; null without a model. */
  expectedPurchases: Float64Array | null;
  /** 12-month CLV at the monthly discount rate; null without a model. */
  clv: Float64Array | null;
  /** The transaction model these columns come from (BG/NBD first, then Pareto/NBD, then MBG/NBD). */
  model: TransactionModelName | null;
}

export interface ModelsReport {
  models: ModelsJson;
  forecast: ForecastJson;
  perCustomer: PerCustomer;
  /** The fits with standard errors and optimiser details, for the page. */
  fits: Record<TransactionModelName | 'gammaGamma', FitResult>;
  /** Per-customer predictions of each fitted transaction model (cached; re-sum CLV without refitting). */
  forecasts: Partial<Record<TransactionModelName, CustomerForecast>>;
  summary: CustomerSummary;
  spend: SpendInput;
  occasions: Occasions;
  period: { calibrationEnd: number; asOf: number; timeUnit: TimeUnit };
}

const MODEL_ORDER: TransactionModelName[] = ['bgnbd', 'paretoNbd', 'mbgnbd'];

function lastOccasionDay(occ: Occasions): number | null {
  let last = -Infinity;
  for (let j = 0; j < occ.day.length; j++) if (occ.day[j] > last) last = occ.day[j];
  return Number.isFinite(last) ? last : null;
}

export function modelsReport(table: OrderTable, options: ModelsOptions): ModelsReport {
  const occasions = buildOccasions(table, options.asOf === undefined ? {} : { lastDay: options.asOf });
  return modelsReportFromOccasions(occasions, options);
}

/** The models' inputs for one choice of period and unit: the calibration summary and the spend input. */
export interface ModelsInput {
  occasions: Occasions;
  summary: CustomerSummary;
  spend: SpendInput;
  asOf: number;
  calibrationEnd: number;
  options: ModelsOptions;
}

export function modelsInput(occasions: Occasions, options: ModelsOptions): ModelsInput {
  const asOf = options.asOf ?? lastOccasionDay(occasions) ?? 0;
  const calibrationEnd = options.calibrationEnd ?? asOf;
  if (calibrationEnd > asOf) throw new RangeError('the calibration end is after the as-of date');
  const summary = summariseCustomers(occasions, { calibrationEnd, asOf, unit: options.timeUnit });
  return { occasions, summary, spend: spendInput(summary), asOf, calibrationEnd, options };
}

export type FitModelName = TransactionModelName | 'gammaGamma';
export type ModelFits = Record<FitModelName, FitResult>;
export const FIT_MODEL_NAMES: readonly FitModelName[] = ['bgnbd', 'paretoNbd', 'mbgnbd', 'gammaGamma'];

/**
 * The maximum-likelihood fits, the slow part (the analytics worker runs them in a worker of their own):
 * plain data in (typed arrays), plain data out, so that they cross between workers.
 */
export function fitModels<K extends FitModelName>(
  rfm: RfmInput, spend: Pick<SpendInput, 'customers' | 'x' | 'mean'>, which: readonly K[],
): Pick<ModelFits, K> {
  const out = {} as Pick<ModelFits, K>;
  for (const name of which) {
    const fit = name === 'bgnbd' ? fitBgNbd : name === 'paretoNbd' ? fitParetoNbd : name === 'mbgnbd' ? fitMbgNbd : null;
    (out as Partial<ModelFits>)[name] = fit ? fit(rfm) : fitGammaGamma(spend);
  }
  return out;
}

/** As modelsReport, for callers that already hold the occasions. */
export function modelsReportFromOccasions(occasions: Occasions, options: ModelsOptions): ModelsReport {
  const input = modelsInput(occasions, options);
  return modelsReportFromFits(input, fitModels(input.summary.rfm, input.spend, FIT_MODEL_NAMES));
}

/** The report from fits made elsewhere (the fit worker): forecasts, the JSON parts and per-customer columns. */
export function modelsReportFromFits(input: ModelsInput, fits: ModelFits): ModelsReport {
  const { occasions, summary, spend, asOf, calibrationEnd, options } = input;
  const transactionModel = (name: TransactionModelName): TransactionModel | null => {
    const fit = fits[name];
    if (!fit.ok) return null;
    const p = fit.params;
    if (name === 'paretoNbd') return paretoNbdModel({ r: p.r, alpha: p.alpha, s: p.s, beta: p.beta });
    const params = { r: p.r, alpha: p.alpha, a: p.a, b: p.b };
    return name === 'bgnbd' ? bgNbdModel(params) : mbgNbdModel(params);
  };
  const gg = fits.gammaGamma;
  const spendParams: GammaGammaParams | null = gg.ok ? { p: gg.params.p, q: gg.params.q, v: gg.params.v } : null;

  const forecasts: ModelsReport['forecasts'] = {};
  for (const name of MODEL_ORDER) {
    const model = transactionModel(name);
    if (model) forecasts[name] = new CustomerForecast(model, summary, spendParams);
  }

  const models: ModelsJson = {
    bgnbd: fits.bgnbd.ok ? { params: pick(fits.bgnbd.params, ['r', 'alpha', 'a', 'b']), logLikelihood: fits.bgnbd.logLikelihood } : { error: fits.bgnbd.error },
    paretoNbd: fits.paretoNbd.ok ? { params: pick(fits.paretoNbd.params, ['r', 'alpha', 's', 'beta']), logLikelihood: fits.paretoNbd.logLikelihood } : { error: fits.paretoNbd.error },
    mbgnbd: fits.mbgnbd.ok ? { params: pick(fits.mbgnbd.params, ['r', 'alpha', 'a', 'b']), logLikelihood: fits.mbgnbd.logLikelihood } : { error: fits.mbgnbd.error },
    gammaGamma: gg.ok ? { params: pick(gg.params, ['p', 'q', 'v']), customers: spend.customers, logLikelihood: gg.logLikelihood } : { error: gg.error },
  };

  const forecast: ForecastJson = { horizonDays: options.horizonDays, expectedPurchases: {} };
  for (const name of MODEL_ORDER) {
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
  if (asOf > calibrationEnd && summary.customers > 0) {
    const predicted: Partial<Record<TransactionModelName, number>> = {};
    for (const name of MODEL_ORDER) {
      const f = forecasts[name];
      if (f) predicted[name] = sum(f.expectedPurchases(asOf - calibrationEnd));
    }
    forecast.holdout = { actual: sum(summary.holdout), predicted };
  }

  const primaryName = MODEL_ORDER.find((name) => forecasts[name] !== undefined) ?? null;
  const primary = primaryName ? forecasts[primaryName]! : null;
  const perCustomer: PerCustomer = {
    customers: summary.customers,
    customer: summary.customer,
    frequency: summary.frequency,
    recency: summary.recency,
    T: summary.T,
    monetary: summary.monetary,
    pAlive: primary ? primary.pAlive() : null,
    expectedPurchases: primary ? primary.expectedPurchases(options.horizonDays) : null,
    clv: primary ? primary.clv(12, options.discountMonthly) : null,
    model: primaryName,
  };

  return { models, forecast, perCustomer, fits, forecasts, summary, spend, occasions, period: { calibrationEnd, asOf, timeUnit: options.timeUnit } };
}

function pick<K extends string>(params: Record<string, number>, keys: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) out[k] = params[k];
  return out;
}
