// The decisions taken once per file, from its first SAMPLE_CHARS characters: line ending, delimiter,
// header, format and plan, decimal separator, and what the first dates say about day/month order.
import { detectDelimiter, detectNewline, readRecords, type Delimiter, type Newline } from './csv.ts';
import { dateReading, readDate, AMBIGUOUS, PROVES_DMY, PROVES_MDY, type DateOrder } from './date-text.ts';
import type { IngestErrorCode } from './errors.ts';
import {
  detectFormat, headerlessCdnow, mappingKey, planFor, planFromMapping, planSummary,
  type ColumnMapping, type FormatId, type LinePlan, type SummaryPlan,
} from './formats.ts';
import { detectDecimalSeparator, type DecimalSeparator } from './values.ts';

/** Data records of the sample that the decisions look at. */
export const SAMPLE_RECORDS = 1000;

export interface DetectOptions {
  /** `auto` (the default) recognises the format from the header. */
  format?: FormatId | 'auto';
  mapping?: Partial<ColumnMapping>;
  /** Mappings saved by header (see mappingKey): used when the same header comes again. */
  savedMappings?: Readonly<Record<string, ColumnMapping>> | ReadonlyMap<string, ColumnMapping>;
  delimiter?: Delimiter;
  decimalSeparator?: DecimalSeparator;
  dateOrder?: DateOrder;
  /** Use ship postal code + city + country where an export has no buyer column (default true). */
  approximateIdentity?: boolean;
}

export interface DateEvidence {
  /** The order the sample proves (a date such as 25/04/2024), by majority when its dates disagree. */
  order: DateOrder | null;
  /** Some dates read both ways (03/04/2024). */
  ambiguous: boolean;
  /** Dates proving each order, and the first of them. */
  dmy: number;
  mdy: number;
  proof: { line: number; text: string } | null;
  example: { line: number; text: string } | null;
}

export interface SampleAnalysis {
  newline: Newline;
  delimiter: Delimiter;
  /** The header's fields (empty for a file without a header line). */
  header: string[];
  /** Physical line of the header (0 when there is none); data starts after it. */
  headerLine: number;
  mappingKey: string;
  /** The first data records (blank lines left out) and their lines. */
  records: string[][];
  recordLines: number[];
  kind: 'orders' | 'summary' | null;
  format: FormatId | null;
  plan: LinePlan | null;
  summaryPlan: SummaryPlan | null;
  /** The mapping applied (given, or saved for this header), if any. */
  mapping: Partial<ColumnMapping> | null;
  decimal: DecimalSeparator;
  dates: DateEvidence;
  /** Why no plan could be made; `line` for a header that cannot be read. */
  error: { reason: string; code: IngestErrorCode; line: number | null; column: number | null } | null;
}

function savedMappingFor(options: DetectOptions, key: string): ColumnMapping | undefined {
  const saved = options.savedMappings;
  if (!saved) return undefined;
  if (saved instanceof Map) return saved.get(key);
  return Object.prototype.hasOwnProperty.call(saved, key) ? (saved as Record<string, ColumnMapping>)[key] : undefined;
}

export function analyseSample(sample: string, sampleEof: boolean, options: DetectOptions = {}): SampleAnalysis {
  const newline = detectNewline(sample);
  const delimiter = options.delimiter ?? detectDelimiter(sample, newline);
  const read = readRecords(sample, delimiter, newline, sampleEof, SAMPLE_RECORDS + 200);
  const out: SampleAnalysis = {
    newline, delimiter, header: [], headerLine: 0, mappingKey: mappingKey([]), records: [], recordLines: [], kind: null,
    format: null, plan: null, summaryPlan: null, mapping: null, decimal: '.',
    dates: { order: null, ambiguous: false, dmy: 0, mdy: 0, proof: null, example: null }, error: null,
  };
  let first = 0;
  while (first < read.records.length && isBlank(read.records[first])) first++;
  if (first >= read.records.length) {
    if (read.unterminated) {
      out.error = { reason: 'a quoted field in the first line is never closed', code: 'unterminated-quote', line: 1, column: null };
    } else if (sample.trim() === '') {
      out.error = { reason: 'the file has no lines, only blank space', code: 'empty', line: null, column: null };
    } else {
      out.error = { reason: 'the first line is too long to be a header (a quote may be broken)', code: 'record-too-long', line: 1, column: null };
    }
    return out;
  }
  const firstFields = read.records[first].map((f) => f.trim());
  const headerless = delimiter === 'whitespace' && !options.mapping ? headerlessCdnow(firstFields) : null;
  if (headerless) {
    out.plan = headerless;
    out.kind = 'orders';
    out.format = 'cdnow';
  } else {
    out.header = firstFields;
    out.headerLine = read.lines[first];
    out.mappingKey = mappingKey(firstFields);
    resolvePlan(out, options);
  }
  for (let i = headerless ? first : first + 1; i < read.records.length && out.records.length < SAMPLE_RECORDS; i++) {
    if (isBlank(read.records[i])) continue;
    out.records.push(read.records[i]);
    out.recordLines.push(read.lines[i]);
  }
  out.decimal = options.decimalSeparator ?? detectDecimalSeparator(numericSamples(out), delimiter);
  const dateColumn = out.plan ? out.plan.date : -1;
  if (dateColumn >= 0) out.dates = dateEvidence(out.records, out.recordLines, dateColumn);
  if (options.dateOrder) out.dates.order = options.dateOrder;
  return out;
}

