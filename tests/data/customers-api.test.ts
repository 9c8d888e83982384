// The customer list's worker API on real imports (fake-indexeddb): the argsorts it sorts with, the sorted,
// filtered pages, tiers from the tier editor's setting or the defaults, the models' columns (empty with a
// reason when they cannot be fitted), the customer page and the CSV export.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/data/import-file.ts';
import { openDatabase } from '../../src/data/schema.ts';
import { AMAZON_SEGMENT_MAP, CLASSIC_SEGMENT_MAP } from '../../src/core/analytics/segment-maps.ts';
import {
  argsortIntegers, argsortNumbers, argsortStrings, customersApi, tierRuleSetsFor, type CustomerQuery, type CustomerRows,
} from '../../src/workers/customers-api.ts';
import { segmentsApi, type SegmentMapChoice } from '../../src/workers/segments-api.ts';

const db = openDatabase();

async function load(datasetId: string, name: string, text: string | Buffer): Promise<void> {
  const file = Object.assign(new Blob([typeof text === 'string' ? text : new Uint8Array(text)]), { name });
  const outcome = await importFile(db, file, { datasetId });
  expect(outcome.state).toBe('done');
}

function query(datasetId: string, more: Partial<CustomerQuery> = {}): CustomerQuery {
  return { datasetId, sort: 'revenue', descending: true, ...more };
}

async function allRows(q: CustomerQuery): Promise<CustomerRows> {
  return customersApi.customerRows(q, 0, 500);
}

