// The tier view's worker API on a small store with fake-indexeddb: two marketplaces in two currencies,
// totals counted hand by hand, rule edits that re-tier and are saved, refusals that name the rule set and
// tier, and the recompute time at 100,000 customers.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/data/import-file.ts';
import { db } from '../../src/workers/dataset-cache.ts';
import { defaultRuleSet, tiersApi, type TierView } from '../../src/workers/tiers-api.ts';
import type { TierRuleSet } from '../../src/core/analytics/tiers.ts';

function textFile(name: string, text: string): Blob & { name: string } {
  return Object.assign(new Blob([text]), { name });
}

// Amazon US (USD): ann 600 + 10 = 610, bob 200, cat 30, dan 250. Amazon DE (EUR): ann 100, eve 40.
const US = 'customer,date,value\nann,2024-01-05,600\nbob,2024-01-20,200\ncat,2024-02-01,30\nann,2024-02-10,10\ndan,2024-03-01,250\n';
const DE = 'customer,date,value\nann,2024-01-03,100\neve,2024-02-02,40\n';

async function store(id: string): Promise<void> {
  expect((await importFile(db, textFile('us.csv', US), { datasetId: id, marketplace: 'Amazon US', currency: 'USD' })).state).toBe('done');
  expect((await importFile(db, textFile('de.csv', DE), { datasetId: id, marketplace: 'Amazon DE', currency: 'EUR' })).state).toBe('done');
}

function market(view: TierView, name: string) {
  const m = view.marketplaces.find((x) => x.marketplace === name);
  if (!m) throw new Error(`no marketplace ${name}`);
  return m;
}

function usRules(tiers: { name: string; threshold: number }[], thresholdType: TierRuleSet['thresholdType'] = 'revenue'): TierRuleSet[] {
  return [{ thresholdType, marketplace: 'Amazon US', tiers }, defaultRuleSet('Amazon DE')];
}

describe('tiersApi', () => {
  it('tiers each marketplace in its own currency with the default rules until the seller sets some', async () => {
    await store('t1');
    const view = await tiersApi.tierView('t1');
    expect(view.saved).toBe(false);
    expect(view.hasCosts).toBe(false);
    const us = market(view, 'Amazon US');
    expect(us.currency).toBe('USD');
    expect(us.names).toEqual(['Platinum', 'Gold', 'Silver']);
    // ann 610 > 500; dan 250 > 200; bob's 200 does not exceed 200, so Silver; cat's 30 exceeds nothing.
    expect(us.counts).toEqual([1, 1, 1, 1]);
    expect(us.customers).toBe(4);
    const de = market(view, 'Amazon DE');
    expect(de.currency).toBe('EUR');
    // ann's 100 EUR (not added to her USD) > 50; eve's 40 exceeds nothing.
    expect(de.counts).toEqual([0, 0, 1, 1]);
    expect(view.totals).toEqual({ Platinum: 1, Gold: 1, Silver: 2, '(none)': 2 });
  });

  it('re-tiers at once when a threshold changes, and keeps the rules for the next visit', async () => {
    await store('t2');
    const outcome = await tiersApi.applyTierRules('t2', usRules([{ name: 'Platinum', threshold: 500 }, { name: 'Gold', threshold: 199 }, { name: 'Silver', threshold: 50 }]));
    if (!outcome.ok) throw new Error(outcome.problems.map((p) => p.message).join(' '));
    // bob's 200 now exceeds 199.
    expect(market(outcome.view, 'Amazon US').counts).toEqual([1, 2, 0, 1]);
    expect(outcome.view.saved).toBe(true);
    const again = await tiersApi.tierView('t2');
    expect(market(again, 'Amazon US').thresholds).toEqual([500, 199, 50]);
    expect(again.totals).toEqual({ Platinum: 1, Gold: 2, Silver: 1, '(none)': 2 });
    const reset = await tiersApi.resetTierRules('t2');
    expect(reset.saved).toBe(false);
    expect(market(reset, 'Amazon US').counts).toEqual([1, 1, 1, 1]);
    expect(await db.datasetSettings.get(['t2', 'tiers'])).toBeUndefined();
  });

  it('counts orders, takes negative thresholds, and lists tiers from the highest threshold down', async () => {
    await store('t3');
    const outcome = await tiersApi.applyTierRules('t3', usRules([{ name: 'Everyone', threshold: -5 }, { name: 'Repeat', threshold: 1 }], 'orders'));
    if (!outcome.ok) throw new Error('refused');
    const us = market(outcome.view, 'Amazon US');
    expect(us.names).toEqual(['Repeat', 'Everyone']);
    // Only ann has two orders; everyone's count exceeds -5.
    expect(us.counts).toEqual([1, 3, 0]);
  });

  it('refuses invalid rules with a sentence naming the marketplace and tier, and saves nothing', async () => {
    await store('t4');
    const outcome = await tiersApi.applyTierRules('t4', [
      { thresholdType: 'revenue', marketplace: 'Amazon US', tiers: [{ name: 'Gold', threshold: 100 }, { name: 'Gold', threshold: 50 }] },
      { thresholdType: 'profit', marketplace: 'Amazon DE', tiers: [{ name: 'A', threshold: 10 }, { name: 'B', threshold: 10 }] },
    ]);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const text = outcome.problems.map((p) => `${p.marketplace}: ${p.message}`);
    expect(text.some((t) => t.startsWith('Amazon US') && t.includes('"Amazon US"') && t.includes('two tiers "Gold"'))).toBe(true);
    expect(text.some((t) => t.startsWith('Amazon DE') && t.includes('profit') && t.includes('cost table'))).toBe(true);
    expect(text.some((t) => t.startsWith('Amazon DE') && t.includes('"A" and "B" have the same threshold 10'))).toBe(true);
    expect(await db.datasetSettings.get(['t4', 'tiers'])).toBeUndefined();
    const unknown = await tiersApi.applyTierRules('t4', [defaultRuleSet('eBay')]);
    expect(unknown.ok ? [] : unknown.problems.map((p) => p.message)).toEqual(['There is no marketplace "eBay" in this dataset.']);
  });

  it('says a dataset without orders is empty', async () => {
    const view = await tiersApi.tierView('nothing-here');
    expect(view.empty).toBe(true);
    expect(view.marketplaces).toEqual([]);
  });

  it('re-tiers 100,000 customers once the dataset is loaded (speed is measured by npm run bench)', async () => {
    const lines = ['customer,date,value'];
    for (let k = 0; k < 100_000; k++) lines.push(`c${k},2024-0${1 + (k % 9)}-1${k % 10},${(k * 7919) % 1000}.5`);
    expect((await importFile(db, textFile('big.csv', `${lines.join('\n')}\n`), { datasetId: 'big', marketplace: 'Shop', currency: 'USD' })).state).toBe('done');
    await tiersApi.tierView('big');
    const rules: TierRuleSet[] = [{ thresholdType: 'revenue', marketplace: 'Shop', tiers: [{ name: 'Top', threshold: 900 }, { name: 'Mid', threshold: 400 }] }];
    const outcome = await tiersApi.applyTierRules('big', rules);
    if (!outcome.ok) throw new Error('refused');
    expect(outcome.view.marketplaces[0].counts.reduce((a, b) => a + b, 0)).toBe(100_000);
  }, 120_000);
});
