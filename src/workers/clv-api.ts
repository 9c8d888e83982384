// The lifetime-value view's figures, for the analytics worker. Fitting is the slow part (a few hundred
// milliseconds for 100,000 customers), so it runs in the fit worker (fit-client.ts) while this worker goes on
// answering the other views, and each fit is kept per dataset version + currency + calibration end + time
// unit; the what-if (discount rate, horizon) and the audiences re-sum the cached per-customer terms of
// core/clv's CustomerForecast and never refit.
import { transfer } from 'comlink';
import {
  activeHighValue, dueToReorder, expectedToDecline, frequencyHistogram, frequencyRecencyMatrix, frequencySpendCorrelation,
  FIT_MODEL_NAMES, HORIZON_DAYS, lapsedHighValue, modelsInput, modelsReportFromFits, trackingSeries, traditionalClvInputs, unitDays,
  type CustomerForecast, type FitResult, type ModelsReport, type TimeUnit, type TraditionalClvInputs, type TransactionModelName,
} from '../core/clv/index.ts';
import { toCsv, type CsvCell } from '../core/export/csv.ts';
import { formatDay, parseIsoDay } from '../core/ingest/dates.ts';
import { customersOf, loadDataset } from './dataset-cache.ts';
import { fitModelsAside } from './fit-client.ts';

export type { TimeUnit, TraditionalClvInputs, TransactionModelName };

export const AUDIENCES = ['decline', 'due', 'active-high-value', 'lapsed-high-value'] as const;
export type AudienceName = (typeof AUDIENCES)[number];

export interface ClvFitRequest {
  currency?: string;
  /** `YYYY-MM-DD`: fit on purchases up to and including this day; null or absent: all purchases. */
  calibrationEnd?: string | null;
  timeUnit: TimeUnit;
}

export interface ParameterEstimate {
  name: string;
  value: number;
  /** From the Hessian of the log-likelihood; null when it is not available. */
  standardError: number | null;
}

export type ModelFitView =
  | { ok: true; params: ParameterEstimate[]; logLikelihood: number; method: 'bfgs' | 'nelder-mead'; notes: string[] }
  | { ok: false; error: string };

export interface ClvFit {
  /** Names this fit in the worker's cache, for the what-if, validation and export calls. */
  key: string;
  currency: string | null;
  currencies: string[];
  period: { first: string; asOf: string; calibrationEnd: string; timeUnit: TimeUnit; holdoutDays: number };
  /** Customers whose first purchase is in the calibration period, and how many of them came back. */
  customers: number;
  repeatCustomers: number;
  models: Record<TransactionModelName, ModelFitView>;
  gammaGamma: ModelFitView;
  spend: {
    customers: number; oneTimeBuyers: number; nonPositiveSpend: number; nonFinite: number; withReturns: number;
    /** Pearson correlation of repeat purchases and average repeat spend (Gamma-Gamma assumes none). */
    correlation: number | null;
  };
  traditional: TraditionalClvInputs;
  /** Repeat purchases in the holdout, actual and predicted per model; null without a holdout. */
  holdout: { actual: number; predicted: Partial<Record<TransactionModelName, number>> } | null;
  fitMs: number;
}

export interface ClvValidation {
  tracking: {
    periodEnd: string[]; periodDays: number; holdoutStart: number;
    actualIncremental: Float64Array; expectedIncremental: Float64Array; actualCumulative: Float64Array; expectedCumulative: Float64Array;
  };
  /** Customers per number of repeat purchases in the calibration period; the last bin is "censor or more". */
  histogram: { censor: number; actual: Float64Array; expected: Float64Array };
  /** Row-major [frequency][recency] grids for a customer observed for T units, over the next `horizonDays`. */
  matrix: { frequency: number[]; recency: number[]; T: number; horizonDays: number; expected: Float64Array; pAlive: Float64Array };
}

