// recompute100k (Node): what the page recomputes the moment a rule changes: RFM scores, segments, tiers and
// the brand figures, from the cached per-customer summary (src/core/analytics/live.ts recomputeLive). The
// summary itself is built once from the order lines when data arrive; its time is reported beside, not in
// `ms`. Each timed run changes a rule (the tier thresholds, and the segment map every other run), so that no
// run repeats the one before it.
import type { OrderTable } from '../../src/core/columns/table.ts';
import { sampleTable } from './sample-table.ts';
import { fmtInt, fmtMs, median, round, say } from './stats.ts';

interface TierRuleSet {
  thresholdType: 'orders' | 'units' | 'revenue' | 'profit';
  marketplace: string;
  tiers: { name: string; threshold: number }[];
}
interface Summary {
  customers: number;
  maxDay: number;
  profit: Float64Array | null;
}
interface Live {
  segmentNames: string[];
  segmentCounts: Int32Array;
  tierCounts: Record<string, number> | null;
}
interface AnalyticsApi {
  buildCustomers(table: OrderTable, options?: { unitCost?: Float64Array | null }): Summary;
  recomputeLive(cs: Summary, marketplaceNames: readonly string[], settings: { asOf: number; segmentMap: unknown; tierRules?: readonly TierRuleSet[] }): Live;
  SEGMENT_MAPS: Record<string, unknown>;
  unitCostsBySku?(skus: readonly string[], costs: ReadonlyMap<string, number>): Float64Array;
}
interface SampleApi {
  sampleCostTable?(): { sku: string[]; unitCost: Float64Array };
}

export type RecomputeResult = {
  customers: number;
  ms: number;
  runsMs: number[];
  firstRunMs: number;
  /** The per-customer summary from the order lines (once per data change, not per rule change). */
  buildSummaryMs: number;
  orderLines: number;
  segmentCounts: Record<string, number>;
  tierCounts: Record<string, number> | null;
  note: string;
};

/** Three rule sets (one per marketplace scope, as the rules require): revenue over all, orders and profit in two marketplaces. */
function tierRules(scale: number, marketplaces: readonly string[], i: number, withProfit: boolean): TierRuleSet[] {
  const rules: TierRuleSet[] = [
    { thresholdType: 'revenue', marketplace: '*', tiers: [
      { name: 'Platinum', threshold: Math.round(400 * scale) }, { name: 'Gold', threshold: Math.round(200 * scale) },
      { name: 'Silver', threshold: Math.round(100 * scale) }, { name: 'Bronze', threshold: Math.round(40 * scale) },
    ] },
  ];
  if (marketplaces.length > 0) {
    rules.push({ thresholdType: 'orders', marketplace: marketplaces[i % marketplaces.length], tiers: [{ name: 'Platinum', threshold: 6 + Math.round(scale) }, { name: 'Gold', threshold: 3 }] });
  }
  if (marketplaces.length > 1) {
    rules.push({ thresholdType: withProfit ? 'profit' : 'units', marketplace: marketplaces[(i + 1) % marketplaces.length], tiers: [{ name: 'Platinum', threshold: Math.round(150 * scale) }, { name: 'Gold', threshold: Math.round(60 * scale) }] });
  }
  return rules;
}

export async function recompute(customers: number, seed: number, runs: number): Promise<RecomputeResult> {
  const analytics = (await import('../../src/core/analytics/index.ts')) as unknown as Partial<AnalyticsApi>;
  for (const name of ['buildCustomers', 'recomputeLive'] as const) {
    if (typeof analytics[name] !== 'function') throw new Error(`src/core/analytics has no ${name}() yet`);
  }
  if (!analytics.SEGMENT_MAPS) throw new Error('src/core/analytics has no SEGMENT_MAPS yet');
  const api = analytics as AnalyticsApi;
  const maps = Object.keys(api.SEGMENT_MAPS);
  const sample = (await import('../../src/core/sample/store.ts')) as unknown as SampleApi;

  const { table, lines } = await sampleTable(customers, seed);
  // Unit costs of the store's SKUs, so that the profit tiers have something to count.
  let unitCost: Float64Array | null = null;
  if (typeof sample.sampleCostTable === 'function' && typeof api.unitCostsBySku === 'function') {
    const costs = sample.sampleCostTable();
    unitCost = api.unitCostsBySku(table.dictionaries.sku, new Map(costs.sku.map((s, i) => [s, costs.unitCost[i]])));
  }
  const t0 = performance.now();
  const cs = api.buildCustomers(table, { unitCost });
  const buildSummaryMs = performance.now() - t0;
  say(`recompute100k: per-customer summary of ${fmtInt(cs.customers)} customers from ${fmtInt(lines)} lines in ${fmtMs(buildSummaryMs)}`);
  const marketplaces = table.dictionaries.marketplace;
  const withProfit = cs.profit !== null;

  const runsMs: number[] = [];
  let live: Live | null = null;
  // One extra run first: the page's worker has run these functions before the seller changes a rule.
  for (let i = 0; i <= runs; i++) {
    const rules = tierRules(1 + 0.1 * i, marketplaces, i, withProfit);
    const settings = { asOf: cs.maxDay, segmentMap: api.SEGMENT_MAPS[maps[i % maps.length]], tierRules: rules };
    const t = performance.now();
    live = api.recomputeLive(cs, marketplaces, settings);
    runsMs.push(performance.now() - t);
  }
  const [firstRunMs, ...timed] = runsMs;
  const ms = median(timed);
  say(`recompute100k: ${fmtInt(cs.customers)} customers, median ${fmtMs(ms)} over ${timed.length} runs (${timed.map((x) => fmtMs(x)).join(', ')}; first run ${fmtMs(firstRunMs)})`);
  const segmentCounts: Record<string, number> = {};
  live?.segmentNames.forEach((name, s) => (segmentCounts[name] = live!.segmentCounts[s]));
  return {
    customers: cs.customers,
    ms: round(ms),
    runsMs: timed.map((x) => round(x)),
    firstRunMs: round(firstRunMs),
    buildSummaryMs: round(buildSummaryMs),
    orderLines: lines,
    segmentCounts,
    tierCounts: live?.tierCounts ?? null,
    note: `recomputeLive() in Node on the sample store (seed ${seed}): RFM, segments (map alternating ${maps.join('/')}), ` +
      `tiers (revenue over all marketplaces, orders and ${withProfit ? 'profit' : 'units'} in one marketplace each) with thresholds and marketplaces changed every run, brand metrics; ` +
      `median of ${timed.length} runs; a warm-up run before them is reported as firstRunMs`,
  };
}
