// The result as readable tables (the command line without --json): the same figures as the JSON, with a
// few words on what each one means. Numbers are grouped (1,234.5) and models that could not be fitted say
// why instead of showing numbers.
import { SEGMENT_MAPS } from '../core/analytics/segment-maps.ts';
import type { CliJson } from './result.ts';

type Align = 'left' | 'right';

/** Columns padded to their widest cell; numbers (right-aligned columns) line up on the right. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (align[c] === 'right' ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].map((l) => `  ${l}`);
}

export function num(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Model parameters to 4 significant digits, small and huge ones in exponent form. */
export function param(value: number): string {
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e6)) return value.toExponential(3);
  return Number(value.toPrecision(4)).toString();
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
export const plural = (n: number, word: string) => `${num(n)} ${word}${n === 1 ? '' : 's'}`;

function inputLines(j: CliJson): string[] {
  const i = j.input;
  const reasons = Object.entries(i.rejectedByReason).map(([reason, n]) => `${reason} ${num(n)}`).join(', ');
  const flagged = i.format === 'summary' ? '' : ` (${num(i.returns)} returns, ${num(i.cancelled)} cancelled)`;
  const out = [
    `Input     ${i.format}: ${plural(i.rows, 'line')}, ${num(i.accepted)} accepted${flagged}, ${num(i.rejected)} rejected${reasons ? ` (${reasons})` : ''}`,
  ];
  if (i.currency) out.push(`Currency  ${i.currency} (the main one; lines in ${Object.keys(i.currencies ?? {}).filter((c) => c !== i.currency).join(', ')} are left out)`);
  if (i.identity === 'approximate') out.push('Identity  approximate: customers told apart by ship-to address or name (the export has no buyer email or id)');
  if (i.pseudonymised) out.push('Identity  pseudonymised: only salted SHA-256 hashes of the customers are kept');
  const p = j.period;
  if (p.first !== null || p.asOf !== null) {
    out.push(`Period    ${p.first ?? '?'} to ${p.asOf ?? '?'} (time unit: ${p.timeUnit})`);
    if (p.calibrationEnd) out.push(`Split     models fitted on purchases up to ${p.calibrationEnd}; the rest is the holdout`);
  } else out.push(`Period    no dates (a per-customer summary); time unit: ${p.timeUnit}`);
  return out;
}

function metricLines(j: CliJson): string[] {
  const m = j.metrics;
  if (!m) return [];
  const currency = j.input.currency ? ` (${j.input.currency})` : '';
  const rows: string[][] = [
    ['Customers', num(m.customers), 'people with at least one purchase'],
    ['Orders', num(m.orders), 'distinct orders'],
    [`Total sales${currency}`, num(m.totalSales, 2), 'sales minus returns'],
    [`Average sales per customer${currency}`, num(m.avgSalesPerCustomer, 2), 'total sales / customers'],
    ['Repeat customers', num(m.repeatCustomers), 'bought on two or more days'],
    ['Repeat orders', num(m.repeatOrders), "orders after a customer's first day"],
    ['Repeat purchase rate', percent(m.repeatPurchaseRate), 'repeat customers / customers'],
    ['Median repeat interval', m.medianRepeatIntervalDays === null ? 'none' : `${num(m.medianRepeatIntervalDays)} days`, 'typical wait between two purchases'],
  ];
  return ['', 'Brand metrics', ...table(['Metric', 'Value', 'What it is'], rows, ['left', 'right', 'left'])];
}

function segmentLines(j: CliJson): string[] {
  const s = j.segments;
  if (!s) return [];
  const total = Object.values(s.counts).reduce((a, b) => a + b, 0);
  const about = new Map(SEGMENT_MAPS[s.map].segments.map((d) => [d.name, d.description]));
  const rows = Object.entries(s.counts).map(([name, n]) => [name, num(n), total > 0 ? percent(n / total) : '-', about.get(name) ?? '']);
  return ['', `Segments (${s.map} map, by RFM quintile scores)`, ...table(['Segment', 'Customers', 'Share', 'Who they are'], rows, ['left', 'right', 'right', 'left'])];
}

