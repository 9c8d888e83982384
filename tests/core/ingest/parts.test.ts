// A file read in parts (core/ingest/parts.ts) must give exactly what one reading gives: the same stored
// lines, codes, dictionaries, line keys and report (rejects' line numbers included), or say that it cannot,
// for any file and any cut. The property also checks that the parts are not always refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatColumns, type OrderLineColumns } from '../../../src/core/columns/table.ts';
import { ingestPart, PartFallback, type IngestOptions, type PartResult } from '../../../src/core/ingest/ingest.ts';
import { afterLineBreak, laterPart, mergeParts, partsForCores, remapChunk, renumberRepeats } from '../../../src/core/ingest/parts.ts';
import { hashFields, lastKeyState, LineKeySet, repeatKey, repeatKeyAfter } from '../../../src/core/ingest/line-keys.ts';
import { readFileSync } from 'node:fs';
import { DATASETS, ingestBytes, outcome, pieces, utf8 } from './helpers.ts';

type Opts = Partial<IngestOptions>;

/** Reads `bytes` in parts starting at the line breaks after `cuts`: the merged result, or why not. */
async function inParts(bytes: Uint8Array, cuts: number[], options: Opts, piece = 29) {
  const starts = [0];
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const from = Math.max(cut, starts[starts.length - 1]);
    const at = afterLineBreak(bytes.subarray(from), 10);
    if (at >= 0 && from + at < bytes.length && from + at > starts[starts.length - 1]) starts.push(from + at);
  }
  starts.push(bytes.length);
  const chunks: OrderLineColumns[][] = [];
  const results: PartResult[] = [];
  try {
    for (let k = 0; k + 1 < starts.length; k++) {
      const own: OrderLineColumns[] = [];
      chunks.push(own);
      results.push(await ingestPart(pieces(bytes.subarray(starts[k], starts[k + 1]), piece), {
        fileName: 'test.csv', chunkLines: 5, sampleChars: 120, ...options,
        head: k === 0 ? undefined : pieces(bytes.subarray(0, Math.min(bytes.length, 4 << 20)), piece + 2), last: k === starts.length - 2,
        onChunk: (c) => void own.push(c),
      }));
    }
  } catch (error) {
    if (error instanceof PartFallback) return { fallback: error.message };
    throw error;
  }
  const later = results.slice(1).map((r) => laterPart(r, options.dictionaries));
  const merged = mergeParts(results[0], later, { start: options.dictionaries, maxRejectsListed: options.maxRejectsListed ?? 100_000, knownKeys: options.knownLineKeys !== undefined });
  if (!merged.ok) return { fallback: merged.reason };
  for (let k = 1; k < chunks.length; k++) {
    for (const c of chunks[k]) remapChunk(c, merged.remaps[k - 1]);
    renumberRepeats(chunks[k], later[k - 1], merged.repeatsBefore[k - 1], options.lineKeySalt ?? null);
  }
  const columns = concatColumns(chunks.flat());
  const r = { report: merged.report, dictionaries: merged.dictionaries, columns, chunks: 0 };
  return { parts: starts.length - 1, ...outcome(r), dictionaries: r.dictionaries, codes: Array.from(columns.customer), orders: Array.from(columns.order) };
}

async function whole(bytes: Uint8Array, options: Opts, piece = 37) {
  const r = await ingestBytes(bytes, { chunkLines: 5, sampleChars: 120, ...options }, piece);
  return { ...outcome(r), dictionaries: r.dictionaries, codes: Array.from(r.columns.customer), orders: Array.from(r.columns.order) };
}

