// The analysis the command line prints: the JSON of INTERFACES.md section 1, built from the same core as
// the page (analyzeTable for input/period/metrics/segments/tiers, modelsReport for models/forecast), the
// notes for stderr, and the --customers CSV when asked for. Amounts in different currencies are never
// added: with several currencies, everything is computed in the main one (the most lines) and said so.
import { analyzeTable, summariseInput, type AnalysisResult, type InputSummary } from '../core/analytics/analysis.ts';
import { buildCustomers } from '../core/analytics/customers.ts';
import { recomputeLive } from '../core/analytics/live.ts';
import { SEGMENT_MAPS } from '../core/analytics/segment-maps.ts';
import type { TierRuleSet } from '../core/analytics/tiers.ts';
import { modelsReportFromOccasions, type ForecastJson, type ModelsJson } from '../core/clv/index.ts';
import type { OrderTable } from '../core/columns/table.ts';
import { formatDay, parseIsoDay } from '../core/ingest/dates.ts';
import { UsageError, type CliOptions } from './args.ts';
import { orderCustomersCsv, summaryCustomersCsv } from './customers-csv.ts';
import { plural } from './readable.ts';
import type { Input } from './read.ts';
import { summaryModels } from './summary-models.ts';

export interface CliInputSummary extends InputSummary {
  /** The currency every amount is in, when the input holds several (the others are left out). */
  currency?: string;
  /** Accepted lines per currency, most first, when the input holds several. */
  currencies?: Record<string, number>;
  /** Only salted SHA-256 hashes of the identities were kept (--pseudonymise). */
  pseudonymised?: true;
}

export interface CliJson {
  input: CliInputSummary;
  period: AnalysisResult['period'];
  metrics?: AnalysisResult['metrics'];
  segments?: AnalysisResult['segments'];
  tiers?: AnalysisResult['tiers'];
  models: ModelsJson;
  forecast: ForecastJson;
}

export interface CliResult {
  json: CliJson;
  /** Plain sentences for stderr: what the reader must know to read the figures right. */
  notes: string[];
  /** The --customers CSV, when asked for. */
  customersCsv: string | null;
}

/** Lines per currency (dictionary index), most first. */
export function currencyLines(table: OrderTable): { currency: number; name: string; lines: number }[] {
  const counts = new Float64Array(table.dictionaries.currency.length);
  const c = table.columns;
  for (let i = 0; i < c.length; i++) counts[c.currency[i]]++;
  return [...counts].map((lines, currency) => ({ currency, name: table.dictionaries.currency[currency], lines }))
    .filter((x) => x.lines > 0).sort((a, b) => b.lines - a.lines || a.name.localeCompare(b.name));
}

function inputOf(summary: InputSummary, options: CliOptions): CliInputSummary {
  const out: CliInputSummary = { ...summary };
  if (options.pseudonymiseSalt !== undefined) out.pseudonymised = true;
  return out;
}

function identityNote(input: Input): string[] {
  const approximate = input.reports.filter((r) => r.identity === 'approximate');
  if (approximate.length === 0) return [];
  const how = approximate.every((r) => r.format === 'amazon') ? 'ship postal code, city and country' : 'ship-to address or name';
  return [`${approximate.map((r) => r.file).join(', ')} ${approximate.length === 1 ? 'has' : 'have'} no buyer email or id: customers are told apart by ${how}, so every customer figure is approximate.`];
}

