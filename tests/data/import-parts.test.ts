// A large file imported in parts (data/import-parts.ts, part workers run in this thread here) stores exactly
// what the same file imported in one piece stores, and says the same; where the parts cannot be merged the
// file is read again in one piece and nothing of the first attempt is left behind.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { importFile, type ImportOutcome, type ImportProgress } from '../../src/data/import-file.ts';
import { readLaterPart, type PartReader } from '../../src/data/import-parts.ts';
import { loadOrderTable } from '../../src/data/orders.ts';
import { createBackup, restoreBackup } from '../../src/data/backup.ts';
import { openDatabase, type LoyaltyDatabase } from '../../src/data/schema.ts';

const opened: LoyaltyDatabase[] = [];
let n = 0;
async function freshDb(): Promise<LoyaltyDatabase> {
  const db = openDatabase(`test-import-parts-${n++}`);
  await db.open();
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

/** Part workers in this thread, staging into `db`, their options copied as a worker would receive them. */
const inThread = (db: LoyaltyDatabase): PartReader => (file, start, end, last, options, stage, onProgress) => ({
  result: readLaterPart(db, file, start, end, last, structuredClone(options), stage, onProgress),
  cancel: () => undefined,
});

/** About 3.5 MB of order lines: repeated lines (some across parts), non-ASCII SKUs, a few bad lines. */
function orderFile(inserted = '', slashDates = false): Blob & { name: string } {
  const lines = ['customer,date,value,order,quantity,sku,currency'];
  for (let i = 0; i < 46_000; i++) {
    const [month, date] = [String((i % 12) + 1).padStart(2, '0'), String(((i + 5) % 12) + 1).padStart(2, '0')];
    const day = slashDates ? `${date}/${month}/2024` : `2024-${month}-${String((i % 28) + 1).padStart(2, '0')}`;
    const sku = i % 97 === 0 ? 'Tasse Crème' : `SKU-${i % 300}`;
    const value = i % 5003 === 17 ? 'n/a' : `${(i % 40) + 0.99}`;
    lines.push(`customer${(i * 7919) % 6000}@example.com,${day},${value},O-${Math.floor(i / 2)},${(i % 3) + 1},${sku},${i % 11 === 0 ? 'EUR' : 'USD'}`);
    if (i % 9000 === 5) lines.push(lines[lines.length - 1]); // the same line twice in a row
    if (i === 20_000 && inserted) lines.push(inserted);
  }
  for (let i = 1; i < 40; i += 3) lines.push(lines[i]); // lines of the start again at the end
  return Object.assign(new Blob([`${lines.join('\n')}\n`]), { name: 'orders.csv' });
}

function done(outcome: ImportOutcome) {
  if (outcome.state !== 'done') throw new Error(`not imported: ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome;
}

async function stored(db: LoyaltyDatabase) {
  const table = await loadOrderTable(db, 'store');
  return { columns: table.columns, dictionaries: table.dictionaries, chunks: await db.chunks.count(), imports: await db.imports.count() };
}

describe('a large file imported in parts', () => {
  it('stores and reports what one reading stores and reports, and a second import adds nothing either way', async () => {
    const file = orderFile();
    const [a, b] = [await freshDb(), await freshDb()];
    const progress: ImportProgress[] = [];
    const inParts = done(await importFile(a, file, { datasetId: 'store' },
      { readPart: inThread(a), parts: 4, partsMinBytes: 1 << 20, onProgress: (p) => void progress.push(p) }));
    const onePiece = done(await importFile(b, file, { datasetId: 'store' }));
    expect(inParts.parts).toBe(4);
    expect(onePiece.parts).toBe(1);
    expect(inParts.report).toEqual(onePiece.report);
    expect(inParts.rejects).toEqual(onePiece.rejects);
    expect(inParts.report.rejectedByReason['bad-value']).toBeGreaterThan(5);
    // Progress sums the parts: every byte read in the end, and the live chart's lines from the later parts too.
    expect(Math.max(...progress.map((p) => p.bytes))).toBe(file.size);
    expect(Math.max(...progress.map((p) => p.lines))).toBeGreaterThan(inParts.report.rows * 0.99);
    const lastLive = progress[progress.length - 1].live!;
    expect(lastLive.lines.reduce((sum, n) => sum + n, 0)).toBe(inParts.report.accepted);
    const [sa, sb] = [await stored(a), await stored(b)];
    expect(sa.dictionaries).toEqual(sb.dictionaries);
    expect(sa.columns).toEqual(sb.columns);
    expect(new Set(sa.columns.lineKey).size).toBe(sa.columns.length);

    // A backup of the dataset read in parts restores to the same order lines (the parts' codes move on read).
    const restored = await freshDb();
    await restoreBackup(restored, await createBackup(a));
    const sr = await stored(restored);
    expect(sr.columns).toEqual(sa.columns);
    expect(sr.dictionaries).toEqual(sa.dictionaries);

    const again = done(await importFile(a, file, { datasetId: 'store' }, { readPart: inThread(a), parts: 3, partsMinBytes: 1 << 20 }));
    const againOnePiece = done(await importFile(b, file, { datasetId: 'store' }));
    expect(again.report).toEqual(againOnePiece.report);
    expect(again.report.accepted).toBe(0);
    expect(again.duplicates).toBe(inParts.report.accepted);
  });

  it('reads the file again in one piece when a cut falls inside a quoted field, and keeps nothing of the first try', async () => {
    // A quoted field with 3 MB of line breaks from 1.5 MB on spans the cut (a file of 6.5 MB in 2 parts).
    const file = orderFile(`x@example.com,2024-01-01,1,Q-1,1,"${'\n'.repeat(3 << 20)}",USD`);
    const [a, b] = [await freshDb(), await freshDb()];
    const tried = done(await importFile(a, file, { datasetId: 'store' }, { readPart: inThread(a), parts: 2, partsMinBytes: 1 << 20 }));
    const onePiece = done(await importFile(b, file, { datasetId: 'store' }));
    expect(tried.parts).toBe(1);
    expect(tried.partsRefused).toMatch(/quoted field/);
    expect(tried.report).toEqual(onePiece.report);
    expect(await stored(a)).toEqual(await stored(b));
  });

  it('asks for the day/month order of slash dates as one reading does, and reads in parts once it is given', async () => {
    const file = orderFile('', true); // 06/01/2024 and the like: every date reads both ways
    const [a, b] = [await freshDb(), await freshDb()];
    const asked = await importFile(a, file, { datasetId: 'store' }, { readPart: inThread(a), parts: 3, partsMinBytes: 1 << 20 });
    expect(asked.state).toBe('needs-date-order');
    expect(asked).toEqual(await importFile(b, file, { datasetId: 'store' }));
    expect(await a.chunks.count()).toBe(0);
    const answered = done(await importFile(a, file, { datasetId: 'store', dateOrder: 'dmy' }, { readPart: inThread(a), parts: 3, partsMinBytes: 1 << 20 }));
    const onePiece = done(await importFile(b, file, { datasetId: 'store', dateOrder: 'dmy' }));
    expect(answered.parts).toBe(3);
    expect(answered.report).toEqual(onePiece.report);
    expect((await stored(a)).columns).toEqual((await stored(b)).columns);
  });
});
