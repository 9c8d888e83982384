import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPackedStrings, packStrings, PART_CHARS, unpackStrings } from '../../../src/core/columns/packed-strings.ts';

// Any UTF-16 content: unpaired surrogates, U+0000, control characters, emoji, and empty strings.
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.constantFrom('', '\u0000', '\u001f', '\ud800', '\udfff', 'x\udc00y', '😀', 'ann@example.com'),
);

describe('packStrings / unpackStrings', () => {
  it('gives back exactly the same strings, whatever their content and however the parts are cut', () => {
    fc.assert(fc.property(fc.array(anyString, { maxLength: 200 }), fc.integer({ min: 1, max: 64 }), (values, partChars) => {
      const packed = packStrings(values, partChars);
      expect(unpackStrings(packed)).toEqual(values);
      expect(isPackedStrings(packed)).toBe(true);
      expect(packed.parts.join('')).toBe(values.join(''));
      // No part runs over its size unless a single value is longer than that.
      const longest = Math.max(0, ...values.map((v) => v.length));
      for (const part of packed.parts) expect(part.length).toBeLessThanOrEqual(Math.max(partChars, longest));
    }), { numRuns: 500 });
  });

  it('round-trips runs of empty strings at the edges of parts', () => {
    const values = ['', 'abc', '', '', 'defg', '', 'h', '', ''];
    for (let partChars = 1; partChars <= 10; partChars++) expect(unpackStrings(packStrings(values, partChars))).toEqual(values);
    expect(unpackStrings(packStrings([]))).toEqual([]);
    expect(unpackStrings(packStrings(['', '', '']))).toEqual(['', '', '']);
  });

  it('packs a large dictionary into a few parts and keeps very long values whole', () => {
    const values = Array.from({ length: 200_000 }, (_, i) => `customer-${i}@example.com`);
    values[1234] = 'y'.repeat(3 * PART_CHARS);
    const packed = packStrings(values);
    expect(packed.lengths).toBeInstanceOf(Uint32Array);
    expect(packed.parts.length).toBeLessThan(10);
    expect(unpackStrings(packed)).toEqual(values);
  });

  it('refuses parts and lengths that do not agree', () => {
    const packed = packStrings(['ab', 'cd', 'ef'], 4);
    expect(() => unpackStrings({ parts: packed.parts, lengths: Uint32Array.of(2, 2, 3) })).toThrow(/damaged/);
    expect(() => unpackStrings({ parts: packed.parts, lengths: Uint32Array.of(2, 2) })).toThrow(/damaged/);
    expect(() => unpackStrings({ parts: ['abc', 'def'], lengths: Uint32Array.of(2, 2, 2) })).toThrow(/damaged/);
    expect(isPackedStrings({ parts: ['abcd'], lengths: Uint32Array.of(2, 1) })).toBe(false);
    expect(isPackedStrings({ parts: ['ab'], lengths: [2] })).toBe(false);
    expect(isPackedStrings(null)).toBe(false);
  });
});
