// The cohorts and brand views' worker APIs over a real (fake-indexeddb) store: a small hand-computed
// event log, and the sample store (several currencies, returns, SKUs with product names).
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { civilDay } from '../../src/core/ingest/dates.ts';
import { importFile } from '../../src/data/import-file.ts';
import { importSampleStore } from '../../src/data/import-sample.ts';
import { brandApi, periodRange } from '../../src/workers/brand-api.ts';
import { cohortsApi, productNamesOf } from '../../src/workers/cohorts-api.ts';
import { db } from '../../src/workers/dataset-cache.ts';

const day = (iso: string) => civilDay(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));

// a buys on Jan 5 and Feb 10 (36 days later); b once on Jan 20; c on Feb 3, Feb 25 (22 days) and Apr 1
// (36 days; 2024 is a leap year). The data end (asOf) on 2024-04-01, the last purchase.
const EVENTS = [
  'customer,date,value',
  'a,2024-01-05,10',
  'a,2024-02-10,20',
  'b,2024-01-20,10',
  'c,2024-02-03,40',
  'c,2024-02-25,5',
  'c,2024-04-01,15',
].join('\n');

beforeAll(async () => {
  const outcome = await importFile(db, Object.assign(new Blob([EVENTS]), { name: 'events.csv' }), { datasetId: 'events' });
  expect(outcome.state).toBe('done');
});

describe('cohortsApi.cohortsSummary', () => {
  it('builds the monthly cohort table, windows, gaps and repeat figures of the event log', async () => {
    const { figures, currency } = await cohortsApi.cohortsSummary('events');
    expect(currency).not.toBeNull();
    const f = figures!;
    expect(f.asOf).toBe(day('2024-04-01'));
    // April is not over on 2024-04-01: its cells are still filling up.
    expect(f.lastPeriodComplete).toBe(false);
    const t = f.table;
    expect(t.labels).toEqual(['2024-01', '2024-02']);
    expect(Array.from(t.customers)).toEqual([2, 1]);
    expect(t.periods).toBe(4);
    expect(Array.from(t.observed)).toEqual([4, 3]);
    // January cohort (a, b): both buy in January, a again in February; nobody in March or April.
    expect(Array.from(t.retention.slice(0, 4))).toEqual([1, 0.5, 0, 0]);
    expect(Array.from(t.revenue.slice(0, 4))).toEqual([20, 20, 0, 0]);
    expect(Array.from(t.cumulativeRevenuePerCustomer.slice(0, 4))).toEqual([10, 20, 20, 20]);
    // February cohort (c): 45 in February, nothing in March, 15 in April; May not reached (NaN).
    expect(Array.from(t.retention.slice(4, 7))).toEqual([1, 0, 1]);
    expect(Array.from(t.cumulativeRevenuePerCustomer.slice(4, 7))).toEqual([45, 45, 60]);
    expect(Number.isNaN(t.retention[7])).toBe(true);
    // 30 days: all three had 30 days (87, 72, 58), only c came back within them (22 days).
    // 60 days: a and b had 60 days; a came back after 36. 90 days: nobody has been around that long.
    expect(f.repurchase.slice(0, 3)).toEqual([
      { days: 30, eligible: 3, repurchased: 1, rate: 1 / 3 },
      { days: 60, eligible: 2, repurchased: 1, rate: 0.5 },
      { days: 90, eligible: 0, repurchased: 0, rate: null },
    ]);
    // Gaps 36 (a), 22 and 36 (c), in 30-day bins.
    expect(Array.from(f.gaps.firstToSecond.slice(0, 3))).toEqual([1, 1, 0]);
    expect(Array.from(f.gaps.secondToThird.slice(0, 3))).toEqual([0, 1, 0]);
    expect(Array.from(f.gaps.all.slice(0, 3))).toEqual([1, 2, 0]);
    expect([f.customers, f.repeatCustomers]).toEqual([3, 2]);
    // An event log has no SKUs: no repeat rate by product, and the page says so.
    expect(f.productsKnown).toBe(false);
    expect(f.firstProducts).toEqual([]);
  });

  it('groups by quarter on request', async () => {
    const { figures } = await cohortsApi.cohortsSummary('events', { granularity: 'quarter' });
    expect(figures!.table.labels).toEqual(['2024-Q1']);
    expect(Array.from(figures!.table.customers)).toEqual([3]);
    // Q1 holds every purchase but c's on April 1: in Q2 only c of the three buys.
    expect(Array.from(figures!.table.retention)).toEqual([1, 1 / 3]);
  });

  it('marks figures approximate when customers are told apart by ship-to address (Amazon All Orders)', async () => {
    const file = Object.assign(new Blob([readFileSync('tests/fixtures/ingest/amazon-all-orders.tsv')]), { name: 'amazon-all-orders.tsv' });
    const outcome = await importFile(db, file, { datasetId: 'all-orders' });
    expect(outcome.state).toBe('done');
    const summary = await cohortsApi.cohortsSummary('all-orders');
    expect(summary.approximate).toBe(true);
    expect(summary.figures!.customers).toBeGreaterThan(0);
    expect((await cohortsApi.cohortsSummary('events')).approximate).toBe(false);
  });

  it('answers an empty dataset with no figures', async () => {
    await expect(cohortsApi.cohortsSummary('nothing-here')).resolves.toEqual({ approximate: false, currency: null, currencies: [], figures: null });
  });
});