/** A random generator with a seed, so that a failing case can be run again. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('argsortNumbers', () => {
  it('orders numbers as < does, negatives, zeros and infinities included, missing values (NaN) last', () => {
    const values = [3.5, -2, 0, -0, Number.NaN, 1e-300, -1e-300, Infinity, -Infinity, 3.5, 2 ** 40 + 0.5, 2 ** 40, 7, Number.NaN, -7.25];
    const { order, valid } = argsortNumbers(values);
    expect(valid).toBe(13);
    const sorted = Array.from(order.subarray(0, valid), (i) => values[i]);
    expect(sorted).toEqual([...values].filter((v) => !Number.isNaN(v)).sort((a, b) => a - b));
    expect(Array.from(order.subarray(valid)).map((i) => values[i]).every(Number.isNaN)).toBe(true);
  });

  it('is stable and exact on many close values (ties on the high bits ordered by the low bits)', () => {
    const random = seeded(7);
    const values = Float64Array.from({ length: 50_000 }, () => Math.round(random() * 2000) / 100 + (random() < 0.1 ? 1e-9 : 0));
    const { order, valid } = argsortNumbers(values);
    expect(valid).toBe(values.length);
    const outOfOrder: number[] = [];
    for (let j = 1; j < order.length; j++) {
      const a = values[order[j - 1]];
      const b = values[order[j]];
      if (!(a < b || (a === b && order[j - 1] < order[j]))) outOfOrder.push(j);
    }
    expect(outOfOrder).toEqual([]);
  });
});

describe('argsortIntegers', () => {
  it('counts small whole numbers and falls back to the radix sort for wide ones', () => {
    const days = Int32Array.from([20000, 19000, 20000, 19500]);
    expect(Array.from(argsortIntegers(days).order)).toEqual([1, 3, 0, 2]);
    const wide = [5, 2 ** 30, -(2 ** 30), 0];
    expect(Array.from(argsortIntegers(wide).order)).toEqual([2, 3, 0, 1]);
  });
});

describe('argsortStrings', () => {
  it('gives the order of < on ids with shared long prefixes, prefixes of each other and wide characters', () => {
    const ids = [
      'b', 'a', '', 'ab', 'abc', 'customer-000000000000000000000002', 'customer-000000000000000000000001', 'customer-00000000000000000000000',
      'zoë@example.com', 'zoe@example.com', 'zo€', 'zo~a', 'zo~', 'Zed', '~', '日本', 'a\u0000',
    ];
    const { order } = argsortStrings(ids);
    expect(Array.from(order, (i) => ids[i])).toEqual([...ids].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  });

  it('sorts tens of thousands of generated ids (the radix path) exactly', () => {
    const random = seeded(11);
    const names = ['jennifer', 'john', 'customer-', 'a', 'zoë', 'Ω'];
    const ids = Array.from({ length: 20_000 }, (_, i) => `${names[i % names.length]}${Math.floor(random() * 1e6)}.${i}@example.com`);
    const { order } = argsortStrings(ids);
    const outOfOrder: number[] = [];
    for (let j = 1; j < order.length; j++) if (!(ids[order[j - 1]] < ids[order[j]])) outOfOrder.push(j);
    expect(outOfOrder).toEqual([]);
  });
});

describe('tierRuleSetsFor', () => {
  it('uses the saved rule sets, adds the default tiers for marketplaces without one, and explains unusable rules', () => {
    const saved = [{ thresholdType: 'orders', marketplace: 'Shop', tiers: [{ name: 'Regular', threshold: 2 }] }];
    const used = tierRuleSetsFor(saved, ['Shop', 'Amazon US'], false);
    expect(used.saved).toBe(true);
    expect(used.ruleSets.map((s) => [s.marketplace, s.thresholdType])).toEqual([['Shop', 'orders'], ['Amazon US', 'revenue']]);
    const broken = tierRuleSetsFor([{ thresholdType: 'profit', marketplace: 'Shop', tiers: [{ name: 'A', threshold: 1 }] }], ['Shop'], false);
    expect(broken.saved).toBe(false);
    expect(broken.note).toMatch(/could not be used.*profit/);
    expect(broken.ruleSets[0].tiers.map((t) => t.name)).toEqual(['Platinum', 'Gold', 'Silver']);
  });
});

describe('the customer list in the worker', () => {
  // Five customers of one shop: revenue 600 (3 orders), 250 (2), 120 (1, with a return of 20), 40 (1), 10 (1).
  const SHOP = [
    'customer,date,value,order,quantity,sku,currency,marketplace',
    'ann@example.com,2024-01-05,200,A1,1,S1,USD,Shop',
    'ann@example.com,2024-03-05,200,A2,1,S1,USD,Shop',
    'ann@example.com,2024-06-01,200,A3,1,S2,USD,Shop',
    'bob@example.com,2024-02-01,100,B1,1,S1,USD,Shop',
    'bob@example.com,2024-05-20,150,B2,1,S2,USD,Shop',
    'cy@example.com,2024-04-01,140,C1,2,S1,USD,Shop',
    'cy@example.com,2024-04-10,-20,C1,-1,S1,USD,Shop',
    '"=HYPERLINK(""http://x"")",2024-05-01,40,D1,1,S3,USD,Shop',
    '<img src=x onerror=alert(1)>,2024-06-01,10,E1,1,S3,USD,Shop',
    'eve@example.de,2024-06-02,99,F1,1,S3,EUR,Amazon DE',
  ].join('\n');

  beforeAll(async () => {
    await load('shop', 'shop.csv', SHOP);
    await load('cdnow', 'CDNOW_sample.txt', readFileSync('../shared/datasets/cdnow/CDNOW_sample.txt'));
  });
  afterAll(() => db.close());

  it('sorts by revenue, both ways, in the main currency only, with the list facts', async () => {
    const down = await allRows(query('shop'));
    expect(down.info.currency).toBe('USD');
    expect(down.info.currencies).toEqual(['USD', 'EUR']);
    expect(down.info.customers).toBe(5);
    expect(down.ids).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com', '=HYPERLINK("http://x")', '<img src=x onerror=alert(1)>']);
    expect(Array.from(down.revenue)).toEqual([600, 250, 120, 40, 10]);
    expect(Array.from(down.orders)).toEqual([3, 2, 1, 1, 1]);
    expect(down.aov[0]).toBe(200);
    const up = await allRows(query('shop', { descending: false }));
    expect(up.ids).toEqual([...down.ids].reverse());
    const euro = await allRows(query('shop', { currency: 'EUR' }));
    expect(euro.ids).toEqual(['eve@example.de']);
  });

  it('sorts by id, dates, scores and segment', async () => {
    const byId = await allRows(query('shop', { sort: 'id', descending: false }));
    expect(byId.ids).toEqual([...byId.ids].sort());
    const byLast = await allRows(query('shop', { sort: 'lastDay', descending: true }));
    const last = Array.from(byLast.lastDay);
    expect(last).toEqual([...last].sort((a, b) => b - a));
    const byM = await allRows(query('shop', { sort: 'm', descending: true }));
    expect(byM.m[0]).toBeGreaterThanOrEqual(byM.m[4]);
    const bySegment = await allRows(query('shop', { sort: 'segment', descending: false }));
    expect(bySegment.segments.every((s) => ['Top Tier', 'Promising', 'At-Risk', 'Hibernating'].includes(s))).toBe(true);
  });

  it('pages through the sorted list', async () => {
    const page = await customersApi.customerRows(query('shop'), 2, 2);
    expect(page.offset).toBe(2);
    expect(page.count).toBe(2);
    expect(page.ids).toEqual(['cy@example.com', '=HYPERLINK("http://x")']);
    const past = await customersApi.customerRows(query('shop'), 50, 10);
    expect(past.count).toBe(0);
  });

  it('searches ids in any case and filters by segment, tier and marketplace', async () => {
    const found = await allRows(query('shop', { search: 'EXAMPLE.com' }));
    expect(found.ids).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com']);
    expect(found.info.matched).toBe(3);
    const none = await allRows(query('shop', { search: 'nobody' }));
    expect(none.count).toBe(0);
    // The default tiers on net revenue: Platinum > 500, Gold > 200, Silver > 50.
    const all = await allRows(query('shop'));
    expect(all.tiers).toEqual(['Platinum', 'Gold', 'Silver', 'No tier', 'No tier']);
    expect(all.info.tierNames).toEqual(['Platinum', 'Gold', 'Silver', '(none)']);
    expect((await allRows(query('shop', { tier: 'Gold' }))).ids).toEqual(['bob@example.com']);
    expect((await allRows(query('shop', { tier: '(none)' }))).count).toBe(2);
    expect((await allRows(query('shop', { marketplace: 'Shop' }))).count).toBe(5);
    expect((await allRows(query('shop', { marketplace: 'Amazon DE' }))).count).toBe(0);
    const segment = all.segments[0];
    const inSegment = await allRows(query('shop', { segment }));
    expect(inSegment.segments.every((s) => s === segment)).toBe(true);
    expect(inSegment.count).toBe(all.segments.filter((s) => s === segment).length);
  });

  it('re-tiers with the rules the tier editor saved, and sorts by tier', async () => {
    await db.datasetSettings.put({ datasetId: 'shop', key: 'tiers', value: [{ thresholdType: 'orders', marketplace: 'Shop', tiers: [{ name: 'Loyal', threshold: 1 }] }] });
    try {
      const rows = await allRows(query('shop', { sort: 'tier', descending: true }));
      expect(rows.info.tiersSaved).toBe(true);
      expect(rows.tiers.slice(0, 2)).toEqual(['Loyal', 'Loyal']);
      expect(rows.tiers.slice(2)).toEqual(['No tier', 'No tier', 'No tier']);
    } finally {
      await db.datasetSettings.delete(['shop', 'tiers']);
    }
    expect((await allRows(query('shop'))).info.tiersSaved).toBe(false);
  });

  it('leaves the model columns empty with the reason when there are too few customers', async () => {
    const before = await allRows(query('shop'));
    expect(before.info.model.state).toBe('pending');
    const model = await customersApi.customerModel('shop');
    expect(model.state).toBe('failed');
    expect(model.problem).toMatch(/could not be fitted.*at least 10/);
    const after = await allRows(query('shop', { sort: 'clv' }));
    expect(Array.from(after.pAlive).every(Number.isNaN)).toBe(true);
    expect(Array.from(after.clv).every(Number.isNaN)).toBe(true);
  });

  it('fits BG/NBD and Gamma-Gamma on CDNOW and sorts by predicted CLV', async () => {
    const model = await customersApi.customerModel('cdnow');
    expect(model).toMatchObject({ state: 'ready', problem: null, clvProblem: null, horizonDays: 90, months: 12 });
    const rows = await customersApi.customerRows(query('cdnow', { sort: 'clv', descending: true }), 0, 100);
    expect(rows.info.customers).toBe(2357);
    const clv = Array.from(rows.clv);
    expect(clv.every(Number.isFinite)).toBe(true);
    expect(clv).toEqual([...clv].sort((a, b) => b - a));
    expect(Array.from(rows.pAlive).every((p) => p >= 0 && p <= 1)).toBe(true);
    const byAlive = await customersApi.customerRows(query('cdnow', { sort: 'pAlive', descending: false }), 0, 50);
    const alive = Array.from(byAlive.pAlive);
    expect(alive).toEqual([...alive].sort((a, b) => a - b));
  });

  it('gives a customer page: figures, orders grouped with their lines and the tier of each order', async () => {
    const detail = await customersApi.customerDetail('shop', 'cy@example.com');
    expect(detail.found).toBe(true);
    expect(detail.currency).toBe('USD');
    expect(detail.facts).toMatchObject({ orders: 1, netRevenue: 120, grossRevenue: 140, returns: -20 });
    expect(detail.orders).toHaveLength(1);
    expect(detail.orders[0]).toMatchObject({ orderId: 'C1', marketplace: 'Shop', total: 120, tier: 'Silver' });
    expect(detail.orders[0].lines.map((l) => l.kind)).toEqual(['sale', 'return']);
    expect(detail.orders[0].tierRule).toBe('net revenue in Shop over 50 USD');
    const ann = await customersApi.customerDetail('shop', 'ann@example.com');
    expect(ann.orders.map((o) => o.orderId)).toEqual(['A3', 'A2', 'A1']);
    expect(ann.facts?.tiers).toEqual([{ marketplace: 'Shop', tier: 'Platinum', rule: 'net revenue in Shop over 500 USD' }]);
    expect((await customersApi.customerDetail('shop', 'nobody@example.com')).found).toBe(false);
    const eve = await customersApi.customerDetail('shop', 'eve@example.de', 'USD');
    expect(eve.currency).toBe('EUR');
    expect(eve.orders[0]).toMatchObject({ currency: 'EUR', tier: 'Silver' });
  });

  it('labels customers with the segment map the Segments view uses, and follows an edit of it', async () => {
    const countsOf = (segments: string[]) => segments.reduce<Record<string, number>>((c, s) => ({ ...c, [s]: (c[s] ?? 0) + 1 }), {});
    const shownBy = async (choice: SegmentMapChoice) => {
      const figures = await segmentsApi.segmentFigures('cdnow', { choice });
      return Object.fromEntries(figures.segments.filter((s) => s.customers > 0).map((s) => [s.name, s.customers]));
    };
    const everyone = async (segmentMap?: SegmentMapChoice) => {
      const first = await customersApi.customerRows(query('cdnow', { segmentMap }), 0, 500);
      const segments = [...first.segments];
      for (let offset = 500; offset < first.info.matched; offset += 500) {
        segments.push(...(await customersApi.customerRows(query('cdnow', { segmentMap }), offset, 500)).segments);
      }
      return { info: first.info, counts: countsOf(segments) };
    };

    const amazon = await everyone();
    expect(amazon.info.segmentMap).toBe(AMAZON_SEGMENT_MAP.name);
    expect(amazon.counts).toEqual(await shownBy('amazon'));

    const classic = await everyone('classic');
    expect(classic.info.segmentMap).toBe(CLASSIC_SEGMENT_MAP.name);
    expect(classic.info.segmentNames).toEqual(CLASSIC_SEGMENT_MAP.segments.map((s) => s.name));
    expect(classic.counts).toEqual(await shownBy('classic'));
    const champions = await allRows(query('cdnow', { segmentMap: 'classic', segment: 'Champions' }));
    expect(champions.info.matched).toBe(classic.counts.Champions);
    // A name of another map keeps nobody.
    expect((await allRows(query('cdnow', { segmentMap: 'classic', segment: 'Top Tier' }))).info.matched).toBe(0);
    const someone = champions.ids[0];
    expect((await customersApi.customerDetail('cdnow', someone, null, 'classic')).facts?.segment).toBe('Champions');

    // The seller's edit (saved by the Segments view), then a second edit: the list follows each at once.
    const renamed = (name: string) => ({ ...AMAZON_SEGMENT_MAP, segments: AMAZON_SEGMENT_MAP.segments.map((s) => (s.name === 'Top Tier' ? { ...s, name } : s)) });
    expect(await segmentsApi.saveSegmentMap('cdnow', renamed('Best friends'), AMAZON_SEGMENT_MAP)).toEqual({ ok: true });
    try {
      const edited = await everyone('edited');
      expect(edited.info.segmentMap).toBe(`Edited ${AMAZON_SEGMENT_MAP.name}`);
      expect(edited.counts['Best friends']).toBe(amazon.counts['Top Tier']);
      expect(edited.counts).toEqual(await shownBy('edited'));
      const bySegment = await allRows(query('cdnow', { segmentMap: 'edited', sort: 'segment', descending: false }));
      expect(bySegment.segments[0]).toBe('Best friends');
      const saved = (await segmentsApi.segmentFigures('cdnow', { choice: 'edited' })).map;
      expect(await segmentsApi.saveSegmentMap('cdnow', { ...saved, segments: saved.segments.map((s) => (s.name === 'Best friends' ? { ...s, name: 'Champions of CDs' } : s)) }, saved)).toEqual({ ok: true });
      const again = await everyone('edited');
      expect(again.counts['Champions of CDs']).toBe(amazon.counts['Top Tier']);
      expect(again.counts['Best friends']).toBeUndefined();
    } finally {
      await segmentsApi.deleteSegmentMap('cdnow');
    }
    // Without a saved edit, "edited" is Amazon's map, as in the Segments view.
    expect((await everyone('edited')).counts).toEqual(amazon.counts);
  });

  it('exports the filtered list as CSV with formula cells neutralised', async () => {
    const { fileName, rows, bytes } = await customersApi.customerCsv(query('shop'));
    expect(fileName).toMatch(/^customers-shop-USD-2024-06-01\.csv$/);
    expect(rows).toBe(5);
    const lines = new TextDecoder().decode(bytes).trimEnd().split('\r\n');
    expect(lines[0]).toBe('customer,currency,first_purchase,last_purchase,orders,net_revenue,average_order_value,r,f,m,segment,tier,p_alive,expected_purchases_90d,clv_12m');
    expect(lines[1]).toMatch(/^ann@example\.com,USD,2024-01-05,2024-06-01,3,600,200,\d,\d,\d,[^,]+,Platinum,,,$/);
    expect(lines[4]).toMatch(/^"'=HYPERLINK\(""http:\/\/x""\)",USD,/);
    const searched = await customersApi.customerCsv(query('shop', { search: 'bob' }));
    expect(searched.rows).toBe(1);
  });
});
