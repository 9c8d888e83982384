// The tier view's pure parts: tier colours, the pie option (escaped tooltips, "(none)" last in grey), and
// the editor's drafts: what they send, and the problems they show before anything is sent.
import { describe, expect, it } from 'vitest';
import { NO_TIER_COLOR, tierColor, tierPieOption } from '../../src/ui/charts/options/tiers.ts';
import { draftProblems, draftsOf, nextTier, ruleSetsOf, thresholdUnit, type TierDraft } from '../../src/ui/views/tiers/tier-drafts.ts';
import type { MarketplaceTiers } from '../../src/state/types.ts';

describe('tierPieOption', () => {
  const option = tierPieOption([{ name: 'Platinum', customers: 1 }, { name: '<script>', customers: 3 }], { name: '(none)', customers: 4 }, String) as {
    series: { data: { name: string; value: number; itemStyle: { color: string } }[] }[];
    tooltip: { formatter: (item: { name: string; value: number }) => string };
  };

  it('has one slice per tier from the highest down, then "(none)" in grey', () => {
    expect(option.series[0].data.map((d) => [d.name, d.value])).toEqual([['Platinum', 1], ['<script>', 3], ['(none)', 4]]);
    expect(option.series[0].data.map((d) => d.itemStyle.color)).toEqual([tierColor(0), tierColor(1), NO_TIER_COLOR]);
  });

  it('escapes tier names in the tooltip and gives the share of the marketplace', () => {
    expect(option.tooltip.formatter({ name: '<script>', value: 3 })).toBe('&lt;script&gt;<br/><b>3</b> customers (37.5 %)');
  });

  it('colours up to ten tiers apart', () => {
    const colours = Array.from({ length: 10 }, (_, t) => tierColor(t));
    expect(new Set([...colours, NO_TIER_COLOR]).size).toBe(11);
    expect(tierColor(-1)).toBe(NO_TIER_COLOR);
  });
});

describe('tier drafts', () => {
  const figures: MarketplaceTiers = {
    marketplace: 'Amazon US', currency: 'USD', customers: 4, names: ['Gold'], thresholds: [100], counts: [1, 3],
    ruleSet: { thresholdType: 'revenue', marketplace: 'Amazon US', tiers: [{ name: 'Gold', threshold: 100 }] },
  };

  it('start from the accepted rules and send them back as rule sets', () => {
    const drafts = draftsOf([figures]);
    expect(drafts).toEqual([{ marketplace: 'Amazon US', currency: 'USD', thresholdType: 'revenue', tiers: [{ name: 'Gold', threshold: 100 }] }]);
    drafts[0].tiers[0].threshold = -20;
    expect(figures.ruleSet.tiers[0].threshold).toBe(100);
    expect(ruleSetsOf(drafts)).toEqual([{ thresholdType: 'revenue', marketplace: 'Amazon US', tiers: [{ name: 'Gold', threshold: -20 }] }]);
    expect(draftProblems(drafts)).toEqual([]);
  });

  it('name the marketplace and tier whose threshold is empty', () => {
    const drafts: TierDraft[] = [{ marketplace: 'Amazon DE', currency: 'EUR', thresholdType: 'revenue', tiers: [{ name: 'Gold', threshold: 10 }, { name: 'Silver', threshold: null }] }];
    expect(draftProblems(drafts)).toEqual([{
      marketplace: 'Amazon DE',
      message: 'Amazon DE, tier 2 "Silver": the threshold is empty or not a number; enter a number (negative numbers are allowed).',
    }]);
    expect(Number.isNaN(ruleSetsOf(drafts)[0].tiers[1].threshold)).toBe(true);
  });

  it('refuse an eleventh tier', () => {
    const tiers = Array.from({ length: 11 }, (_, i) => ({ name: `T${i}`, threshold: i }));
    expect(draftProblems([{ marketplace: 'Shop', currency: 'USD', thresholdType: 'orders', tiers }])).toEqual([{ marketplace: 'Shop', message: 'Shop has 11 tiers; at most 10 are allowed.' }]);
  });

  it('add a tier below the lowest under a free name', () => {
    const draft: TierDraft = { marketplace: 'Shop', currency: 'USD', thresholdType: 'revenue', tiers: [{ name: 'Tier 2', threshold: 100 }, { name: 'B', threshold: 40 }] };
    expect(nextTier(draft)).toEqual({ name: 'Tier 3', threshold: 20 });
    expect(nextTier({ ...draft, tiers: [{ name: 'A', threshold: 0 }] })).toEqual({ name: 'Tier 2', threshold: -50 });
  });

  it('say what a threshold counts', () => {
    expect(thresholdUnit('orders', 'USD')).toBe('orders');
    expect(thresholdUnit('profit', 'EUR')).toBe('EUR');
  });
});