const pick = (plain: string[], odd: string[]) => fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...plain) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
const customer = pick(['ann@shop.com', 'C-1001', 'bob@shop.com', 'eve', 'carl'], ['', ' Carl ', '"dora, d"', '"multi\nline"', 'Zoë']);
const date = pick(['2024-01-05', '2024-03-01 08:00', '2024-02-29T23:59:59+05:00'], ['2024-02-30', '05/01/2024', '25/01/2024', '']);
const number = pick(['12.50', '1', '-3', '0', '2.125'], ['x', '', '"1,5"']);
const order = pick(['1001', '1002', 'C1003', '114-4068833-2197159', ''], ['Ü5']);
const sku = pick(['SKU-1', 'sku 2', '', 'S-3'], ['"a""b"', 'Ünï']);
const currency = pick(['USD', 'eur', ''], [' GBP']);
const line = fc.tuple(customer, date, number, order, number, sku, currency);
const HEADER = 'customer,date,value,order,quantity,sku,currency';
/** The header and enough plain lines to fill the sample, so that part 0 may end after them. */
const HEAD = `${HEADER}\n${Array.from({ length: 6 }, (_, i) => `ann@shop.com,2024-01-05,1,1001,1,S${i},USD`).join('\n')}\nann@shop.com,2024-01-05,1,1001,1,S,USD\n`;

