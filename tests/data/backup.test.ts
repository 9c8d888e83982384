// Backup and restore round trip on real data, and the refusals that must leave the current data untouched.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeTable } from '../../src/core/analytics/analysis.ts';
import { BackupError, createBackup, deleteEverything, readBackup, restoreBackup } from '../../src/data/backup.ts';
import { importCostTable, loadCostTable } from '../../src/data/import-costs.ts';
import { importFile } from '../../src/data/import-file.ts';
import { dictionaryRecord, loadDictionaries, loadOrderTable } from '../../src/data/orders.ts';
import { openDatabase, type LoyaltyDatabase } from '../../src/data/schema.ts';

const SAMPLE = '../shared/datasets/cdnow/CDNOW_sample.txt';
const fileOf = (path: string) => Object.assign(new Blob([readFileSync(path)]), { name: path.split('/').pop()! });
const textFile = (name: string, text: string) => Object.assign(new Blob([text]), { name });

let db: LoyaltyDatabase;
let n = 0;
beforeEach(async () => {
  db = openDatabase(`test-backup-${n++}`);
  await importFile(db, fileOf(SAMPLE), { datasetId: 'store' });
  await db.settings.put({ key: 'currency', value: 'USD' });
  expect((await importCostTable(db, 'store', textFile('costs.csv', 'sku,unit_cost\n1,2.5\n'), 'USD')).state).toBe('done');
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

// Dictionary strings that JSON and UTF-8 would spoil if the backup did not escape them: lone surrogates,
// U+0000, control characters, emoji, a very long value, empty strings.
const ODD = ['', '\u0000', 'a\u001fb', '\ud800', 'x\udfffy', '😀 Zoë', '"quoted"\\', 'z'.repeat(50_000), ''];
const oddDictionaries = () => ({
  customer: Array.from({ length: 3000 }, (_, i) => `${ODD[i % ODD.length].slice(0, 20)}#${i}`).concat(ODD),
  order: [], sku: ODD, currency: ['USD'], marketplace: ['\ud83d'],
});

/** The same file with the header of backup format 1 (the payload, and so its checksum, is unchanged). */
async function asFormat1(file: Blob): Promise<Blob> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const length = new DataView(bytes.buffer).getUint32(8);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length)));
  const text = new TextEncoder().encode(JSON.stringify({ ...header, version: 1 }));
  const lengthBytes = new Uint8Array(4);
  new DataView(lengthBytes.buffer).setUint32(0, text.length);
  return new Blob([bytes.subarray(0, 8), lengthBytes, text, bytes.subarray(12 + length)]);
}

async function figures() {
  const table = await loadOrderTable(db, 'store');
  return analyzeTable(table, []).metrics;
}