function tierLines(j: CliJson): string[] {
  if (!j.tiers) return [];
  const rows = Object.entries(j.tiers.counts).map(([name, n]) => [name, num(n)]);
  return ['', 'Tiers (the highest threshold a customer exceeds; (none): above no threshold)', ...table(['Tier', 'Customers'], rows, ['left', 'right'])];
}

export function formatReadable(j: CliJson): string {
  return [...inputLines(j), ...metricLines(j), ...segmentLines(j), ...tierLines(j), ...modelLines(j)].join('\n');
}

const MODEL_NAMES = { bgnbd: 'BG/NBD', paretoNbd: 'Pareto/NBD', mbgnbd: 'MBG/NBD', gammaGamma: 'Gamma-Gamma' } as const;

function modelLines(j: CliJson): string[] {
  const unit = j.period.timeUnit;
  const rows: string[][] = [];
  const failures: string[] = [];
  for (const key of ['bgnbd', 'paretoNbd', 'mbgnbd', 'gammaGamma'] as const) {
    const m = j.models[key];
    if ('error' in m) {
      rows.push([MODEL_NAMES[key], 'not fitted (see below)', '-']);
      failures.push(`  ${MODEL_NAMES[key]} not fitted: ${m.error}.`.replace(/\.\.$/, '.'));
      continue;
    }
    const params = Object.entries(m.params).map(([k, v]) => `${k} ${param(v)}`).join('  ');
    const who = 'customers' in m ? `  (${num(m.customers)} repeat customers)` : '';
    rows.push([MODEL_NAMES[key], params + who, num(m.logLikelihood, 2)]);
  }
  const out = ['', `Models (fitted on ${j.period.calibrationEnd ? 'the calibration period' : 'all purchases'}; rates per ${unit})`,
    ...table(['Model', 'Parameters', 'Log-likelihood'], rows, ['left', 'left', 'right']),
    '  BG/NBD, Pareto/NBD, MBG/NBD: how often customers buy and when they stop. Gamma-Gamma: how much they spend.',
    ...failures];
  return [...out, ...forecastLines(j)];
}

function forecastLines(j: CliJson): string[] {
  const f = j.forecast;
  const fitted = (['bgnbd', 'paretoNbd', 'mbgnbd'] as const).filter((n) => f.expectedPurchases[n] !== undefined);
  if (fitted.length === 0) return ['', 'Forecast  none: no purchase model could be fitted'];
  const currency = j.input.currency ? ` (${j.input.currency})` : '';
  const header = ['Model', `Purchases in ${num(f.horizonDays)} days`];
  const about = [`  ${header[1]}: what all customers together are expected to buy.`];
  if (f.clv12m) {
    header.push(`12-month CLV${currency}`);
    about.push(`  12-month CLV: their purchases of the next 12 months x expected spend, discounted monthly.`);
  }
  if (f.holdout) {
    header.push('Holdout purchases');
    about.push(`  Holdout purchases: predicted repeat purchases up to ${j.period.asOf}; actually made: ${num(f.holdout.actual)}.`);
  }
  const rows = fitted.map((n) => {
    const row = [MODEL_NAMES[n], num(f.expectedPurchases[n]!, 1)];
    if (f.clv12m) row.push(n === 'mbgnbd' || f.clv12m[n] === undefined ? '-' : num(f.clv12m[n]!, 2));
    if (f.holdout) row.push(f.holdout.predicted[n] === undefined ? '-' : num(f.holdout.predicted[n]!, 1));
    return row;
  });
  const from = j.period.calibrationEnd ? `the calibration end, ${j.period.calibrationEnd}` : j.period.asOf ? `the last day, ${j.period.asOf}` : 'the end of observation';
  const out = ['', `Forecast (from ${from})`, ...table(header, rows, header.map((_, c) => (c === 0 ? 'left' : 'right')))];
  out.push(...about);
  if (!f.clv12m) out.push('  No 12-month CLV: the spend model (Gamma-Gamma) could not be fitted.');
  return out;
}
