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

  it('codeOwn and reserve code as code does, mixed with it in any order', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.string({ maxLength: 4 })), { maxLength: 300 }), fc.nat(2000), (steps, room) => {
      const mixed = new Dictionary(['seed']);
      const plain = new Dictionary(['seed']);
      mixed.reserve(room);
      for (const [own, v] of steps) expect(own ? mixed.codeOwn(v) : mixed.code(v)).toBe(plain.code(v));
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
});
