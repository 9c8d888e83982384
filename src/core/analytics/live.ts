// What the page recomputes the moment a rule, the map or the period changes: RFM, segments, tiers and
// the brand figures, all from the cached per-customer summary (customers.ts), never from order lines.
// This is the `recompute100k` scenario of the benchmark (PRODUCT.md: under 200 ms for 100,000 customers).
import { comparePeriods, repeatLadder, topSpendRatio, type LadderStep, type PeriodComparison, type TopSpendRatio } from './brand.ts';
import type { CustomerSummary } from './customers.ts';
import { rfmScores, type RfmScores } from './rfm.ts';
import { assignSegments, checkSegmentMap, segmentCounts, segmentSummaries, type SegmentMap, type SegmentSummary } from './segments.ts';
import { assignTierSets, tierCounts, type TierAssignment, type TierRuleSet } from './tiers.ts';

export interface LiveSettings {
  /** End of observation; recency is measured from here. */
  asOf: number;
  segmentMap: SegmentMap;
  tierRules?: readonly TierRuleSet[];
  /** The Brand View period (both ends included); default the whole history up to asOf. */
  period?: { start: number; end: number };
  /** Per-customer predicted CLV from the models, for the segment figures. */
  predictedClv?: Float64Array | null;
}

export interface LiveAnalytics {
  rfm: RfmScores;
  segmentNames: string[];
  /** Per customer: index into segmentNames. */
  segmentOf: Uint8Array;
  segmentCounts: Int32Array;
  segments: SegmentSummary[];
  /** One assignment per tier rule set (empty without rules), and their counts by tier name. */
  tiers: TierAssignment[];
  tierCounts: Record<string, number> | null;
  brand: PeriodComparison;
  ladder: LadderStep[];
  topSpend: TopSpendRatio;
}

export function recomputeLive(cs: CustomerSummary, marketplaceNames: readonly string[], settings: LiveSettings): LiveAnalytics {
  const check = checkSegmentMap(settings.segmentMap);
  if (!check.ok) throw new Error(check.problems.map((p) => p.message).join(' '));
  const rfm = rfmScores(cs, settings.asOf);
  const segmentNames = settings.segmentMap.segments.map((s) => s.name);
  const segmentOf = assignSegments(rfm.cell, check.lookup);
  const tiers = settings.tierRules && settings.tierRules.length > 0 ? assignTierSets(cs, settings.tierRules, marketplaceNames) : [];
  const period = settings.period ?? { start: cs.minDay, end: settings.asOf };
  return {
    rfm,
    segmentNames,
    segmentOf,
    segmentCounts: segmentCounts(segmentOf, segmentNames.length),
    segments: segmentSummaries(cs, segmentOf, segmentNames, settings.predictedClv),
    tiers,
    tierCounts: tiers.length > 0 ? tierCounts(tiers) : null,
    brand: comparePeriods(cs, period.start, period.end),
    ladder: repeatLadder(cs),
    topSpend: topSpendRatio(cs),
  };
}
