// The import page's pipeline on the store (fake-indexeddb): nothing twice, the mapping screen's round trip
// with a saved mapping, the date-order question, approximate identities, pseudonyms with the dataset's salt,
// summary files kept apart from order lines, and the dataset's status as the page shows it.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saltedSha256 } from '../../src/core/ingest/identity.ts';
import { mappingKey } from '../../src/core/ingest/formats.ts';
import { importFile, loadSavedMappings, setPseudonymiseSetting, type ImportOutcome, type StoredSummary } from '../../src/data/import-file.ts';
import { createDataset, datasetImportStatus } from '../../src/data/import-status.ts';
import { COLUMN_NAMES } from '../../src/core/columns/table.ts';
import { chunkBuffers, loadOrderTable, putChunk } from '../../src/data/orders.ts';
import { openDatabase, type ChunkRecord, type LoyaltyDatabase } from '../../src/data/schema.ts';

const FIXTURES = 'tests/fixtures/ingest';
const CDNOW_SAMPLE = '../shared/datasets/cdnow/CDNOW_sample.txt';
const AMAZON_EXAMPLE = '../shared/datasets/formats/amazon_all_orders_example_row.tsv';

const fileOf = (path: string, name = path.split('/').pop()!) => Object.assign(new Blob([readFileSync(path)]), { name });
const textFile = (name: string, text: string) => Object.assign(new Blob([text]), { name });

function expectState<S extends ImportOutcome['state']>(outcome: ImportOutcome, state: S): Extract<ImportOutcome, { state: S }> {
  expect(outcome.state, 'message' in outcome ? outcome.message : '').toBe(state);
  return outcome as Extract<ImportOutcome, { state: S }>;
}

function eventLog(from: number, to: number): string {
  const lines = ['customer,date,value,order'];
  for (let i = from; i < to; i++) lines.push(`c${i % 37}@example.com,2024-0${(i % 9) + 1}-1${i % 10},${(i % 50) + 1}.25,o${i}`);
  return `${lines.join('\n')}\n`;
}

