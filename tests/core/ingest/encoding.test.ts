import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryReason, decodeWindows1252, isUtf8, sniffEncoding, StreamDecoder, ENCODING_WINDOW } from '../../../src/core/ingest/encoding.ts';
import { fixture, ingestBytes, rows, utf8 } from './helpers.ts';

function decodeInPieces(bytes: Uint8Array, sizes: readonly number[], encoding: ReturnType<typeof sniffEncoding>['encoding'] = null) {
  const d = new StreamDecoder(encoding);
  let text = '';
  let at = 0;
  let k = 0;
  while (at < bytes.length) {
    const n = Math.max(1, sizes.length ? sizes[k++ % sizes.length] : bytes.length);
    text += d.push(bytes.subarray(at, at + n));
    at += n;
  }
  return { text: text + d.end(), encoding: d.encoding, replaced: d.replaced };
}

describe('encodings, from real bytes', () => {
  const expected = [
    { customer: 'José Müller', amount: 12.5 },
    { customer: 'Zoë "Z" Ñúñez', amount: 3 },
  ];

  it.each([
    ['encoding-utf8-bom.csv', 'utf-8'],
    ['encoding-utf16le-bom.csv', 'utf-16le'],
    ['encoding-utf16be-bom.csv', 'utf-16be'],
  ])('%s reads as %s with its BOM removed', async (name, encoding) => {
    const bytes = fixture(name);
    for (const chunk of [1, 3, bytes.length]) {
      const result = await ingestBytes(bytes, {}, chunk);
      expect(result.report).toMatchObject({ encoding, bom: true, rows: 2, accepted: 2, replacedCharacters: 0 });
      expect(result.report.header).toEqual(['customer', 'date', 'value']);
      expect(rows(result).map(({ customer, amount }) => ({ customer, amount }))).toEqual(expected);
    }
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8 (Excel on Windows)', async () => {
    const bytes = fixture('encoding-windows-1252.csv');
    expect(isUtf8(bytes)).toBe(false);
    const result = await ingestBytes(bytes, {}, 5);
    expect(result.report).toMatchObject({ encoding: 'windows-1252', bom: false, delimiter: ';', accepted: 2 });
    expect(rows(result).map((r) => [r.customer, r.amount, r.currency, r.day])).toEqual([
      ['José Müller', 12.5, 'EUR', '2024-01-05'],
      ['René – Zoë', 3, 'EUR', '2024-01-06'],
    ]);
  });

  it('decodes Windows-1252 by the WHATWG table (0x80-0x9F differ from Latin-1)', () => {
    expect(decodeWindows1252(new Uint8Array([0x80, 0x96, 0x9f, 0xe9, 0x41]))).toBe('€–Ÿé' + 'A');
  });

  it('recognises UTF-16 without a BOM by its zero bytes', () => {
    const text = 'customer,date,value\nann,2024-01-01,5\n';
    const le = new Uint8Array(text.length * 2);
    const be = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      le[2 * i] = text.charCodeAt(i);
      be[2 * i + 1] = text.charCodeAt(i);
    }
    expect(sniffEncoding(le)).toEqual({ encoding: 'utf-16le', bomLength: 0 });
    expect(sniffEncoding(be)).toEqual({ encoding: 'utf-16be', bomLength: 0 });
    expect(decodeInPieces(be, [3], 'utf-16be').text).toBe(text);
  });

  it('decides UTF-8 or Windows-1252 the same way for every chunking', () => {
    const asciiHead = 'x'.repeat(5000);
    const cases = [
      utf8(`${asciiHead}Müller €5 ${'y'.repeat(ENCODING_WINDOW)}`),
      new Uint8Array([...utf8(asciiHead), 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x80]),
      utf8('😀 at the very start'),
    ];
    for (const bytes of cases) {
      const whole = decodeInPieces(bytes, []);
      fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        expect(decodeInPieces(bytes, sizes)).toEqual(whole);
      }), { numRuns: 60 });
    }
    expect(decodeInPieces(cases[0], []).encoding).toBe('utf-8');
    expect(decodeInPieces(cases[1], []).text.endsWith('Müller€')).toBe(true);
  });

  it('counts bytes that are not valid in UTF-8 once the file is judged UTF-8', () => {
    const bytes = new Uint8Array([...utf8(`é${'a'.repeat(ENCODING_WINDOW)}`), 0xff, 0x41]);
    const out = decodeInPieces(bytes, [1000]);
    expect(out.encoding).toBe('utf-8');
    expect(out.replaced).toBe(1);
    expect(out.text.endsWith('\ufffdA')).toBe(true);
  });

  it('validates UTF-8 strictly (overlongs and surrogates are not UTF-8)', () => {
    expect(isUtf8(utf8('plain é € 😀'))).toBe(true);
    expect(isUtf8(new Uint8Array([0xc0, 0xaf]))).toBe(false);
    expect(isUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(false);
    expect(isUtf8(new Uint8Array([0x41, 0xe2, 0x82]))).toBe(true); // cut by the window's end
  });
});

describe('files that are not text', () => {
  it('names spreadsheets, archives and binaries', async () => {
    expect(binaryReason(fixture('workbook.xlsx'), null)).toMatch(/xlsx/);
    expect(binaryReason(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), null)).toMatch(/\.xls workbook/);
    expect(binaryReason(utf8('%PDF-1.7'), null)).toMatch(/PDF/);
    expect(binaryReason(new Uint8Array([0x1f, 0x8b, 8, 0]), null)).toMatch(/gzip/);
    expect(binaryReason(new Uint8Array([1, 2, 3, 0, 5]), null)).toMatch(/binary/);
    expect(binaryReason(utf8('customer,date,value\n'), null)).toBeNull();
  });

  it('refuses an .xlsx given as CSV with a sentence, not a crash', async () => {
    await expect(ingestBytes(fixture('workbook.xlsx'), { fileName: 'orders.csv' }, 7)).rejects.toMatchObject({
      name: 'IngestError', code: 'binary', message: expect.stringMatching(/^orders\.csv, line 1: this is a ZIP archive/),
    });
  });
});
