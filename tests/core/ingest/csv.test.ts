import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, detectDelimiter, detectNewline, RecordReader, type Delimiter, type Newline } from '../../../src/core/ingest/csv.ts';

interface Read {
  records: string[][];
  lines: number[];
  malformed: { line: number; column: number }[];
}

function read(pieces: readonly string[], delimiter: Delimiter = ',', newline: Newline = '\n', slowOnly = false): Read {
  const out: Read = { records: [], lines: [], malformed: [] };
  const reader = new RecordReader(delimiter, newline, {
    record: (fields, line) => {
      out.records.push(fields);
      out.lines.push(line);
    },
    malformed: (line, column) => out.malformed.push({ line, column }),
  }, slowOnly);
  for (const p of pieces) reader.push(p);
  reader.end();
  return out;
}

/** The text cut at the given offsets. */
function cut(text: string, offsets: readonly number[]): string[] {
  const points = [...new Set(offsets.map((o) => Math.min(text.length, o)))].sort((a, b) => a - b);
  const out: string[] = [];
  let at = 0;
  for (const p of points) {
    out.push(text.slice(at, p));
    at = p;
  }
  out.push(text.slice(at));
  return out;
}

const field = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', '"', '""', ',', ';', '\n', '\r\n', 'a,b', 'say "hi"', ' lead', 'trail ', 'é€😀', '=1+1', '<b>x</b>'),
);
const table = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 });

function quote(value: string, delimiter: string, force: boolean): string {
  return force || /["\r\n]/.test(value) || value.includes(delimiter) ? `"${value.replace(/"/g, '""')}"` : value;
}

describe('RecordReader', () => {
  it('reads RFC 4180 exactly as PapaParse does, on both paths, whatever the pieces', () => {
    fc.assert(fc.property(table, fc.boolean(), fc.array(fc.nat(400), { maxLength: 6 }), (rowsIn, quoteAll, offsets) => {
      // A record of one empty field is a blank line to both parsers; keep records that say something.
      const data = rowsIn.filter((r) => !(r.length === 1 && r[0] === ''));
      fc.pre(data.length > 0);
      const text = data.map((r) => r.map((f) => quote(f, ',', quoteAll)).join(',')).join('\r\n');
      const papa = Papa.parse<string[]>(text, { delimiter: ',', newline: '\r\n' });
      expect(papa.errors).toEqual([]);
      const fast = read(cut(text, offsets));
      const slow = read(cut(text, offsets), ',', '\n', true);
      expect(fast.records).toEqual(papa.data);
      expect(slow.records).toEqual(papa.data);
      expect(fast.lines).toEqual(slow.lines);
      expect(fast.malformed).toEqual([]);
    }), { numRuns: 400 });
  });

  it('numbers records by the physical line they start on, across quoted line breaks', () => {
    const text = 'h1,h2\na,"x\ny\nz"\nb,c\n"q\r\nr",d\r\ne,f';
    const r = read([text]);
    expect(r.records).toEqual([['h1', 'h2'], ['a', 'x\ny\nz'], ['b', 'c'], ['q\r\nr', 'd'], ['e', 'f']]);
    expect(r.lines).toEqual([1, 2, 5, 6, 8]);
  });

  it('handles CRLF, bare CR files, blank lines and trailing delimiters', () => {
    expect(read(['a,b\r\n\r\nc,d,\r\n']).records).toEqual([['a', 'b'], [''], ['c', 'd', '']]);
    expect(read(['a,b\rc,"d\re"\r'], ',', '\r').records).toEqual([['a', 'b'], ['c', 'd\re']]);
    expect(read(['a,b\rc,"d\re"\r'], ',', '\r').lines).toEqual([1, 2]);
    expect(read(['x\ty\n1\t2\n'], '\t').records).toEqual([['x', 'y'], ['1', '2']]);
    expect(read(['  a   b  c \n\n d e\n'], 'whitespace').records).toEqual([['a', 'b', 'c'], [''], ['d', 'e']]);
  });

  it('keeps quotes inside an unquoted field as text (as PapaParse does)', () => {
    const text = 'Ann 5" vinyl,x\nb,c';
    expect(read([text]).records).toEqual(Papa.parse<string[]>(text).data);
  });

  it('reports text after a closing quote as a malformed record and reads on', () => {
    const r = read(['a,b\n"x"y,z\nc,d\n']);
    expect(r.records).toEqual([['a', 'b'], ['c', 'd']]);
    expect(r.malformed).toEqual([{ line: 2, column: 1 }]);
    expect(r.lines).toEqual([1, 3]);
  });

  it('says where a quote that never closes opens', () => {
    let error: unknown;
    try {
      read(['a,b\nc,d\ne,"f\ng,h\n']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error).toMatchObject({ line: 3, column: 2, code: 'unterminated-quote' });
  });

  it('reads a 1 MB field in small pieces', () => {
    const big = 'x'.repeat(1 << 20);
    const text = `a,b\n"${big}",1\n${big},2\n`;
    const pieces = cut(text, Array.from({ length: 300 }, (_, i) => i * 7001));
    const r = read(pieces);
    expect(r.records.map((f) => f[0].length)).toEqual([1, 1 << 20, 1 << 20]);
    expect(r.lines).toEqual([1, 2, 3]);
  });
});

describe('dialect detection', () => {
  it('finds the delimiter that the lines agree on', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n', '\n')).toBe(',');
    expect(detectDelimiter('a;b;c\n"1,5";2;3\n', '\n')).toBe(';');
    expect(detectDelimiter('name\tnote\nx\ta, b, c, d\n', '\n')).toBe('\t');
    expect(detectDelimiter('a|b\n1|2', '\n')).toBe('|');
    expect(detectDelimiter(' customer_id  date value\n 1 19970101 2\n', '\n')).toBe('whitespace');
  });

  it('tells CR-only files from LF and CRLF ones', () => {
    expect(detectNewline('a\r\nb')).toBe('\n');
    expect(detectNewline('a\nb')).toBe('\n');
    expect(detectNewline('a\rb\r')).toBe('\r');
    expect(detectNewline('abc')).toBe('\n');
  });
});
