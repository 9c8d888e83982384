// The sample store writes its chunks with SampleChunkWriter instead of OrderLineBuilder (for speed at a
// million customers); the page stores them exactly like an import's. This pins the two to the same output.
import { describe, expect, it } from 'vitest';
import { OrderLineBuilder } from '../../../src/core/columns/builder.ts';
import { COLUMN_NAMES, type Dictionaries, type OrderLineColumns } from '../../../src/core/columns/table.ts';
import { generateSampleStore } from '../../../src/core/sample/store.ts';
import { SampleChunkWriter } from '../../../src/core/sample/writer.ts';

/** Feeds every line of the chunks, as strings, through OrderLineBuilder from the same starting point. */
function rebuild(chunks: OrderLineColumns[], dictionaries: Dictionaries, start: Partial<Dictionaries>, chunkLines: number) {
  const builder = new OrderLineBuilder(start, chunkLines);
  // The generator fixes the order of the small dictionaries before any line; do the same here.
  for (const name of ['marketplace', 'currency', 'sku'] as const) for (const value of dictionaries[name]) builder.dictionaries[name].code(value);
  const out: OrderLineColumns[] = [];
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++) {
      builder.push({
        day: c.day[i], customer: dictionaries.customer[c.customer[i]], order: dictionaries.order[c.order[i]],
        sku: dictionaries.sku[c.sku[i]], quantity: c.quantity[i], amount: c.amount[i],
        currency: dictionaries.currency[c.currency[i]], marketplace: dictionaries.marketplace[c.marketplace[i]],
        flags: c.flags[i], lineKey: c.lineKey[i],
      });
      out.push(...builder.takeFullChunks());
    }
  }
  out.push(...builder.finish());
  return { chunks: out, dictionaries: builder.snapshotDictionaries() };
}

describe('SampleChunkWriter', () => {
  it.each([
    ['a new dataset', {}],
    ['an existing dataset', { customer: ['a@example.org', 'b@example.org'], order: ['#1', '111-0000000-0000000'], sku: ['X'], currency: ['GBP'], marketplace: ['Amazon UK'] }],
  ])('makes the chunks and dictionaries OrderLineBuilder makes from the same lines, into %s', async (_, start: Partial<Dictionaries>) => {
    const chunks: OrderLineColumns[] = [];
    const store = await generateSampleStore({ customers: 1500, seed: 11, chunkLines: 777, dictionaries: start, onChunk: (c) => { chunks.push(c); } });
    const built = rebuild(chunks, store.dictionaries, start, 777);
    expect(built.dictionaries).toEqual(store.dictionaries);
    expect(built.chunks.length).toBe(chunks.length);
    built.chunks.forEach((chunk, k) => {
      expect(chunks[k].length).toBe(chunk.length);
      for (const name of COLUMN_NAMES) expect(chunks[k][name], `chunk ${k} ${name}`).toEqual(chunk[name]);
    });
  });

  it('codes new orders by appending, and known ones by look-up', () => {
    const fresh = new SampleChunkWriter(undefined, 10);
    expect([fresh.codeNewOrder('#1001'), fresh.codeNewOrder('#1002')]).toEqual([0, 1]);
    const known = new SampleChunkWriter({ order: ['#1001'] }, 10);
    expect([known.codeNewOrder('#1001'), known.codeNewOrder('#1002')]).toEqual([0, 1]);
    expect(known.snapshotDictionaries().order).toEqual(['#1001', '#1002']);
  });

  it('counts a customer id as taken only when this generation gave it out', () => {
    const writer = new SampleChunkWriter({ customer: ['old@example.com'] }, 10);
    expect(writer.isCustomerTaken('old@example.com')).toBe(false);
    expect(writer.codeCustomer('old@example.com')).toBe(0);
    expect(writer.isCustomerTaken('new@example.com')).toBe(false);
    expect(writer.codeCustomer('new@example.com')).toBe(1);
    expect(writer.isCustomerTaken('new@example.com')).toBe(true);
  });

  it('remembers every customer id given out, however many (and rarely mistakes another for one)', () => {
    const writer = new SampleChunkWriter(undefined, 10, 10);
    for (let i = 0; i < 20_000; i++) expect(writer.codeCustomer(`c${i}@example.com`)).toBe(i);
    let missed = 0;
    let mistaken = 0;
    for (let i = 0; i < 20_000; i++) {
      if (!writer.isCustomerTaken(`c${i}@example.com`)) missed++;
      if (writer.isCustomerTaken(`d${i}@example.com`)) mistaken++;
    }
    expect(missed).toBe(0);
    expect(mistaken).toBeLessThan(5);
    expect(writer.snapshotDictionaries().customer).toHaveLength(20_000);
  });
});
