// The import page in Chromium: nothing twice, the mapping screen with its preview and a saved mapping,
// the date-order question, the approximate-identity note, summary files, cost tables and the rejects
// download, each through the page as a seller uses it; axe on the questions; no request off the device.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AppPage, seriousViolations, appPerSuite } from './browser.ts';

const CDNOW_SAMPLE = '../shared/datasets/cdnow/CDNOW_sample.txt';
const CUSTOM = 'tests/fixtures/ingest/custom-export.csv';
const SUMMARY = 'tests/fixtures/ingest/customer-summary.csv';
const AMAZON_EXAMPLE = '../shared/datasets/formats/amazon_all_orders_example_row.tsv';

type Upload = string | { name: string; mimeType: string; buffer: Buffer };
const csv = (name: string, text: string): Upload => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

async function give(app: AppPage, file: Upload): Promise<void> {
  await app.goto('#/import');
  await app.page.getByTestId('import-input').setInputFiles(file);
}

async function settled(app: AppPage): Promise<string | null> {
  const status = app.page.locator('[data-testid="import-status"]:not([data-state="running"]):not([data-state="idle"])');
  await status.waitFor({ timeout: 60_000 });
  return status.getAttribute('data-state');
}

async function customers(app: AppPage): Promise<string | null> {
  await app.goto('#/brand');
  await app.page.getByTestId('metric-customers').waitFor();
  return app.page.getByTestId('metric-customers').getAttribute('data-value');
}

