// The import page's pure words and decisions: format names, both readings of an ambiguous date, column
// references that find the same column again, mapping problems, and the rejects CSV.
import { describe, expect, it } from 'vitest';
import {
  columnIndex, columnReference, dateReadings, formatName, mappingOf, mappingProblem, reasonText, rejectsCsv, rejectsFileName,
} from '../../src/ui/views/import/import-text.ts';

describe('formatName', () => {
  it('names formats and their variants in the seller\u2019s words', () => {
    expect(formatName('amazon', 'all-orders')).toBe('Amazon All Orders report');
    expect(formatName('amazon', 'buyer-email')).toBe('Amazon order report (with buyer e-mail)');
    expect(formatName('shopify', 'orders')).toBe('Shopify orders export');
    expect(formatName('events', 'mapped')).toBe('your own columns (column mapping)');
    expect(formatName('something-new')).toBe('something-new');
  });
});

describe('dateReadings', () => {
  it('reads a slash date day first and month first', () => {
    expect(dateReadings('05/01/2024')).toEqual({ dmy: '5 January 2024', mdy: 'May 1, 2024' });
    expect(dateReadings('03.04.24 10:00')).toEqual({ dmy: '3 April 2024', mdy: 'March 4, 2024' });
  });
  it('gives nothing for dates that read one way only or are no dates', () => {
    expect(dateReadings('25/04/2024')).toBeNull();
    expect(dateReadings('2024-04-03')).toBeNull();
    expect(dateReadings('')).toBeNull();
  });
});

describe('column references', () => {
  const header = ['Kunde', 'Datum', 'kunde', '2024', ''];
  it('uses the name when it is unique, else the 1-based column number', () => {
    expect(columnReference(header, 1)).toBe('Datum');
    expect(columnReference(header, 0)).toBe('Kunde');
    expect(columnReference(header, 2)).toBe('3');
    expect(columnReference(header, 3)).toBe('4');
    expect(columnReference(header, 4)).toBe('5');
  });
  it('reads references back to the same columns', () => {
    for (let i = 0; i < header.length; i++) expect(columnIndex(header, columnReference(header, i))).toBe(i);
    expect(columnIndex(header, ' DATUM ')).toBe(1);
    expect(columnIndex(header, 'nope')).toBe(-1);
    expect(columnIndex(header, undefined)).toBe(-1);
  });
  it('builds the mapping from the chosen columns, leaving out those not chosen', () => {
    expect(mappingOf(header, { customer: 0, date: 1, value: 3, order: -1 })).toEqual({ customer: 'Kunde', date: 'Datum', value: '4' });
  });
});

describe('mappingProblem', () => {
  it('asks for the required columns, then for distinct ones', () => {
    expect(mappingProblem({})).toBe('Choose the customer, order date, amount columns.');
    expect(mappingProblem({ customer: 0, date: 1 })).toBe('Choose the amount column.');
    expect(mappingProblem({ customer: 0, date: 1, value: 1 })).toBe('Order date and amount are the same column; each needs its own.');
    expect(mappingProblem({ customer: 0, date: 1, value: 2, sku: -1 })).toBeNull();
  });
});

describe('rejects CSV', () => {
  it('writes file, line, column, reason and detail, with formula-like text neutralised', () => {
    const csv = rejectsCsv('orders.csv', [
      { line: 3, column: 2, reason: 'bad-date', detail: 'date "=HYPERLINK(1)" is not a date' },
      { line: 9, column: null, reason: 'wrong-field-count', detail: '=1+1' },
    ]);
    expect(csv).toBe('file,line,column,reason,detail\r\norders.csv,3,2,bad-date,"date ""=HYPERLINK(1)"" is not a date"\r\norders.csv,9,,wrong-field-count,\'=1+1\r\n');
    expect(rejectsFileName('orders.2024.csv')).toBe('orders.2024-rejected-lines.csv');
    expect(reasonText('missing-customer')).toBe('no customer');
  });
});
