import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash52 } from '../../../src/core/columns/hash.ts';
import { dropKnownLines, lineKeysOf, LineKeySet } from '../../../src/core/ingest/dedupe.ts';
import { hashFields, lastKeyState, repeatKey, splitHashed } from '../../../src/core/ingest/line-keys.ts';
import { ingestBytes, rows, utf8 } from './helpers.ts';

describe('line keys', () => {
  it('hashFields is hash52 of the fields joined by U+001F, without building the string', () => {
    fc.assert(fc.property(fc.array(fc.string(), { maxLength: 6 }), (fields) => {
      expect(hashFields(fields, null)).toBe(hash52(fields.join('\u001f')));
      const picked = [0, 2];
      expect(hashFields(fields, picked)).toBe(hash52(picked.map((i) => fields[i] ?? '').join('\u001f')));
    }));
    expect(repeatKey(['a', 'b'], null, 1)).toBe(hash52('a\u001fb\u001e1'));
  });

  it('splitHashed cuts a line into its fields and keys it as hashFields does, in one pass', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'é', ',', ';', ' ', '\u001f', '1') }), { minLength: 1, maxLength: 8 }), fc.nat(5), (fields, pad) => {
      const line = fields.join(';');
      const text = `${'x'.repeat(pad)}${line}\n`;
      const cut = line.split(';');
      const starts = new Int32Array(cut.length);
      const ends = new Int32Array(cut.length);
      expect(splitHashed(text, pad, pad + line.length, 59, starts, ends, cut.length)).toBe(cut.length);
      if (cut.length > 1) expect(splitHashed(text, pad, pad + line.length, 59, starts, ends, cut.length - 1)).toBe(-1);
      expect(cut.map((_, k) => text.slice(starts[k], ends[k]))).toEqual(cut);
      expect(lastKeyState.key).toBe(hashFields(cut, null));
      expect(lastKeyState.key).toBe(hash52(cut.join('\u001f')));
      hashFields(cut, null);
      const low = lastKeyState.low;
      splitHashed(text, pad, pad + line.length, 59, starts, ends, cut.length);
      expect(lastKeyState.low).toBe(low);
    }));
    const starts = new Int32Array(3);
    const ends = new Int32Array(3);
    expect(splitHashed('a,b,c', 0, 5, 44, starts, ends, 3)).toBe(3);
    expect(splitHashed('a,b,c,d', 0, 7, 44, starts, ends, 3)).toBe(-1);
  });

  it('LineKeySet holds 52-bit keys like a Set does', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 52 - 1 }), { maxLength: 3000 }), (keys) => {
      const set = new LineKeySet(4);
      const reference = new Set<number>();
      for (const k of keys) {
        const isNew = !reference.has(k);
        reference.add(k);
        expect(set.add(k)).toBe(isNew);
      }
      expect(set.size).toBe(reference.size);
      for (const k of keys) expect(set.has(k)).toBe(true);
      expect(set.has(2 ** 52 + 1)).toBe(false);
    }), { numRuns: 30 });
  });
});

describe('dropKnownLines', () => {
  it('drops stored lines from a chunk without touching the chunk, so overlapping exports add each line once', async () => {
    const a = await ingestBytes(utf8('customer,date,value\nann,2024-01-01,5\nbob,2024-01-02,6\n'));
    const b = await ingestBytes(utf8('customer,date,value\nbob,2024-01-02,6\ncat,2024-01-03,7\nann,2024-01-01,5\n'), { dictionaries: a.dictionaries });
    const known = lineKeysOf([a.columns]);
    const before = Array.from(b.columns.lineKey);
    const { chunk, dropped } = dropKnownLines(b.columns, known);
    expect(dropped).toBe(2);
    expect(Array.from(b.columns.lineKey)).toEqual(before);
    expect(rows({ columns: chunk, dictionaries: b.dictionaries }).map((r) => r.customer)).toEqual(['cat']);
    expect(chunk.day.length).toBe(1);
    const again = dropKnownLines(a.columns, new LineKeySet());
    expect(again).toEqual({ chunk: a.columns, dropped: 0 });
  });
});
