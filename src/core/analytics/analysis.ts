import type { OrderTable } from '../columns/table.ts';
import { formatDay } from '../ingest/dates.ts';
import type { IngestReport } from '../ingest/ingest.ts';
import { brandMetrics, type BrandMetrics } from './brand.ts';
import { buildOccasions } from './occasions.ts';

export interface AnalysisOptions {
  /** End of observation (a day number); default the last order date in the data. */
  asOf?: number;
}

export interface InputSummary {
  format: string;
  rows: number;
  accepted: number;
  returns: number;
  cancelled: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
}

/** The JSON of `npm run analyze -- --json` (INTERFACES.md), built from the same core the page uses. */
export interface AnalysisResult {
  input: InputSummary;
  period: { first: string | null; asOf: string | null; calibrationEnd: string | null; timeUnit: 'day' | 'week' };
  metrics: BrandMetrics;
}

export function summariseInput(reports: readonly IngestReport[]): InputSummary {
  const byReason: Record<string, number> = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.rejectedByReason)) byReason[k] = (byReason[k] ?? 0) + (v ?? 0);
  const formats = [...new Set(reports.map((r) => r.format))];
  return {
    format: formats.join('+'),
    rows: reports.reduce((s, r) => s + r.rows, 0),
    accepted: reports.reduce((s, r) => s + r.accepted, 0),
    returns: reports.reduce((s, r) => s + r.returns, 0),
    cancelled: reports.reduce((s, r) => s + r.cancelled, 0),
    rejected: reports.reduce((s, r) => s + r.rejected, 0),
    rejectedByReason: byReason,
  };
}

export function analyzeTable(table: OrderTable, reports: readonly IngestReport[], options: AnalysisOptions = {}): AnalysisResult {
  const occ = buildOccasions(table, { lastDay: options.asOf });
  let first = Infinity;
  let last = -Infinity;
  for (let j = 0; j < occ.day.length; j++) {
    if (occ.day[j] < first) first = occ.day[j];
    if (occ.day[j] > last) last = occ.day[j];
  }
  const asOf = options.asOf ?? (Number.isFinite(last) ? last : null);
  return {
    input: summariseInput(reports),
    period: {
      first: Number.isFinite(first) ? formatDay(first) : null,
      asOf: asOf === null ? null : formatDay(asOf),
      calibrationEnd: null,
      timeUnit: 'day',
    },
    metrics: brandMetrics(occ),
  };
}
