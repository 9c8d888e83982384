import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCustomers, unitCostsBySku, type CustomerSummary } from '../../../src/core/analytics/customers.ts';
import { buildOccasions } from '../../../src/core/analytics/occasions.ts';
import type { OrderTable } from '../../../src/core/columns/table.ts';
import { CDNOW_MASTER, CDNOW_SAMPLE, d, handTable, cdnowTable, onlineRetailTable, syntheticTable, type HandLine } from './fixtures.ts';
import { naiveCustomers } from './oracle.ts';

const shop: HandLine[] = [
  { customer: 'ann@x', day: '2024-01-05', order: 'A1', sku: 'S1', quantity: 2, amount: 20, marketplace: 'US' },
  { customer: 'ann@x', day: '2024-01-05', order: 'A1', sku: 'S2', quantity: 1, amount: 30, marketplace: 'US' },
  { customer: 'bob', day: '2024-01-10', amount: 15 },
  { customer: 'ann@x', day: '2024-01-05', order: 'A2', sku: 'S1', quantity: 1, amount: 10, marketplace: 'US' },
  { customer: 'bob', day: '2024-01-10', amount: 5 },
  { customer: 'cat', day: '2024-01-07', amount: -25, quantity: -1, sku: 'S1' },
  { customer: 'ann@x', day: '2024-02-10', order: 'A3', sku: 'S3', quantity: 1, amount: 40, marketplace: 'UK' },
  { customer: 'bob', day: '2024-01-20', amount: 0, free: true },
  { customer: 'bob', day: '2024-01-25', amount: 0 },
  { customer: 'ann@x', day: '2024-02-15', order: 'A1', sku: 'S1', quantity: -1, amount: -10, marketplace: 'US' },
  { customer: 'dan', day: '2024-01-09', order: 'D1', amount: 50, cancelled: true },
  { customer: 'ann@x', day: '2024-03-01', order: 'A4', sku: 'S1', amount: 99, cancelled: true, marketplace: 'US' },
  { customer: 'eve', day: '2024-02-01', amount: 10, currency: 'EUR' },
];

function row(cs: CustomerSummary, table: OrderTable, name: string) {
  const k = [...cs.customer].indexOf(table.dictionaries.customer.indexOf(name));
  if (k < 0) return null;
  const markets: Record<string, { orders: number; units: number; revenue: number; profit: number | null }> = {};
  for (let r = cs.marketStart[k]; r < cs.marketStart[k + 1]; r++) {
    markets[table.dictionaries.marketplace[cs.market[r]]] = {
      orders: cs.marketOrders[r], units: cs.marketUnits[r], revenue: cs.marketRevenue[r], profit: cs.marketProfit ? cs.marketProfit[r] : null,
    };
  }
  return {
    firstDay: cs.firstDay[k], lastDay: cs.lastDay[k], occasions: cs.occasionCount[k], orders: cs.orderCount[k],
    gross: cs.grossRevenue[k], net: cs.netRevenue[k], units: cs.units[k], profit: cs.profit ? cs.profit[k] : null,
    firstSku: cs.firstSku[k] < 0 ? null : table.dictionaries.sku[cs.firstSku[k]],
    occasionDays: [...cs.day.subarray(cs.start[k], cs.start[k + 1])],
    occasionValues: [...cs.value.subarray(cs.start[k], cs.start[k + 1])],
    occasionOrders: [...cs.orders.subarray(cs.start[k], cs.start[k + 1])],
    returns: [...cs.returnValue.subarray(cs.returnStart[k], cs.returnStart[k + 1])],
    markets,
  };
}