function resolvePlan(out: SampleAnalysis, options: DetectOptions): void {
  const header = out.header;
  const forced = options.format && options.format !== 'auto' ? options.format : null;
  const mapping = options.mapping ?? (forced ? undefined : savedMappingFor(options, out.mappingKey));
  if (forced === 'summary' || (!forced && !mapping && detectFormat(header) === 'summary')) {
    const s = planSummary(header);
    out.format = 'summary';
    if ('error' in s) out.error = { reason: s.error, code: 'missing-columns', line: out.headerLine, column: null };
    else {
      out.summaryPlan = s.plan;
      out.kind = 'summary';
    }
    return;
  }
  const detected = forced ?? detectFormat(header);
  let over: LinePlan | undefined;
  if (detected) {
    const p = planFor(detected, header, { approximateIdentity: options.approximateIdentity });
    if ('plan' in p) over = p.plan;
    else if (!mapping) {
      out.format = detected;
      out.error = { reason: p.error, code: 'missing-columns', line: out.headerLine, column: null };
      return;
    }
  }
  if (mapping) {
    const p = planFromMapping(header, mapping, over);
    if ('error' in p) {
      out.error = { reason: p.error, code: 'missing-columns', line: out.headerLine, column: null };
      return;
    }
    out.plan = p.plan;
    out.mapping = mapping;
  } else if (over) out.plan = over;
  else {
    out.error = {
      reason: 'the header is not one of the known exports (Amazon, Shopify, WooCommerce, Online Retail, CDNOW, an event log with customer, date and value, or a customer summary); choose its columns with a mapping',
      code: 'unknown-format', line: out.headerLine, column: null,
    };
    return;
  }
  out.kind = 'orders';
  out.format = out.plan.format;
}

function numericSamples(a: SampleAnalysis): string[] {
  const columns: number[] = [];
  if (a.plan) columns.push(a.plan.amount, a.plan.unitPrice, a.plan.quantity, a.plan.discount, a.plan.refund, a.plan.orderTotal);
  if (a.summaryPlan) columns.push(a.summaryPlan.frequency, a.summaryPlan.recency, a.summaryPlan.T, a.summaryPlan.monetary);
  const values: string[] = [];
  for (const c of columns) {
    if (c < 0) continue;
    for (const r of a.records) if (c < r.length) values.push(r[c]);
  }
  return values;
}

export function dateEvidence(records: readonly string[][], lines: readonly number[], column: number): DateEvidence {
  const e: DateEvidence = { order: null, ambiguous: false, dmy: 0, mdy: 0, proof: null, example: null };
  const r = dateReading();
  for (let i = 0; i < records.length; i++) {
    const text = records[i][column];
    if (text === undefined) continue;
    readDate(text, null, r);
    if (r.kind === PROVES_DMY) e.dmy++;
    else if (r.kind === PROVES_MDY) e.mdy++;
    else if (r.kind === AMBIGUOUS) {
      e.ambiguous = true;
      e.example ??= { line: lines[i], text: text.trim() };
      continue;
    } else continue;
    e.proof ??= { line: lines[i], text: text.trim() };
  }
  if (e.dmy > 0 || e.mdy > 0) e.order = e.dmy >= e.mdy ? 'dmy' : 'mdy';
  return e;
}

export function isBlank(fields: readonly string[]): boolean {
  for (let i = 0; i < fields.length; i++) if (fields[i].trim() !== '') return false;
  return true;
}
