import { describe, expect, it } from 'vitest';
import { brandMetrics } from '../../../src/core/analytics/brand.ts';
import { cohortTable, paybackPeriods, repeatRateByFirstProduct, repurchaseRates, timeBetweenOrders } from '../../../src/core/analytics/cohorts.ts';
import { buildCustomers } from '../../../src/core/analytics/customers.ts';
import { CDNOW_MASTER, cdnowTable, d, handTable, onlineRetailTable, syntheticTable, type HandLine } from './fixtures.ts';

// The brand test's shop: a 01-10 (100), 02-05 (2 orders, 50), 03-01 (30); b 02-10 (80), 02-20 (20) and
// a return of 10 on 02-25; c 03-15 (60); d 2023-12-20 (40), 2024-02-28 (40). Last day 2024-03-15.
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
const asOf = d('2024-03-15');

describe('monthly acquisition cohorts, by hand', () => {
  const cs = buildCustomers(handTable(shop));
  const table = cohortTable(cs, { asOf });
  const row = (values: ArrayLike<number>, c: number) => Array.from(values).slice(c * table.periods, (c + 1) * table.periods);

  it('groups customers by the month of their first purchase', () => {
    expect(table.labels).toEqual(['2023-12', '2024-01', '2024-02', '2024-03']);
    expect([...table.customers]).toEqual([1, 1, 1, 1]);
    // Dec .. Mar is four months; the January cohort has seen three of them, and so on.
    expect(table.periods).toBe(4);
    expect([...table.observed]).toEqual([4, 3, 2, 1]);
  });

  it('follows each cohort month by month: retention, orders, revenue, LTV', () => {
    // December (d): bought in Dec and again in Feb (month 2).
    expect(row(table.retention, 0)).toEqual([1, 0, 1, 0]);
    expect(row(table.revenue, 0)).toEqual([40, 0, 40, 0]);
    expect(row(table.cumulativeRevenuePerCustomer, 0)).toEqual([40, 40, 80, 80]);
    // January (a): every month; two orders in February; April not yet observed.
    expect(row(table.retention, 1)).toEqual([1, 1, 1, NaN]);
    expect(row(table.orders, 1)).toEqual([1, 2, 1, 0]);
    expect(row(table.cumulativeRevenuePerCustomer, 1)).toEqual([100, 150, 180, NaN]);
    // February (b): 80 + 20 - 10 returned, all in February; nothing in March.
    expect(row(table.revenue, 2)).toEqual([90, 0, 0, 0]);
    expect(row(table.retention, 2)).toEqual([1, 0, NaN, NaN]);
    expect(row(table.cumulativeRevenuePerCustomer, 3)).toEqual([60, NaN, NaN, NaN]);
  });

  it('finds the payback month for one CAC or one per cohort', () => {
    // CAC 85: Dec never reaches it (80 at most); Jan at once (100); Feb at once (90); Mar not yet (60).
    expect([...paybackPeriods(table, 85)]).toEqual([-1, 0, 0, -1]);
    // Per cohort 30, 120, 100, none: Dec at once (40); Jan in month 1 (150); Feb not (90); Mar no CAC.
    expect([...paybackPeriods(table, [30, 120, 100, NaN])]).toEqual([0, 1, -1, -1]);
  });

  it('adds up to the brand totals', () => {
    const total = brandMetrics(cs);
    expect([...table.revenue].reduce((a, b) => a + b, 0)).toBe(total.totalSales);
    expect([...table.orders].reduce((a, b) => a + b, 0)).toBe(total.orders);
  });
});

