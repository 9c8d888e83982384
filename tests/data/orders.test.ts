// The store's promises, on real files with fake-indexeddb: an import becomes visible only when committed,
// and a cancel, a parse error, a full disk or a closed tab leaves the previous data exactly as it was.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../src/data/import-file.ts';
import fc from 'fast-check';
import { datasetImportStatus } from '../../src/data/import-status.ts';
import {
  beginImport, commitImport, isQuotaError, loadDictionaries, loadOrderTable, PACKED_DICTIONARY_MIN, removeAbandonedImports, stageChunk,
} from '../../src/data/orders.ts';
import { openDatabase, type LoyaltyDatabase } from '../../src/data/schema.ts';
import { allocateColumns, type Dictionaries } from '../../src/core/columns/table.ts';

const CDNOW_MASTER = '../shared/datasets/cdnow/CDNOW_master.txt';
const CDNOW_SAMPLE = '../shared/datasets/cdnow/CDNOW_sample.txt';

function fileOf(path: string, name = path.split('/').pop()!): Blob & { name: string } {
  return Object.assign(new Blob([readFileSync(path)]), { name });
}

function textFile(name: string, text: string): Blob & { name: string } {
  return Object.assign(new Blob([text]), { name });
}

let db: LoyaltyDatabase;
let n = 0;
beforeEach(async () => {
  db = openDatabase(`test-orders-${n++}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('importFile', () => {
  it('stores CDNOW as columnar chunks of tens of thousands of lines and reads them back whole', async () => {
    const outcome = await importFile(db, fileOf(CDNOW_MASTER), { datasetId: 'store' });
    expect(outcome.state).toBe('done');
    const chunks = await db.chunks.toArray();
    expect(chunks.length).toBe(2);
    expect(chunks[0].length).toBe(50_000);
    expect(chunks[0].day).toBeInstanceOf(Int32Array);
    const table = await loadOrderTable(db, 'store');
    expect(table.columns.length).toBe(69_659);
    expect(table.dictionaries.customer.length).toBe(23_570);
    expect((await db.datasets.get('store'))?.lines).toBe(69_659);
  });

  it('appends a second file with dictionary indexes that agree with the first', async () => {
    await importFile(db, fileOf(CDNOW_SAMPLE), { datasetId: 'store' });
    const before = await loadOrderTable(db, 'store');
    await importFile(db, textFile('more.csv', 'customer,date,value\nnew-customer,1998-07-01,12.5\n'), { datasetId: 'store' });
    const after = await loadOrderTable(db, 'store');
    expect(after.columns.length).toBe(before.columns.length + 1);
    expect(after.dictionaries.customer.slice(0, before.dictionaries.customer.length)).toEqual(before.dictionaries.customer);
    const last = after.columns.customer[after.columns.length - 1];
    expect(after.dictionaries.customer[last]).toBe('new-customer');
  });

  it('keeps nothing of a cancelled import and leaves earlier data untouched', async () => {
    await importFile(db, fileOf(CDNOW_SAMPLE), { datasetId: 'store' });
    const before = await loadOrderTable(db, 'store');
    // The user presses Cancel once the first chunk of the new file has been staged.
    let cancelled = false;
    db.chunks.hook('creating', () => {
      cancelled = true;
    });
    const outcome = await importFile(db, fileOf(CDNOW_MASTER), { datasetId: 'store' }, { isCancelled: () => cancelled });
    expect(outcome.state).toBe('cancelled');
    const after = await loadOrderTable(db, 'store');
    expect(after.columns.length).toBe(before.columns.length);
    expect(after.dictionaries.customer).toEqual(before.dictionaries.customer);
    expect(await db.imports.where('status').equals('staging').count()).toBe(0);
    expect(await db.chunks.count()).toBe(1);
  });

  it('reports a broken file with its name and line, and keeps the staged chunks out of sight', async () => {
    await importFile(db, fileOf(CDNOW_SAMPLE), { datasetId: 'store' });
    const lines = ['customer,date,value'];
    for (let i = 0; i < 60_000; i++) lines.push(`c${i % 500},2020-01-${String((i % 28) + 1).padStart(2, '0')},${i % 90}.5`);
    lines.push('broken,2020-02-01,"12');
    const outcome = await importFile(db, textFile('orders.csv', `${lines.join('\n')}\n`), { datasetId: 'store' });
    expect(outcome.state).toBe('error');
    if (outcome.state !== 'error') return;
    expect(outcome.message).toMatch(/^orders\.csv, line 60002/);
    expect(outcome.line).toBe(60_002);
    expect((await loadOrderTable(db, 'store')).columns.length).toBe(loadSampleLines());
    expect(await db.chunks.count()).toBe(1);
  });

  it('turns a quota error wrapped in an AbortError into a plain message and keeps nothing', async () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const put = db.chunks.put.bind(db.chunks);
    let calls = 0;
    db.chunks.put = ((record: Parameters<typeof put>[0]) => {
      if (++calls === 2) return Promise.reject(new Dexie.AbortError('Transaction aborted', quota));
      return put(record);
    }) as typeof db.chunks.put;
    const outcome = await importFile(db, fileOf(CDNOW_MASTER), { datasetId: 'store' });
    expect(outcome.state).toBe('error');
    if (outcome.state === 'error') expect(outcome.message).toContain('no more storage');
    expect(await db.chunks.count()).toBe(0);
    expect((await loadOrderTable(db, 'store')).columns.length).toBe(0);
  });
});

describe('a tab closed in the middle of an import', () => {
  it('leaves staged chunks that readers ignore and the next start removes', async () => {
    await importFile(db, fileOf(CDNOW_SAMPLE), { datasetId: 'store' });
    const id = await beginImport(db, 'store', 'half.csv', 100);
    const columns = allocateColumns(10);
    columns.length = 10;
    await stageChunk(db, id, 'store', 0, columns);
    expect((await loadOrderTable(db, 'store')).columns.length).toBe(loadSampleLines());
    expect(await removeAbandonedImports(db)).toBe(1);
    expect(await db.chunks.where('importId').equals(id).count()).toBe(0);
    expect((await loadOrderTable(db, 'store')).columns.length).toBe(loadSampleLines());
  });
});

describe('stored dictionaries', () => {
  // Strings an export can hold, and some it should not: empty, U+0000, U+001F, lone surrogates, emoji, long.
  const odd = ['', '\u0000', 'a\u001fb', '\ud800', 'x\udfffy', '😀 Zoë', 'ann@example.com', 'z'.repeat(100_000), ''];
  const manyOdd = (n: number) => Array.from({ length: n }, (_, i) => `${odd[i % odd.length].slice(0, 50)}#${i}${i % 7 === 0 ? '' : '\ud83d'}`);

  async function commit(dictionaries: Dictionaries, report: unknown = {}): Promise<void> {
    const id = await beginImport(db, 'store', 'lines.csv', 10);
    const columns = allocateColumns(3);
    columns.length = 3;
    await stageChunk(db, id, 'store', 0, columns);
    await commitImport(db, id, dictionaries, report, { chunks: 1, lines: 3 });
  }

  it('stores a large dictionary packed and gives back exactly the same strings', async () => {
    const dictionaries: Dictionaries = {
      customer: [...odd, ...manyOdd(5000)], order: manyOdd(PACKED_DICTIONARY_MIN), sku: odd, currency: ['USD', 'EUR'], marketplace: ['amazon.de', ''],
    };
    await commit(dictionaries);
    const customerRow = await db.dictionaries.get(['store', 'customer']);
    expect(customerRow?.values).toBeUndefined();
    expect(customerRow?.packed?.lengths).toBeInstanceOf(Uint32Array);
    expect((await db.dictionaries.get(['store', 'order']))?.packed).toBeDefined();
    expect((await db.dictionaries.get(['store', 'currency']))?.values).toEqual(['USD', 'EUR']);
    expect(await loadDictionaries(db, 'store')).toEqual(dictionaries);
    const table = await loadOrderTable(db, 'store');
    expect(table.dictionaries).toEqual(dictionaries);
    expect(table.columns.length).toBe(3);
    // The import page reads the currencies and marketplaces through the same reader.
    const status = await datasetImportStatus(db, 'store');
    expect(status.currencies).toEqual(['USD', 'EUR']);
    expect(status.marketplaces).toEqual(['amazon.de', '']);
  });

  it('round-trips random dictionaries of any UTF-16 content through commit and load', async () => {
    const value = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('', '\u0000', '\ud800', '😀'));
    await fc.assert(fc.asyncProperty(fc.array(value, { minLength: PACKED_DICTIONARY_MIN - 2, maxLength: PACKED_DICTIONARY_MIN + 200 }), async (customer) => {
      const dictionaries: Dictionaries = { customer, order: [], sku: [], currency: ['USD'], marketplace: ['m'] };
      await commit(dictionaries);
      expect((await loadOrderTable(db, 'store')).dictionaries).toEqual(dictionaries);
    }), { numRuns: 15 });
  });

  it('reads dictionaries written the old way (plain values), and the next commit stores them packed', async () => {
    await commit({ customer: ['seed'], order: [], sku: [], currency: ['USD'], marketplace: ['m'] });
    const customer = [...odd, ...manyOdd(3000)];
    await db.dictionaries.put({ datasetId: 'store', name: 'customer', values: customer });
    await db.dictionaries.put({ datasetId: 'store', name: 'marketplace', values: ['amazon.fr'] });
    const before = await loadDictionaries(db, 'store');
    expect(before.customer).toEqual(customer);
    expect((await loadOrderTable(db, 'store')).dictionaries.customer).toEqual(customer);
    expect((await datasetImportStatus(db, 'store')).marketplaces).toEqual(['amazon.fr']);

    // An import appends to the dictionaries it loaded; its commit rewrites the rows in the packed form.
    const grown = { ...before, customer: [...before.customer, 'new-customer'] };
    await commit(grown);
    const row = await db.dictionaries.get(['store', 'customer']);
    expect(row?.packed).toBeDefined();
    expect(row?.values).toBeUndefined();
    expect(await loadDictionaries(db, 'store')).toEqual(grown);
  });
});

describe('isQuotaError', () => {
  it('looks inside wrapped errors', () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    expect(isQuotaError(quota)).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('aborted', quota))).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('aborted'))).toBe(false);
    expect(isQuotaError(new Error('other'))).toBe(false);
  });
});

function loadSampleLines(): number {
  return readFileSync(CDNOW_SAMPLE, 'utf8').split('\n').filter((l) => l.trim() !== '').length;
}
