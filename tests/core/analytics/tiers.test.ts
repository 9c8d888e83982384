import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCustomers, unitCostsBySku } from '../../../src/core/analytics/customers.ts';
import {
  MAX_TIERS, NO_TIER, TIER_NONE, TIER_OUTSIDE, assignTierSets, assignTiers, parseTierRuleSets, tierCounts, tierIndex, validateTierRuleSets, type TierRuleSet,
} from '../../../src/core/analytics/tiers.ts';
import { handTable, onlineRetailTable, type HandLine } from './fixtures.ts';
import { naiveCustomers } from './oracle.ts';

/** The tier name of each customer (in name order), '(none)' or 'outside'. */
function tierByCustomer(lines: HandLine[], set: TierRuleSet, costs?: Map<string, number>) {
  const table = handTable(lines);
  const cs = buildCustomers(table, { unitCost: costs ? unitCostsBySku(table.dictionaries.sku, costs) : null });
  const result = assignTiers(cs, set, table.dictionaries.marketplace);
  const out: Record<string, string> = {};
  for (let k = 0; k < cs.customers; k++) {
    const t = result.tier[k];
    out[table.dictionaries.customer[cs.customer[k]]] = t === TIER_OUTSIDE ? 'outside' : t === TIER_NONE ? NO_TIER : result.names[t];
  }
  return { tiers: out, result };
}

describe('tier boundaries (revenue)', () => {
  // Net revenue: p 200, q 200.01, r 100, s 100.01, t 20 - 50 = -30, u 10 - 60 = -50, v 20 - 100 = -80,
  // w 30 - 30 = 0.
  const lines: HandLine[] = [
    { customer: 'p', day: '2024-01-01', amount: 200 },
    { customer: 'q', day: '2024-01-01', amount: 200.01 },
    { customer: 'r', day: '2024-01-01', amount: 100 },
    { customer: 's', day: '2024-01-01', amount: 100.01 },
    { customer: 't', day: '2024-01-01', amount: 20 },
    { customer: 't', day: '2024-01-05', amount: -50, quantity: -1 },
    { customer: 'u', day: '2024-01-01', amount: 10 },
    { customer: 'u', day: '2024-01-05', amount: -60, quantity: -1 },
    { customer: 'v', day: '2024-01-01', amount: 20 },
    { customer: 'v', day: '2024-01-05', amount: -100, quantity: -1 },
    { customer: 'w', day: '2024-01-01', amount: 30 },
    { customer: 'w', day: '2024-01-05', amount: -30, quantity: -1 },
  ];

  it('needs a total strictly above the threshold: equal does not exceed', () => {
    // SellerLegend's example: exceeds 200 -> Platinum; exceeds 100, up to 200 -> Gold.
    const { tiers, result } = tierByCustomer(lines, { thresholdType: 'revenue', marketplace: '*', tiers: [{ name: 'Gold', threshold: 100 }, { name: 'Platinum', threshold: 200 }] });
    expect(tiers).toEqual({ p: 'Gold', q: 'Platinum', r: NO_TIER, s: 'Gold', t: NO_TIER, u: NO_TIER, v: NO_TIER, w: NO_TIER });
    // Names come highest threshold first whatever order the user typed them in; (none) is counted last.
    expect(result.names).toEqual(['Platinum', 'Gold']);
    expect([...result.counts]).toEqual([1, 2, 5]);
    expect(result.customersInScope).toBe(8);
  });

  it('takes negative thresholds, for customers who cost money', () => {
    // Bronze: exceeds 0; Loss: exceeds -50. w (0) is not above 0 but above -50: Loss. u (-50) equals -50:
    // no tier. t (-30): Loss. v (-80): no tier.
    const { tiers } = tierByCustomer(lines, {
      thresholdType: 'revenue', marketplace: '*',
      tiers: [{ name: 'Platinum', threshold: 200 }, { name: 'Gold', threshold: 100 }, { name: 'Bronze', threshold: 0 }, { name: 'Loss', threshold: -50 }],
    });
    expect(tiers).toEqual({ p: 'Gold', q: 'Platinum', r: 'Bronze', s: 'Gold', t: 'Loss', u: NO_TIER, v: NO_TIER, w: 'Loss' });
  });

  it('is the highest threshold strictly below the total (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: MAX_TIERS }),
        fc.array(fc.integer({ min: -25, max: 25 }), { maxLength: 30 }),
        (thresholds, totals) => {
          const descending = Float64Array.from(thresholds).sort().reverse();
          for (const total of totals) {
            const below = thresholds.filter((t) => t < total);
            const expected = below.length === 0 ? -1 : [...descending].indexOf(Math.max(...below));
            expect(tierIndex(total, descending)).toBe(expected);
          }
        },
      ),
    );
  });
});

