// The brand view's pure parts: period tiles with their changes, the period chooser's sentences, and the
// option builders of its three charts (customer text escaped in tooltips).
import { describe, expect, it } from 'vitest';
import type { PeriodComparison, PeriodMetrics } from '../../src/core/analytics/brand.ts';
import { civilDay } from '../../src/core/ingest/dates.ts';
import { brandSalesTrendOption } from '../../src/ui/charts/options/brand-sales-trend.ts';
import { ladderSentence, repeatLadderOption } from '../../src/ui/charts/options/brand-repeat-ladder.ts';
import { segmentShareOption } from '../../src/ui/charts/options/brand-segment-share.ts';
import { periodTiles } from '../../src/ui/views/brand/brand-period-tiles.ts';
import { periodOptions, periodSentence } from '../../src/ui/views/brand/brand-periods.ts';

const metrics = (m: Partial<PeriodMetrics>): PeriodMetrics => ({
  start: 0, end: 0, customers: 0, orders: 0, totalSales: 0, avgSalesPerCustomer: 0, repeatCustomers: 0, repeatOrders: 0,
  repeatPurchaseRate: 0, medianRepeatIntervalDays: null, aov: 0, newCustomers: 0, ...m,
});

function comparison(current: PeriodMetrics, previous: PeriodMetrics): PeriodComparison {
  const change = {} as PeriodComparison['change'];
  for (const key of Object.keys(current) as (keyof PeriodMetrics)[]) {
    if (key === 'start' || key === 'end') continue;
    const a = current[key];
    const b = previous[key];
    change[key] = a === null || b === null || b === 0 ? null : (a - b) / Math.abs(b);
  }
  return { current, previous, change };
}

const NOW = metrics({ customers: 110, orders: 150, totalSales: 3000, avgSalesPerCustomer: 27.27, repeatCustomers: 44, repeatOrders: 60, repeatPurchaseRate: 0.4, medianRepeatIntervalDays: 30, aov: 20, newCustomers: 66 });
const BEFORE = metrics({ customers: 100, orders: 160, totalSales: 4000, avgSalesPerCustomer: 40, repeatCustomers: 45, repeatOrders: 70, repeatPurchaseRate: 0.45, medianRepeatIntervalDays: 33, aov: 25, newCustomers: 55 });

describe('periodTiles', () => {
  it('keeps the INTERFACES handles and values, and adds AOV and new customers', () => {
    const tiles = periodTiles(comparison(NOW, BEFORE), 'USD', { allTime: false, compare: true });
    expect(tiles.map((t) => t.testid)).toEqual([
      'metric-customers', 'metric-total-orders', 'metric-total-sales', 'metric-avg-sales-per-customer', 'metric-repeat-customers',
      'metric-repeat-orders', 'metric-repeat-purchase-rate', 'metric-median-repeat-interval', 'metric-aov', 'metric-new-customers',
    ]);
    expect(tiles.map((t) => t.value)).toEqual([110, 150, 3000, 27.27, 44, 60, 0.4, 30, 20, 66]);
  });

  it('gives counts and money as a relative change, the rate in points and the interval in days', () => {
    const byId = Object.fromEntries(periodTiles(comparison(NOW, BEFORE), 'USD', { allTime: false, compare: true }).map((t) => [t.testid, t]));
    expect(byId['metric-customers']).toMatchObject({ change: '+10.0 %', tone: 'up', previous: '100' });
    expect(byId['metric-total-sales']).toMatchObject({ change: '−25.0 %', tone: 'down', previous: '$4,000.00' });
    expect(byId['metric-repeat-purchase-rate']).toMatchObject({ change: '−5.0 pts', tone: 'down' });
    expect(byId['metric-median-repeat-interval']).toMatchObject({ change: '−3 days', tone: 'neutral' });
    expect(byId['metric-aov']).toMatchObject({ change: '−20.0 %', previous: '$25.00' });
    expect(byId['metric-customers'].hint).toBe('People who bought in the period.');
  });

  it('shows no change without a comparable previous period, and none where the previous figure was 0', () => {
    const none = periodTiles(comparison(NOW, BEFORE), 'USD', { allTime: true, compare: false });
    expect(none.every((t) => t.change === null && t.previous === null)).toBe(true);
    expect(none[0].hint).toBe('People who bought at least once.');
    const empty = periodTiles(comparison(NOW, metrics({})), 'USD', { allTime: false, compare: true });
    expect(empty.every((t) => t.change === null)).toBe(true);
  });

  it('shows a dash for the order value of a period without orders', () => {
    const tiles = periodTiles(comparison(metrics({}), metrics({})), 'EUR', { allTime: false, compare: false });
    expect(tiles.find((t) => t.testid === 'metric-aov')?.value).toBeNull();
  });
});

