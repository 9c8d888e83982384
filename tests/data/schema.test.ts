// Every schema upgrade on a database full of data (fake-indexeddb): open it at the previous version, fill it
// the way that version's code did, reopen it at the latest version and check that no record was lost. And
// deleting a dataset removes every row it owns in every table, whatever tables later versions add.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { putDatasetSetting } from '../../src/data/dataset-settings.ts';
import { importCostTable, loadCostTable } from '../../src/data/import-costs.ts';
import { importFile, setPseudonymiseSetting, type ImportOutcome } from '../../src/data/import-file.ts';
import { datasetImportStatus } from '../../src/data/import-status.ts';
import { beginImport, deleteDataset, loadOrderTable, stageChunk } from '../../src/data/orders.ts';
import { openDatabase, SCHEMA_VERSIONS, type DatasetSettingRecord, type LoyaltyDatabase, type SettingRecord } from '../../src/data/schema.ts';
import { allocateColumns } from '../../src/core/columns/table.ts';

const textFile = (name: string, text: string) => Object.assign(new Blob([text]), { name });
const LATEST = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1].version;

function expectDone(outcome: ImportOutcome): void {
  expect(outcome.state, 'message' in outcome ? outcome.message : '').toBe('done');
}

const opened: LoyaltyDatabase[] = [];
let n = 0;
function database(upTo = Infinity, name = `test-schema-${n++}`): LoyaltyDatabase {
  const db = openDatabase(name, upTo);
  opened.push(db);
  return db;
}
afterEach(async () => {
  const dbs = opened.splice(0);
  for (const db of dbs) db.close();
  for (const name of new Set(dbs.map((db) => db.name))) await Dexie.delete(name);
});

/** Every row of every table, by table name. */
async function snapshot(db: LoyaltyDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) out[table.name] = await table.toArray();
  return out;
}

const byKey = (a: { key: string; datasetId?: string }, b: { key: string; datasetId?: string }) =>
  `${a.datasetId ?? ''}|${a.key}`.localeCompare(`${b.datasetId ?? ''}|${b.key}`);

describe('schema versions', () => {
  it('are numbered in order from 1, each after the first with an upgrade', () => {
    expect(SCHEMA_VERSIONS.map((v) => v.version)).toEqual(SCHEMA_VERSIONS.map((_, i) => i + 1));
    for (const v of SCHEMA_VERSIONS.slice(1)) expect(typeof v.upgrade, `version ${v.version}`).toBe('function');
  });
});

