import { describe, expect, it } from 'vitest';
import { AmountReader, decimalEvidence, detectDecimalSeparator, parseDay, parseNumber } from '../../../src/core/ingest/values.ts';

describe('amounts', () => {
  const dot = new AmountReader('.');
  const comma = new AmountReader(',');

  it.each([
    ['12.5', 12.5, 12.5],
    ['-3', -3, -3],
    ['0', 0, 0],
    ['1,234.56', 1234.56, 1234.56],
    ['1.234,56', 1234.56, 1234.56],
    ['12,50', 12.5, 12.5],
    ['12.50', 12.5, 12.5],
    ['1 234,56', 1234.56, 1234.56],
    ["1'234.50", 1234.5, 1234.5],
    ['1,234,567', 1234567, 1234567],
    ['1.234.567', 1234567, 1234567],
    ['(12.00)', -12, -12],
    ['12.00-', -12, -12],
    ['−7.5', -7.5, -7.5],
    ['1e3', 1000, 1000],
  ])('%s reads as %s (decimal point file) and %s (decimal comma file)', (text, inDotFile, inCommaFile) => {
    expect(dot.read(text)).toBe(inDotFile);
    expect(comma.read(text)).toBe(inCommaFile);
  });

  it('reads an ambiguous group by the file\'s separator', () => {
    expect(dot.read('1,234')).toBe(1234);
    expect(comma.read('1,234')).toBe(1.234);
    expect(dot.read('1.234')).toBe(1.234);
    expect(comma.read('1.234')).toBe(1234);
  });

  it('takes currency symbols and codes off, and says which currency they name', () => {
    const r = new AmountReader('.');
    expect(r.read('€ 12,50')).toBe(12.5);
    expect(r.currency).toBe('EUR');
    expect(r.read('£1,299.00')).toBe(1299);
    expect(r.currency).toBe('GBP');
    expect(r.read('12.50 CHF')).toBe(12.5);
    expect(r.currency).toBe('CHF');
    expect(r.read('-$4.99')).toBe(-4.99);
    expect(r.currency).toBeNull();
    expect(r.read('USD 7')).toBe(7);
    expect(r.currency).toBe('USD');
  });

  it.each(['', ' ', 'ten', '1,2,3', '1.2.3', '0x10', 'Infinity', '--5', '12abc', '=1+1'])('%j is not an amount', (text) => {
    expect(dot.read(text)).toBeNull();
    expect(comma.read(text)).toBeNull();
  });

  it('decides a file\'s decimal separator from the values that can only be one', () => {
    expect(decimalEvidence('12,50')).toBe(1);
    expect(decimalEvidence('1.234,5')).toBe(1);
    expect(decimalEvidence('12.50')).toBe(-1);
    expect(decimalEvidence('1,234')).toBe(0);
    expect(detectDecimalSeparator(['1,234', '12,50', '3'], ',')).toBe(',');
    expect(detectDecimalSeparator(['1,234', '12.5'], ';')).toBe('.');
    expect(detectDecimalSeparator(['1,234', '7'], ';')).toBe(',');
    expect(detectDecimalSeparator(['1,234', '7'], ',')).toBe('.');
  });
});

describe('foundation helpers', () => {
  it('parseDay reads only unambiguous dates', () => {
    expect(parseDay('1997-01-01')).toBe(9862);
    expect(parseDay('19970101')).toBe(9862);
    expect(parseDay('03/04/2024')).toBeNull();
    expect(parseDay('25/04/2024')).not.toBeNull();
  });

  it('parseNumber reads plain numbers only', () => {
    expect(parseNumber(' 12.5 ')).toBe(12.5);
    expect(parseNumber('1,5')).toBeNull();
  });
});
