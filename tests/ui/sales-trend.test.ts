import { describe, expect, it } from 'vitest';
import { salesTrendOption } from '../../src/ui/charts/options/sales-trend.ts';
import { escapeHtml } from '../../src/ui/charts/escape.ts';
import { brandTiles } from '../../src/ui/views/brand/brand-tiles.ts';

describe('salesTrendOption', () => {
  it('plots one bar per month with the given values', () => {
    const option = salesTrendOption(['2024-01', '2024-02'], new Float64Array([10.5, 20]), (v) => `$${v}`) as {
      xAxis: { data: string[] }; series: { data: number[] }[];
      tooltip: { formatter: (items: { name: string; value: number }[]) => string };
    };
    expect(option.xAxis.data).toEqual(['2024-01', '2024-02']);
    expect(option.series[0].data).toEqual([10.5, 20]);
    expect(option.tooltip.formatter([{ name: '<img src=x onerror=alert(1)>', value: 3 }])).toBe('&lt;img src=x onerror=alert(1)&gt;<br/>Sales: <b>$3</b>');
  });
});

describe('escapeHtml', () => {
  it('neutralises markup characters', () => {
    expect(escapeHtml(`<script>"a" & 'b'</script>`)).toBe('&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;');
  });
});

describe('brandTiles', () => {
  it('gives every INTERFACES handle with its plain value', () => {
    const tiles = brandTiles({
      customers: 3, orders: 5, totalSales: 1234.5, avgSalesPerCustomer: 411.5, repeatCustomers: 1, repeatOrders: 2,
      repeatPurchaseRate: 1 / 3, medianRepeatIntervalDays: null,
    });
    expect(tiles.map((t) => t.testid)).toEqual([
      'metric-customers', 'metric-total-orders', 'metric-total-sales', 'metric-avg-sales-per-customer',
      'metric-repeat-customers', 'metric-repeat-orders', 'metric-repeat-purchase-rate', 'metric-median-repeat-interval',
    ]);
    expect(tiles[2].display).toBe('$1,234.50');
    expect(tiles[6]).toMatchObject({ value: 1 / 3, display: '33.3 %' });
    expect(tiles[7]).toMatchObject({ value: null, display: '—' });
  });
});
