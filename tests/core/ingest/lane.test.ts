// The import's fast lane (OrderLineSink.line) reads unquoted lines in place. It must give exactly what the
// general path gives: the same stored lines, codes, line keys (repeats included), rejects and report, for
// any file, including a second import of the same lines against the keys already stored.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Dictionary } from '../../../src/core/columns/dictionary.ts';
import { LineKeySet } from '../../../src/core/ingest/line-keys.ts';
import { ingestBytes, outcome, utf8, type Opts } from './helpers.ts';

/** Mostly values the lane reads itself, some it must hand to the general path (or that are rejected). */
const mix = (plain: string[], odd: string[]) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...plain) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
const customer = mix(['ann@shop.com', 'C-1001', '13085', 'eve', 'Frank Ü'], ['Bob@Shop.com', ' carl@shop.com', 'dora@shop.com ', '13085.0', 'Zoë', '']);
const date = mix(['2024-01-05', '2024-02-29T23:59:59+05:00', '2024-03-01 08:00', '2024-01-05 '], ['2024-02-30', ' 2024-01-05', '20240105', '05.01.2024', 'x']);
const number = mix(['12.50', '1', '-3', '0', '.5', '2.125', '0.1'], ['5.', '1,234.56', '€5', '', ' 7', '1234567890123456']);
const order = mix(['1001', '1002', 'C1003', '114-4068833-2197159', ''], [' 1004', 'Ü5']);
const sku = mix(['SKU-1', 'sku 2', ''], [' S3', 'Ünï']);
const currency = mix(['USD', 'eur', ''], [' GBP']);
const marketplace = mix(['Amazon US', 'Shopify', ''], ['Amazon DE ']);
const status = mix(['Shipped', 'cancelled', 'wc-cancelled', ''], ['Cancelled ', ' x']);

const line = fc.tuple(customer, date, number, order, number, sku, currency, marketplace, status);
type Line = [string, string, string, string, string, string, string, string, string];

const HEADER = ['customer', 'date', 'value', 'order', 'quantity', 'sku', 'currency', 'marketplace', 'status'];

function file(lines: Line[], delimiter: string, extraField: boolean): Uint8Array {
  const out = [HEADER.join(delimiter)];
  for (const l of lines) out.push([...l, ...(extraField ? ['x'] : [])].join(delimiter));
  return utf8(`${out.join('\n')}\n`);
}

/** Codes and keys too: the lane codes strings itself, so the dictionaries' order must agree. */
async function result(bytes: Uint8Array, options: Opts) {
  try {
    const r = await ingestBytes(bytes, { chunkLines: 5, sampleChars: 120, ...options }, 37);
    return { ...outcome(r), dictionaries: r.dictionaries, codes: Array.from(r.columns.customer), orders: Array.from(r.columns.order) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

let laneCodes = 0;
afterEach(() => {
  vi.restoreAllMocks();
});

function countLaneCoding(): void {
  laneCodes = 0;
  const original = Dictionary.prototype.codeRangeHashed;
  vi.spyOn(Dictionary.prototype, 'codeRangeHashed').mockImplementation(function (this: Dictionary, text: string, start: number, end: number, h: number) {
    if (end - start < text.length) laneCodes++; // coded out of the parsed text, not from a field cut out of it
    return original.call(this, text, start, end, h);
  });
}

describe('the fast lane', () => {
  it('gives what the general path gives, for any file (repeats and re-imports included)', async () => {
    countLaneCoding();
    await fc.assert(fc.asyncProperty(
      fc.array(line, { minLength: 1, maxLength: 30 }),
      fc.constantFrom(',', ';', '\t', '|'),
      fc.boolean(),
      fc.boolean(),
      fc.constantFrom(undefined, 'a1b2c3'),
      async (lines, delimiter, repeat, extraField, lineKeySalt) => {
        const all = repeat ? [...lines, ...lines.slice(0, 5)] : lines;
        const bytes = file(all as Line[], delimiter, extraField);
        const lane = await result(bytes, { lineKeySalt });
        const general = await result(bytes, { parser: 'state-machine', lineKeySalt });
        expect(lane).toEqual(general);
        if ('keys' in lane) {
          // The same file again: every line is already stored.
          const known = new LineKeySet();
          for (const k of lane.keys) known.add(k);
          const again = await result(bytes, { knownLineKeys: known, lineKeySalt });
          expect(again).toEqual(await result(bytes, { knownLineKeys: known, parser: 'state-machine', lineKeySalt }));
          if ('report' in again) expect(again.report.accepted).toBe(0);
        }
      },
    ), { numRuns: 200 });
    // The property is not empty: the lane read lines itself.
    expect(laneCodes).toBeGreaterThan(500);
  });

  it('reads plain lines in place, and a padded or upper-case one through the general path', async () => {
    const bytes = utf8('customer,date,value,order\nann@shop.com,2024-01-05,12.50,1001\n Bob@Shop.com ,2024-01-06,3,1002\nann@shop.com,2024-01-07,1.25,1003\n');
    countLaneCoding();
    const lane = await result(bytes, {});
    expect(laneCodes).toBeGreaterThan(0);
    expect(lane).toEqual(await result(bytes, { parser: 'state-machine' }));
    if (!('rows' in lane)) throw new Error(lane.error);
    expect(lane.rows.map((r) => [r.customer, r.day, r.amount, r.order])).toEqual([
      ['ann@shop.com', '2024-01-05', 12.5, '1001'],
      ['bob@shop.com', '2024-01-06', 3, '1002'],
      ['ann@shop.com', '2024-01-07', 1.25, '1003'],
    ]);
  });

  it('reads numbers to the same doubles as Number()', async () => {
    const values = ['0.1', '0.7', '27.99', '123456.789', '999999999999999', '-0.000001', '0.3000000000000000'];
    const text = `customer,date,value\n${values.map((v, i) => `c${i}@x.com,2024-01-0${(i % 9) + 1},${v}`).join('\n')}\n`;
    const r = await result(utf8(text), {});
    if (!('rows' in r)) throw new Error(r.error);
    expect(r.rows.map((row) => row.amount)).toEqual(values.map(Number));
  });

  it('salts the line keys of a pseudonymised import: other keys, and a re-import with the same salt adds nothing', async () => {
    const bytes = utf8('customer,date,value,order\nann@shop.com,2024-01-05,12.50,1001\nann@shop.com,2024-01-05,12.50,1001\nbob@shop.com,2024-01-06,3,1002\n');
    const plain = await result(bytes, {});
    const salted = await result(bytes, { lineKeySalt: 'salt-1' });
    const other = await result(bytes, { lineKeySalt: 'salt-2' });
    if (!('keys' in plain) || !('keys' in salted) || !('keys' in other)) throw new Error('not imported');
    expect(new Set(salted.keys).size).toBe(3); // the repeated line still gets a key of its own
    for (const k of salted.keys) {
      expect(plain.keys).not.toContain(k);
      expect(other.keys).not.toContain(k);
    }
    const known = new LineKeySet();
    for (const k of salted.keys) known.add(k);
    const again = await result(bytes, { lineKeySalt: 'salt-1', knownLineKeys: known });
    if (!('report' in again)) throw new Error('not imported');
    expect(again.report.accepted).toBe(0);
    expect(again.report.rejectedByReason['duplicate-line']).toBe(3);
  });
});
