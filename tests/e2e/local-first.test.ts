// Local-first promises in the built app: it works offline after the first visit, backups round-trip and
// refuse a wrong passphrase without touching the data, delete-all empties the store, and hostile text in a
// file is shown as text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, openApp, type AppPage } from './browser.ts';

const SAMPLE = '../shared/datasets/cdnow/CDNOW_sample.txt';

async function importFile(app: AppPage, file: string | { name: string; mimeType: string; buffer: Buffer }) {
  await app.goto('#/import');
  await app.page.getByTestId('import-input').setInputFiles(file);
  await app.page.locator('[data-testid="import-status"]:not([data-state="running"]):not([data-state="idle"])').waitFor({ timeout: 60_000 });
}

async function customers(app: AppPage): Promise<string | null> {
  await app.goto('#/brand');
  await app.page.getByTestId('metric-customers').or(app.page.getByText('No orders yet')).first().waitFor();
  if (await app.page.getByTestId('metric-customers').count() === 0) return null;
  return app.page.getByTestId('metric-customers').getAttribute('data-value');
}

describe('local-first in Chromium', () => {
  let browser: Browser;
  let app: AppPage;

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens offline after the first visit with the same data', async () => {
    await importFile(app, SAMPLE);
    expect(await customers(app)).toBe('2357');
    await app.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await app.page.reload();
    await app.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await app.context.setOffline(true);
    await app.page.reload();
    expect(await customers(app)).toBe('2357');
    await app.goto('#/import');
    await app.page.getByTestId('import-input').waitFor();
    await app.context.setOffline(false);
  });

  it('backs up with a passphrase, refuses a wrong one untouched, deletes everything, restores the same figures', async () => {
    await app.goto('#/settings');
    await app.page.getByLabel('Passphrase (optional)').fill('open sesame 42');
    const [download] = await Promise.all([app.page.waitForEvent('download'), app.page.getByTestId('backup-export').click()]);
    const path = await download.path();
    expect(download.suggestedFilename()).toMatch(/^loyalty-lens-backup-.*-encrypted\.llbackup$/);

    await app.page.getByLabel('Passphrase, if the backup is encrypted').fill('wrong');
    await app.page.getByTestId('backup-restore-input').setInputFiles(path);
    await app.page.getByRole('alert').filter({ hasText: 'The passphrase is wrong' }).waitFor();
    await expect(app.page.getByRole('alert').textContent()).resolves.toContain('Your current data was not changed');
    expect(await customers(app)).toBe('2357');

    await app.goto('#/settings');
    await app.page.getByTestId('delete-all').click();
    await app.page.getByTestId('delete-all-confirm').click();
    await app.page.getByText('Everything was deleted from this browser.').waitFor();
    expect(await customers(app)).toBeNull();

    await app.goto('#/settings');
    await app.page.getByLabel('Passphrase, if the backup is encrypted').fill('open sesame 42');
    await app.page.getByTestId('backup-restore-input').setInputFiles(path);
    await app.page.getByText(/^Restored /).waitFor();
    expect(await customers(app)).toBe('2357');
  });

  it('shows hostile text from a file as text', async () => {
    const hostile = [
      'customer,date,value',
      '<img src=x onerror=alert(1)>,2024-01-02,10',
      'ann@example.com,<script>alert(2)</script>,5',
      'bob@example.com,2024-01-03,javascript:alert(3)',
      '=HYPERLINK("http://evil.example"),2024-01-04,7',
    ].join('\n');
    await importFile(app, { name: 'hostile.csv', mimeType: 'text/csv', buffer: Buffer.from(hostile) });
    const report = app.page.getByTestId('import-rejects');
    await report.waitFor();
    await expect(report.textContent()).resolves.toContain('<script>alert(2)</script>');
    expect(await app.page.locator('main script, main img').count()).toBe(0);
  });

  it('made no request off the device and had no page errors or dialogs', () => {
    expect(app.foreignRequests).toEqual([]);
    expect(app.problems).toEqual([]);
  });
});
