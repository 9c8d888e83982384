import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCustomers } from '../../../src/core/analytics/customers.ts';
import { recomputeLive } from '../../../src/core/analytics/live.ts';
import { rfmScores, scoreQuintiles } from '../../../src/core/analytics/rfm.ts';
import { AMAZON_SEGMENT_MAP, CLASSIC_SEGMENT_MAP, SEGMENT_MAPS } from '../../../src/core/analytics/segment-maps.ts';
import {
  NOT_YET_CUSTOMER, NO_SEGMENT, assignSegments, checkSegmentMap, describeRule, editSegmentMap, migrationMatrix, segmentLookup, segmentSnapshots,
  segmentSummaries, withRule, type SegmentMap,
} from '../../../src/core/analytics/segments.ts';
import { CDNOW_MASTER, cdnowTable, d, handTable, syntheticTable } from './fixtures.ts';

const maps = Object.values(SEGMENT_MAPS);

/** The segments whose rules contain (r, f, m), read straight from the rules (not from the lookup). */
function segmentsContaining(map: SegmentMap, r: number, f: number, m: number): number[] {
  const inRange = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;
  return map.segments.flatMap((s, i) => (s.rules.some((rule) => inRange(r, rule.r) && inRange(f, rule.f) && inRange(m, rule.m)) ? [i] : []));
}