describe('brandApi.brandSummary', () => {
  it('gives the whole history by default, equal to the command line figures', async () => {
    const s = await brandApi.brandSummary('events');
    const f = s.figures!;
    expect(f.period).toMatchObject({ key: 'all', start: day('2024-01-05'), end: day('2024-04-01'), previousComplete: false });
    expect(f.comparison.current).toMatchObject({
      customers: 3, orders: 6, totalSales: 100, repeatCustomers: 2, repeatOrders: 3, repeatPurchaseRate: 2 / 3,
      medianRepeatIntervalDays: 36, aov: 16.67, newCustomers: 3,
    });
    for (const [key, value] of Object.entries(s.result!.metrics)) expect(f.comparison.current[key as keyof typeof f.comparison.current], key).toBe(value);
  });

  it('compares the last 30 days with the 30 before', async () => {
    const f = (await brandApi.brandSummary('events', { period: 'last-30' })).figures!;
    // 2024-03-03..04-01 holds c's April purchase only; 2024-02-02..03-02 holds a's and c's February ones.
    expect(f.period).toMatchObject({ start: day('2024-03-03'), end: day('2024-04-01'), previousStart: day('2024-02-02'), previousEnd: day('2024-03-02'), previousComplete: true });
    expect(f.comparison.current).toMatchObject({ customers: 1, orders: 1, totalSales: 15, repeatCustomers: 1, repeatPurchaseRate: 1, medianRepeatIntervalDays: 36, newCustomers: 0 });
    expect(f.comparison.previous).toMatchObject({ customers: 2, orders: 3, totalSales: 65, repeatCustomers: 2, repeatOrders: 2, medianRepeatIntervalDays: 29, newCustomers: 1 });
    expect(f.comparison.change.customers).toBe(-0.5);
    expect(f.comparison.change.totalSales).toBeCloseTo((15 - 65) / 65, 12);
    expect(f.trend.labels).toEqual(['2024-03', '2024-04']);
    expect(Array.from(f.trend.returningSales)).toEqual([0, 15]);
    expect(Array.from(f.trend.newSales)).toEqual([0, 0]);
  });

  it('gives the ladder, the top-10 % ratio and the segments over the whole history', async () => {
    const f = (await brandApi.brandSummary('events', { period: 'last-90', granularity: 'week' })).figures!;
    // Occasions: a 2, b 1, c 3.
    expect(f.ladder.slice(0, 4).map((r) => [r.customers, r.continued, r.probability])).toEqual([[3, 2, 2 / 3], [2, 1, 0.5], [1, 0, 0], [0, 0, null]]);
    // Top 10 % of 3 customers is c (60 over 3 orders = 20 an order); a and b spend 40 over 3 orders.
    expect(f.topSpend).toMatchObject({ topCustomers: 1, restCustomers: 2, topAov: 20, ratio: 1.5 });
    expect(f.segments.map((s) => s.name)).toEqual(['Top Tier', 'Promising', 'At-Risk', 'Hibernating']);
    expect(f.segments.reduce((n, s) => n + s.customers, 0)).toBe(3);
    expect(f.trend.granularity).toBe('week');
  });

  it('takes a calendar year, says when the period before is not in the data, and falls back to all time for a year without data', async () => {
    const y2024 = (await brandApi.brandSummary('events', { period: 'year-2024' })).figures!;
    expect(y2024.period).toMatchObject({ key: 'year-2024', start: day('2024-01-01'), end: day('2024-04-01'), previousComplete: false });
    expect(y2024.years).toEqual([2024]);
    const y2020 = (await brandApi.brandSummary('events', { period: 'year-2020' })).figures!;
    expect(y2020.period.key).toBe('all');
    expect(periodRange('last-7', 0, 100).key).toBe('all');
  });
});

describe('the sample store through both APIs', () => {
  beforeAll(async () => {
    await importSampleStore(db);
  }, 60_000);

  it('keeps currencies apart and matches the command line over the whole history in each', async () => {
    const usd = await brandApi.brandSummary('sample');
    expect(usd.currencies).toEqual(['USD', 'EUR']);
    const eur = await brandApi.brandSummary('sample', { currency: 'EUR' });
    expect(eur.currency).toBe('EUR');
    for (const s of [usd, eur]) {
      const current = s.figures!.comparison.current;
      for (const [key, value] of Object.entries(s.result!.metrics)) expect(current[key as keyof typeof current], key).toBe(value);
    }
    expect(eur.figures!.comparison.current.customers + usd.figures!.comparison.current.customers).toBeGreaterThan(19_000);
    // The new and returning parts of the trend add up to the period's sales.
    const t = usd.figures!.trend;
    let sum = 0;
    for (let i = 0; i < t.labels.length; i++) sum += t.newSales[i] + t.returningSales[i];
    expect(sum).toBeCloseTo(usd.figures!.comparison.current.totalSales, 2);
  });

  it('names the first products from the stored product list', async () => {
    const { figures } = await cohortsApi.cohortsSummary('sample');
    expect(figures!.productsKnown).toBe(true);
    expect(figures!.firstProducts.length).toBe(15);
    for (const row of figures!.firstProducts) {
      expect(row.customers).toBeGreaterThanOrEqual(20);
      expect(row.name).toMatch(/\w/);
    }
    expect(figures!.firstProducts.map((r) => r.customers)).toEqual([...figures!.firstProducts.map((r) => r.customers)].sort((a, b) => b - a));
    // Every cohort customer is someone's first purchase; the cohorts hold all the currency's customers.
    expect(Array.from(figures!.table.customers).reduce((a, b) => a + b, 0)).toBe(figures!.customers);
  });
});

describe('productNamesOf', () => {
  it('reads the stored columns and ignores anything malformed', () => {
    expect([...productNamesOf({ sku: ['A', 'B', 3], name: ['Mug', '', 'x'] })]).toEqual([['A', 'Mug']]);
    expect(productNamesOf(null).size).toBe(0);
    expect(productNamesOf({ sku: 'A', name: ['Mug'] }).size).toBe(0);
  });
});