describe('threshold types', () => {
  it('orders: distinct orders over all purchase days', () => {
    // a: 1 order; b: 2 orders on one day; c: 3 orders on three days.
    const { tiers } = tierByCustomer(
      [
        { customer: 'a', day: '2024-01-01', order: 'a1', amount: 5 },
        { customer: 'b', day: '2024-01-01', order: 'b1', amount: 5 },
        { customer: 'b', day: '2024-01-01', order: 'b2', amount: 5 },
        { customer: 'c', day: '2024-01-01', order: 'c1', amount: 5 },
        { customer: 'c', day: '2024-01-02', order: 'c2', amount: 5 },
        { customer: 'c', day: '2024-01-03', order: 'c3', amount: 5 },
      ],
      { thresholdType: 'orders', marketplace: '*', tiers: [{ name: 'Frequent', threshold: 2 }, { name: 'Repeat', threshold: 1 }] },
    );
    expect(tiers).toEqual({ a: NO_TIER, b: 'Repeat', c: 'Frequent' });
  });

  it('units: net of returned units', () => {
    // a bought 5 and returned 2: 3 units, not above 3. b bought 4: above 3.
    const { tiers } = tierByCustomer(
      [
        { customer: 'a', day: '2024-01-01', amount: 50, quantity: 5 },
        { customer: 'a', day: '2024-01-09', amount: -20, quantity: -2 },
        { customer: 'b', day: '2024-01-01', amount: 40, quantity: 4 },
      ],
      { thresholdType: 'units', marketplace: '*', tiers: [{ name: 'Bulk', threshold: 3 }, { name: 'Some', threshold: 2 }] },
    );
    expect(tiers).toEqual({ a: 'Some', b: 'Bulk' });
  });

  it('profit: revenue minus the cost of the units kept', () => {
    // a: 2 x S1 for 40, unit cost 15 -> profit 10. b: 1 x S2 for 10, cost 25 -> -15.
    // c: 3 x S1 for 60 (cost 45) and returns one (-20 of revenue, 15 of cost back): 15 - 5 = 10.
    const { tiers } = tierByCustomer(
      [
        { customer: 'a', day: '2024-01-01', amount: 40, quantity: 2, sku: 'S1' },
        { customer: 'b', day: '2024-01-01', amount: 10, quantity: 1, sku: 'S2' },
        { customer: 'c', day: '2024-01-01', amount: 60, quantity: 3, sku: 'S1' },
        { customer: 'c', day: '2024-01-02', amount: -20, quantity: -1, sku: 'S1' },
      ],
      { thresholdType: 'profit', marketplace: '*', tiers: [{ name: 'Profitable', threshold: 9.99 }, { name: 'Loss', threshold: -1000 }] },
      new Map([['S1', 15], ['S2', 25]]),
    );
    expect(tiers).toEqual({ a: 'Profitable', b: 'Loss', c: 'Profitable' });
  });

  it('refuses profit without a cost table', () => {
    const table = handTable([{ customer: 'a', day: '2024-01-01', amount: 5 }]);
    const cs = buildCustomers(table);
    const set: TierRuleSet = { thresholdType: 'profit', marketplace: '*', tiers: [{ name: 'Gold', threshold: 0 }] };
    expect(() => assignTiers(cs, set, table.dictionaries.marketplace)).toThrow(/measures profit, but there is no product cost table/);
  });
});