describe('the shipped segment maps', () => {
  it.each(maps)('$name covers every one of the 125 cells exactly once', (map) => {
    const check = checkSegmentMap(map);
    expect(check.ok).toBe(true);
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) expect(segmentsContaining(map, r, f, m)).toHaveLength(1);
  });

  it('has the segments the product names', () => {
    expect(AMAZON_SEGMENT_MAP.segments.map((s) => s.name)).toEqual(['Top Tier', 'Promising', 'At-Risk', 'Hibernating']);
    expect(CLASSIC_SEGMENT_MAP.segments.map((s) => s.name)).toEqual([
      'Champions', 'Loyal', 'Potential Loyalist', 'New', 'Promising', 'Need Attention', 'About to Sleep', 'At Risk', "Can't Lose Them", 'Hibernating', 'Lost',
    ]);
  });

  it('gives each segment the cells its rules describe', () => {
    const cells = (map: SegmentMap) => {
      const lookup = segmentLookup(map);
      return map.segments.map((_, s) => lookup.filter((x) => x === s).length);
    };
    // Amazon: Top Tier R3-5 x F4-5 x M4-5 = 3 x 2 x 2 = 12; Promising 3 x 3 x 5 + 3 x 2 x 3 = 63;
    // At-Risk 2 x 3 x 5 = 30; Hibernating 2 x 2 x 5 = 20.
    expect(cells(AMAZON_SEGMENT_MAP)).toEqual([12, 63, 30, 20]);
    // Classic: 10, 20, 20, 5, 5, 5, 10, 2 x 1 x 5 + 2 x 2 x 3 = 22, 2 x 2 x 2 = 8, 10, 10.
    expect(cells(CLASSIC_SEGMENT_MAP)).toEqual([10, 20, 20, 5, 5, 5, 10, 22, 8, 10, 10]);
    expect(describeRule(CLASSIC_SEGMENT_MAP.segments[0].rules[0])).toBe('R 5, F 4-5, M any');
  });

  it('puts every customer in exactly one segment of every map (property, through the whole pipeline)', () => {
    const customer = fc.record({
      lastDay: fc.integer({ min: 0, max: 40 }),
      occasions: fc.integer({ min: 1, max: 6 }),
      revenue: fc.oneof(fc.integer({ min: -100, max: 1000 }), fc.constant(50)),
    });
    fc.assert(
      fc.property(fc.array(customer, { minLength: 1, maxLength: 120 }), (customers) => {
        const r = scoreQuintiles(customers.map((c) => c.lastDay));
        const f = scoreQuintiles(customers.map((c) => c.occasions));
        const m = scoreQuintiles(customers.map((c) => c.revenue));
        const cell = Uint8Array.from(customers, (_, k) => (r[k] - 1) * 25 + (f[k] - 1) * 5 + (m[k] - 1));
        for (const map of maps) {
          const segmentOf = assignSegments(cell, segmentLookup(map));
          const sizes = new Array(map.segments.length).fill(0);
          customers.forEach((_, k) => {
            const containing = segmentsContaining(map, r[k], f[k], m[k]);
            expect(containing).toEqual([segmentOf[k]]);
            sizes[segmentOf[k]]++;
          });
          expect(sizes.reduce((a, b) => a + b, 0)).toBe(customers.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('sizes add up to the customer count on real and synthetic data', () => {
    for (const table of [cdnowTable(CDNOW_MASTER), syntheticTable(5000, 5).table]) {
      const cs = buildCustomers(table);
      for (const map of maps) {
        const live = recomputeLive(cs, table.dictionaries.marketplace, { asOf: cs.maxDay, segmentMap: map });
        expect(live.segmentCounts.reduce((a, b) => a + b, 0)).toBe(cs.customers);
        expect(live.segments.reduce((a, s) => a + s.customers, 0)).toBe(cs.customers);
        expect(live.segments.reduce((a, s) => a + s.salesShare, 0)).toBeCloseTo(1, 9);
        expect(live.segmentOf.every((s) => s < map.segments.length)).toBe(true);
      }
    }
  });
});

describe('editing a map', () => {
  it('refuses an overlap, naming both rules and the cells', () => {
    // Champions widened to R 4-5 also takes R4 F4-5 (any M: 10 cells), which Loyal rule 1 holds.
    const proposed = withRule(CLASSIC_SEGMENT_MAP, 'Champions', 1, { r: [4, 5], f: [4, 5], m: [1, 5] });
    const check = editSegmentMap(CLASSIC_SEGMENT_MAP, proposed);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems).toHaveLength(1);
    const [problem] = check.problems;
    expect(problem.kind).toBe('overlap');
    expect(problem.rules).toEqual([{ segment: 'Champions', rule: 1 }, { segment: 'Loyal', rule: 1 }]);
    expect(problem.cells).toHaveLength(10);
    expect(problem.message).toContain('"Champions" rule 1 (R 4-5, F 4-5, M any) and "Loyal" rule 1 (R 3-4, F 4-5, M any) both cover 10 cells');
  });

  it('refuses a gap, naming the rule that covered the cells before the edit', () => {
    // Lost narrowed to F 1 leaves R1 F2 (5 cells) to nobody.
    const narrowed = editSegmentMap(CLASSIC_SEGMENT_MAP, withRule(CLASSIC_SEGMENT_MAP, 'Lost', 1, { r: [1, 1], f: [1, 1], m: [1, 5] }));
    expect(narrowed.ok).toBe(false);
    if (narrowed.ok) return;
    expect(narrowed.problems.map((p) => [p.kind, p.rules, p.cells.length])).toEqual([['gap', [{ segment: 'Lost', rule: 1 }], 5]]);
    expect(narrowed.problems[0].message).toMatch(/^The edit leaves 5 cells \(R1 F2 M1, R1 F2 M2, R1 F2 M3, R1 F2 M4, R1 F2 M5\) that "Lost" rule 1 \(R 1, F 1-2, M any\) covered in no segment/);

    // Removing At Risk's second rule (R 1-2, F 4-5, M 1-3) leaves its 12 cells unassigned.
    const removed = editSegmentMap(CLASSIC_SEGMENT_MAP, withRule(CLASSIC_SEGMENT_MAP, 'At Risk', 2, null));
    expect(removed.ok).toBe(false);
    if (removed.ok) return;
    expect(removed.problems.map((p) => [p.kind, p.rules, p.cells.length])).toEqual([['gap', [{ segment: 'At Risk', rule: 2 }], 12]]);
  });

  it('reports a gap and an overlap of one edit together', () => {
    // Hibernating moved from R2 to R1 leaves R2 F1-2 empty and doubles R1 F1-2 with Lost.
    const check = editSegmentMap(CLASSIC_SEGMENT_MAP, withRule(CLASSIC_SEGMENT_MAP, 'Hibernating', 1, { r: [1, 1], f: [1, 2], m: [1, 5] }));
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.map((p) => p.kind).sort()).toEqual(['gap', 'overlap']);
    expect(check.problems.find((p) => p.kind === 'gap')!.rules).toEqual([{ segment: 'Hibernating', rule: 1 }]);
    expect(check.problems.find((p) => p.kind === 'overlap')!.rules).toEqual([{ segment: 'Hibernating', rule: 1 }, { segment: 'Lost', rule: 1 }]);
  });

  it('refuses malformed rules and names, naming the rule', () => {
    const bad = (map: SegmentMap) => {
      const check = checkSegmentMap(map);
      return check.ok ? [] : check.problems.map((p) => p.message);
    };
    expect(bad(withRule(AMAZON_SEGMENT_MAP, 'At-Risk', 1, { r: [0, 2], f: [3, 5], m: [1, 5] }))).toEqual([
      '"At-Risk" rule 1: R must be a range of two whole scores from 1 to 5.',
    ]);
    expect(bad(withRule(AMAZON_SEGMENT_MAP, 'At-Risk', 1, { r: [2, 1], f: [3, 5], m: [1, 5] }))[0]).toMatch(/"At-Risk" rule 1: the R range 2-1 is empty/);
    expect(bad(withRule(AMAZON_SEGMENT_MAP, 'At-Risk', 1, { r: [1, 2], f: [3, 4.5], m: [1, 5] }))).toHaveLength(1);
    const renamed = { ...AMAZON_SEGMENT_MAP, segments: AMAZON_SEGMENT_MAP.segments.map((s, i) => (i === 1 ? { ...s, name: 'top tier' } : s)) };
    expect(bad(renamed)).toEqual(['Two segments are named "top tier".']);
    expect(bad({ ...AMAZON_SEGMENT_MAP, segments: [] })).toEqual(['The map has no segments.']);
  });

  it('accepts an edit that keeps the map complete', () => {
    // R3 F3 moves from Need Attention to Loyal (a second rule); Need Attention takes R3 F1 from About to
    // Sleep, which keeps R3 F2. Loyal now has R3-4 F4-5 and R3 F3: 20 + 5 cells.
    let map = withRule(CLASSIC_SEGMENT_MAP, 'Loyal', 2, { r: [3, 3], f: [3, 3], m: [1, 5] });
    map = withRule(map, 'Need Attention', 1, { r: [3, 3], f: [1, 1], m: [1, 5] });
    map = withRule(map, 'About to Sleep', 1, { r: [3, 3], f: [2, 2], m: [1, 5] });
    const check = editSegmentMap(CLASSIC_SEGMENT_MAP, map);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const loyal = map.segments.findIndex((s) => s.name === 'Loyal');
    expect(check.lookup.filter((s) => s === loyal).length).toBe(25);
  });
});

describe('segment figures', () => {
  // Five customers (the rfm test's): R scores a 5, b 3, c 3, d 2, e 1.
  const table = handTable([
    { customer: 'a', day: '2024-04-10', amount: 100 },
    { customer: 'b', day: '2024-03-01', amount: 30 },
    { customer: 'b', day: '2024-03-31', amount: 20 },
    { customer: 'c', day: '2024-03-31', amount: 80 },
    { customer: 'c', day: '2024-04-01', amount: -60, quantity: -1 },
    { customer: 'd', day: '2024-01-01', amount: 10 },
    { customer: 'd', day: '2024-02-01', amount: 10 },
    { customer: 'd', day: '2024-02-20', amount: 10 },
    { customer: 'e', day: '2024-01-11', amount: 500 },
  ]);
  const byRecency: SegmentMap = {
    id: 'test',
    name: 'Recent or not',
    segments: [
      { name: 'Recent', description: '', rules: [{ r: [4, 5], f: [1, 5], m: [1, 5] }] },
      { name: 'Older', description: '', rules: [{ r: [1, 3], f: [1, 5], m: [1, 5] }] },
    ],
  };

  it('per segment: size, sales and share, AOV, repeat rate and interval, predicted CLV', () => {
    const cs = buildCustomers(table);
    const segmentOf = assignSegments(rfmScores(cs, d('2024-04-10')).cell, segmentLookup(byRecency));
    expect([...segmentOf]).toEqual([0, 1, 1, 1, 1]);
    const [recent, older] = segmentSummaries(cs, segmentOf, ['Recent', 'Older'], Float64Array.from([1, 2, 3, 4, 5]));
    // Total net sales 100 + 50 + 20 + 30 + 500 = 700. Recent: a alone.
    expect(recent).toEqual({
      name: 'Recent', customers: 1, customerShare: 0.2, sales: 100, salesShare: 100 / 700, orders: 1, aov: 100, avgSalesPerCustomer: 100,
      repeatCustomers: 0, repeatRate: 0, medianRepeatIntervalDays: null, predictedClv: 1,
    });
    // Older: b, c, d, e: sales 600 over 2 + 1 + 3 + 1 = 7 orders (85.71); b and d repeat; gaps b 30,
    // d 31 and 19 -> median 30; CLV (2 + 3 + 4 + 5) / 4.
    expect(older).toEqual({
      name: 'Older', customers: 4, customerShare: 0.8, sales: 600, salesShare: 600 / 700, orders: 7, aov: 85.71, avgSalesPerCustomer: 150,
      repeatCustomers: 2, repeatRate: 0.5, medianRepeatIntervalDays: 30, predictedClv: 3.5,
    });
  });
});

describe('snapshots and migration', () => {
  it('re-scores at each month end and shows who moved (by hand)', () => {
    // January (snapshot 01-31): x bought on 01-05 (10), y on 01-20 (20). N = 2:
    //   R: x b 0 -> 1, y b 1 -> 1 + floor(5/2) = 3; F both 1 -> 1; M: x 1, y 3.
    //   Amazon: x R1 F1 -> Hibernating; y R3 F1 M3 -> Promising.
    // February (snapshot at asOf 02-15): x again on 02-10 (10), z new on 02-15 (50). N = 3:
    //   R (last days x 02-10, y 01-20, z 02-15): y 1, x 1 + floor(5/3) = 2, z 1 + floor(10/3) = 4.
    //   F: y, z 1; x b 2 -> 4.  M (x 20, y 20, z 50): x, y 1; z 4.
    //   Amazon: x R2 F4 -> At-Risk; y R1 F1 -> Hibernating; z R4 F1 M4 -> Promising.
    const table = handTable([
      { customer: 'x', day: '2024-01-05', amount: 10 },
      { customer: 'y', day: '2024-01-20', amount: 20 },
      { customer: 'x', day: '2024-02-10', amount: 10 },
      { customer: 'z', day: '2024-02-15', amount: 50 },
    ]);
    const cs = buildCustomers(table);
    const names = AMAZON_SEGMENT_MAP.segments.map((s) => s.name);
    const snaps = segmentSnapshots(cs, segmentLookup(AMAZON_SEGMENT_MAP), names, { asOf: d('2024-02-15') });
    expect(snaps.labels).toEqual(['2024-01', '2024-02']);
    expect([...snaps.days]).toEqual([d('2024-01-31'), d('2024-02-15')]);
    const named = (t: number) => [...snaps.segment.subarray(t * 3, t * 3 + 3)].map((s) => (s === NO_SEGMENT ? null : names[s]));
    expect(named(0)).toEqual(['Hibernating', 'Promising', null]);
    expect(named(1)).toEqual(['At-Risk', 'Hibernating', 'Promising']);
    // x was the only repeat customer in February.
    expect([...snaps.repeatCustomers.subarray(4, 8)]).toEqual([0, 0, 1, 0]);

    const move = migrationMatrix(snaps, 0, 1);
    expect(move.labels).toEqual([...names, NOT_YET_CUSTOMER]);
    const cell = (from: string, to: string) => move.counts[move.labels.indexOf(from) * move.size + move.labels.indexOf(to)];
    expect(cell('Hibernating', 'At-Risk')).toBe(1);
    expect(cell('Promising', 'Hibernating')).toBe(1);
    expect(cell(NOT_YET_CUSTOMER, 'Promising')).toBe(1);
    expect(move.counts.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('ends with the live segmentation, and the matrix adds up to both snapshots (CDNOW, both maps)', () => {
    const cs = buildCustomers(cdnowTable(CDNOW_MASTER));
    const asOf = cs.maxDay;
    for (const map of maps) {
      const lookup = segmentLookup(map);
      const names = map.segments.map((s) => s.name);
      const snaps = segmentSnapshots(cs, lookup, names, { asOf });
      expect(snaps.labels).toHaveLength(18); // 1997-01 .. 1998-06
      const t = snaps.labels.length;
      const live = assignSegments(rfmScores(cs, asOf).cell, lookup);
      expect([...snaps.segment.subarray((t - 1) * cs.customers, t * cs.customers)]).toEqual([...live]);
      for (let i = 0; i < t; i++) {
        const acquired = cs.firstDay.filter((day) => day <= snaps.days[i]).length;
        expect(snaps.counts.subarray(i * names.length, (i + 1) * names.length).reduce((a, b) => a + b, 0)).toBe(acquired);
      }
      const move = migrationMatrix(snaps, 2, t - 1);
      for (let g = 0; g < names.length; g++) {
        let row = 0;
        let column = 0;
        for (let h = 0; h < move.size; h++) {
          row += move.counts[g * move.size + h];
          column += move.counts[h * move.size + g];
        }
        expect(row).toBe(snaps.counts[2 * names.length + g]);
        expect(column).toBe(snaps.counts[(t - 1) * names.length + g]);
      }
    }
  });
});