describe('backup', () => {
  it('round-trips: backup, delete everything, restore, same figures and settings', async () => {
    const before = await figures();
    const file = await createBackup(db);
    await deleteEverything(db);
    expect(await db.chunks.count()).toBe(0);
    expect((await figures()).customers).toBe(0);
    const counts = await restoreBackup(db, file);
    expect(counts.chunks).toBe(1);
    expect(await figures()).toEqual(before);
    expect((await db.settings.get('currency'))?.value).toBe('USD');
    expect(counts.datasetSettings).toBe(1);
    const costs = await loadCostTable(db, 'store');
    expect(costs?.unitCost).toBeInstanceOf(Float64Array);
    expect(Array.from(costs!.unitCost)).toEqual([2.5]);
    const chunk = (await db.chunks.toArray())[0];
    expect(chunk.day).toBeInstanceOf(Int32Array);
    expect(chunk.lineKey).toBeInstanceOf(Float64Array);
    // CDNOW's 2,357 customers are stored packed, and come back packed.
    expect((await db.dictionaries.get(['store', 'customer']))?.packed?.lengths).toBeInstanceOf(Uint32Array);
  });

  it('round-trips packed dictionaries of any UTF-16 content, plain and encrypted', async () => {
    const dictionaries = oddDictionaries();
    await db.dictionaries.bulkPut((Object.keys(dictionaries) as (keyof typeof dictionaries)[]).map((name) => dictionaryRecord('odd', name, dictionaries[name])));
    expect((await db.dictionaries.get(['odd', 'customer']))?.packed).toBeDefined();
    const store = await loadDictionaries(db, 'store');
    for (const passphrase of [undefined, 'a passphrase']) {
      const file = await createBackup(db, passphrase);
      await deleteEverything(db);
      await restoreBackup(db, file, passphrase);
      expect(await loadDictionaries(db, 'odd')).toEqual(dictionaries);
      expect(await loadDictionaries(db, 'store')).toEqual(store);
    }
  });

  it('restores a backup of format 1, whose dictionaries are plain values, and stores them packed', async () => {
    const dictionaries = oddDictionaries();
    await db.dictionaries.bulkPut((Object.keys(dictionaries) as (keyof typeof dictionaries)[]).map((name) => ({ datasetId: 'odd', name, values: dictionaries[name] })));
    const store = await loadDictionaries(db, 'store');
    await db.dictionaries.put({ datasetId: 'store', name: 'customer', values: store.customer });
    const before = await figures();
    const file = await asFormat1(await createBackup(db, 'old passphrase'));
    expect((await readBackup(file, 'old passphrase')).header.version).toBe(1);
    await deleteEverything(db);
    await restoreBackup(db, file, 'old passphrase');
    expect(await loadDictionaries(db, 'odd')).toEqual(dictionaries);
    expect(await figures()).toEqual(before);
    expect((await db.dictionaries.get(['odd', 'customer']))?.packed).toBeDefined();
    expect((await db.dictionaries.get(['store', 'customer']))?.packed).toBeDefined();
    expect((await db.dictionaries.get(['odd', 'currency']))?.values).toEqual(['USD']);
  });

  it('refuses a file whose packed dictionary does not add up, before touching anything', async () => {
    await db.dictionaries.put({ datasetId: 'odd', name: 'customer', packed: { parts: ['abc'], lengths: Uint32Array.of(1, 1) } });
    const file = await createBackup(db);
    await db.dictionaries.delete(['odd', 'customer']);
    await expect(restoreBackup(db, file)).rejects.toThrow('a dictionary cannot be read');
    expect((await figures()).customers).toBe(2357);
  });

  it('encrypts with a passphrase: the right one restores, a wrong one is refused and nothing changes', async () => {
    const before = await figures();
    const file = await createBackup(db, 'correct horse battery staple');
    const text = new TextDecoder('latin1').decode(new Uint8Array(await file.arrayBuffer()));
    expect(text).not.toContain('USD');
    await db.settings.put({ key: 'currency', value: 'EUR' });
    await expect(restoreBackup(db, file, 'wrong passphrase')).rejects.toThrow('The passphrase is wrong');
    await expect(restoreBackup(db, file)).rejects.toThrow('encrypted: enter its passphrase');
    expect((await db.settings.get('currency'))?.value).toBe('EUR');
    await restoreBackup(db, file, 'correct horse battery staple');
    expect((await db.settings.get('currency'))?.value).toBe('USD');
    expect(await figures()).toEqual(before);
  });

  it('refuses a damaged file before touching anything', async () => {
    const bytes = new Uint8Array(await (await createBackup(db)).arrayBuffer());
    const flipped = bytes.slice();
    flipped[flipped.length - 100] ^= 0xff;
    await expect(readBackup(new Blob([flipped]))).rejects.toThrow(BackupError);
    await expect(restoreBackup(db, new Blob([flipped]))).rejects.toThrow('checksum does not match');
    await expect(restoreBackup(db, new Blob([bytes.slice(0, bytes.length / 2)]))).rejects.toThrow(BackupError);
    await expect(restoreBackup(db, new Blob(['customer,date,value\n']))).rejects.toThrow('not a Loyalty Lens backup');
    expect((await figures()).customers).toBe(2357);
  });

  it('deletes everything: every table is empty', async () => {
    await deleteEverything(db);
    for (const table of db.tables) expect(await table.count(), table.name).toBe(0);
  });

  it('restores a backup written by schema version 1, moving its per-dataset settings to their own table', async () => {
    // A database of the previous version, filled and backed up the way that version did.
    const old = openDatabase(`test-backup-v1-${n++}`, 1);
    try {
      await old.open();
      expect(old.verno).toBe(1);
      expect((await importFile(old, textFile('old.csv', 'customer,date,value,sku\nann,2024-01-02,10,1\nbob,2024-01-03,5,2\nann,2024-02-02,12,1\n'), { datasetId: 'store' })).state).toBe('done');
      const oldFigures = analyzeTable(await loadOrderTable(old, 'store'), []).metrics;
      await old.settings.bulkPut([
        { key: 'currency', value: 'GBP' },
        { key: 'pseudonymise', value: false },
        { key: 'costs:store', value: { sku: ['1', '2'], unitCost: Float64Array.from([3, 4.5]), currency: ['USD', 'USD'] } },
        { key: 'salt:store', value: '00112233445566778899aabbccddeeff' },
        { key: 'tiers:store', value: [{ thresholdType: 'orders', marketplace: '*', tiers: [{ name: 'Loyal', threshold: 1 }] }] },
      ]);
      const file = await createBackup(old, 'old passphrase');
      const { header } = await readBackup(file, 'old passphrase');
      expect(header.schemaVersion).toBe(1);
      expect(Object.keys(header.tables)).not.toContain('datasetSettings');

      expect((await figures()).customers).toBe(2357);
      await restoreBackup(db, file, 'old passphrase');
      expect(await figures()).toEqual(oldFigures);
      expect((await figures()).customers).toBe(2);
      expect((await db.settings.toArray()).map((r) => r.key).sort()).toEqual(['currency', 'pseudonymise']);
      expect((await db.settings.get('currency'))?.value).toBe('GBP');
      expect((await db.datasetSettings.toArray()).map((r) => `${r.datasetId}/${r.key}`).sort()).toEqual(['store/costs', 'store/salt', 'store/tiers']);
      const costs = await loadCostTable(db, 'store');
      expect(costs?.unitCost).toBeInstanceOf(Float64Array);
      expect(Array.from(costs!.unitCost)).toEqual([3, 4.5]);
      expect((await db.datasetSettings.get(['store', 'salt']))?.value).toBe('00112233445566778899aabbccddeeff');
    } finally {
      old.close();
      await Dexie.delete(old.name);
    }
  });
});
