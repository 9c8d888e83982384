import { describe, expect, it } from 'vitest';
import { brandMetrics, comparePeriods, medianOfCounts, periodMetrics, repeatLadder, salesTrend, topSpendRatio } from '../../../src/core/analytics/brand.ts';
import { buildCustomers } from '../../../src/core/analytics/customers.ts';
import { CDNOW_MASTER, cdnowTable, d, handTable, syntheticTable, type HandLine } from './fixtures.ts';

const shop: HandLine[] = [
  { customer: 'a', day: '2024-01-10', order: 'o1', amount: 100 },
  { customer: 'a', day: '2024-02-05', order: 'o2', amount: 25 },
  { customer: 'a', day: '2024-02-05', order: 'o3', amount: 25 },
  { customer: 'a', day: '2024-03-01', order: 'o4', amount: 30 },
  { customer: 'b', day: '2024-02-10', order: 'o5', amount: 80 },
  { customer: 'b', day: '2024-02-20', order: 'o6', amount: 20 },
  { customer: 'b', day: '2024-02-25', order: 'o6', amount: -10, quantity: -1 },
  { customer: 'c', day: '2024-03-15', order: 'o7', amount: 60 },
  { customer: 'd', day: '2023-12-20', order: 'o8', amount: 40 },
  { customer: 'd', day: '2024-02-28', order: 'o9', amount: 40 },
];

describe('period metrics', () => {
  const cs = buildCustomers(handTable(shop));

  it('counts a period by its occasions, returns and repeat purchases (February 2024 by hand)', () => {
    // In February: a on 02-05 (two orders, 50; a repeat, 26 days after 01-10), b on 02-10 (80, b's first
    // purchase ever), b on 02-20 (20, a repeat 10 days later), d on 02-28 (40, a repeat 70 days after
    // 2023-12-20), and b's return of 10 on 02-25. Customers a, b, d; orders 2 + 1 + 1 + 1 = 5; sales
    // 50 + 80 + 20 + 40 - 10 = 180; all three made a repeat purchase (b's first purchase was in the
    // period, his second too); repeat orders 2 + 1 + 1 = 4; intervals 26, 10, 70 -> median 26.
    expect(periodMetrics(cs, d('2024-02-01'), d('2024-02-29'))).toEqual({
      start: d('2024-02-01'), end: d('2024-02-29'),
      customers: 3, orders: 5, totalSales: 180, avgSalesPerCustomer: 60, aov: 36,
      repeatCustomers: 3, repeatOrders: 4, repeatPurchaseRate: 1, medianRepeatIntervalDays: 26, newCustomers: 1,
    });
  });

  it('compares with the previous period of the same length', () => {
    // February has 29 days, so the previous period is 2024-01-03..2024-01-31: only a's first order (100).
    const { current, previous, change } = comparePeriods(cs, d('2024-02-01'), d('2024-02-29'));
    expect(current.totalSales).toBe(180);
    expect(previous).toMatchObject({ start: d('2024-01-03'), end: d('2024-01-31'), customers: 1, orders: 1, totalSales: 100, repeatCustomers: 0, medianRepeatIntervalDays: null, aov: 100 });
    expect(change.totalSales).toBeCloseTo(0.8, 12); // (180 - 100) / 100
    expect(change.customers).toBe(2); // (3 - 1) / 1
    expect(change.repeatCustomers).toBeNull(); // nothing to compare with
    expect(change.medianRepeatIntervalDays).toBeNull();
  });

  it('over the whole history is exactly the all-time brand metrics (hand, CDNOW, synthetic with returns)', () => {
    const tables = [handTable(shop), cdnowTable(CDNOW_MASTER), syntheticTable(5000, 3).table];
    for (const table of tables) {
      const all = buildCustomers(table);
      const period = periodMetrics(all, all.minDay, all.maxDay);
      const { start, end, aov, newCustomers, ...same } = period;
      expect(same).toEqual(brandMetrics(all));
      expect(newCustomers).toBe(all.customers);
      expect([start, end, aov]).toEqual([all.minDay, all.maxDay, Math.round((brandMetrics(all).totalSales / brandMetrics(all).orders) * 100) / 100]);
    }
  });

  it('splits into adjacent periods whose sales and orders add up', () => {
    const all = buildCustomers(cdnowTable(CDNOW_MASTER));
    const whole = periodMetrics(all, all.minDay, all.maxDay);
    const middle = d('1997-06-15');
    const first = periodMetrics(all, all.minDay, middle - 1);
    const second = periodMetrics(all, middle, all.maxDay);
    expect(first.orders + second.orders).toBe(whole.orders);
    expect(first.repeatOrders + second.repeatOrders).toBe(whole.repeatOrders);
    expect(first.totalSales + second.totalSales).toBeCloseTo(whole.totalSales, 1);
    // CDNOW's customers were all acquired in 1997-Q1, so none is new in the second half.
    expect(second.newCustomers).toBe(0);
  });

  it('takes the median of a histogram', () => {
    expect(medianOfCounts(Int32Array.from([0, 2, 0, 1]))).toBe(1); // 1, 1, 3
    expect(medianOfCounts(Int32Array.from([0, 1, 0, 1]))).toBe(2); // 1, 3
    expect(medianOfCounts(new Int32Array(4))).toBeNull();
  });
});

