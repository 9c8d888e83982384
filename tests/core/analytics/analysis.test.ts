import { describe, expect, it } from 'vitest';
import { analyzeTable } from '../../../src/core/analytics/analysis.ts';
import { SEGMENT_MAPS } from '../../../src/core/analytics/segment-maps.ts';
import { parseTierRuleSets, type TierRuleSet } from '../../../src/core/analytics/tiers.ts';
import type { OrderTable } from '../../../src/core/columns/table.ts';
import { CDNOW_MASTER, CDNOW_SAMPLE, cdnowTable, d, handTable, onlineRetailTable } from './fixtures.ts';
import { naiveCustomers, naiveScores } from './oracle.ts';

/** The INTERFACES.md example rule set. */
const example = parseTierRuleSets('{ "thresholdType": "revenue", "marketplace": "*", "tiers": [ { "name": "Platinum", "threshold": 200 }, { "name": "Gold", "threshold": 100 } ] }');
const exampleRules: TierRuleSet[] = example.ok ? example.ruleSets : [];

/** Everything `analyzeTable` reports, recomputed from the line-by-line oracle and the rules as written. */
function expected(table: OrderTable, asOf: number, mapId: 'amazon' | 'classic') {
  const naive = naiveCustomers(table, { lastDay: asOf });
  const occasions = naive.flatMap((x) => x.occasions);
  const gaps = naive.flatMap((x) => x.occasions.slice(1).map((o, j) => o.day - x.occasions[j].day)).sort((a, b) => a - b);
  const repeat = naive.filter((x) => x.occasions.length > 1);
  const sales = naive.reduce((s, x) => s + x.net, 0);
  const r = naiveScores(naive.map((x) => x.occasions.at(-1)!.day));
  const f = naiveScores(naive.map((x) => x.occasions.length));
  const m = naiveScores(naive.map((x) => x.net));
  const map = SEGMENT_MAPS[mapId];
  const inside = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;
  const counts: Record<string, number> = Object.fromEntries(map.segments.map((s) => [s.name, 0]));
  naive.forEach((_, k) => {
    const owner = map.segments.find((s) => s.rules.some((rule) => inside(r[k], rule.r) && inside(f[k], rule.f) && inside(m[k], rule.m)))!;
    counts[owner.name]++;
  });
  const middle = gaps.length >> 1;
  return {
    metrics: {
      customers: naive.length,
      orders: occasions.reduce((s, o) => s + o.orders, 0),
      totalSales: Math.round(sales * 100) / 100,
      avgSalesPerCustomer: Math.round((sales / naive.length) * 100) / 100,
      repeatCustomers: repeat.length,
      repeatOrders: repeat.reduce((s, x) => s + x.occasions.slice(1).reduce((t, o) => t + o.orders, 0), 0),
      repeatPurchaseRate: repeat.length / naive.length,
      medianRepeatIntervalDays: gaps.length % 2 ? gaps[middle] : (gaps[middle - 1] + gaps[middle]) / 2,
    },
    segments: { map: mapId, counts },
    tiers: {
      counts: {
        Platinum: naive.filter((x) => x.net > 200).length,
        Gold: naive.filter((x) => x.net > 100 && x.net <= 200).length,
        '(none)': naive.filter((x) => x.net <= 100).length,
      },
    },
  };
}

describe('analyzeTable', () => {
  it('CDNOW master: metrics, segments and tiers as INTERFACES.md shapes them', () => {
    const table = cdnowTable(CDNOW_MASTER);
    const result = analyzeTable(table, [], { tierRules: exampleRules });
    const want = expected(table, d('1998-06-30'), 'amazon');
    expect(result.period).toEqual({ first: '1997-01-01', asOf: '1998-06-30', calibrationEnd: null, timeUnit: 'day' });
    // Published: 23,570 customers.
    expect(result.metrics.customers).toBe(23_570);
    expect(result.metrics).toEqual(want.metrics);
    expect(result.segments).toEqual(want.segments);
    expect(Object.keys(result.segments.counts)).toEqual(['Top Tier', 'Promising', 'At-Risk', 'Hibernating']);
    expect(result.tiers).toEqual(want.tiers);
    expect(Object.keys(result.tiers!.counts)).toEqual(['Platinum', 'Gold', '(none)']);
  });

  it('CDNOW sample cut at the end of calibration, with the classic map and no tiers', () => {
    const table = cdnowTable(CDNOW_SAMPLE);
    const asOf = d('1997-09-30');
    const result = analyzeTable(table, [], { asOf, segmentMap: 'classic' });
    const want = expected(table, asOf, 'classic');
    expect(result.metrics.customers).toBe(2_357);
    expect(result.period.asOf).toBe('1997-09-30');
    expect(result.metrics).toEqual(want.metrics);
    expect(result.segments).toEqual(want.segments);
    // Without rules the part is omitted, not filled with zeros.
    expect('tiers' in result).toBe(false);
  });

  it('Online Retail: returns and several countries', () => {
    const table = onlineRetailTable();
    const result = analyzeTable(table, [], { tierRules: exampleRules });
    const want = expected(table, d('2011-12-09'), 'amazon');
    expect(result.metrics).toEqual(want.metrics);
    expect(result.segments).toEqual(want.segments);
    expect(result.tiers).toEqual(want.tiers);
  });

  it('reports an empty table as empty, with zero-sized segments and tiers', () => {
    const result = analyzeTable(handTable([]), [], { tierRules: exampleRules, segmentMap: 'classic' });
    expect(result.metrics).toMatchObject({ customers: 0, orders: 0, totalSales: 0, medianRepeatIntervalDays: null });
    expect(result.period).toMatchObject({ first: null, asOf: null });
    expect(Object.values(result.segments.counts)).toEqual(new Array(11).fill(0));
    expect(result.tiers).toEqual({ counts: { Platinum: 0, Gold: 0, '(none)': 0 } });
  });

  it('refuses an unknown segment map', () => {
    expect(() => analyzeTable(handTable([]), [], { segmentMap: 'rfm9' as 'amazon' })).toThrow('There is no segment map "rfm9"; choose amazon or classic.');
  });

  it('refuses tier rules that cannot be applied, saying why', () => {
    const table = cdnowTable(CDNOW_SAMPLE);
    const profit: TierRuleSet[] = [{ thresholdType: 'profit', marketplace: '*', tiers: [{ name: 'Gold', threshold: 0 }] }];
    expect(() => analyzeTable(table, [], { tierRules: profit })).toThrow(/no product cost table/);
  });
});
