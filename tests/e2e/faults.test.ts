// Faults from the local-first issue, each in the built app: it must end with a clear message and the data
// stored before it intact.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { closeMidImport, emulateCores, launch, openApp, type AppPage } from './browser.ts';

const SAMPLE = '../shared/datasets/cdnow/CDNOW_sample.txt';
const dir = mkdtempSync(join(tmpdir(), 'll-faults-'));

/** An event log big enough to take a few seconds, so that it can be cancelled or closed midway. */
function bigFile(): string {
  const path = join(dir, 'big-orders.csv');
  const lines = ['customer,date,value'];
  for (let i = 0; i < 1_200_000; i++) {
    lines.push(`customer-${(i * 7919) % 150_000}@example.com,20${20 + (i % 4)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${(i % 9000) / 100 + 1}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function settle(app: AppPage): Promise<{ state: string | null; text: string | null }> {
  const status = app.page.locator('[data-testid="import-status"]:not([data-state="running"]):not([data-state="idle"])');
  await status.waitFor({ timeout: 90_000 });
  return { state: await status.getAttribute('data-state'), text: await status.textContent() };
}

async function give(app: AppPage, file: string | { name: string; mimeType: string; buffer: Buffer }) {
  await app.goto('#/import');
  await app.page.getByTestId('import-input').setInputFiles(file);
  return settle(app);
}

async function customers(app: AppPage): Promise<string | null> {
  await app.goto('#/brand');
  await app.page.getByTestId('metric-customers').or(app.page.getByText('No orders yet')).first().waitFor();
  return app.page.getByTestId('metric-customers').getAttribute('data-value', { timeout: 1000 }).catch(() => null);
}

describe('faults in Chromium', () => {
  let browser: Browser;
  let app: AppPage;
  const big = bigFile();

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser);
    expect((await give(app, SAMPLE)).state).toBe('done');
    expect(await customers(app)).toBe('2357');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('cancel: says nothing was stored and keeps the earlier data', async () => {
    await app.goto('#/import');
    await app.page.getByTestId('import-input').setInputFiles(big);
    await app.page.locator('[data-testid="import-status"][data-state="running"]').waitFor();
    await app.page.getByTestId('import-cancel').click();
    const end = await settle(app);
    expect(end.state).toBe('cancelled');
    expect(end.text).toContain('nothing was stored');
    expect(await customers(app)).toBe('2357');
  });

  it('closing the page mid-import: the next visit shows the earlier data only', async () => {
    await closeMidImport(browser, big, 700);
    await app.page.reload();
    expect(await customers(app)).toBe('2357');
  });

  it.each([
    ['a 0-byte file', { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) }, /empty\.csv.*empty/],
    ['a binary file', { name: 'photo.csv', mimeType: 'text/csv', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]) }, /photo\.csv.*(binary|not a text)/],
    ['an Excel workbook given as CSV', { name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000'), Buffer.alloc(64), Buffer.from('xl/workbook.xml')]) }, /orders\.csv.*(Excel|spreadsheet|binary)/],
    ['a file cut inside a quoted field', { name: 'cut.csv', mimeType: 'text/csv', buffer: Buffer.from('customer,date,value\nann@example.com,2024-01-02,10\nbob@example.com,2024-01-03,"1') }, /cut\.csv, line 3/],
  ])('%s: a clear message and the earlier data intact', async (_name, file, message) => {
    const end = await give(app, file);
    expect(end.state).toBe('error');
    expect(end.text).toMatch(message);
    expect(await customers(app)).toBe('2357');
  });

  // With 2 cores the import worker writes its chunks itself; with 8 a writer worker does (and parts are read).
  it.each([2, 8])('a full disk (quota), %i cores: a plain message and the earlier data intact', async (cores) => {
    // Chromium fixes an origin's quota at its first storage use, so this runs in a fresh profile whose
    // quota (4 MB) fits the app and the CDNOW sample but not the big file.
    const small = await openApp(browser);
    const cdp = await small.context.newCDPSession(small.page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(small.baseUrl).origin, quotaSize: 4 * 1024 * 1024 });
    await emulateCores(small, cores);
    expect((await give(small, SAMPLE)).state).toBe('done');
    const end = await give(small, big);
    expect(end.state).toBe('error');
    expect(end.text).toContain('no more storage');
    expect(await customers(small)).toBe('2357');
    expect(small.problems).toEqual([]);
    await small.context.close();
  });

  it('made no request off the device and had no page errors', () => {
    expect(app.foreignRequests).toEqual([]);
    expect(app.problems).toEqual([]);
  });
});