describe('buildCustomers on a hand-built shop', () => {
  const table = handTable(shop);
  const costs = unitCostsBySku(table.dictionaries.sku, new Map([['S1', 4], ['S2', 10]]));
  const usd = table.dictionaries.currency.indexOf('USD');
  const cs = buildCustomers(table, { unitCost: costs, currency: usd });

  it('keeps only customers with a purchase occasion: a return-only, a cancelled-only and another currency are out', () => {
    // ann and bob buy; cat only returned, dan's only order was cancelled, eve paid in EUR.
    expect(cs.customers).toBe(2);
    expect([...cs.customer].map((i) => table.dictionaries.customer[i])).toEqual(['ann@x', 'bob']);
  });

  it('sums occasions, orders, units, gross, returns and profit per customer', () => {
    // ann: 2024-01-05 has orders A1 (20 + 30) and A2 (10): one occasion of 60 with 2 orders; 2024-02-10
    // A3 (40) in UK: a second occasion. The return of one S1 (-10) on 02-15 makes no occasion; the
    // cancelled A4 counts nowhere. Gross 100, net 90, units 2 + 1 + 1 + 1 - 1 = 4.
    // Profit with S1 at 4, S2 at 10, S3 unknown (cost 0): (20 - 8) + (30 - 10) + (10 - 4) + 40, and the
    // return gives back 10 of revenue and 4 of cost: -6. Total 78 - 6 = 72.
    // First product: the largest line of the first occasion is S2 (30).
    expect(row(cs, table, 'ann@x')).toEqual({
      firstDay: d('2024-01-05'), lastDay: d('2024-02-10'), occasions: 2, orders: 3, gross: 100, net: 90, units: 4, profit: 72,
      firstSku: 'S2', occasionDays: [d('2024-01-05'), d('2024-02-10')], occasionValues: [60, 40], occasionOrders: [2, 1], returns: [-10],
      // US: A1 and A2, units 2 + 1 + 1 - 1, revenue 60 - 10, profit 12 + 20 + 6 - 6; UK: A3 alone.
      markets: { US: { orders: 2, units: 3, revenue: 50, profit: 32 }, UK: { orders: 1, units: 1, revenue: 40, profit: 40 } },
    });
    // bob has no order ids: 01-10 (15 + 5) is one occasion and one order; the free CD on 01-20 is a
    // second occasion worth 0 (a FLAG_FREE_PURCHASE line); the unflagged zero line on 01-25 is nothing.
    // No SKU, so no cost (profit = revenue) and no first product.
    expect(row(cs, table, 'bob')).toMatchObject({
      occasions: 2, orders: 2, net: 20, units: 3, profit: 20, firstSku: null, occasionValues: [20, 0], occasionOrders: [1, 1], returns: [],
    });
  });

  it('counts the sale and return lines whose SKU has no cost', () => {
    // ann's S3 line, and bob's three lines without a SKU; the ignored zero line is not counted.
    expect(cs.linesWithoutCost).toBe(4);
  });

  it('stops at lastDay and has no profit without a cost table', () => {
    const early = buildCustomers(table, { lastDay: d('2024-02-01'), currency: usd });
    // ann's UK occasion and her return come after 02-01.
    expect(row(early, table, 'ann@x')).toMatchObject({ occasions: 1, net: 60, profit: null, returns: [] });
    expect(early.profit).toBeNull();
    expect(early.maxDay).toBe(d('2024-01-20'));
  });

  it('marks marketplaces in the bitmask', () => {
    const k = 0;
    const us = table.dictionaries.marketplace.indexOf('US');
    const uk = table.dictionaries.marketplace.indexOf('UK');
    expect(cs.marketplaceMask[k]).toBe((1 << us) | (1 << uk));
  });
});

function expectSameAsOracle(table: OrderTable, options: { lastDay?: number; unitCost?: Float64Array } = {}) {
  const cs = buildCustomers(table, options);
  const naive = naiveCustomers(table, options);
  expect(cs.customers).toBe(naive.length);
  const mismatches: string[] = [];
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
  naive.forEach((x, k) => {
    const problems: string[] = [];
    if (cs.customer[k] !== x.index) problems.push('index');
    const days = cs.day.subarray(cs.start[k], cs.start[k + 1]);
    if (days.length !== x.occasions.length) problems.push('occasions');
    else {
      x.occasions.forEach((o, j) => {
        if (days[j] !== o.day || !close(cs.value[cs.start[k] + j], o.value) || cs.orders[cs.start[k] + j] !== o.orders) problems.push(`occasion ${j}`);
      });
    }
    if (!close(cs.netRevenue[k], x.net) || !close(cs.grossRevenue[k], x.gross) || !close(cs.units[k], x.units)) problems.push('totals');
    if (cs.profit && !close(cs.profit[k], x.profit)) problems.push('profit');
    if (cs.firstSku[k] !== x.firstSku) problems.push('first sku');
    if (cs.returnStart[k + 1] - cs.returnStart[k] !== x.returns.length) problems.push('returns');
    const rows = cs.marketStart[k + 1] - cs.marketStart[k];
    if (rows !== x.markets.size) problems.push('markets');
    for (let r = cs.marketStart[k]; r < cs.marketStart[k + 1]; r++) {
      const m = x.markets.get(cs.market[r]);
      if (!m || m.orders !== cs.marketOrders[r] || !close(m.units, cs.marketUnits[r]) || !close(m.revenue, cs.marketRevenue[r])) problems.push(`market ${cs.market[r]}`);
      else if (cs.marketProfit && !close(m.profit, cs.marketProfit[r])) problems.push(`market profit ${cs.market[r]}`);
    }
    if (problems.length) mismatches.push(`customer ${x.index}: ${problems.join(', ')}`);
  });
  expect(mismatches.slice(0, 5)).toEqual([]);
  return cs;
}

