// The tier rules as the editor holds them: one draft per marketplace, thresholds as the inputs give them
// (null while a field is empty or not a number). Pure, so it is tested; the worker validates the rest
// (names, duplicates, profit without costs) with tiers.ts and names the marketplace and tier at fault.
import { MAX_TIERS, type ThresholdType, type TierRuleSet } from '../../../core/analytics/tiers.ts';
import type { MarketplaceTiers, TierProblem } from '../../../state/types.ts';

export interface TierDraftRow {
  name: string;
  threshold: number | null;
}

export interface TierDraft {
  marketplace: string;
  currency: string | null;
  thresholdType: ThresholdType;
  tiers: TierDraftRow[];
}

export const THRESHOLD_LABELS: Record<ThresholdType, string> = {
  orders: 'Number of orders',
  units: 'Units bought',
  revenue: 'Net revenue',
  profit: 'Profit',
};

/** What the threshold of a tier is compared with, in a few words, for the "more than" field. */
export function thresholdUnit(type: ThresholdType, currency: string | null): string {
  if (type === 'orders') return 'orders';
  if (type === 'units') return 'units';
  return currency ?? '';
}

export function draftsOf(marketplaces: readonly MarketplaceTiers[]): TierDraft[] {
  return marketplaces.map((m) => ({
    marketplace: m.marketplace,
    currency: m.currency,
    thresholdType: m.ruleSet.thresholdType,
    tiers: m.ruleSet.tiers.map((t) => ({ name: t.name, threshold: t.threshold })),
  }));
}

/** Problems the inputs show before anything is sent: an empty or unreadable threshold, too many tiers. */
export function draftProblems(drafts: readonly TierDraft[]): TierProblem[] {
  const problems: TierProblem[] = [];
  for (const d of drafts) {
    d.tiers.forEach((t, i) => {
      if (t.threshold === null || !Number.isFinite(t.threshold)) {
        const name = t.name.trim() ? ` "${t.name.trim()}"` : '';
        problems.push({ marketplace: d.marketplace, message: `${d.marketplace}, tier ${i + 1}${name}: the threshold is empty or not a number; enter a number (negative numbers are allowed).` });
      }
    });
    if (d.tiers.length > MAX_TIERS) problems.push({ marketplace: d.marketplace, message: `${d.marketplace} has ${d.tiers.length} tiers; at most ${MAX_TIERS} are allowed.` });
  }
  return problems;
}

export function ruleSetsOf(drafts: readonly TierDraft[]): TierRuleSet[] {
  return drafts.map((d) => ({
    thresholdType: d.thresholdType,
    marketplace: d.marketplace,
    tiers: d.tiers.map((t) => ({ name: t.name, threshold: t.threshold ?? Number.NaN })),
  }));
}

/** A tier to add below the lowest one: a free name and a threshold under the lowest. */
export function nextTier(draft: TierDraft): TierDraftRow {
  const names = new Set(draft.tiers.map((t) => t.name.trim().toLowerCase()));
  let n = draft.tiers.length + 1;
  while (names.has(`tier ${n}`)) n++;
  const lowest = draft.tiers.reduce((min, t) => (t.threshold !== null && Number.isFinite(t.threshold) ? Math.min(min, t.threshold) : min), Infinity);
  const threshold = lowest === Infinity ? 0 : lowest > 0 ? Math.floor(lowest / 2) : lowest - 50;
  return { name: `Tier ${n}`, threshold };
}
