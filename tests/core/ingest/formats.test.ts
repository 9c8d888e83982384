import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  detectFormat, mappingKey, normaliseHeaderName, planFor, planFromMapping, suggestMapping,
} from '../../../src/core/ingest/formats.ts';
import { DATASETS, fixture, ingestAnyBytes } from './helpers.ts';

const realHeader = (name: string, delimiter: string) => readFileSync(`${DATASETS}formats/${name}`, 'utf8').split('\n')[0].split(delimiter);

describe('formats recognised from their headers', () => {
  it('knows the real Amazon All Orders and Shopify orders_export headers', () => {
    expect(detectFormat(realHeader('amazon_all_orders_header.tsv', '\t'))).toBe('amazon');
    expect(detectFormat(realHeader('amazon_all_orders_example_row.tsv', '\t'))).toBe('amazon');
    expect(detectFormat(realHeader('shopify_orders_export_header.csv', ','))).toBe('shopify');
    const all = planFor('amazon', realHeader('amazon_all_orders_header.tsv', '\t'));
    expect(all).toMatchObject({ plan: { variant: 'all-orders', identity: 'approximate' } });
  });

  it('knows both namings of the UCI Online Retail data, CDNOW, events and summaries', () => {
    expect(detectFormat('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'.split(','))).toBe('online-retail');
    expect(detectFormat('Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country'.split(','))).toBe('online-retail');
    expect(detectFormat(['customer_id', 'date', 'number_of_cds', 'dollar_value'])).toBe('cdnow');
    expect(detectFormat(['Customer', 'Date', 'Value'])).toBe('events');
    expect(detectFormat(['user_id', 'timestamp', 'revenue', 'order_id'])).toBe('events');
    expect(detectFormat(['ID', 'frequency', 'recency', 'T'])).toBe('summary');
    expect(detectFormat(['Kundennummer', 'Bestelldatum', 'Umsatz'])).toBeNull();
  });

  it.each([
    ['amazon-all-orders.tsv', 'amazon', 'all-orders', 'approximate'],
    ['amazon-merchant-orders.txt', 'amazon', 'buyer-email', 'exact'],
    ['shopify-orders-export.csv', 'shopify', 'orders-export', 'exact'],
    ['woocommerce-orders.csv', 'woocommerce', 'line-items', 'exact'],
    ['woocommerce-analytics-orders.csv', 'woocommerce', 'analytics', 'approximate'],
    ['online-retail-ii.csv', 'online-retail', 'online-retail-ii', 'exact'],
    ['events-eu.csv', 'events', 'events', 'exact'],
    ['customer-summary.csv', 'summary', 'summary', 'exact'],
  ])('%s is recognised without --format as %s (%s)', async (name, format, variant, identity) => {
    const result = await ingestAnyBytes(fixture(name));
    expect(result.report).toMatchObject({ format, variant, identity });
    expect(result.kind).toBe(format === 'summary' ? 'summary' : 'orders');
  });

  it('names the columns a forced format lacks', () => {
    const result = planFor('shopify', ['Name', 'Email', 'Created at']);
    expect(result).toMatchObject({ missing: ['Lineitem quantity', 'Lineitem price'] });
    expect('error' in result && result.error).toMatch(/Lineitem quantity, Lineitem price columns for the shopify format/);
  });
});

describe('column mappings', () => {
  const header = ['Kundennummer', 'Bestelldatum', 'Umsatz', 'Beleg'];

  it('maps columns by name, whatever their case and spacing, or by number', () => {
    const p = planFromMapping(header, { customer: 'kundennummer', date: ' BESTELLDATUM ', value: '3', order: 'Beleg' });
    expect(p).toMatchObject({ plan: { customer: 0, date: 1, amount: 2, order: 3, variant: 'mapped', format: 'events' } });
  });

  it('says which mapped columns the header does not have', () => {
    const p = planFromMapping(header, { customer: 'Kunde', date: 'Bestelldatum', value: 'Umsatz' });
    expect(p).toMatchObject({ missing: ['customer = "Kunde"'] });
    expect(planFromMapping(header, { customer: 'Beleg', date: 'Bestelldatum' } as never)).toMatchObject({ missing: ['value'] });
  });

  it('keys a header so that the same columns find their saved mapping again', () => {
    expect(mappingKey(header)).toBe(mappingKey(['kundennummer ', 'BESTELLDATUM', 'umsatz', 'beleg']));
    expect(mappingKey(header)).not.toBe(mappingKey([...header].reverse()));
    expect(mappingKey(header)).not.toBe(mappingKey(header.slice(0, 3)));
    expect(normaliseHeaderName('\ufeffLineitem  Quantity ')).toBe('lineitem_quantity');
  });

  it('suggests the columns whose names say what they are', () => {
    expect(suggestMapping(['Order ID', 'E-mail', 'Order Date', 'Total', 'Qty'])).toEqual({
      customer: 'E-mail', date: 'Order Date', value: 'Total', order: 'Order ID', quantity: 'Qty',
    });
  });
});