describe('rule sets per marketplace', () => {
  // m bought 150 in US and 80 in UK; n only 120 in UK; o only 30 in US.
  const lines: HandLine[] = [
    { customer: 'm', day: '2024-01-01', amount: 150, marketplace: 'US' },
    { customer: 'm', day: '2024-01-02', amount: 80, marketplace: 'UK' },
    { customer: 'n', day: '2024-01-01', amount: 120, marketplace: 'UK' },
    { customer: 'o', day: '2024-01-03', amount: 30, marketplace: 'US' },
  ];
  const sets: TierRuleSet[] = [
    { thresholdType: 'revenue', marketplace: 'US', tiers: [{ name: 'Platinum', threshold: 100 }] },
    { thresholdType: 'revenue', marketplace: 'uk', tiers: [{ name: 'Platinum', threshold: 100 }, { name: 'Gold', threshold: 50 }] },
    { thresholdType: 'revenue', marketplace: '*', tiers: [{ name: 'Platinum', threshold: 200 }] },
  ];

  it('counts each marketplace on its own lines, and customers elsewhere are outside it', () => {
    expect(tierByCustomer(lines, sets[0]).tiers).toEqual({ m: 'Platinum', n: 'outside', o: NO_TIER });
    // Marketplace names match without regard to case.
    expect(tierByCustomer(lines, sets[1]).tiers).toEqual({ m: 'Gold', n: 'Platinum', o: 'outside' });
    // All marketplaces together: m 230.
    expect(tierByCustomer(lines, sets[2]).tiers).toEqual({ m: 'Platinum', n: NO_TIER, o: NO_TIER });
  });

  it('adds the per-marketplace counts by tier name for the JSON', () => {
    const table = handTable(lines);
    const all = assignTierSets(buildCustomers(table), sets, table.dictionaries.marketplace);
    expect(all.map((a) => a.customersInScope)).toEqual([2, 2, 3]);
    // Platinum: US m, UK n, * m = 3; Gold: UK m = 1; none: US o, * n and o = 3.
    expect(tierCounts(all)).toEqual({ Platinum: 3, Gold: 1, [NO_TIER]: 3 });
    expect(Object.keys(tierCounts(all)).at(-1)).toBe(NO_TIER);
  });

  it('has nobody in scope for a marketplace the data does not have', () => {
    const { result } = tierByCustomer(lines, { thresholdType: 'revenue', marketplace: 'JP', tiers: [{ name: 'Gold', threshold: 0 }] });
    expect(result.customersInScope).toBe(0);
    expect([...result.counts]).toEqual([0, 0]);
  });

  it('on Online Retail, with one rule set per country, tiers every customer of that country once', () => {
    const table = onlineRetailTable();
    const cs = buildCustomers(table);
    const naive = naiveCustomers(table);
    const countries = ['United Kingdom', 'Germany', 'France', 'EIRE'];
    const ruleSets: TierRuleSet[] = countries.map((marketplace) => ({
      thresholdType: 'revenue', marketplace, tiers: [{ name: 'Gold', threshold: 1000 }, { name: 'Silver', threshold: 100 }, { name: 'Refunded', threshold: -1e9 }],
    }));
    const results = assignTierSets(cs, ruleSets, table.dictionaries.marketplace);
    countries.forEach((country, i) => {
      const m = table.dictionaries.marketplace.indexOf(country);
      const inCountry = naive.filter((x) => x.markets.has(m));
      expect(results[i].customersInScope).toBe(inCountry.length);
      expect([...results[i].counts].reduce((a, b) => a + b, 0)).toBe(inCountry.length);
      const gold = inCountry.filter((x) => x.markets.get(m)!.revenue > 1000).length;
      const silver = inCountry.filter((x) => x.markets.get(m)!.revenue > 100 && x.markets.get(m)!.revenue <= 1000).length;
      expect([results[i].counts[0], results[i].counts[1]]).toEqual([gold, silver]);
    });
    expect(results[0].customersInScope).toBeGreaterThan(3000);
  });
});