describe('buildCustomers against a line-by-line oracle', () => {
  it('CDNOW master: every customer, occasion and total', () => {
    const table = cdnowTable(CDNOW_MASTER);
    const cs = expectSameAsOracle(table);
    // Published: 23,570 customers, all of whom bought in 1997-Q1 (CDNOW README).
    expect(cs.customers).toBe(23_570);
    expect(cs.minDay).toBe(d('1997-01-01'));
  });

  it('CDNOW sample, cut at the end of calibration', () => {
    const table = cdnowTable(CDNOW_SAMPLE);
    const cs = expectSameAsOracle(table, { lastDay: d('1997-09-30') });
    expect(cs.customers).toBe(2_357);
  });

  it('Online Retail: invoices, returns, SKUs, countries and a cost table', () => {
    const table = onlineRetailTable();
    // A made-up cost table: 60 % of each stock code's first unit price seen, none for one in seven codes.
    const c = table.columns;
    const costs = new Float64Array(table.dictionaries.sku.length).fill(NaN);
    for (let i = 0; i < c.length; i++) {
      const s = c.sku[i];
      if (s % 7 !== 0 && Number.isNaN(costs[s]) && c.quantity[i] > 0) costs[s] = (0.6 * c.amount[i]) / c.quantity[i];
    }
    const cs = expectSameAsOracle(table, { unitCost: costs });
    expect(cs.returnDay.length).toBeGreaterThan(1000);
    expect(cs.linesWithoutCost).toBeGreaterThan(0);
  });

  it('a synthetic store with three marketplaces', () => {
    const { table, unitCost } = syntheticTable(3000, 7);
    expectSameAsOracle(table, { unitCost });
    expectSameAsOracle(table, { lastDay: d('2023-01-01') });
  });

  it('random small tables', () => {
    const line = fc.record({
      customer: fc.constantFrom('a', 'b', 'c', 'd'),
      day: fc.integer({ min: 1, max: 20 }).map((x) => `2024-01-${String(x).padStart(2, '0')}`),
      amount: fc.oneof(fc.constant(0), fc.integer({ min: -50, max: 80 })),
      quantity: fc.integer({ min: -2, max: 3 }),
      order: fc.option(fc.constantFrom('o1', 'o2', 'o3', 'o4'), { nil: null }),
      sku: fc.option(fc.constantFrom('s1', 's2', 's3'), { nil: null }),
      marketplace: fc.constantFrom('US', 'UK'),
      cancelled: fc.boolean(),
      free: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.integer({ min: 1, max: 21 }), (lines, cut) => {
        const table = handTable(lines);
        const unitCost = unitCostsBySku(table.dictionaries.sku, new Map([['s1', 3], ['s2', 1.5]]));
        expectSameAsOracle(table, { unitCost, lastDay: d('2024-01-01') + cut - 1 });
      }),
      { numRuns: 300 },
    );
  });
});

describe('buildOccasions', () => {
  it('is the occasion part of the customer summary', () => {
    const table = cdnowTable(CDNOW_SAMPLE);
    const occ = buildOccasions(table, { lastDay: d('1997-09-30') });
    const cs = buildCustomers(table, { lastDay: d('1997-09-30') });
    expect(occ.customers).toBe(cs.customers);
    expect([...occ.day]).toEqual([...cs.day]);
    expect([...occ.value]).toEqual([...cs.value]);
    expect([...occ.grossRevenue]).toEqual([...cs.grossRevenue]);
  });
});
