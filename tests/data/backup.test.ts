// Backup and restore round trip on real data, and the refusals that must leave the current data untouched.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeTable } from '../../src/core/analytics/analysis.ts';
import { BackupError, createBackup, deleteEverything, readBackup, restoreBackup } from '../../src/data/backup.ts';
import { importFile } from '../../src/data/import-file.ts';
import { loadOrderTable } from '../../src/data/orders.ts';
import { openDatabase, type LoyaltyDatabase } from '../../src/data/schema.ts';

const SAMPLE = '../shared/datasets/cdnow/CDNOW_sample.txt';
const fileOf = (path: string) => Object.assign(new Blob([readFileSync(path)]), { name: path.split('/').pop()! });

let db: LoyaltyDatabase;
let n = 0;
beforeEach(async () => {
  db = openDatabase(`test-backup-${n++}`);
  await importFile(db, fileOf(SAMPLE), { datasetId: 'store' });
  await db.settings.put({ key: 'currency', value: 'USD' });
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

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
    const chunk = (await db.chunks.toArray())[0];
    expect(chunk.day).toBeInstanceOf(Int32Array);
    expect(chunk.lineKey).toBeInstanceOf(Float64Array);
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
});