describe('a file read in parts', () => {
  it('takes one part per two cores, at least one and at most four', () => {
    expect([1, 2, 3, 4, 6, 8, 16, 64].map(partsForCores)).toEqual([1, 1, 1, 2, 3, 4, 4, 4]);
  });

  it('gives what one reading gives, or says why it cannot, for any file and any cut', async () => {
    let merged = 0;
    const reasons = new Map<string, number>();
    await fc.assert(fc.asyncProperty(
      fc.array(line, { minLength: 8, maxLength: 60 }),
      fc.array(fc.nat(4000), { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      fc.constantFrom(undefined, 'salt'),
      fc.boolean(),
      fc.boolean(),
      async (generated, cuts, blankLines, lineKeySalt, known, repeat) => {
        const lines = repeat ? [...generated, ...generated.slice(0, 3)] : generated;
        const text = `${HEAD}${lines.map((l, i) => (blankLines && i % 7 === 3 ? `\n${l.join(',')}` : l.join(','))).join('\n')}\n`;
        const bytes = utf8(text);
        const options: Opts = { lineKeySalt, maxRejectsListed: 7 };
        if (known) {
          // A re-import against what one reading of the first lines stored, with a dataset's dictionaries.
          const first = await whole(bytes.subarray(0, bytes.indexOf(10, bytes.length >> 1) + 1), { lineKeySalt }).catch(() => null);
          if (first) {
            const set = new LineKeySet();
            for (const k of first.keys) set.add(k);
            options.knownLineKeys = set;
            options.dictionaries = first.dictionaries;
          }
        }
        const one = await whole(bytes, options).catch((error: Error) => ({ error: error.message }));
        const parts = await inParts(bytes, cuts.map((c) => HEAD.length - 30 + Math.floor((c / 4000) * (bytes.length - HEAD.length))), options);
        if ('fallback' in parts) {
          const why = String(parts.fallback);
          reasons.set(why, (reasons.get(why) ?? 0) + 1);
          return;
        }
        merged++;
        const { parts: _, ...rest } = parts;
        expect(rest).toEqual(one);
      },
    ), { numRuns: 300 });
    // Not a property that always falls back: many cuts merged, and every refusal had a reason.
    expect(merged).toBeGreaterThan(30);
    expect([...reasons.keys()].every((r) => r.length > 0)).toBe(true);
  });

  it('renumbers lines that repeat lines of earlier parts, as one reading numbers them', async () => {
    const again = 'ann@shop.com,2024-01-05,1,1001,1,S,USD\n';
    const text = `${HEAD}${again}bob@shop.com,2024-01-06,2,1002,1,S,USD\n${again}${again}`;
    for (const lineKeySalt of [undefined, 'salt']) {
      const parts = await inParts(utf8(text), [HEAD.length - 10, HEAD.length + 60], { lineKeySalt });
      if ('fallback' in parts) throw new Error(parts.fallback);
      expect(parts.parts).toBe(3);
      const { parts: _, ...rest } = parts;
      expect(rest).toEqual(await whole(utf8(text), { lineKeySalt }));
      expect(new Set(rest.keys).size).toBe(rest.keys.length);
    }
  });

  it('makes the key of a repeat from the line\'s key and low hash as repeatKey does from its fields', () => {
    fc.assert(fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 100_000 }), (fields, n) => {
      const key = hashFields(fields, null);
      expect(repeatKeyAfter(key, lastKeyState.low, n)).toBe(repeatKey(fields, null, n));
    }));
  });

  it('refuses a cut inside a quoted field, a line repeated across parts of a re-import and a date that settles the order', async () => {
    const quoted = utf8(`${HEAD}ann@shop.com,2024-01-05,1,1001,1,"two\nlines",USD\nbob@shop.com,2024-01-06,2,1002,1,S,USD\n`);
    expect(await inParts(quoted, [HEAD.length + 10], {})).toEqual({ fallback: 'part 1 ends inside a quoted field' });
    const repeated = utf8(`${HEAD}ann@shop.com,2024-01-05,1,1001,1,S,USD\n`);
    const stored = new LineKeySet();
    stored.add(1);
    expect(await inParts(repeated, [HEAD.length - 10], { knownLineKeys: stored })).toEqual({ fallback: 'a line repeats a line of an earlier part' });
    const dates = utf8(`${HEAD}bob@shop.com,25/01/2024,1,1002,1,S,USD\n`);
    expect(await inParts(dates, [HEAD.length - 10], {})).toEqual({ fallback: 'a date settles the day/month order' });
  });

  it('merges parts whose encoding one reading settles alike, and refuses parts that read differently', async () => {
    const body = (name: string) => Array.from({ length: 400 }, (_, i) => `c${i}@shop.com,2024-01-05,${i},${1000 + i},1,${i % 50 === 7 ? name : 'S'},EUR`).join('\n');
    const text = `${HEAD}${body('Ünï')}\n`;
    const parts = await inParts(utf8(text), [text.length >> 1], {});
    if ('fallback' in parts) throw new Error(parts.fallback);
    expect(parts.parts).toBe(2);
    const { parts: _, ...rest } = parts;
    expect(rest).toEqual(await whole(utf8(text), {}));
    expect(rest.report.encoding).toBe('utf-8');
    // Windows-1252 bytes after a first part that settled UTF-8: one reading shows U+FFFD, the parts disagree.
    const latin = new Uint8Array([...utf8(`${HEAD}${body('Ünï')}\n`), ...Array.from(`${body('x')}\n`, (c) => c.charCodeAt(0)), 0xe9, 10]);
    expect(await inParts(latin, [latin.length - 20], {})).toEqual({ fallback: 'the parts read as different encodings' });
  });

  it('numbers a later part\'s rejected lines as one reading does', async () => {
    const text = `${HEAD}bob@shop.com,2024-01-06,x,1002,1,S,USD\n\neve,2024-13-01,1,1003,1,S,USD\n`;
    const parts = await inParts(utf8(text), [HEAD.length - 10], {});
    if ('fallback' in parts) throw new Error(parts.fallback);
    expect(parts.parts).toBe(2);
    expect(parts.report.rejects.map((r) => [r.line, r.column, r.reason])).toEqual([[9, 3, 'bad-value'], [11, 2, 'bad-date']]);
    expect(parts.report.rejects).toEqual((await whole(utf8(text), {})).report.rejects);
    expect(parts.report.blankLines).toBe(1);
  });

  it('reads the UCI Online Retail file in three parts as one reading does (its duplicate rows and rejects included)', async () => {
    const bytes = new Uint8Array(readFileSync(`${DATASETS}online-retail/online_retail.csv`));
    const options: Opts = { chunkLines: 50_000, sampleChars: 1 << 20, maxRejectsListed: 1000 };
    const parts = await inParts(bytes, [bytes.length * 0.3, bytes.length * 0.6], options, 1 << 20);
    if ('fallback' in parts) throw new Error(parts.fallback);
    expect(parts.parts).toBe(3);
    const one = await whole(bytes, options, 1 << 20);
    const { parts: _, ...rest } = parts;
    expect(rest.report).toEqual(one.report);
    expect(rest.report.rejected).toBeGreaterThan(100_000); // lines without a CustomerID, numbered across parts
    expect(rest).toEqual(one);
  });
});
