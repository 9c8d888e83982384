import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../src/core/export/csv.ts';

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', `"'\r=1"`],
    ['ann@example.com', 'ann@example.com'],
    ['<script>alert(1)</script>', '<script>alert(1)</script>'],
  ])('neutralises %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('keeps numbers as numbers, negative ones too', () => {
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(null)).toBe('');
  });
});

describe('toCsv', () => {
  it('reads back cell for cell (apart from the neutralising apostrophe)', () => {
    const rows = [['a,b', 'line\nbreak', 'quote "x"', 3], ['=1+1', '', ' padded ', -4]];
    const parsed = Papa.parse<string[]>(toCsv(['one', 'two', 'three', 'four'], rows), { skipEmptyLines: true }).data;
    expect(parsed).toEqual([['one', 'two', 'three', 'four'], ['a,b', 'line\nbreak', 'quote "x"', '3'], ["'=1+1", '', ' padded ', '-4']]);
  });
});
