import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/ui/charts/escape.ts';
import { brandTiles } from '../../src/ui/views/brand/brand-tiles.ts';

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
