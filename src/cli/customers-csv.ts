// --customers FILE: one CSV row per customer (INTERFACES.md section 1), written through core/export/csv.ts so
// that an id such as =HYPERLINK(...) reaches a spreadsheet as text. Empty cells mean "not known": a customer
// first seen after the calibration end has no model columns; without a fitted model there are none at all.
import type { CustomerSummary as AnalyticsCustomers } from '../core/analytics/customers.ts';
import type { LiveAnalytics } from '../core/analytics/live.ts';
import { NO_TIER, TIER_OUTSIDE, type TierAssignment } from '../core/analytics/tiers.ts';
import type { ModelsReport } from '../core/clv/index.ts';
import { toCsv, type CsvCell } from '../core/export/csv.ts';
import type { CustomerSummaryTable } from '../core/ingest/summary.ts';
import type { SummaryModels } from './summary-models.ts';

export const CUSTOMER_COLUMNS = [
  'id', 'frequency', 'recency', 'T', 'monetary', 'R', 'F', 'M', 'segment', 'tier', 'p_alive', 'expected_purchases', 'clv',
] as const;

/** An amount to `digits` decimals (cents); empty when not known. */
function round(value: number | undefined, digits: number): number | null {
  if (value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A model figure or a time to 6 significant digits, so that a tiny P(alive) is not written as 0. */
function sig(value: number | undefined): number | null {
  return value === undefined || !Number.isFinite(value) ? null : Number(value.toPrecision(6));
}

/** The tier of customer k: one rule set gives its tier name; several give `marketplace: tier` for each one that covers them. */
export function tierOf(tiers: readonly TierAssignment[], k: number): string | null {
  if (tiers.length === 0) return null;
  const name = (a: TierAssignment) => (a.tier[k] < 0 ? NO_TIER : a.names[a.tier[k]]);
  if (tiers.length === 1) return tiers[0].tier[k] === TIER_OUTSIDE ? null : name(tiers[0]);
  const parts = tiers.filter((a) => a.tier[k] !== TIER_OUTSIDE).map((a) => `${a.ruleSet.marketplace}: ${name(a)}`);
  return parts.length > 0 ? parts.join('; ') : null;
}

/** Rows for order lines: every customer with a purchase up to the as-of date, joined with the models' columns. */
export function orderCustomersCsv(ids: readonly string[], cs: AnalyticsCustomers, live: LiveAnalytics, report: ModelsReport): string {
  const p = report.perCustomer;
  const modelRow = new Int32Array(cs.customers).fill(-1);
  for (let i = 0; i < p.customers; i++) modelRow[report.summary.occasionIndex[i]] = i;
  const rows: CsvCell[][] = [];
  for (let k = 0; k < cs.customers; k++) {
    const i = modelRow[k];
    const has = i >= 0;
    rows.push([
      ids[cs.customer[k]],
      has ? p.frequency[i] : null, has ? sig(p.recency[i]) : null, has ? sig(p.T[i]) : null, has ? round(p.monetary[i], 2) : null,
      live.rfm.r[k], live.rfm.f[k], live.rfm.m[k], live.segmentNames[live.segmentOf[k]], tierOf(live.tiers, k),
      has ? sig(p.pAlive?.[i]) : null, has ? sig(p.expectedPurchases?.[i]) : null, has ? round(p.clv?.[i], 2) : null,
    ]);
  }
  return toCsv(CUSTOMER_COLUMNS, rows);
}

/** Rows for a summary file: its own columns and the models' (no dates, so no RFM, segment or tier). */
export function summaryCustomersCsv(table: CustomerSummaryTable, models: SummaryModels): string {
  const rows: CsvCell[][] = [];
  for (let i = 0; i < table.length; i++) {
    rows.push([
      table.customer[i], table.frequency[i], sig(table.recency[i]), sig(table.T[i]), round(table.monetary[i], 2),
      null, null, null, null, null,
      sig(models.pAlive?.[i]), sig(models.expectedPurchases?.[i]), round(models.clv?.[i], 2),
    ]);
  }
  return toCsv(CUSTOMER_COLUMNS, rows);
}