describe('repurchase windows and time between orders, by hand', () => {
  const cs = buildCustomers(handTable(shop));

  it('counts second purchases within 30, 60, 90 days among customers who had the whole window', () => {
    // Days from first purchase to 03-15: d 86, a 65, b 34, c 0. Gaps to the second purchase: d 70, a 26, b 10.
    // 30 days: d, a, b eligible; a and b repurchased. 60: d, a eligible; a. 90: nobody had 90 days.
    expect(repurchaseRates(cs, asOf, [30, 60, 90])).toEqual([
      { days: 30, eligible: 3, repurchased: 2, rate: 2 / 3 },
      { days: 60, eligible: 2, repurchased: 1, rate: 0.5 },
      { days: 90, eligible: 0, repurchased: 0, rate: null },
    ]);
  });

  it('bins the gaps 1st->2nd, 2nd->3rd and all', () => {
    // Gaps: a 26 then 25 (02-05 -> 03-01), b 10, d 70. Bins of 30 days, the last open-ended.
    const h = timeBetweenOrders(cs, { binDays: 30, bins: 4 });
    expect([...h.firstToSecond]).toEqual([2, 0, 1, 0]);
    expect([...h.secondToThird]).toEqual([1, 0, 0, 0]);
    expect([...h.all]).toEqual([3, 0, 1, 0]);
    expect([...timeBetweenOrders(cs, { binDays: 20, bins: 2 }).all]).toEqual([1, 3]);
  });

  it('gives the repeat rate by first product', () => {
    // x's first day has S1 (10) and S2 (30): first product S2, and x came back. y: S2, once. z: S1, came
    // back. w: no SKU, once. S2: 2 customers, 1 repeat; then by SKU index: no SKU (-1), S1.
    const table = handTable([
      { customer: 'x', day: '2024-01-01', sku: 'S1', amount: 10 },
      { customer: 'x', day: '2024-01-01', sku: 'S2', amount: 30 },
      { customer: 'x', day: '2024-02-01', sku: 'S1', amount: 10 },
      { customer: 'y', day: '2024-01-03', sku: 'S2', amount: 30 },
      { customer: 'z', day: '2024-01-04', sku: 'S1', amount: 10 },
      { customer: 'z', day: '2024-01-09', sku: 'S3', amount: 10 },
      { customer: 'w', day: '2024-01-05', amount: 5 },
    ]);
    const rows = repeatRateByFirstProduct(buildCustomers(table));
    const named = rows.map((r) => [r.sku < 0 ? null : table.dictionaries.sku[r.sku], r.customers, r.repeatCustomers, r.repeatRate]);
    expect(named).toEqual([['S2', 2, 1, 0.5], [null, 1, 0, 0], ['S1', 1, 1, 1]]);
    expect(repeatRateByFirstProduct(buildCustomers(table), { minCustomers: 2 })).toHaveLength(1);
  });
});

describe('cohorts on real and synthetic data', () => {
  it('add up to the brand totals at every granularity, and everyone is active when acquired', () => {
    for (const table of [cdnowTable(CDNOW_MASTER), syntheticTable(5000, 9).table]) {
      const cs = buildCustomers(table);
      const total = brandMetrics(cs);
      for (const granularity of ['week', 'month', 'quarter'] as const) {
        const t = cohortTable(cs, { asOf: cs.maxDay, granularity });
        const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, x) => s + x, 0);
        expect(sum(t.customers)).toBe(total.customers);
        expect(sum(t.orders)).toBe(total.orders);
        expect(sum(t.revenue)).toBeCloseTo(total.totalSales, 2);
        let ltv = 0;
        for (let c = 0; c < t.cohorts; c++) {
          expect(t.active[c * t.periods]).toBe(t.customers[c]);
          expect(t.retention[c * t.periods]).toBe(1);
          ltv += t.cumulativeRevenuePerCustomer[c * t.periods + t.observed[c] - 1] * t.customers[c];
        }
        // The last observed LTV of each cohort times its size is all of its revenue.
        expect(ltv).toBeCloseTo(total.totalSales, 2);
      }
    }
  });

  it('CDNOW: one quarter of cohorts, and the histograms count every repeat purchase', () => {
    const cs = buildCustomers(cdnowTable(CDNOW_MASTER));
    const total = brandMetrics(cs);
    // Every CDNOW customer was acquired in 1997-Q1 (the data set's definition).
    expect(cohortTable(cs, { asOf: cs.maxDay, granularity: 'quarter' }).labels).toEqual(['1997-Q1']);
    expect(cohortTable(cs, { asOf: cs.maxDay }).labels).toEqual(['1997-01', '1997-02', '1997-03']);
    const h = timeBetweenOrders(cs);
    const sum = (a: Int32Array) => a.reduce((s, x) => s + x, 0);
    expect(sum(h.firstToSecond)).toBe(total.repeatCustomers);
    expect(sum(h.all)).toBe(cs.day.length - cs.customers);
    // No SKUs in CDNOW: one group, whose repeat rate is the brand's.
    const byProduct = repeatRateByFirstProduct(cs);
    expect(byProduct).toHaveLength(1);
    expect(byProduct[0].repeatRate).toBeCloseTo(total.repeatPurchaseRate, 12);
  });

  it('Online Retail: first-product groups cover every customer', () => {
    const cs = buildCustomers(onlineRetailTable());
    const rows = repeatRateByFirstProduct(cs);
    expect(rows.reduce((s, r) => s + r.customers, 0)).toBe(cs.customers);
    expect(rows.reduce((s, r) => s + r.repeatCustomers, 0)).toBe(brandMetrics(cs).repeatCustomers);
    expect(rows[0].customers).toBeGreaterThanOrEqual(rows[1].customers);
  });
});
