// The segment view's worker API on a small store with fake-indexeddb: RFM segments worked out by hand,
// the migration between two month ends, the repeat-purchase trend, and edits of a map that are refused
// with the rule named or saved and used.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/data/import-file.ts';
import { AMAZON_SEGMENT_MAP } from '../../src/core/analytics/segment-maps.ts';
import { NOT_YET_CUSTOMER, withRule } from '../../src/core/analytics/segments.ts';
import { RFM_TIE_RULE } from '../../src/core/analytics/rfm.ts';
import { db } from '../../src/workers/dataset-cache.ts';
import { segmentsApi, type SegmentFigures } from '../../src/workers/segments-api.ts';

function textFile(name: string, text: string): Blob & { name: string } {
  return Object.assign(new Blob([text]), { name });
}

// USD: ann buys on 01-05 (600) and 02-10 (10), bob 01-20 (200), cat 02-01 (30), dan 03-01 (250). EUR: ann, eve.
const US = 'customer,date,value\nann,2024-01-05,600\nbob,2024-01-20,200\ncat,2024-02-01,30\nann,2024-02-10,10\ndan,2024-03-01,250\n';
const DE = 'customer,date,value\nann,2024-01-03,100\neve,2024-02-02,40\n';

async function store(id: string): Promise<void> {
  expect((await importFile(db, textFile('us.csv', US), { datasetId: id, marketplace: 'Amazon US', currency: 'USD' })).state).toBe('done');
  expect((await importFile(db, textFile('de.csv', DE), { datasetId: id, marketplace: 'Amazon DE', currency: 'EUR' })).state).toBe('done');
}

const counts = (f: SegmentFigures) => Object.fromEntries(f.segments.map((s) => [s.name, s.customers]));

describe('segmentsApi.segmentFigures', () => {
  it('scores RFM by quintiles and puts every customer of the currency in one Amazon segment', async () => {
    await store('s1');
    const f = await segmentsApi.segmentFigures('s1');
    expect(f.currency).toBe('USD');
    expect(f.currencies.sort()).toEqual(['EUR', 'USD']);
    expect(f.asOf).toBe('2024-03-01');
    expect(f.tieRule).toBe(RFM_TIE_RULE);
    // N = 4, score = 1 + floor(5 b / 4), b = customers with a strictly worse value:
    // R by last day: bob 1, cat 2, ann 3, dan 4. F: ann 4 (2 days), others 1. M: cat 1, bob 2, dan 3, ann 4.
    // ann (3,4,4) Top Tier; dan (4,1,3) Promising; cat (2,1,1) and bob (1,1,2) Hibernating.
    expect(counts(f)).toEqual({ 'Top Tier': 1, Promising: 1, 'At-Risk': 0, Hibernating: 2 });
    const top = f.segments.find((s) => s.name === 'Top Tier')!;
    expect(top).toMatchObject({ sales: 610, orders: 2, aov: 305, repeatRate: 1, medianRepeatIntervalDays: 36 });
    expect(f.segments.reduce((s, x) => s + x.salesShare, 0)).toBeCloseTo(1, 12);
    // Cut k is the value at sorted position ceil(4k / 5) - 1 = 0, 1, 2, 3: the purchase days sorted are
    // 1, 1, 1, 2; the last purchases sorted are 01-20, 02-01, 02-10, 03-01, that is 41, 29, 20, 0 days ago.
    expect(f.cuts.frequency).toEqual([1, 1, 1, 2]);
    expect(f.cuts.recencyDays).toEqual([41, 29, 20, 0]);
    expect(f.cuts.monetary).toEqual([30, 200, 250, 610]);
  });

  it('keeps currencies apart and offers the classic map', async () => {
    await store('s2');
    const eur = await segmentsApi.segmentFigures('s2', { currency: 'EUR' });
    expect(eur.currency).toBe('EUR');
    expect(eur.customers).toBe(2);
    expect(eur.segments.reduce((s, x) => s + x.sales, 0)).toBe(140);
    const classic = await segmentsApi.segmentFigures('s2', { choice: 'classic' });
    expect(classic.choice).toBe('classic');
    expect(classic.segments).toHaveLength(11);
    expect(classic.segments.reduce((s, x) => s + x.customers, 0)).toBe(4);
  });

  it('says a dataset without orders is empty', async () => {
    const f = await segmentsApi.segmentFigures('nothing');
    expect(f.empty).toBe(true);
    expect(f.segments).toEqual([]);
  });
});