describe('period chooser', () => {
  it('offers all time first, the last 30/90/365 days and the years of the data', () => {
    expect(periodOptions([2026, 2025]).map((o) => o.key)).toEqual(['all', 'last-30', 'last-90', 'last-365', 'year-2026', 'year-2025']);
  });

  it('says what the period covers and what it is compared with', () => {
    const d = (m: number, day: number) => civilDay(2025, m, day);
    const base = { key: 'last-30', start: d(3, 3), end: d(4, 1), previousStart: d(2, 1), previousEnd: d(3, 2), previousComplete: true };
    expect(periodSentence(base, d(1, 1))).toBe('Purchases from 2025-03-03 to 2025-04-01 (30 days), compared with the 30 days before (2025-02-01 to 2025-03-02).');
    expect(periodSentence({ ...base, previousComplete: false }, d(2, 20))).toMatch(/begin on 2025-02-20, so the 30 days before are not all there and no change is shown/);
    expect(periodSentence({ ...base, key: 'all' }, d(1, 1))).toMatch(/whole history/);
  });
});

describe('brandSalesTrendOption', () => {
  it('stacks new under returning sales and totals them in an escaped tooltip', () => {
    const option = brandSalesTrendOption({ labels: ['2025-01', '2025-02'], newSales: new Float64Array([10, 20]), returningSales: new Float64Array([5, -1]) }, (v) => `$${v}`) as {
      series: { name: string; stack: string; data: number[] }[]; xAxis: { data: string[] };
      tooltip: { formatter: (items: { name: string; seriesName: string; value: number }[]) => string };
    };
    expect(option.series.map((s) => [s.name, s.stack])).toEqual([['New customers', 'sales'], ['Returning customers', 'sales']]);
    expect(option.series[1].data).toEqual([5, -1]);
    const html = option.tooltip.formatter([{ name: '<b>x', seriesName: 'New customers', value: 10 }, { name: '<b>x', seriesName: 'Returning customers', value: 5 }]);
    expect(html).toBe('&lt;b&gt;x<br/>New customers: <b>$10</b><br/>Returning customers: <b>$5</b><br/>Total: <b>$15</b>');
  });
});

describe('segmentShareOption', () => {
  it('puts the first segment on top and escapes segment names', () => {
    const option = segmentShareOption([
      { name: 'Top Tier', customers: 10, customerShare: 0.1, salesShare: 0.4 },
      { name: '<img src=x onerror=alert(1)>', customers: 90, customerShare: 0.9, salesShare: 0.6 },
    ]) as { yAxis: { data: string[] }; series: { data: number[] }[]; tooltip: { formatter: (i: { dataIndex: number }[]) => string } };
    expect(option.yAxis.data).toEqual(['<img src=x onerror=alert(1)>', 'Top Tier']);
    expect(option.series[1].data).toEqual([0.6, 0.4]);
    const html = option.tooltip.formatter([{ dataIndex: 0 }]);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('90 customers (90.0 %)');
  });
});

describe('repeat ladder', () => {
  const ladder = [
    { n: 1, customers: 1000, continued: 450, probability: 0.45 },
    { n: 2, customers: 450, continued: 270, probability: 0.6 },
    { n: 3, customers: 0, continued: 0, probability: null },
  ];
  it('plots one bar per rung with the chance as a fraction', () => {
    const option = repeatLadderOption(ladder) as { xAxis: { data: string[] }; series: { data: (number | null)[] }[] };
    expect(option.xAxis.data).toEqual(['1→2', '2→3', '3→4']);
    expect(option.series[0].data).toEqual([0.45, 0.6, null]);
  });
  it('reads each rung as a sentence with its counts', () => {
    expect(ladderSentence(ladder[1])).toBe('Of 450 customers with 2 orders, 270 (60.0 %) placed a 3rd.');
    expect(ladderSentence(ladder[0])).toBe('Of 1,000 customers with 1 order, 450 (45.0 %) placed a 2nd.');
    expect(ladderSentence(ladder[2])).toBe('No customer has placed 3 orders yet.');
  });
});