describe('version 1 to 2: per-dataset settings move to their own table', () => {
  // What version 1's code kept in `settings`: global keys, and `<prefix>:<datasetId>` keys per dataset.
  const costs = { sku: ['A', 'B'], unitCost: Float64Array.from([1.5, 2]), currency: ['USD', 'USD'] };
  const summary = { file: 'summary.csv', importedAt: 1_700_000_000_000, report: { format: 'summary' }, table: { length: 1, customer: ['c1'], frequency: Float64Array.from([2]) } };
  const V1_SETTINGS: SettingRecord[] = [
    { key: 'pseudonymise', value: false },
    { key: 'mapping:customer|date|value', value: { customer: 'customer', date: 'date', value: 'value' } },
    { key: 'currency', value: 'USD' },
    { key: 'costs:store', value: costs },
    { key: 'salt:store', value: '0123456789abcdef0123456789abcdef' },
    { key: 'summary:store', value: summary },
    { key: 'tiers:store', value: [{ thresholdType: 'orders', marketplace: 'Shop', tiers: [{ name: 'Loyal', threshold: 1 }] }] },
    { key: 'segment-map:store', value: { id: 'edited', name: 'Edited Amazon', segments: [] } },
    { key: 'costs:other-shop', value: { sku: ['Z'], unitCost: Float64Array.from([9]), currency: ['EUR'] } },
    { key: 'products:sample', value: { sku: ['S1'], name: ['Mug'] } },
    { key: 'salt:sample', value: 'fedcba9876543210fedcba9876543210' },
  ];
  const GLOBAL_KEYS = ['pseudonymise', 'mapping:customer|date|value', 'currency'];

  async function fillVersion1(db: LoyaltyDatabase): Promise<void> {
    expectDone(await importFile(db, textFile('a.csv', 'customer,date,value,sku\nann,2024-01-02,10,A\nbob,2024-01-03,5,B\nann,2024-02-02,12,A\n'), { datasetId: 'store', marketplace: 'Shop' }));
    expectDone(await importFile(db, textFile('b.csv', 'customer,date,value\ncid,2024-03-02,7\n'), { datasetId: 'other-shop' }));
    // A tab closed mid-import leaves a staged import behind: it survives the upgrade too (removed on start).
    const staged = await beginImport(db, 'store', 'closed-tab.csv', 10);
    await stageChunk(db, staged, 'store', 0, allocateColumns(3));
    await db.settings.bulkPut(V1_SETTINGS);
  }

  it('keeps every dataset, import, chunk and dictionary, moves per-dataset settings and leaves global ones', async () => {
    const name = `test-schema-upgrade-${n++}`;
    const v1 = database(1, name);
    await v1.open();
    expect(v1.verno).toBe(1);
    expect(v1.tables.map((t) => t.name)).not.toContain('datasetSettings');
    await fillVersion1(v1);
    const before = await snapshot(v1);
    const linesBefore = (await loadOrderTable(v1, 'store')).columns.length;
    v1.close();

    const db = database(Infinity, name);
    await db.open();
    expect(db.verno).toBe(LATEST);
    const after = await snapshot(db);
    for (const table of ['datasets', 'imports', 'chunks', 'dictionaries']) {
      expect(after[table].length, table).toBeGreaterThan(0);
      expect(after[table], table).toEqual(before[table]);
    }
    const chunk = (after.chunks as { day: unknown }[])[0];
    expect(chunk.day).toBeInstanceOf(Int32Array);

    // Global settings untouched, byte for byte.
    expect((after.settings as SettingRecord[]).sort(byKey)).toEqual(V1_SETTINGS.filter((s) => GLOBAL_KEYS.includes(s.key)).sort(byKey));
    // Every per-dataset setting moved, with its value, and nothing else added.
    const expected: DatasetSettingRecord[] = V1_SETTINGS.filter((s) => !GLOBAL_KEYS.includes(s.key)).map((s) => {
      const colon = s.key.indexOf(':');
      return { datasetId: s.key.slice(colon + 1), key: s.key.slice(0, colon), value: s.value };
    });
    expect((after.datasetSettings as DatasetSettingRecord[]).sort(byKey)).toEqual(expected.sort(byKey));
    expect(after.settings.length + after.datasetSettings.length).toBe(before.settings.length);

    // And the app reads them where they now are.
    const costTable = await loadCostTable(db, 'store');
    expect(costTable?.unitCost).toBeInstanceOf(Float64Array);
    expect(Array.from(costTable!.unitCost)).toEqual([1.5, 2]);
    const status = await datasetImportStatus(db, 'store');
    expect(status.costs).toEqual({ skus: 2, currencies: ['USD'] });
    expect(status.summary).toEqual({ file: 'summary.csv', customers: 1, importedAt: 1_700_000_000_000 });
    expect((await loadOrderTable(db, 'store')).columns.length).toBe(linesBefore);
  });

  it('upgrades an empty version-1 database and one with only global settings', async () => {
    const empty = `test-schema-empty-${n++}`;
    const v1 = database(1, empty);
    await v1.open();
    v1.close();
    const db = database(Infinity, empty);
    await db.open();
    expect(db.verno).toBe(LATEST);
    expect(await db.datasetSettings.count()).toBe(0);

    const globalOnly = `test-schema-global-${n++}`;
    const v1b = database(1, globalOnly);
    await v1b.settings.bulkPut([{ key: 'pseudonymise', value: true }, { key: 'mapping:a|b', value: { customer: 'a' } }]);
    v1b.close();
    const dbb = database(Infinity, globalOnly);
    expect((await dbb.settings.toArray()).sort(byKey)).toEqual([{ key: 'mapping:a|b', value: { customer: 'a' } }, { key: 'pseudonymise', value: true }]);
    expect(await dbb.datasetSettings.count()).toBe(0);
  });
});