describe('reading and validating rule sets', () => {
  it('reads the INTERFACES.md example, alone or in a list', () => {
    const text = '{ "thresholdType": "revenue", "marketplace": "*",\n  "tiers": [ { "name": "Platinum", "threshold": 200 }, { "name": "Gold", "threshold": 100 } ] }';
    const one = parseTierRuleSets(text);
    expect(one).toEqual({
      ok: true,
      ruleSets: [{ thresholdType: 'revenue', marketplace: '*', tiers: [{ name: 'Platinum', threshold: 200 }, { name: 'Gold', threshold: 100 }] }],
    });
    const list = parseTierRuleSets(`[${text}, ${text.replace('"*"', '"UK"').replace('"revenue"', '"orders"')}]`);
    expect(list.ok && list.ruleSets.map((s) => [s.marketplace, s.thresholdType])).toEqual([['*', 'revenue'], ['UK', 'orders']]);
  });

  const errorsOf = (input: unknown, hasCosts = false) => {
    const parsed = parseTierRuleSets(input, { hasCosts });
    return parsed.ok ? [] : parsed.errors;
  };
  const tiers = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `T${i + 1}`, threshold: 10 * (n - i) }));

  it('refuses more than 10 tiers, and accepts 10', () => {
    expect(errorsOf({ thresholdType: 'units', marketplace: '*', tiers: tiers(10) })).toEqual([]);
    expect(errorsOf({ thresholdType: 'units', marketplace: '*', tiers: tiers(11) })).toEqual(['the rule set (marketplace "*") has 11 tiers; at most 10 are allowed.']);
  });

  it('refuses duplicate names, equal thresholds, missing or reserved names', () => {
    expect(errorsOf({ thresholdType: 'revenue', marketplace: 'US', tiers: [{ name: 'Gold', threshold: 100 }, { name: 'gold', threshold: 50 }] })).toEqual([
      'the rule set (marketplace "US") names two tiers "gold" (tiers 1 and 2).',
    ]);
    expect(errorsOf({ thresholdType: 'revenue', marketplace: '*', tiers: [{ name: 'Gold', threshold: 100 }, { name: 'Silver', threshold: 100 }] })).toEqual([
      'the rule set (marketplace "*"): tiers "Gold" and "Silver" have the same threshold 100, so neither can be the higher one.',
    ]);
    expect(errorsOf({ thresholdType: 'revenue', marketplace: '*', tiers: [{ name: ' ', threshold: 1 }, { name: '(none)', threshold: 2 }] })).toHaveLength(2);
  });

  it('refuses thresholds that are not finite numbers', () => {
    expect(errorsOf('{"thresholdType":"revenue","marketplace":"*","tiers":[{"name":"Gold","threshold":"100"}]}')).toEqual([
      'the rule set (marketplace "*"), tier 1 "Gold": the threshold must be a finite number, not "100".',
    ]);
    expect(validateTierRuleSets([{ thresholdType: 'revenue', marketplace: '*', tiers: [{ name: 'Gold', threshold: Infinity }] }])).toEqual([
      'the rule set (marketplace "*"), tier 1 "Gold": the threshold must be a finite number, not Infinity.',
    ]);
    expect(validateTierRuleSets([{ thresholdType: 'revenue', marketplace: '*', tiers: [{ name: 'Gold', threshold: NaN }] }])).toHaveLength(1);
    expect(errorsOf('{"thresholdType":"revenue","marketplace":"*","tiers":[{"name":"Gold"}]}')).toEqual([
      'the rule set (marketplace "*"), tier 1 "Gold": the threshold must be a finite number, not missing.',
    ]);
  });

  it('refuses profit without costs, unknown types, repeated marketplaces, empty sets and bad JSON', () => {
    const profit = { thresholdType: 'profit', marketplace: '*', tiers: [{ name: 'Gold', threshold: 0 }] };
    expect(errorsOf(profit)).toEqual(['the rule set (marketplace "*") measures profit, but there is no product cost table; import one or choose revenue, orders or units.']);
    expect(errorsOf(profit, true)).toEqual([]);
    expect(errorsOf({ ...profit, thresholdType: 'sales' })[0]).toBe('the rule set (marketplace "*"): thresholdType must be one of orders, units, revenue, profit, not "sales".');
    expect(errorsOf([{ ...profit, thresholdType: 'orders' }, { ...profit, thresholdType: 'units' }])).toEqual([
      'rule set 2 (marketplace "*") repeats the marketplace of rule set 1; a marketplace has one rule set.',
    ]);
    expect(errorsOf({ thresholdType: 'orders', marketplace: '*', tiers: [] })).toEqual(['the rule set (marketplace "*") has no tiers.']);
    expect(errorsOf([])).toEqual(['The tier rule file holds an empty list; it needs at least one rule set.']);
    expect(errorsOf('{ "thresholdType": ')[0]).toMatch(/^The tier rules are not valid JSON: /);
    expect(errorsOf({ thresholdType: 'orders', marketplace: '*', tiers: [{ name: 'A', threshold: 1 }], colour: 'red' })).toEqual([
      'the rule set (marketplace "*") has an unknown field "colour" (expected thresholdType, marketplace, tiers).',
    ]);
  });
});
