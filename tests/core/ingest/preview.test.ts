import { describe, expect, it } from 'vitest';
import { previewFile, PREVIEW_ROWS } from '../../../src/core/ingest/preview.ts';
import { mappingKey } from '../../../src/core/ingest/formats.ts';
import { fixture, utf8 } from './helpers.ts';

describe('previewFile', () => {
  it('shows a known export: format, dialect, header, 20 rows', () => {
    const lines = ['customer;date;value', ...Array.from({ length: 30 }, (_, i) => `c${i};2024-01-${String(1 + (i % 28)).padStart(2, '0')};${i},50`)];
    const p = previewFile(utf8(lines.join('\r\n')));
    expect(p).toMatchObject({
      encoding: 'utf-8', bom: false, delimiter: ';', newline: '\n', format: 'events', kind: 'orders', identity: 'exact',
      decimalSeparator: ',', dateOrder: null, dateOrderAmbiguous: false, problem: null, complete: true,
    });
    expect(p.header).toEqual(['customer', 'date', 'value']);
    expect(p.rows).toHaveLength(PREVIEW_ROWS);
    expect(p.rows[0]).toEqual(['c0', '2024-01-01', '0,50']);
    expect(p.rowLines.slice(0, 3)).toEqual([2, 3, 4]);
    expect(p.mappingKey).toBe(mappingKey(['customer', 'date', 'value']));
  });

  it('an unknown header: no format, a problem, suggested columns, and an open day/month order', () => {
    const p = previewFile(fixture('custom-export.csv'));
    expect(p).toMatchObject({ format: null, kind: null, problemCode: 'unknown-format', dateOrderAmbiguous: true, dateExample: { line: 2, text: '05/01/2024' } });
    expect(p.problem).toMatch(/mapping/);
    const mapped = previewFile(fixture('custom-export.csv'), { mapping: { customer: 'Kundennummer', date: 'Bestelldatum', value: 'Umsatz' } });
    expect(mapped).toMatchObject({ format: 'events', variant: 'mapped', problem: null, dateOrderAmbiguous: true });
    const told = previewFile(fixture('custom-export.csv'), { mapping: { customer: 'Kundennummer', date: 'Bestelldatum', value: 'Umsatz' }, dateOrder: 'dmy' });
    expect(told).toMatchObject({ dateOrder: 'dmy', dateOrderAmbiguous: false });
  });

  it('a date in the rows settles the order', () => {
    const p = previewFile(utf8('customer,date,value\na,03/04/2024,1\nb,13/04/2024,2\n'));
    expect(p).toMatchObject({ dateOrder: 'dmy', dateOrderAmbiguous: false });
  });

  it('the first bytes of a longer file: the cut last line is not shown', () => {
    const text = 'customer,date,value\na,2024-01-01,1\nb,2024-01-02,2\nc,2024-0';
    const p = previewFile(utf8(text), { complete: false });
    expect(p.rows).toEqual([['a', '2024-01-01', '1'], ['b', '2024-01-02', '2']]);
    expect(p.complete).toBe(false);
  });

  it('knows the Amazon All Orders report, and says its identity is approximate', () => {
    const p = previewFile(fixture('amazon-all-orders.tsv'));
    expect(p).toMatchObject({ format: 'amazon', variant: 'all-orders', identity: 'approximate', delimiter: '\t' });
  });

  it('encodings and a saved mapping', () => {
    expect(previewFile(fixture('encoding-utf16be-bom.csv'))).toMatchObject({ encoding: 'utf-16be', bom: true, rows: [['José Müller', '2024-01-05', '12.50'], ['Zoë "Z" Ñúñez', '2024-01-06', '3.00']] });
    expect(previewFile(fixture('encoding-windows-1252.csv')).rows[1][0]).toBe('René – Zoë');
    const key = previewFile(fixture('custom-export.csv')).mappingKey;
    const saved = { [key]: { customer: 'Kundennummer', date: 'Bestelldatum', value: 'Umsatz' } };
    expect(previewFile(fixture('custom-export.csv'), { savedMappings: saved })).toMatchObject({ format: 'events', mapping: saved[key] });
  });

  it('refuses only what no choice can fix', () => {
    expect(() => previewFile(new Uint8Array(0))).toThrow(/empty/);
    expect(() => previewFile(fixture('workbook.xlsx'), { fileName: 'orders.csv' })).toThrow(/^orders\.csv, line 1: this is a ZIP archive/);
    expect(previewFile(utf8('just one column\nx\n')).problemCode).toBe('unknown-format');
  });
});