describe('the import page in Chromium', () => {
  const suite = appPerSuite();

  it('imports the same file twice and counts the same customers, saying how many lines were skipped', async () => {
    await give(suite.app, CDNOW_SAMPLE);
    expect(await settled(suite.app)).toBe('done');
    expect(await customers(suite.app)).toBe('2357');
    await give(suite.app, CDNOW_SAMPLE);
    expect(await settled(suite.app)).toBe('done');
    await expect(suite.app.page.getByTestId('import-duplicates').getAttribute('data-value')).resolves.toBe('6919');
    await expect(suite.app.page.getByTestId('import-status').textContent()).resolves.toContain('6,919 lines were already stored and were skipped');
    expect(await customers(suite.app)).toBe('2357');
  });

  it('shows an unknown header with a preview, imports with the chosen columns and reuses them for the next file', async () => {
    await give(suite.app, CUSTOM);
    const mapping = suite.app.page.getByTestId('import-mapping');
    await mapping.waitFor();
    await expect(suite.app.page.getByTestId('import-status').getAttribute('data-state')).resolves.toBe('idle');
    await expect(mapping.locator('tbody tr').count()).resolves.toBe(3);
    await expect(mapping.locator('tbody').textContent()).resolves.toContain('$1,299.00');
    expect(await seriousViolations(suite.app)).toEqual([]);
    await expect(suite.app.page.getByTestId('mapping-submit').isDisabled()).resolves.toBe(true);
    await suite.app.page.getByTestId('mapping-customer').selectOption({ label: 'Kundennummer' });
    await suite.app.page.getByTestId('mapping-date').selectOption({ label: 'Bestelldatum' });
    await suite.app.page.getByTestId('mapping-value').selectOption({ label: 'Umsatz' });
    await suite.app.page.getByTestId('mapping-order').selectOption({ label: 'Beleg' });
    await suite.app.page.getByTestId('mapping-submit').click();
    // Its dates (05/01/2024 ...) read both ways: the page asks.
    await suite.app.page.getByTestId('import-date-question').waitFor();
    await suite.app.page.getByTestId('date-order-dmy').click();
    expect(await settled(suite.app)).toBe('done');
    await expect(suite.app.page.getByTestId('import-result').last().textContent()).resolves.toContain('saved for files with this header');

    await give(suite.app, csv('custom-march.csv', 'Kundennummer,Bestelldatum,Umsatz,Beleg,Menge,Artikel\nK-9,25/03/2024,$40.00,B-9,1,A-1\n'));
    expect(await settled(suite.app)).toBe('done');
    expect(await suite.app.page.getByTestId('import-mapping').count()).toBe(0);
    await expect(suite.app.page.getByTestId('import-result').textContent()).resolves.toContain('Columns as you chose them for this header before');
    expect(await customers(suite.app)).toBe(String(2357 + 3));
  });

  it('asks whether DD/MM or MM/DD, with the example dates, then imports with the answer', async () => {
    await give(suite.app, csv('europe.csv', 'customer,date,value\nzoe@example.com,03/04/2024,10\nyan@example.com,05/06/2024,20\n'));
    const question = suite.app.page.getByTestId('import-date-question');
    await question.waitFor();
    await expect(question.textContent()).resolves.toContain('03/04/2024');
    await expect(suite.app.page.getByTestId('date-order-dmy').textContent()).resolves.toContain('3 April 2024');
    await expect(suite.app.page.getByTestId('date-order-mdy').textContent()).resolves.toContain('March 4, 2024');
    expect(await seriousViolations(suite.app)).toEqual([]);
    await suite.app.page.getByTestId('date-order-dmy').click();
    expect(await settled(suite.app)).toBe('done');
    await expect(suite.app.page.getByTestId('import-result').textContent()).resolves.toContain('day first (DD/MM), as you said');
  });

  it('marks the Amazon All Orders report as approximate', async () => {
    await give(suite.app, AMAZON_EXAMPLE);
    expect(await settled(suite.app)).toBe('done');
    await expect(suite.app.page.getByTestId('import-result').textContent()).resolves.toContain('Amazon All Orders report');
    await expect(suite.app.page.getByTestId('import-approximate').textContent()).resolves.toContain('approximate');
    await suite.app.page.getByTestId('dataset-approximate').waitFor();
  });

  it('keeps a customer summary for the lifetime-value models and says it is not order lines', async () => {
    await give(suite.app, SUMMARY);
    expect(await settled(suite.app)).toBe('done');
    await expect(suite.app.page.getByTestId('import-summary-file').textContent()).resolves.toContain('feeds only the lifetime-value models');
    await expect(suite.app.page.getByTestId('import-rejects').textContent()).resolves.toContain('4 lines');
  });

  it('lists rejected lines with line, column and reason, and downloads them as CSV', async () => {
    await give(suite.app, csv('bad.csv', 'customer,date,value\nann@example.com,2024-01-02,10\n,2024-01-03,5\nbob@example.com,someday,7\n'));
    expect(await settled(suite.app)).toBe('done');
    const report = suite.app.page.getByTestId('import-rejects');
    await expect(report.locator('tbody tr').count()).resolves.toBe(2);
    const [download] = await Promise.all([suite.app.page.waitForEvent('download'), suite.app.page.getByTestId('import-rejects-download').click()]);
    expect(download.suggestedFilename()).toBe('bad-rejected-lines.csv');
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.split('\r\n')[0]).toBe('file,line,column,reason,detail');
    expect(text).toContain('bad.csv,3,1,missing-customer,');
    expect(text).toContain('bad.csv,4,2,bad-date,');
  });

  it('imports a cost table and says what it read', async () => {
    await suite.app.goto('#/import');
    await suite.app.page.getByTestId('costs-input').setInputFiles(csv('costs.csv', 'sku,unit_cost\nA-1,12.5\nA-2,oops\n'));
    const result = suite.app.page.getByTestId('costs-result');
    await result.waitFor();
    await expect(result.getAttribute('data-value')).resolves.toBe('1');
    await expect(suite.app.page.getByTestId('costs-rejects').locator('tbody td').first().textContent()).resolves.toBe('3');
    await expect(suite.app.page.getByTestId('costs-rejects').textContent()).resolves.toContain('cost not readable');
  });

  it('imports into a new dataset under pseudonyms (Web Crypto in the worker) when the setting is on', async () => {
    await suite.app.goto('#/import');
    await suite.app.page.getByRole('button', { name: 'New dataset…' }).click();
    await suite.app.page.getByLabel('Name of the new dataset').fill('Private client');
    await suite.app.page.getByRole('button', { name: 'Create', exact: true }).click();
    await suite.app.page.getByRole('heading', { name: 'What Private client holds' }).waitFor();
    const toggle = suite.app.page.getByTestId('pseudonymise-toggle');
    const enabled = suite.app.page.locator('[data-testid="pseudonymise-toggle"]:enabled');
    await enabled.waitFor();
    await toggle.check();
    await enabled.waitFor(); // the setting is written
    await suite.app.page.reload();
    await enabled.waitFor(); // and read back
    await expect(toggle.isChecked()).resolves.toBe(true);
    await give(suite.app, csv('private.csv', 'customer,date,value\nann@example.com,2024-01-02,10\nann@example.com,2024-02-02,12\n'));
    expect(await settled(suite.app)).toBe('done');
    await expect(suite.app.page.getByTestId('import-result').textContent()).resolves.toContain('stored under pseudonyms');
    expect(await customers(suite.app)).toBe('1');
    await suite.app.goto('#/import');
    await suite.app.page.getByTestId('pseudonymise-toggle').uncheck();
  });

  it('made no request off the device and had no page errors', () => {
    expect(suite.app.foreignRequests).toEqual([]);
    expect(suite.app.problems).toEqual([]);
  });
});
