// The store's promises, on real files with fake-indexeddb: an import becomes visible only when committed,
// and a cancel, a parse error, a full disk or a closed tab leaves the previous data exactly as it was.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../src/data/import-file.ts';
import { beginImport, isQuotaError, loadOrderTable, removeAbandonedImports, stageChunk } from '../../src/data/orders.ts';
import { openDatabase, type LoyaltyDatabase } from '../../src/data/schema.ts';
import { allocateColumns } from '../../src/core/columns/table.ts';

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
