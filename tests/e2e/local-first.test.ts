// Local-first promises in the built app: it works offline after the first visit, backups round-trip and
// refuse a wrong passphrase without touching the data, delete-all empties the store, and hostile text in a
// file is shown as text.
import { describe, expect, it } from 'vitest';
import { type AppPage, appPerSuite } from './browser.ts';

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
  const suite = appPerSuite();

  it('opens offline after the first visit with the same data', async () => {
    await importFile(suite.app, SAMPLE);
    expect(await customers(suite.app)).toBe('2357');
    await suite.app.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await suite.app.page.reload();
    await suite.app.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await suite.app.context.setOffline(true);
    await suite.app.page.reload();
    expect(await customers(suite.app)).toBe('2357');
    await suite.app.goto('#/import');
    await suite.app.page.getByTestId('import-input').waitFor();
    await suite.app.context.setOffline(false);
  });

  it('backs up with a passphrase, refuses a wrong one untouched, deletes everything, restores the same figures', async () => {
    await suite.app.goto('#/settings');
    await suite.app.page.getByLabel('Passphrase (optional)').fill('open sesame 42');
    const [download] = await Promise.all([suite.app.page.waitForEvent('download'), suite.app.page.getByTestId('backup-export').click()]);
    const path = await download.path();
    expect(download.suggestedFilename()).toMatch(/^loyalty-lens-backup-.*-encrypted\.llbackup$/);

    await suite.app.page.getByLabel('Passphrase, if the backup is encrypted').fill('wrong');
    await suite.app.page.getByTestId('backup-restore-input').setInputFiles(path);
    await suite.app.page.getByRole('alert').filter({ hasText: 'The passphrase is wrong' }).waitFor();
    await expect(suite.app.page.getByRole('alert').textContent()).resolves.toContain('Your current data was not changed');
    expect(await customers(suite.app)).toBe('2357');

    await suite.app.goto('#/settings');
    await suite.app.page.getByTestId('delete-all').click();
    await suite.app.page.getByTestId('delete-all-confirm').click();
    await suite.app.page.getByText('Everything was deleted from this browser.').waitFor();
    expect(await customers(suite.app)).toBeNull();

    await suite.app.goto('#/settings');
    await suite.app.page.getByLabel('Passphrase, if the backup is encrypted').fill('open sesame 42');
    await suite.app.page.getByTestId('backup-restore-input').setInputFiles(path);
    await suite.app.page.getByText(/^Restored /).waitFor();
    expect(await customers(suite.app)).toBe('2357');
  });

  it('shows hostile text from a file as text', async () => {
    const hostile = [
      'customer,date,value',
      '<img src=x onerror=alert(1)>,2024-01-02,10',
      'ann@example.com,<script>alert(2)</script>,5',
      'bob@example.com,2024-01-03,javascript:alert(3)',
      '=HYPERLINK("http://evil.example"),2024-01-04,7',
    ].join('\n');
    await importFile(suite.app, { name: 'hostile.csv', mimeType: 'text/csv', buffer: Buffer.from(hostile) });
    const report = suite.app.page.getByTestId('import-rejects');
    await report.waitFor();
    await expect(report.textContent()).resolves.toContain('<script>alert(2)</script>');
    expect(await suite.app.page.locator('main script, main img').count()).toBe(0);
  });

  it('made no request off the device and had no page errors or dialogs', () => {
    expect(suite.app.foreignRequests).toEqual([]);
    expect(suite.app.problems).toEqual([]);
  });
});