describe('segmentsApi.segmentMigration', () => {
  it('gives the month-end snapshots, the move between the last two and who bought again', async () => {
    await store('m1');
    const m = await segmentsApi.segmentMigration('m1');
    expect(m.labels).toEqual(['2024-01', '2024-02', '2024-03']);
    expect([m.from, m.to]).toEqual([1, 2]);
    const size = m.matrixLabels.length;
    expect(m.matrixLabels).toEqual(['Top Tier', 'Promising', 'At-Risk', 'Hibernating', NOT_YET_CUSTOMER]);
    const cell = (a: string, b: string) => m.matrix[m.matrixLabels.indexOf(a) * size + m.matrixLabels.indexOf(b)];
    // On 02-29 (N = 3): ann (4,4,4) Top Tier, bob (1,1,2) and cat (2,1,1) Hibernating; dan is not yet a customer.
    expect(cell('Top Tier', 'Top Tier')).toBe(1);
    expect(cell('Hibernating', 'Hibernating')).toBe(2);
    expect(cell(NOT_YET_CUSTOMER, 'Promising')).toBe(1);
    expect(m.matrix.reduce((a, b) => a + b, 0)).toBe(4);
    // On 01-31 (N = 2): ann (R1, F1, M3) Hibernating, bob (R3, F1, M1) Promising. In February ann bought
    // again: 1 of 1 Hibernating, 0 of 1 Promising.
    const s = m.names.length;
    const hib = m.names.indexOf('Hibernating');
    const prom = m.names.indexOf('Promising');
    expect([m.counts[hib], m.counts[prom]]).toEqual([1, 1]);
    expect([m.boughtAgain[s + hib], m.boughtAgain[s + prom]]).toEqual([1, 0]);
    // dan's first purchase in March is no repeat purchase.
    expect(Array.from(m.boughtAgain.subarray(2 * s, 3 * s))).toEqual([0, 0, 0, 0]);

    const first = await segmentsApi.segmentMigration('m1', { from: 0, to: 2 });
    expect(first.matrix[m.matrixLabels.indexOf('Hibernating') * size + m.matrixLabels.indexOf('Top Tier')]).toBe(1);
  });
});

describe('segmentsApi.saveSegmentMap', () => {
  it('refuses an edit that leaves customers without a segment, naming the rule, and saves nothing', async () => {
    await store('e1');
    const gap = withRule(AMAZON_SEGMENT_MAP, 'Promising', 2, null);
    const outcome = await segmentsApi.saveSegmentMap('e1', gap, AMAZON_SEGMENT_MAP);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems[0].kind).toBe('gap');
    expect(outcome.problems[0].message).toContain('"Promising" rule 2');
    expect(await db.datasetSettings.get(['e1', 'segment-map'])).toBeUndefined();
    const overlap = withRule(AMAZON_SEGMENT_MAP, 'Top Tier', 2, { r: [3, 5], f: [4, 5], m: [1, 3] });
    const refused = await segmentsApi.saveSegmentMap('e1', overlap, AMAZON_SEGMENT_MAP);
    expect(refused.ok ? '' : refused.problems[0].message).toMatch(/"Top Tier" rule 2 .* and "Promising" rule 2 .* both cover 18 cells/);
  });

  it('saves a complete edit, uses it when chosen, and forgets it when deleted', async () => {
    await store('e2');
    // Recent frequent buyers with low spend move from Promising to Top Tier.
    const moved = withRule(withRule(AMAZON_SEGMENT_MAP, 'Top Tier', 2, { r: [3, 5], f: [4, 5], m: [1, 3] }), 'Promising', 2, null);
    expect(await segmentsApi.saveSegmentMap('e2', moved, AMAZON_SEGMENT_MAP)).toEqual({ ok: true });
    const f = await segmentsApi.segmentFigures('e2', { choice: 'edited' });
    expect(f.choice).toBe('edited');
    expect(f.map.id).toBe('edited');
    expect(f.map.name).toBe('Edited Amazon (4 segments)');
    expect(f.map.segments[0].rules).toHaveLength(2);
    expect(f.edited).toEqual(f.map);
    expect(f.segments.reduce((s, x) => s + x.customers, 0)).toBe(4);
    await segmentsApi.deleteSegmentMap('e2');
    const after = await segmentsApi.segmentFigures('e2', { choice: 'edited' });
    expect(after.choice).toBe('amazon');
    expect(after.edited).toBeNull();
  });
});
