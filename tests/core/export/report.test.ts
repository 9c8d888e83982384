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