let db: LoyaltyDatabase;
let n = 0;
beforeEach(async () => {
  db = openDatabase(`test-import-pipeline-${n++}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('nothing twice', () => {
  it('adds nothing when the same file is imported again, and says how many lines it skipped', async () => {
    const first = expectState(await importFile(db, fileOf(CDNOW_SAMPLE), { datasetId: 'store' }), 'done');
    const before = await loadOrderTable(db, 'store');
    const second = expectState(await importFile(db, fileOf(CDNOW_SAMPLE), { datasetId: 'store' }), 'done');
    expect(second.report.accepted).toBe(0);
    expect(second.duplicates).toBe(first.report.accepted);
    expect(second.rejects.some((r) => r.reason === 'duplicate-line')).toBe(false);
    const after = await loadOrderTable(db, 'store');
    expect(after.columns.length).toBe(before.columns.length);
    expect(after.dictionaries.customer.length).toBe(before.dictionaries.customer.length);
    expect((await db.datasets.get('store'))?.lines).toBe(first.report.accepted);
  });

  it('stores an overlapping export only for its new lines', async () => {
    expectState(await importFile(db, textFile('jan-jun.csv', eventLog(0, 120)), { datasetId: 'store' }), 'done');
    const second = expectState(await importFile(db, textFile('apr-dec.csv', eventLog(80, 200)), { datasetId: 'store' }), 'done');
    expect(second.duplicates).toBe(40);
    expect(second.report.accepted).toBe(80);
    expect((await loadOrderTable(db, 'store')).columns.length).toBe(200);
  });

  it('keeps datasets apart: the same file goes whole into another dataset', async () => {
    expectState(await importFile(db, fileOf(CDNOW_SAMPLE), { datasetId: 'store' }), 'done');
    const other = await createDataset(db, 'Client B');
    const again = expectState(await importFile(db, fileOf(CDNOW_SAMPLE), { datasetId: other }), 'done');
    expect(again.duplicates).toBe(0);
    expect(again.report.accepted).toBeGreaterThan(0);
  });
});

describe('an unknown header: the mapping screen, the date question, the saved mapping', () => {
  const CUSTOM = `${FIXTURES}/custom-export.csv`;

  it('asks for columns with a preview, then for the date order, then imports and saves the mapping', async () => {
    const asked = expectState(await importFile(db, fileOf(CUSTOM), { datasetId: 'store' }), 'needs-mapping');
    expect(asked.preview.problemCode).toBe('unknown-format');
    expect(asked.preview.header).toEqual(['Kundennummer', 'Bestelldatum', 'Umsatz', 'Beleg', 'Menge', 'Artikel']);
    expect(asked.preview.rows).toHaveLength(3);
    expect(asked.preview.rowLines).toEqual([2, 3, 4]);
    expect(await db.imports.count()).toBe(0);

    const mapping = { customer: 'Kundennummer', date: 'Bestelldatum', value: 'Umsatz', order: 'Beleg', quantity: 'Menge', sku: 'Artikel' };
    const dates = expectState(await importFile(db, fileOf(CUSTOM), { datasetId: 'store', mapping }), 'needs-date-order');
    expect(dates.examples[0]).toEqual({ line: 2, text: '05/01/2024' });
    expect(await db.chunks.count()).toBe(0);

    const done = expectState(await importFile(db, fileOf(CUSTOM), { datasetId: 'store', mapping, dateOrder: 'dmy' }), 'done');
    expect(done.mapping).toBe('chosen');
    expect(done.report.accepted).toBe(3);
    expect(done.report.dateOrder).toBe('dmy');
    const table = await loadOrderTable(db, 'store');
    expect(Array.from(table.columns.day.slice(0, 3))).toEqual([Date.UTC(2024, 0, 5), Date.UTC(2024, 0, 6), Date.UTC(2024, 0, 7)].map((t) => t / 86_400_000));
    const saved = await loadSavedMappings(db);
    expect(saved[mappingKey(asked.preview.header)]).toEqual(mapping);
    expect((await db.settings.get(`mapping:${asked.preview.mappingKey}`))?.value).toEqual(mapping);

    // The next export with the same header (case and spacing aside) needs no question.
    const next = 'KUNDENNUMMER, Bestelldatum ,Umsatz,Beleg,Menge,Artikel\nK-3,25/02/2024,$40.00,B-9,2,A-1\n';
    const reused = expectState(await importFile(db, textFile('march.csv', next), { datasetId: 'store' }), 'done');
    expect(reused.mapping).toBe('saved');
    expect(reused.report.accepted).toBe(1);
  });

  it('comes back to the mapping screen, saying why, when the chosen columns do not fit', async () => {
    const wrong = expectState(await importFile(db, fileOf(CUSTOM), { datasetId: 'store', mapping: { customer: 'Kundennummer', date: 'Datum', value: 'Umsatz' } }), 'needs-mapping');
    expect(wrong.message).toMatch(/date = "Datum"/);
    expect(Object.keys(await loadSavedMappings(db))).toEqual([]);
  });

  it('cuts a huge cell in the preview to a readable length', async () => {
    const text = `a,b,c\n${'x'.repeat(5000)},2024-01-01,5\n`;
    const asked = expectState(await importFile(db, textFile('odd.csv', text), { datasetId: 'store' }), 'needs-mapping');
    expect(asked.preview.rows[0][0].length).toBeLessThanOrEqual(121);
  });
});

describe('identity', () => {
  it('marks an Amazon All Orders report as approximate, in the outcome and in the dataset status', async () => {
    const done = expectState(await importFile(db, fileOf(`${FIXTURES}/amazon-all-orders.tsv`), { datasetId: 'store' }), 'done');
    expect(done.report.identity).toBe('approximate');
    expect(done.report.marketplaces).toContain('Amazon.com');
    const status = await datasetImportStatus(db, 'store');
    expect(status.approximate).toBe(true);
    expect(status.files[0].format).toBe('amazon');
  });

  it('reads the shared All Orders example row (a cancelled line) as approximate', async () => {
    const done = expectState(await importFile(db, fileOf(AMAZON_EXAMPLE), { datasetId: 'store' }), 'done');
    expect(done.report.identity).toBe('approximate');
    expect(done.report.cancelled).toBe(1);
  });

  it('stores salted SHA-256 pseudonyms with one salt per dataset, the same for a customer in every file', async () => {
    await setPseudonymiseSetting(db, true);
    expectState(await importFile(db, textFile('a.csv', 'customer,date,value\nAnn@Example.com ,2024-01-02,10\n'), { datasetId: 'store' }), 'done');
    const done = expectState(await importFile(db, textFile('b.csv', 'customer,date,value\nann@example.com,2024-02-02,12\nbob@example.com,2024-02-03,5\n'), { datasetId: 'store' }), 'done');
    expect(done.report.pseudonymised).toBe(true);
    const salt = (await db.datasetSettings.get(['store', 'salt']))?.value as string;
    expect(salt).toMatch(/^[0-9a-f]{32}$/);
    const table = await loadOrderTable(db, 'store');
    const hash = saltedSha256(salt, (d) => createHash('sha256').update(d).digest());
    expect(table.dictionaries.customer).toEqual([await hash('ann@example.com'), await hash('bob@example.com')]);
    expect(JSON.stringify(await db.chunks.toArray())).not.toContain('example.com');
    expect((await datasetImportStatus(db, 'store')).pseudonymised).toBe('all');

    const other = await createDataset(db, 'Other');
    expectState(await importFile(db, textFile('c.csv', 'customer,date,value\nann@example.com,2024-01-02,10\n'), { datasetId: other }), 'done');
    expect((await db.datasetSettings.get([other, 'salt']))?.value).not.toBe(salt);
  });

  it('adds nothing twice when a file comes again after pseudonymising was switched on, or off', async () => {
    const file = () => textFile('a.csv', 'customer,date,value,order\nann@example.com,2024-01-02,10,1\nann@example.com,2024-01-02,10,1\nbob@example.com,2024-01-03,5,2\n');
    expectState(await importFile(db, file(), { datasetId: 'store' }), 'done');
    await setPseudonymiseSetting(db, true);
    const salted = expectState(await importFile(db, file(), { datasetId: 'store' }), 'done');
    expect([salted.report.accepted, salted.duplicates]).toEqual([0, 3]);

    const other = await createDataset(db, 'Other');
    expectState(await importFile(db, file(), { datasetId: other }), 'done');
    await setPseudonymiseSetting(db, false);
    const plain = expectState(await importFile(db, file(), { datasetId: other }), 'done');
    expect([plain.report.accepted, plain.duplicates]).toEqual([0, 3]);
    // New lines still come in, either way.
    const more = expectState(await importFile(db, textFile('b.csv', 'customer,date,value,order\ncarl@example.com,2024-01-04,7,3\n'), { datasetId: other }), 'done');
    expect(more.report.accepted).toBe(1);
  });
});

describe('marketplace', () => {
  it('names lines after the export unless the page gives a name', async () => {
    const plain = expectState(await importFile(db, textFile('a.csv', 'customer,date,value\nann,2024-01-02,10\n'), { datasetId: 'store' }), 'done');
    expect(plain.report.marketplaces).toEqual(['Store']);
    const named = expectState(await importFile(db, textFile('b.csv', 'customer,date,value\nbob,2024-01-02,10\n'), { datasetId: 'store', marketplace: ' eBay UK ' }), 'done');
    expect(named.report.marketplaces).toEqual(['eBay UK']);
    expect((await datasetImportStatus(db, 'store')).marketplaces.sort()).toEqual(['Store', 'eBay UK']);
  });
});

describe('a per-customer summary file', () => {
  it('is stored apart for the lifetime-value models, with its rejects, and adds no order line', async () => {
    const done = expectState(await importFile(db, fileOf(`${FIXTURES}/customer-summary.csv`), { datasetId: 'store' }), 'summary');
    expect(done.customers).toBe(2);
    expect(done.report.rejected).toBe(4);
    expect(done.rejects.map((r) => r.line)).toEqual([4, 5, 6, 7]);
    const stored = (await db.datasetSettings.get(['store', 'summary']))?.value as StoredSummary;
    expect(stored.table.customer).toEqual(['c1', 'c2']);
    expect(stored.table.frequency).toBeInstanceOf(Float64Array);
    expect(await db.chunks.count()).toBe(0);
    expect(await db.imports.count()).toBe(0);
    const status = await datasetImportStatus(db, 'store');
    expect(status.summary).toMatchObject({ file: 'customer-summary.csv', customers: 2 });
    expect(status.lines).toBe(0);
  });
});

describe('errors keep the earlier data', () => {
  it('refuses an empty file with its name and stores nothing', async () => {
    const error = expectState(await importFile(db, textFile('empty.csv', ''), { datasetId: 'store' }), 'error');
    expect(error.message).toMatch(/^empty\.csv.*empty/);
    expect(await db.imports.count()).toBe(0);
  });
});

describe('a chunk writer in another worker', () => {
  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  // What the import worker's writer gets: the chunk moved (its buffers leave the import), written later.
  const moved = (record: ChunkRecord) => structuredClone(record, { transfer: chunkBuffers(record) });

  it('stores what a write in place stores, with the chunks moved away and written out of step', async () => {
    const file = textFile('events.csv', eventLog(0, 120_000));
    let written = 0;
    const outcome = await importFile(db, file, { datasetId: 'elsewhere' }, {
      writeChunk: async (record) => {
        const copy = moved(record);
        expect(record.amount.byteLength).toBe(0); // moved, not copied
        await delay(written++ === 0 ? 40 : 5); // the first write lands last
        await putChunk(db, copy);
      },
    });
    expectState(outcome, 'done');
    expect(written).toBe(3);
    expectState(await importFile(db, file, { datasetId: 'here' }), 'done');
    const [elsewhere, here] = [await loadOrderTable(db, 'elsewhere'), await loadOrderTable(db, 'here')];
    expect(elsewhere.columns.length).toBe(120_000);
    for (const column of COLUMN_NAMES) {
      expect(Array.from(elsewhere.columns[column])).toEqual(Array.from(here.columns[column]));
    }
    expect(elsewhere.dictionaries).toEqual(here.dictionaries);
  });

  it('a full disk in the writer: the storage message, nothing staged left (a slow write lands first), the earlier data intact', async () => {
    expectState(await importFile(db, textFile('first.csv', eventLog(0, 100)), { datasetId: 'store' }), 'done');
    let writes = 0;
    const outcome = await importFile(db, textFile('big.csv', eventLog(100, 160_000)), { datasetId: 'store' }, {
      writeChunk: async (record) => {
        const copy = moved(record);
        if (writes++ === 1) {
          // As a writer's StorageFullError arrives through a worker message: a plain error with its name.
          throw Object.assign(new Error('no room'), { name: 'StorageFullError' });
        }
        await delay(60);
        await putChunk(db, copy);
      },
    });
    const error = expectState(outcome, 'error');
    expect(error.message).toMatch(/^big\.csv: The browser has no more storage/);
    await delay(200); // a write still in flight would have landed by now
    expect(await db.chunks.where('importId').noneOf((await db.imports.toArray()).map((i) => i.id)).count()).toBe(0);
    expect(await db.imports.count()).toBe(1);
    expect((await loadOrderTable(db, 'store')).columns.length).toBe(100);
  });
});

describe('datasets', () => {
  it('makes ids from names that never take a demo dataset\u2019s place', async () => {
    expect(await createDataset(db, '  Client  A ')).toBe('client-a');
    expect(await createDataset(db, 'Client A')).toBe('client-a-2');
    expect(await createDataset(db, 'Sample')).toBe('sample-2');
    await expect(createDataset(db, '   ')).rejects.toThrow(/name/);
    expect((await db.datasets.get('client-a'))?.name).toBe('Client A');
  });
});
