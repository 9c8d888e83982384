// Chunk boundaries are where streaming parsers break: whatever the byte chunking, an import gives the same
// report, the same lines and the same line keys (or the same error).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestBytes, outcome, type Opts } from './helpers.ts';

const name = fc.oneof(
  fc.constantFrom('ann@shop.com', ' Bob@Shop.com ', 'Zoë Ñúñez', 'René', '=1+1', '<script>x</script>', 'a,b', 'say "hi"', 'line\nbreak', '😀 emoji', ''),
  fc.string({ minLength: 1, maxLength: 6 }),
);
const date = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('2024-01-05', '2024-02-29T23:59:59+05:00', '05.01.2024', '2023-12-31 08:00') },
  { weight: 1, arbitrary: fc.constantFrom('03/04/2024', '25/04/2024', '4/25/2024', 'bad', '') },
);
const value = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('12.50', '1,234.56', '1.234,56', '€5', '-3', '(4.00)', '0') },
  { weight: 1, arbitrary: fc.constantFrom('ten', '') },
);
const line = fc.tuple(name, date, value, fc.constantFrom('USD', 'EUR', ''));

interface FileShape {
  lines: [string, string, string, string][];
  delimiter: string;
  newline: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  blankLines: boolean;
}

const shape: fc.Arbitrary<FileShape> = fc.record({
  lines: fc.array(line, { minLength: 0, maxLength: 25 }),
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  newline: fc.constantFrom('\n', '\r\n'),
  encoding: fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'),
  blankLines: fc.boolean(),
});

function quote(field: string, delimiter: string): string {
  return /["\r\n]/.test(field) || field.includes(delimiter) || field.trim() !== field ? `"${field.replace(/"/g, '""')}"` : field;
}

function encode(text: string, encoding: FileShape['encoding']): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return new TextEncoder().encode(text);
    case 'utf-8-bom':
      return new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    case 'utf-16le':
    case 'utf-16be': {
      const out = new Uint8Array(2 + text.length * 2);
      const le = encoding === 'utf-16le';
      out[0] = le ? 0xff : 0xfe;
      out[1] = le ? 0xfe : 0xff;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        out[2 + 2 * i + (le ? 0 : 1)] = c & 0xff;
        out[2 + 2 * i + (le ? 1 : 0)] = c >> 8;
      }
      return out;
    }
    case 'windows-1252': {
      // Latin-1 letters only (the emoji cannot be written in Windows-1252).
      const latin = text.replace(/[^\u0000-\u00ff€]/gu, '?');
      return new Uint8Array(Array.from(latin, (ch) => (ch === '€' ? 0x80 : ch.charCodeAt(0))));
    }
  }
}

function build(s: FileShape): Uint8Array {
  const rowsOut = [['customer', 'date', 'value', 'currency'].join(s.delimiter)];
  s.lines.forEach((l, i) => {
    rowsOut.push(l.map((f) => quote(f, s.delimiter)).join(s.delimiter));
    if (s.blankLines && i % 4 === 1) rowsOut.push('');
  });
  return encode(rowsOut.join(s.newline) + s.newline, s.encoding);
}

async function attempt(bytes: Uint8Array, options: Opts, chunk: number | readonly number[]) {
  try {
    return { ok: outcome(await ingestBytes(bytes, { chunkLines: 7, ...options }, chunk)) };
  } catch (error) {
    const e = error as Error & { code?: string };
    return { error: { name: e.name, message: e.message, code: e.code } };
  }
}

describe('chunk-size invariance', () => {
  it('the same result for every chunking of the bytes', async () => {
    let imported = 0;
    await fc.assert(fc.asyncProperty(
      shape,
      fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 }),
      fc.constantFrom<Opts>({}, { dateOrder: 'dmy' }, { dateOrder: 'mdy' }, { parser: 'state-machine' }),
      // A small read-ahead sends most of the file through the streaming path rather than the sample.
      fc.constantFrom(60, 200, undefined),
      async (s, sizes, baseOptions, sampleChars) => {
        const options = { ...baseOptions, sampleChars };
        const bytes = build(s);
        const whole = await attempt(bytes, options, bytes.length || 1);
        expect(await attempt(bytes, options, sizes)).toEqual(whole);
        expect(await attempt(bytes, options, 1)).toEqual(whole);
        if (whole.ok) {
          const r = whole.ok.report;
          if (r.accepted > 0) imported++;
          expect(r.accepted + r.rejected).toBe(r.rows);
          expect(r.rows).toBe(s.lines.filter((l) => !l.every((f) => f.trim() === '')).length);
        }
      },
    ), { numRuns: 150 });
    // Most files import (the rest are refused the same way in every chunking): the property is not empty.
    expect(imported).toBeGreaterThan(75);
  });

  it('the fast path and the state machine give the same result on any such file', async () => {
    await fc.assert(fc.asyncProperty(shape, async (s) => {
      const bytes = build(s);
      const fast = await attempt(bytes, { dateOrder: 'dmy', sampleChars: 100 }, 13);
      const slow = await attempt(bytes, { dateOrder: 'dmy', parser: 'state-machine', sampleChars: 100 }, 13);
      expect(slow).toEqual(fast);
    }), { numRuns: 100 });
  });
});