export interface WhatIfRequest {
  horizonMonths: number;
  discountMonthly: number;
  /** "Due to reorder": a purchase at least even odds within this many days. */
  dueWithinDays: number;
}

/** One piece of per-customer terms to compute ahead of the seller's choice (see clvWarm). */
export type WarmPiece = { clvMonths: number } | { purchaseDays: number } | { dueDays: number };

export interface ClvWhatIf {
  model: TransactionModelName;
  spendSource: 'gamma-gamma' | 'average-order-value';
  customers: number;
  totalClv: number;
  meanClv: number;
  medianClv: number;
  /** Share of the total predicted value that the top 10 % of customers hold. */
  top10Share: number | null;
  expectedPurchases: { days: number; purchases: number }[];
  horizonPurchases: number;
  meanPAlive: number;
  /** Customers per CLV band: edges[i]..edges[i+1]; the last band is open ("edges[last] or more"). */
  distribution: { edges: Float64Array; counts: Float64Array };
  audiences: Record<AudienceName, number>;
  ms: number;
}

interface FitEntry {
  report: ModelsReport;
  customerIds: readonly string[];
  currency: string | null;
  validation: Map<TransactionModelName, ClvValidation>;
  fixedAudiences: Map<TransactionModelName, { decline: Int32Array; lapsed: Int32Array }>;
}

const KEEP_FITS = 4;
/** A "next order" more than ten years away says nothing a seller can use: the cell is left empty. */
const NEXT_ORDER_LIMIT_DAYS = 3650;
const fits = new Map<string, FitEntry>();
/** Fits under way, so that a second request for the same fit waits for the first instead of refitting. */
const fitting = new Map<string, Promise<FitEntry>>();

/** The error a call with an evicted or outdated key gets; the page refits when it sees it. */
export const STALE_FIT = 'stale-fit';

function entryOf(key: string): FitEntry {
  const entry = fits.get(key);
  if (!entry) throw new Error(STALE_FIT);
  return entry;
}

function forecastOf(entry: FitEntry, model: TransactionModelName): CustomerForecast {
  const forecast = entry.report.forecasts[model];
  if (!forecast) {
    const fit = entry.report.fits[model];
    throw new Error(`this model could not be fitted: ${fit.ok ? 'no forecast' : fit.error}`);
  }
  return forecast;
}

function fitView(fit: FitResult): ModelFitView {
  if (!fit.ok) return { ok: false, error: fit.error };
  return {
    ok: true,
    params: Object.entries(fit.params).map(([name, value]) => ({ name, value, standardError: fit.standardErrors[name] ?? null })),
    logLikelihood: fit.logLikelihood,
    method: fit.method,
    notes: fit.notes,
  };
}

function firstDayOf(report: ModelsReport): number {
  const occ = report.occasions;
  let first = Infinity;
  for (let k = 0; k < occ.customers; k++) first = Math.min(first, occ.day[occ.start[k]]);
  return Number.isFinite(first) ? first : report.period.asOf;
}

/** Weekly periods for the tracking plot, monthly ones when the data span more than three years. */
function trackingPeriodDays(report: ModelsReport): number {
  return report.period.asOf - firstDayOf(report) > 3 * 365 ? 30 : 7;
}

/** Customers per CLV band: 20 equal bands up to the 99th percentile, and an open last band above it. */
export function clvDistribution(clv: Float64Array, bands = 20): { edges: Float64Array; counts: Float64Array } {
  const sorted = Float64Array.from(clv).sort();
  const top = sorted.length > 0 ? sorted[Math.floor((sorted.length - 1) * 0.99)] : 0;
  const width = top > 0 ? niceStep(top / bands) : 1;
  const edges = Float64Array.from({ length: bands + 1 }, (_, i) => i * width);
  const counts = new Float64Array(bands + 1);
  for (let i = 0; i < clv.length; i++) counts[Math.min(bands, Math.max(0, Math.floor(clv[i] / width)))]++;
  return { edges, counts };
}