function orders(table: OrderTable, input: Input, options: CliOptions, tierRules: TierRuleSet[] | undefined): CliResult {
  const notes: string[] = [];
  const byCurrency = currencyLines(table);
  const several = byCurrency.length > 1;
  const currency = several ? byCurrency[0].currency : undefined;
  if (several) {
    const list = byCurrency.map((x) => `${x.name} (${plural(x.lines, 'line')})`).join(', ');
    notes.push(`The input holds several currencies: ${list}. Every figure is in ${byCurrency[0].name}, the main one; lines in the other currencies are left out, since amounts in different currencies are never added.`);
  }
  const analysis = analyzeTable(table, input.reports, { asOf: options.asOf, segmentMap: options.segmentMap, tierRules, currency });
  // The end of observation: --as-of, else the last purchase (null when there is none at all).
  const analysisAsOf = analysis.period.asOf === null ? null : parseIsoDay(analysis.period.asOf);
  const asOf = analysisAsOf ?? options.calibrationEnd ?? 0;
  if (options.calibrationEnd !== undefined && options.calibrationEnd > asOf) {
    throw new UsageError(`--calibration-end ${formatDay(options.calibrationEnd)} is after the last purchase in the data (${formatDay(asOf)}); choose an earlier day, so that there is a holdout after it`, false);
  }
  const cs = buildCustomers(table, { currency, lastDay: options.asOf });
  const report = modelsReportFromOccasions(cs, {
    asOf, calibrationEnd: options.calibrationEnd, timeUnit: options.timeUnit, horizonDays: options.horizonDays, discountMonthly: options.discountMonthly,
  });
  const json: CliJson = {
    input: inputOf(analysis.input, options),
    period: { ...analysis.period, calibrationEnd: options.calibrationEnd === undefined ? null : formatDay(options.calibrationEnd), timeUnit: options.timeUnit },
    metrics: analysis.metrics,
    segments: analysis.segments,
    models: report.models,
    forecast: report.forecast,
  };
  if (several) {
    json.input.currency = byCurrency[0].name;
    json.input.currencies = Object.fromEntries(byCurrency.map((x) => [x.name, x.lines]));
  }
  if (analysis.tiers) json.tiers = analysis.tiers;
  notes.push(...identityNote(input));
  let customersCsv: string | null = null;
  if (options.customersFile !== undefined) {
    const live = recomputeLive(cs, table.dictionaries.marketplace, { asOf, segmentMap: SEGMENT_MAPS[options.segmentMap], tierRules });
    customersCsv = orderCustomersCsv(table.dictionaries.customer, cs, live, report);
  }
  return { json: reorder(json), notes, customersCsv };
}

function summary(input: Extract<Input, { kind: 'summary' }>, options: CliOptions, tierRules: TierRuleSet[] | undefined): CliResult {
  const name = input.reports[0]?.file ?? 'the file';
  const needsDates = [
    options.asOf !== undefined && '--as-of', options.calibrationEnd !== undefined && '--calibration-end', tierRules && '--tiers',
  ].filter((x): x is string => typeof x === 'string');
  if (needsDates.length > 0) {
    throw new UsageError(`${name} is a per-customer summary (customer, frequency, recency, T), with no order dates or totals; ${needsDates.join(' and ')} need order lines`, false);
  }
  const models = summaryModels(input.summary, options);
  const json: CliJson = {
    input: inputOf(summariseInput(input.reports), options),
    period: { first: null, asOf: null, calibrationEnd: null, timeUnit: options.timeUnit },
    models: models.models,
    forecast: models.forecast,
  };
  const notes = [`${name} is a per-customer summary: it goes straight to the models, with recency and T read in ${options.timeUnit}s (--time-unit); there are no brand metrics, segments or holdout without order lines.`];
  const customersCsv = options.customersFile === undefined ? null : summaryCustomersCsv(input.summary, models);
  return { json, notes, customersCsv };
}

/** The JSON keys in the order of INTERFACES.md. */
function reorder(json: CliJson): CliJson {
  const { input, period, metrics, segments, tiers, models, forecast } = json;
  const out: CliJson = { input, period, metrics, segments, tiers, models, forecast };
  for (const key of Object.keys(out) as (keyof CliJson)[]) if (out[key] === undefined) delete out[key];
  return out;
}

export function buildResult(input: Input, options: CliOptions, tierRules: TierRuleSet[] | undefined): CliResult {
  return input.kind === 'summary' ? summary(input, options, tierRules) : orders(input.table, input, options, tierRules);
}
