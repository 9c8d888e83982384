import { describe, expect, it } from 'vitest';
import { analyzeTable } from '../../../src/core/analytics/analysis.ts';
import { salesByMonth } from '../../../src/core/analytics/brand.ts';
import { buildCustomers } from '../../../src/core/analytics/customers.ts';
import { concatColumns, type OrderLineColumns } from '../../../src/core/columns/table.ts';
import { buildReportHtml } from '../../../src/core/export/report.ts';
import { formatDay } from '../../../src/core/ingest/dates.ts';
import { generateSampleStore } from '../../../src/core/sample/store.ts';

describe('shareable report', () => {
  it('holds the figures but no customer id, email, order id or SKU of the data', async () => {
    const chunks: OrderLineColumns[] = [];
    const store = await generateSampleStore({ customers: 2000, seed: 7, onChunk: (c) => void chunks.push(c) });
    const table = { columns: concatColumns(chunks), dictionaries: store.dictionaries };
    const usd = store.dictionaries.currency.indexOf('USD');
    const result = analyzeTable(table, [], { currency: usd });
    const { months, sales } = salesByMonth(buildCustomers(table, { currency: usd }), (d) => formatDay(d).slice(0, 7));
    const html = buildReportHtml({
      storeName: '<script>alert(1)</script> Coffee & Co', currency: 'USD', period: result.period, metrics: result.metrics,
      months, monthlySales: sales, segments: result.segments, createdAt: '2026-11-23',
    });
    expect(html).toContain(result.metrics.customers.toLocaleString('en-US'));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Coffee &amp; Co');
    expect(html).not.toMatch(/<script/i);
    for (const id of store.dictionaries.customer) expect(html.includes(id), id).toBe(false);
    for (const order of store.dictionaries.order.slice(0, 500)) expect(html.includes(order), order).toBe(false);
    expect(html).not.toContain('@example.com');
  });
});

describe('shareable report with chart images', () => {
  // The smallest valid PNG (1 x 1, transparent) as a data URL.
  const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
  const base = {
    storeName: 'Coffee', currency: 'USD', period: { first: '2024-01-01', asOf: '2024-12-31' },
    metrics: { customers: 10, orders: 20, totalSales: 500, avgSalesPerCustomer: 50, repeatCustomers: 4, repeatOrders: 10, repeatPurchaseRate: 0.4, medianRepeatIntervalDays: 30 },
    months: ['2024-01', '2024-02'], monthlySales: [200, 300], segments: { map: 'amazon', counts: { 'Top Tier': 4, Hibernating: 6 } }, createdAt: '2026-11-23',
  };

  it('puts each image where it belongs, in place of the drawn bar chart, with its text alternative escaped', () => {
    const html = buildReportHtml({
      ...base,
      charts: [
        { place: 'sales', title: 'Sales trend', alt: 'Bars of <sales> & "returns"', png: PNG },
        { place: 'segments', title: 'Segments', alt: 'Segment shares', png: PNG },
        { place: 'end', title: 'Repeat <ladder>', alt: 'Ladder', png: PNG },
      ],
    });
    expect(html).not.toContain('<svg');
    expect(html.match(/<img /g)).toHaveLength(3);
    expect(html).toContain(`<img src="${PNG}" alt="Bars of &lt;sales&gt; &amp; &quot;returns&quot;">`);
    expect(html).toContain('<h2>Sales trend</h2>');
    expect(html).toContain('<h2>Repeat &lt;ladder&gt;</h2>');
    // Sales chart before the monthly table, segment chart inside the segments section, ladder last.
    const order = ['alt="Bars of', '<th>Month</th>', 'Customer segments', 'alt="Segment shares"', '<th>Segment</th>', 'alt="Ladder"'].map((s) => html.indexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).not.toMatch(/<script/i);
  });

  it('keeps the drawn bar chart when no image is given', () => {
    const html = buildReportHtml(base);
    expect(html).toContain('<svg viewBox=');
    expect(html).toContain('<h2>Sales by month</h2>');
    expect(html).not.toContain('<img');
  });

  it('refuses anything but a PNG data URL, so no markup or request can ride in an image', () => {
    const bad = [
      'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+',
      `${PNG}" onerror="alert(1)`,
      'http://x.invalid/chart.png',
      'data:image/png;base64,AAAA',
      'data:text/html;base64,iVBORw0KGgo',
    ];
    for (const png of bad) {
      expect(() => buildReportHtml({ ...base, charts: [{ place: 'end', title: 'x', alt: 'x', png }] }), png).toThrow(/not a PNG image/);
    }
  });
});