/** 1, 2 or 5 times a power of ten, at least `raw`, so that band edges read as round amounts. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return 0;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

function audienceIndexes(entry: FitEntry, model: TransactionModelName, audience: AudienceName, options: WhatIfRequest): Int32Array {
  const forecast = forecastOf(entry, model);
  let fixed = entry.fixedAudiences.get(model);
  if (!fixed) {
    fixed = { decline: expectedToDecline(forecast, entry.report.occasions, 90), lapsed: lapsedHighValue(forecast) };
    entry.fixedAudiences.set(model, fixed);
  }
  if (audience === 'decline') return fixed.decline;
  if (audience === 'lapsed-high-value') return fixed.lapsed;
  if (audience === 'due') return dueToReorder(forecast, options.dueWithinDays, 0.5);
  return activeHighValue(forecast, { months: options.horizonMonths, discountMonthly: options.discountMonthly });
}

function checkWhatIf(options: WhatIfRequest): void {
  if (!(Number.isInteger(options.horizonMonths) && options.horizonMonths >= 1 && options.horizonMonths <= 120)) throw new RangeError('the horizon must be 1 to 120 months');
  if (!(options.discountMonthly >= 0 && options.discountMonthly < 1)) throw new RangeError('the monthly discount rate must be from 0 to 100 %');
  if (!(Number.isInteger(options.dueWithinDays) && options.dueWithinDays >= 1 && options.dueWithinDays <= 365)) throw new RangeError('"due within" must be 1 to 365 days');
}

export const clvApi = {
  /** Fits the four models (or takes the cached fit) and returns parameters, refusals and the data checks. */
  async clvFit(datasetId: string, request: ClvFitRequest): Promise<ClvFit | null> {
    const data = await loadDataset(datasetId);
    if (data.table.columns.length === 0) return null;
    const { currency, customers } = customersOf(data, request.currency);
    let calibrationEnd: number | undefined;
    if (request.calibrationEnd) {
      const day = parseIsoDay(request.calibrationEnd);
      if (day === null) throw new RangeError(`"${request.calibrationEnd}" is not a date (YYYY-MM-DD)`);
      calibrationEnd = day;
    }
    const key = `${data.key}|${currency ?? ''}|${calibrationEnd ?? 'all'}|${request.timeUnit}`;
    let entry = fits.get(key);
    if (entry) {
      fits.delete(key);
      fits.set(key, entry);
    }
    const started = performance.now();
    if (!entry) {
      let asOf = -Infinity;
      for (let j = 0; j < customers.day.length; j++) asOf = Math.max(asOf, customers.day[j]);
      if (calibrationEnd !== undefined && calibrationEnd > asOf) {
        throw new RangeError(`the fit period must end on or before the last purchase (${formatDay(asOf)})`);
      }
      let pending = fitting.get(key);
      if (!pending) {
        pending = (async () => {
          const input = modelsInput(customers, { calibrationEnd, timeUnit: request.timeUnit, horizonDays: 90, discountMonthly: 0.01 });
          const report = modelsReportFromFits(input, await fitModelsAside(input.summary.rfm, input.spend, FIT_MODEL_NAMES));
          const made: FitEntry = { report, customerIds: data.table.dictionaries.customer, currency, validation: new Map(), fixedAudiences: new Map() };
          fits.set(key, made);
          while (fits.size > KEEP_FITS) fits.delete(fits.keys().next().value!);
          return made;
        })();
        fitting.set(key, pending);
        // Settled either way: a failed fit is tried again on the next request.
        void pending.finally(() => fitting.delete(key)).catch(() => undefined);
      }
      entry = await pending;
    }
    const { report } = entry;
    const summary = report.summary;
    let repeatCustomers = 0;
    for (let i = 0; i < summary.customers; i++) if (summary.frequency[i] > 0) repeatCustomers++;
    const spend = report.spend;
    return {
      key,
      currency,
      currencies: data.currencies,
      period: {
        first: formatDay(firstDayOf(report)), asOf: formatDay(report.period.asOf), calibrationEnd: formatDay(report.period.calibrationEnd),
        timeUnit: report.period.timeUnit, holdoutDays: report.period.asOf - report.period.calibrationEnd,
      },
      customers: summary.customers,
      repeatCustomers,
      models: { bgnbd: fitView(report.fits.bgnbd), paretoNbd: fitView(report.fits.paretoNbd), mbgnbd: fitView(report.fits.mbgnbd) },
      gammaGamma: fitView(report.fits.gammaGamma),
      spend: { customers: spend.customers, ...spend.excluded, withReturns: spend.withReturns, correlation: frequencySpendCorrelation(spend) },
      traditional: traditionalClvInputs(summary),
      holdout: report.forecast.holdout ?? null,
      fitMs: performance.now() - started,
    };
  },

  /** The validation views of one fitted model: holdout tracking, period histogram, frequency x recency grids. */
  async clvValidation(key: string, model: TransactionModelName): Promise<ClvValidation> {
    const entry = entryOf(key);
    let validation = entry.validation.get(model);
    if (!validation) {
      const { report } = entry;
      const forecast = forecastOf(entry, model);
      const summary = report.summary;
      const tracking = trackingSeries(forecast.model, summary, report.occasions, trackingPeriodDays(report));
      const histogram = frequencyHistogram(forecast.model, summary.rfm, 7);
      let maxT = 0;
      let maxX = 0;
      const byX = [...summary.frequency].sort((a, b) => a - b);
      for (let i = 0; i < summary.customers; i++) maxT = Math.max(maxT, summary.T[i]);
      if (byX.length > 0) maxX = byX[Math.floor((byX.length - 1) * 0.99)];
      const unit = unitDays(report.period.timeUnit);
      const horizonDays = 90;
      const matrix = frequencyRecencyMatrix(forecast.model, { T: maxT, maxFrequency: Math.min(30, Math.max(5, Math.ceil(maxX))), recencySteps: 12, horizon: horizonDays / unit });
      validation = {
        tracking: {
          periodEnd: Array.from(tracking.periodEnd, formatDay), periodDays: tracking.periodDays, holdoutStart: tracking.holdoutStart,
          actualIncremental: tracking.actualIncremental, expectedIncremental: tracking.expectedIncremental,
          actualCumulative: tracking.actualCumulative, expectedCumulative: tracking.expectedCumulative,
        },
        histogram: { censor: 7, actual: histogram.actual, expected: histogram.expected },
        matrix: {
          frequency: Array.from(matrix.frequency), recency: Array.from(matrix.recency, (r) => r * unit), T: matrix.T * unit, horizonDays,
          expected: matrix.expected, pAlive: matrix.pAlive,
        },
      };
      entry.validation.set(model, validation);
    }
    return validation;
  },

  /**
   * Computes and caches one piece of the per-customer terms a what-if choice needs (CLV terms up to a number
   * of months, expected purchases or the chance of a purchase within a number of days). The page sends the
   * pieces one by one after a fit, each a few tens of milliseconds, so that a what-if sent meanwhile waits
   * for one piece at most, and later choices only re-sum cached numbers.
   */
  async clvWarm(key: string, model: TransactionModelName, piece: WarmPiece): Promise<void> {
    const forecast = forecastOf(entryOf(key), model);
    if ('clvMonths' in piece) forecast.clv(Math.min(120, piece.clvMonths), 0);
    else if ('purchaseDays' in piece) forecast.expectedPurchases(piece.purchaseDays);
    else forecast.probabilityOfPurchase(piece.dueDays);
  },

  /** CLV over a horizon at a discount rate, from cached per-customer terms (no refit), with audience sizes. */
  async clvWhatIf(key: string, model: TransactionModelName, options: WhatIfRequest): Promise<ClvWhatIf> {
    const started = performance.now();
    checkWhatIf(options);
    const entry = entryOf(key);
    const forecast = forecastOf(entry, model);
    const clv = forecast.clv(options.horizonMonths, options.discountMonthly);
    const sorted = Float64Array.from(clv).sort();
    let total = 0;
    for (let i = 0; i < sorted.length; i++) total += sorted[i];
    let top = 0;
    const topCount = Math.ceil(sorted.length * 0.1);
    for (let i = sorted.length - topCount; i < sorted.length; i++) top += sorted[i];
    const alive = forecast.pAlive();
    let aliveSum = 0;
    for (let i = 0; i < alive.length; i++) aliveSum += alive[i];
    const sumOf = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
    const audiences = {} as Record<AudienceName, number>;
    for (const name of AUDIENCES) audiences[name] = audienceIndexes(entry, model, name, options).length;
    const distribution = clvDistribution(clv);
    const n = forecast.customers;
    return transfer({
      model,
      spendSource: forecast.spendSource,
      customers: n,
      totalClv: total,
      meanClv: n > 0 ? total / n : 0,
      medianClv: median(sorted),
      top10Share: total > 0 ? top / total : null,
      expectedPurchases: HORIZON_DAYS.map((days) => ({ days, purchases: sumOf(forecast.expectedPurchases(days)) })),
      horizonPurchases: sumOf(forecast.expectedPurchases(options.horizonMonths * 30)),
      meanPAlive: n > 0 ? aliveSum / n : 0,
      distribution,
      audiences,
      ms: performance.now() - started,
    }, [distribution.edges.buffer, distribution.counts.buffer]);
  },

  /** One audience as CSV (cells neutralised against spreadsheet formulas), most valuable customers first. */
  async clvAudienceCsv(key: string, model: TransactionModelName, audience: AudienceName, options: WhatIfRequest): Promise<{ fileName: string; csv: string; rows: number }> {
    checkWhatIf(options);
    const entry = entryOf(key);
    const forecast = forecastOf(entry, model);
    const members = audienceIndexes(entry, model, audience, options);
    const summary = forecast.summary;
    const clv = forecast.clv(options.horizonMonths, options.discountMonthly);
    const alive = forecast.pAlive();
    const alive90 = forecast.pAliveAt(90);
    const expected90 = forecast.expectedPurchases(90);
    const due = forecast.probabilityOfPurchase(options.dueWithinDays);
    const next = forecast.nextOrderDay();
    const order = Array.from(members).sort((p, q) => clv[q] - clv[p]);
    const round = (v: number, digits: number) => Number(v.toFixed(digits));
    const money = `clv_${options.horizonMonths}m${entry.currency ? `_${entry.currency}` : ''}`;
    const header = [
      'customer', 'first_purchase', 'last_purchase', 'repeat_purchases', `spend_to_date${entry.currency ? `_${entry.currency}` : ''}`,
      'p_alive', 'p_alive_in_90_days', 'expected_purchases_90_days', `p_purchase_within_${options.dueWithinDays}_days`, 'next_order_if_active', money,
    ];
    const rows = order.map((i): CsvCell[] => [
      entry.customerIds[summary.customer[i]], formatDay(summary.firstDay[i]), formatDay(summary.lastDay[i]), summary.frequency[i],
      round(summary.calibrationValue[i], 2), round(alive[i], 4), round(alive90[i], 4), round(expected90[i], 3), round(due[i], 4),
      next[i] - summary.calibrationEnd <= NEXT_ORDER_LIMIT_DAYS ? formatDay(next[i]) : '', round(clv[i], 2),
    ]);
    const fileName = `audience-${audience}-${model}${entry.currency ? `-${entry.currency}` : ''}.csv`;
    return { fileName, csv: toCsv(header, rows), rows: rows.length };
  },
};
