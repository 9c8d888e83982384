import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dictionary, ownCopy } from '../../../src/core/columns/dictionary.ts';

describe('Dictionary', () => {
  it('codes values densely in order of first appearance, whatever the repeats', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom<string>('a', 'b', 'seed', 'a much longer customer@example.com', ''), { maxLength: 50 }), (values) => {
      const d = new Dictionary(['seed']);
      const firstSeen = ['seed', ...new Set(values.filter((v) => v !== 'seed'))];
      for (const v of values) expect(d.values[d.code(v)]).toBe(v);
      expect(d.values).toEqual(firstSeen);
      expect(d.size).toBe(firstSeen.length);
    }));
  });

  it('codeAll codes as code does, one value after the other, mixed with code in any order', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.array(fc.string({ maxLength: 4 }), { maxLength: 200 })), { maxLength: 8 }), (steps) => {
      const mixed = new Dictionary(['seed']);
      const plain = new Dictionary(['seed']);
      for (const [all, values] of steps) {
        const expected = values.map((v) => plain.code(v));
        expect(all ? Array.from(mixed.codeAll(values)) : values.map((v) => mixed.code(v))).toEqual(expected);
      }
      expect(mixed.values).toEqual(plain.values);
      for (const v of plain.values) expect(mixed.lookup(v)).toBe(plain.lookup(v));
    }));
  });

  it('ownCopy returns an equal string', () => {
    const big = 'x'.repeat(100_000) + 'customer@example.com';
    const slice = big.slice(100_000);
    expect(ownCopy(slice)).toBe('customer@example.com');
    expect(ownCopy('short')).toBe('short');
  });

  it('copyLater and settle: values cut from texts code, look up and read back exactly as copied ones, across settles', () => {
    const value = fc.stringMatching(/^[a-z0-9.@-]{0,30}$/);
    fc.assert(fc.property(fc.array(fc.tuple(fc.array(value, { maxLength: 40 }), fc.boolean()), { maxLength: 8 }), (pieces) => {
      const later = new Dictionary(['seed']);
      later.copyLater();
      const plain = new Dictionary(['seed']);
      for (const [values, settle] of pieces) {
        // The values side by side in one text, as the import's fast lane codes them.
        const text = `,${values.join(',')},`;
        let at = 1;
        for (const v of values) {
          expect(later.codeRange(text, at, at + v.length)).toBe(plain.code(v));
          at += v.length + 1;
        }
        if (settle) later.settle();
        // The last value coded is still found after a settle.
        if (values.length > 0) expect(later.code(values[values.length - 1])).toBe(plain.code(values[values.length - 1]));
      }
      later.settle();
      expect(later.values).toEqual(plain.values);
      for (const v of plain.values) expect(later.lookup(v)).toBe(plain.lookup(v));
    }));
  });
});
