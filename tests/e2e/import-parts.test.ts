// A large file (18 MB, over the 16 MB from which the import reads in parts) dropped on the import page in
// Chromium, as on an 8-core laptop: it is read in four parts, and what the page stores is what one reading
// gives: the same report, the same number of lines, codes, line keys and amounts as core/ingest reading the
// same bytes in one piece in Node (the later parts' chunks read as loadOrderTable reads them).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { concatColumns, type OrderLineColumns } from '../../src/core/columns/table.ts';
import { ingest } from '../../src/core/ingest/ingest.ts';
import { remapChunk, type PartRemap } from '../../src/core/ingest/parts.ts';
import { closeMidImport, emulateCores, launch, openApp, type AppPage } from './browser.ts';

/** 200,000 order lines: repeated lines (some far apart), non-ASCII SKUs, two currencies, a few bad lines. */
function largeFile(): string {
  const lines = ['customer,date,value,order,quantity,sku,currency,marketplace'];
  for (let i = 0; i < 200_000; i++) {
    const day = `20${23 + (i % 2)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const sku = i % 101 === 0 ? 'Tasse Crème 350 ml' : `SKU-${i % 700}`;
    const value = i % 20_011 === 17 ? 'n/a' : `${(i % 90) + 0.99}`;
    lines.push(`shopper${(i * 7919) % 40_000}@example.com,${day},${value},O-${Math.floor(i / 2)},${(i % 3) + 1},${sku},${i % 13 === 0 ? 'EUR' : 'USD'},Online store with a long marketplace name`);
    if (i % 30_000 === 5) lines.push(lines[lines.length - 1]);
  }
  for (let i = 1; i < 60; i += 7) lines.push(lines[i]);
  return `${lines.join('\n')}\n`;
}

/** A digest of stored columns that tells codes, keys and amounts apart. */
function digest(c: OrderLineColumns) {
  let keys = 0;
  let amounts = 0;
  let codes = 0;
  for (let i = 0; i < c.length; i++) {
    keys = (keys + (c.lineKey[i] % 1_000_003) * (i + 1)) % 2_147_483_647;
    amounts += c.amount[i] * c.quantity[i];
    codes = (codes * 31 + c.customer[i] * 7 + c.order[i] * 3 + c.sku[i] + c.currency[i] + c.day[i]) % 2_147_483_647;
  }
  return { length: c.length, keys, amounts: Math.round(amounts * 100), codes };
}

/** Every row of two IndexedDB stores, read in the page. */
async function rows(app: AppPage) {
  return app.page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('loyalty-lens');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = <T,>(store: string) => new Promise<T[]>((resolve, reject) => {
      const request = db.transaction(store).objectStore(store).getAll();
      request.onsuccess = () => resolve(request.result as T[]);
      request.onerror = () => reject(request.error);
    });
    const imports = await all<{ id: string; status: string; parts?: number; report: unknown; remaps?: PartRemap[] }>('imports');
    const chunks = await all<Record<string, unknown> & { importId: string; seq: number; part?: number }>('chunks');
    db.close();
    return { imports, chunks: chunks.sort((a, b) => a.seq - b.seq), cores: navigator.hardwareConcurrency };
  });
}

describe('a large file imported in parts in Chromium', () => {
  let browser: Browser;
  let app: AppPage;
  let path: string;

  beforeAll(async () => {
    path = join(mkdtempSync(join(tmpdir(), 'll-parts-')), 'large-orders.csv');
    writeFileSync(path, largeFile());
    browser = await launch();
    app = await openApp(browser);
    // The page decides the parts from its cores (one part per two, up to four): as on an 8-core laptop.
    await emulateCores(app, 8);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('stores what one reading of the same bytes gives', async () => {
    await app.goto('#/import');
    await app.page.getByTestId('import-input').setInputFiles(path);
    await app.page.locator('[data-testid="import-status"][data-stored="true"]').waitFor({ timeout: 120_000 });

    const stored = await rows(app);
    expect(app.problems).toEqual([]);
    expect(stored.imports).toHaveLength(1);
    const [record] = stored.imports;
    expect(record.status).toBe('committed');
    expect(stored.cores).toBe(8);
    expect(record.parts).toBe(4);

    const bytes = readFileSync(path);
    const chunks: OrderLineColumns[] = [];
    const one = await ingest((async function* () { for (let i = 0; i < bytes.length; i += 1 << 20) yield bytes.subarray(i, i + (1 << 20)); })(), {
      fileName: 'large-orders.csv', totalBytes: bytes.length, marketplace: 'Store', maxRejectsListed: 10_000,
      onChunk: (c) => void chunks.push(c),
    });
    const { rejects: _, ...report } = one.report;
    expect(record.report).toEqual(JSON.parse(JSON.stringify(report)));
    expect(report.rejectedByReason['bad-value']).toBe(10);
    // A later part's chunks hold its own codes, moved to the dataset's when read (as loadOrderTable does).
    const read = stored.chunks as unknown as (OrderLineColumns & { part?: number })[];
    expect(read.some((c) => c.part !== undefined)).toBe(record.parts! > 1);
    for (const c of read) if (c.part !== undefined) remapChunk(c, record.remaps![c.part - 1]);
    expect(digest(concatColumns(read))).toEqual(digest(concatColumns(chunks)));
  });

  it('cancelled while the parts are read: says nothing was stored, and no part left a chunk behind', async () => {
    await app.goto('#/import');
    await app.page.getByTestId('import-input').setInputFiles(path);
    await app.page.locator('[data-testid="import-status"][data-state="running"]').waitFor();
    await app.page.waitForTimeout(600);
    await app.page.getByTestId('import-cancel').click();
    const status = app.page.locator('[data-testid="import-status"][data-state="cancelled"]');
    await status.waitFor({ timeout: 60_000 });
    expect(await status.textContent()).toContain('nothing was stored');
    const after = await rows(app);
    expect(after.imports.map((i) => i.status)).toEqual(['committed']);
    expect(new Set(after.chunks.map((c) => c.importId))).toEqual(new Set([after.imports[0].id]));
  });

  it('a page closed while the parts are read: the next visit removes every chunk the parts staged', async () => {
    await closeMidImport(browser, path, 1200, 8);
    // The next import (or visit to the import page) clears what the closed page left staged.
    await app.page.reload();
    await app.goto('#/import');
    await app.page.getByTestId('import-input').setInputFiles({ name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from('customer,date,value\nann@example.com,2024-01-02,10\n') });
    await app.page.locator('[data-testid="import-status"][data-state="done"]').waitFor({ timeout: 60_000 });
    const after = await rows(app);
    expect(after.imports.every((i) => i.status === 'committed')).toBe(true);
    const committed = new Set(after.imports.map((i) => i.id));
    expect(after.chunks.every((c) => committed.has(c.importId))).toBe(true);
    expect(app.problems).toEqual([]);
  });
});
