import type { OrderTable } from '../columns/table.ts';
import { formatDay } from '../ingest/dates.ts';
import type { IngestReport } from '../ingest/ingest.ts';
import { brandMetrics, type BrandMetrics } from './brand.ts';
import { buildCustomers } from './customers.ts';
import { recomputeLive } from './live.ts';
import { SEGMENT_MAPS, type SegmentMapId } from './segment-maps.ts';
import type { TierRuleSet } from './tiers.ts';

export interface AnalysisOptions {
  /** End of observation (a day number); default the last order date in the data. */
  asOf?: number;
  /** The segment map of `segments` (default amazon). */
  segmentMap?: SegmentMapId;
  /** Tier rule sets (tiers.ts parseTierRuleSets reads the INTERFACES.md file); `tiers` is omitted without them. */
  tierRules?: readonly TierRuleSet[];
  /** Unit cost per SKU dictionary index (customers.ts unitCostsBySku), for profit tiers. */
  unitCost?: Float64Array | null;
  /** Only lines in this currency (dictionary index) count: amounts in different currencies are never added. */
  currency?: number;
}

export interface InputSummary {
  format: string;
  rows: number;
  accepted: number;
  returns: number;
  cancelled: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  /** Present (and `approximate`) when customers were told apart by ship-to address: every figure built on it is approximate. */
  identity?: 'approximate';
}

/** The JSON of `npm run analyze -- --json` (INTERFACES.md), built from the same core the page uses. */
export interface AnalysisResult {
  input: InputSummary;
  period: { first: string | null; asOf: string | null; calibrationEnd: string | null; timeUnit: 'day' | 'week' };
  metrics: BrandMetrics;
  segments: { map: SegmentMapId; counts: Record<string, number> };
  tiers?: { counts: Record<string, number> };
}

export function summariseInput(reports: readonly IngestReport[]): InputSummary {
  const byReason: Record<string, number> = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.rejectedByReason)) byReason[k] = (byReason[k] ?? 0) + (v ?? 0);
  const formats = [...new Set(reports.map((r) => r.format))];
  const summary: InputSummary = {
    format: formats.join('+'),
    rows: reports.reduce((s, r) => s + r.rows, 0),
    accepted: reports.reduce((s, r) => s + r.accepted, 0),
    returns: reports.reduce((s, r) => s + r.returns, 0),
    cancelled: reports.reduce((s, r) => s + r.cancelled, 0),
    rejected: reports.reduce((s, r) => s + r.rejected, 0),
    rejectedByReason: byReason,
  };
  if (reports.some((r) => r.identity === 'approximate')) summary.identity = 'approximate';
  return summary;
}

export function analyzeTable(table: OrderTable, reports: readonly IngestReport[], options: AnalysisOptions = {}): AnalysisResult {
  const customers = buildCustomers(table, { lastDay: options.asOf, unitCost: options.unitCost, currency: options.currency });
  let first: number | null = null;
  let last: number | null = null;
  for (let k = 0; k < customers.customers; k++) {
    if (first === null || customers.firstDay[k] < first) first = customers.firstDay[k];
    if (last === null || customers.lastDay[k] > last) last = customers.lastDay[k];
  }
  const asOf = options.asOf ?? last;
  const mapId = options.segmentMap ?? 'amazon';
  const map = SEGMENT_MAPS[mapId];
  if (!map) throw new Error(`There is no segment map "${mapId}"; choose ${Object.keys(SEGMENT_MAPS).join(' or ')}.`);
  const live = recomputeLive(customers, table.dictionaries.marketplace, {
    asOf: asOf ?? 0,
    segmentMap: map,
    tierRules: options.tierRules,
  });
  const segmentCounts: Record<string, number> = {};
  live.segmentNames.forEach((name, s) => {
    segmentCounts[name] = live.segmentCounts[s];
  });
  const result: AnalysisResult = {
    input: summariseInput(reports),
    period: {
      first: first === null ? null : formatDay(first),
      asOf: asOf === null ? null : formatDay(asOf),
      calibrationEnd: null,
      timeUnit: 'day',
    },
    metrics: brandMetrics(customers),
    segments: { map: mapId, counts: segmentCounts },
  };
  if (live.tierCounts) result.tiers = { counts: live.tierCounts };
  return result;
}