describe('deleteDataset', () => {
  /** Whether a row of the table belongs to the dataset: its datasetId, the dataset record, or a settings key naming it. */
  function ownedBy(table: string, row: Record<string, unknown>, datasetId: string): boolean {
    if (row.datasetId === datasetId) return true;
    if (table === 'datasets') return row.id === datasetId;
    if (table === 'settings') return typeof row.key === 'string' && row.key.endsWith(`:${datasetId}`);
    return false;
  }

  async function rowsOf(db: LoyaltyDatabase, datasetId: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [table, rows] of Object.entries(await snapshot(db))) {
      out[table] = rows.filter((r) => ownedBy(table, r as Record<string, unknown>, datasetId)).length;
    }
    return out;
  }

  async function fill(db: LoyaltyDatabase, datasetId: string): Promise<void> {
    await setPseudonymiseSetting(db, true); // a salt for the dataset
    expectDone(await importFile(db, textFile('a.csv', 'customer,date,value,sku\nann,2024-01-02,10,A\nbob,2024-01-03,5,B\n'), { datasetId }));
    const summary = await importFile(db, textFile('summary.csv', 'customer_id,frequency,recency,T,monetary_value\nc1,2,30,60,12.5\n'), { datasetId });
    expect(summary.state, 'message' in summary ? summary.message : '').toBe('summary');
    expect((await importCostTable(db, datasetId, textFile('costs.csv', 'sku,unit_cost\nA,1\nB,2\n'), 'USD')).state).toBe('done');
    await putDatasetSetting(db, datasetId, 'tiers', [{ thresholdType: 'orders', marketplace: '*', tiers: [{ name: 'Loyal', threshold: 1 }] }]);
    await putDatasetSetting(db, datasetId, 'segment-map', { id: 'edited', name: 'Edited Amazon', segments: [] });
    const staged = await beginImport(db, datasetId, 'closed-tab.csv', 10);
    await stageChunk(db, staged, datasetId, 0, allocateColumns(2));
  }

  it('leaves no row of the dataset in any table, and every row of the other datasets', async () => {
    const db = database();
    await fill(db, 'shop');
    await fill(db, 'other');
    await db.settings.put({ key: 'currency', value: 'USD' });
    const shop = await rowsOf(db, 'shop');
    for (const table of db.tables.map((t) => t.name).filter((t) => t !== 'settings')) {
      // A table added by a later version needs rows of 'shop' in fill() above, so that this test covers it.
      expect(shop[table], `rows of 'shop' in ${table} before the delete`).toBeGreaterThan(0);
    }
    const other = await snapshot(db);
    const otherRows = await rowsOf(db, 'other');

    await deleteDataset(db, 'shop');

    expect(await rowsOf(db, 'shop')).toEqual(Object.fromEntries(db.tables.map((t) => [t.name, 0])));
    expect(await rowsOf(db, 'other')).toEqual(otherRows);
    const after = await snapshot(db);
    for (const table of db.tables) {
      const kept = other[table.name].filter((r) => !ownedBy(table.name, r as Record<string, unknown>, 'shop'));
      expect(after[table.name], table.name).toEqual(kept);
    }
    expect(await db.settings.get('currency')).toEqual({ key: 'currency', value: 'USD' });
    expect(await loadCostTable(db, 'other')).not.toBeNull();
  });

  it('is a no-op for a dataset that does not exist', async () => {
    const db = database();
    await fill(db, 'shop');
    const before = await snapshot(db);
    await deleteDataset(db, 'nothing-here');
    expect(await snapshot(db)).toEqual(before);
  });
});