describe('sales trend, new vs returning', () => {
  it('by month, by hand', () => {
    // Dec: d's first purchase (40). Jan: a's first (100). Feb: b's first (80) is new; a 50, b 20, d 40
    // and b's return -10 (after his first day) are returning: 100. Mar: c's first (60); a's 30 returning.
    const trend = salesTrend(buildCustomers(handTable(shop)), 'month');
    expect(trend.labels).toEqual(['2023-12', '2024-01', '2024-02', '2024-03']);
    expect([...trend.newSales]).toEqual([40, 100, 80, 60]);
    expect([...trend.returningSales]).toEqual([0, 0, 100, 30]);
    expect([...trend.newCustomers]).toEqual([1, 1, 1, 1]);
    expect([...trend.returningCustomers]).toEqual([0, 0, 3, 1]);
    expect([...trend.orders]).toEqual([1, 1, 5, 2]);
  });

  it('by quarter and week, with the buckets named by their start', () => {
    const cs = buildCustomers(handTable(shop));
    expect(salesTrend(cs, 'quarter').labels).toEqual(['2023-Q4', '2024-Q1']);
    const weeks = salesTrend(cs, 'week');
    // 2023-12-20 was a Wednesday: its week starts on Monday 12-18. 2024-03-15 was a Friday (week of 03-11).
    expect(weeks.labels[0]).toBe('2023-12-18');
    expect(weeks.labels.at(-1)).toBe('2024-03-11');
    expect(weeks.labels).toHaveLength(13);
  });

  it('adds up to total sales, customers and orders at every granularity (CDNOW, synthetic with returns)', () => {
    for (const table of [cdnowTable(CDNOW_MASTER), syntheticTable(4000, 11).table]) {
      const cs = buildCustomers(table);
      const total = brandMetrics(cs);
      for (const g of ['day', 'week', 'month', 'quarter'] as const) {
        const t = salesTrend(cs, g);
        const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, x) => s + x, 0);
        expect(sum(t.newSales) + sum(t.returningSales)).toBeCloseTo(total.totalSales, 1);
        expect(sum(t.newCustomers)).toBe(total.customers);
        expect(sum(t.orders)).toBe(total.orders);
        expect(t.starts.every((s, i) => i === 0 || s > t.starts[i - 1])).toBe(true);
      }
    }
  });
});

/** Customers with the given numbers of occasions of the given values, one order per occasion. */
function customersOf(spec: { occasions: number; each: number }[]) {
  const lines: HandLine[] = [];
  spec.forEach((s, k) => {
    for (let j = 0; j < s.occasions; j++) lines.push({ customer: `c${k}`, day: `2024-01-${String(j + 1).padStart(2, '0')}`, amount: s.each });
  });
  return buildCustomers(handTable(lines));
}

describe('top 10 % spend per order', () => {
  it('compares the top tenth with the rest, per order', () => {
    // Ten customers; the top 10 % is ceil(1) = 1 customer: 4 orders of 250 -> 250 per order. The rest:
    // 2 x 50 + 90 + 80 + ... + 20 = 100 + 440 = 540 over 2 + 8 = 10 orders -> 54 per order.
    const cs = customersOf([
      { occasions: 4, each: 250 }, { occasions: 2, each: 50 },
      ...[90, 80, 70, 60, 50, 40, 30, 20].map((each) => ({ occasions: 1, each })),
    ]);
    const top = topSpendRatio(cs);
    expect(top).toMatchObject({ topCustomers: 1, restCustomers: 9, topAov: 250, restAov: 54 });
    expect(top.ratio).toBeCloseTo(250 / 54, 12);
  });

  it('never splits customers with equal spend', () => {
    // Two customers tie for the top at 1,000: both are in the top group (2 of 10).
    const cs = customersOf([{ occasions: 1, each: 1000 }, { occasions: 2, each: 500 }, ...Array.from({ length: 8 }, () => ({ occasions: 1, each: 10 }))]);
    const top = topSpendRatio(cs);
    expect(top.topCustomers).toBe(2);
    // (1000 + 1000) / 3 orders against 80 / 8.
    expect(top.ratio).toBeCloseTo(2000 / 3 / 10, 12);
  });

  it('has no ratio when everybody ties', () => {
    expect(topSpendRatio(customersOf([{ occasions: 1, each: 5 }, { occasions: 1, each: 5 }])).ratio).toBeNull();
  });
});

describe('repeat ladder', () => {
  it('is P(n+1 | n) over purchase occasions, with counts', () => {
    // Occasions 1, 1, 1, 2, 2, 3, 5: at least 1: 7, 2: 4, 3: 2, 4: 1, 5: 1, 6: 0.
    const cs = customersOf([1, 1, 1, 2, 2, 3, 5].map((occasions) => ({ occasions, each: 10 })));
    const ladder = repeatLadder(cs, 6);
    expect(ladder.map((s) => [s.n, s.customers, s.continued])).toEqual([[1, 7, 4], [2, 4, 2], [3, 2, 1], [4, 1, 1], [5, 1, 0], [6, 0, 0]]);
    expect(ladder.map((s) => s.probability)).toEqual([4 / 7, 0.5, 0.5, 1, 0, null]);
  });

  it('is consistent with the repeat figures and the occasion count on CDNOW', () => {
    const cs = buildCustomers(cdnowTable(CDNOW_MASTER));
    const metrics = brandMetrics(cs);
    const ladder = repeatLadder(cs);
    expect(ladder).toHaveLength(10);
    expect(ladder[0].customers).toBe(metrics.customers);
    expect(ladder[0].continued).toBe(metrics.repeatCustomers);
    for (let n = 1; n < ladder.length; n++) expect(ladder[n].customers).toBe(ladder[n - 1].continued);
    // Every occasion is some customer's n-th for exactly one n: the rungs add up to all occasions.
    const long = repeatLadder(cs, 1000);
    expect(long.reduce((s, step) => s + step.customers, 0)).toBe(cs.day.length);
  });
});
