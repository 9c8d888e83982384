import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCustomers } from '../../../src/core/analytics/customers.ts';
import { RFM_TIE_RULE, cellScores, quintileCuts, rfmCell, rfmScores, scoreQuintiles } from '../../../src/core/analytics/rfm.ts';
import { CDNOW_MASTER, d, handTable, cdnowTable } from './fixtures.ts';
import { naiveScores } from './oracle.ts';

describe('quintile scores and the tie rule', () => {
  it('gives equal values equal scores, leaving a score unused rather than splitting a tie', () => {
    // N = 10. Score = 1 + floor(5 b / 10) with b = values strictly below:
    // 10: b 0 -> 1; 20 (x3): b 1 -> 1 + floor(0.5) = 1; 30: b 4 -> 3; 40: b 5 -> 1 + floor(2.5) = 3;
    // 50 (x2): b 6 -> 4; 60: b 8 -> 5; 70: b 9 -> 1 + floor(4.5) = 5. Score 2 is unused: the tie at 20
    // spans the boundary between the first and second quintile and stays whole.
    const values = [50, 20, 10, 70, 20, 40, 30, 20, 60, 50];
    expect([...scoreQuintiles(values)]).toEqual([4, 1, 1, 5, 1, 3, 3, 1, 5, 4]);
    // Cut k is the value at sorted position ceil(k N / 5) - 1 = 1, 3, 5, 7: 20, 20, 40, 50.
    expect([...quintileCuts(values)]).toEqual([20, 20, 40, 50]);
  });

  it('splits distinct values into five equal groups', () => {
    // 1..10: b = v - 1, score 1 + floor((v - 1) / 2).
    expect([...scoreQuintiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])]).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('puts a single customer, or all-equal customers, at score 1', () => {
    expect([...scoreQuintiles([42])]).toEqual([1]);
    expect([...scoreQuintiles([3, 3, 3])]).toEqual([1, 1, 1]);
    expect([...scoreQuintiles([])]).toEqual([]);
  });

  it('states the rule for the page in one sentence', () => {
    expect(RFM_TIE_RULE).toMatch(/equal values always get equal scores/);
    expect(RFM_TIE_RULE.split(/\.\s/)).toHaveLength(1);
  });

  const values = fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { maxLength: 300 });

  it('matches 1 + floor(5 b / N) counted directly (property)', () => {
    fc.assert(
      fc.property(values, (v) => {
        expect([...scoreQuintiles(v)]).toEqual(naiveScores(v));
      }),
      { numRuns: 500 },
    );
  });

  it('is monotone in the value, equal for equal values, and within 1..5 (property)', () => {
    fc.assert(
      fc.property(values, (v) => {
        const s = scoreQuintiles(v);
        for (let i = 0; i < v.length; i++) {
          expect(s[i]).toBeGreaterThanOrEqual(1);
          expect(s[i]).toBeLessThanOrEqual(5);
          for (let j = 0; j < v.length; j++) {
            if (v[i] === v[j]) expect(s[i]).toBe(s[j]);
            if (v[i] < v[j]) expect(s[i]).toBeLessThanOrEqual(s[j]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives each score floor(N/5) or ceil(N/5) customers when values are distinct (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer(), { minLength: 1, maxLength: 400 }), (v) => {
        const s = scoreQuintiles(v);
        const counts = [0, 0, 0, 0, 0];
        for (const x of s) counts[x - 1]++;
        for (const c of counts) {
          expect(c).toBeGreaterThanOrEqual(Math.floor(v.length / 5));
          expect(c).toBeLessThanOrEqual(Math.ceil(v.length / 5));
        }
      }),
    );
  });
});

describe('rfmScores', () => {
  it('scores recency from the last purchase, frequency from occasions and money net of returns', () => {
    // asOf 2024-04-10. Last purchases: a 04-10 (0 days), b and c 03-31 (10), d 02-20 (50), e 01-11 (90).
    // R on the last day: b(a) = 4 -> 5; b(b) = b(c) = 2 -> 3; b(d) = 1 -> 2; b(e) = 0 -> 1.
    // F: a 1, b 2, c 1, d 3, e 1 occasions -> b = 0, 3, 0, 4, 0 -> 1, 4, 1, 5, 1.
    // M: a 100, b 30 + 20, c 80 - 60 returned = 20, d 3 x 10, e 500 -> sorted 20 30 50 100 500:
    // a 4, b 3, c 1, d 2, e 5.
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
    const rfm = rfmScores(buildCustomers(table), d('2024-04-10'));
    expect([...rfm.recencyDays]).toEqual([0, 10, 10, 50, 90]);
    expect([...rfm.r]).toEqual([5, 3, 3, 2, 1]);
    expect([...rfm.f]).toEqual([1, 4, 1, 5, 1]);
    expect([...rfm.m]).toEqual([4, 3, 1, 2, 5]);
    expect([...rfm.cell]).toEqual([0, 1, 2, 3, 4].map((k) => rfmCell(rfm.r[k], rfm.f[k], rfm.m[k])));
    // R cuts in days: last days sorted 01-11, 02-20, 03-31, 03-31, 04-10; cut k at position k - 1
    // (ceil(k x 5 / 5) - 1): 90, 50, 10, 10 days.
    expect([...rfm.cuts.recencyDays]).toEqual([90, 50, 10, 10]);
  });

  it('numbers the 125 cells one to one', () => {
    const seen = new Set<number>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) {
      const cell = rfmCell(r, f, m);
      expect(cellScores(cell)).toEqual({ r, f, m });
      seen.add(cell);
    }
    expect(Math.min(...seen)).toBe(0);
    expect(Math.max(...seen)).toBe(124);
    expect(seen.size).toBe(125);
  });

  it('agrees with direct counting on all CDNOW customers', () => {
    const cs = buildCustomers(cdnowTable(CDNOW_MASTER));
    const asOf = d('1998-06-30');
    const rfm = rfmScores(cs, asOf);
    expect([...rfm.r]).toEqual(naiveScores(Array.from(cs.lastDay, (day) => -(asOf - day))));
    expect([...rfm.f]).toEqual(naiveScores(cs.occasionCount));
    expect([...rfm.m]).toEqual(naiveScores(cs.netRevenue));
    // Half of CDNOW's customers bought once: they all share F = 1, and F = 2 stays empty.
    const f1 = rfm.f.filter((x) => x === 1).length;
    expect(f1).toBe(cs.occasionCount.filter((x) => x === 1).length);
    expect(rfm.f.filter((x) => x === 2).length).toBe(0);
  });
});
