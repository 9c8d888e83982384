// The thin slice end to end: a file given to the page is parsed in the import worker, stored as columnar
// chunks in IndexedDB, summarised in the analytics worker and shown as brand tiles, and the numbers equal
// the command-line twin's on the same file.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type AppPage, appPerSuite } from './browser.ts';

const CDNOW = '../shared/datasets/cdnow/CDNOW_master.txt';

const TILES: Record<string, string> = {
  customers: 'metric-customers',
  orders: 'metric-total-orders',
  totalSales: 'metric-total-sales',
  avgSalesPerCustomer: 'metric-avg-sales-per-customer',
  repeatCustomers: 'metric-repeat-customers',
  repeatOrders: 'metric-repeat-orders',
  repeatPurchaseRate: 'metric-repeat-purchase-rate',
  medianRepeatIntervalDays: 'metric-median-repeat-interval',
};

function cli(file: string): { metrics: Record<string, number> } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/analyze.ts', file, '--json'], { encoding: 'utf8' });
  return JSON.parse(out);
}

async function tileValues(app: AppPage): Promise<Record<string, number>> {
  const values: Record<string, number> = {};
  for (const [key, testid] of Object.entries(TILES)) {
    const raw = await app.page.getByTestId(testid).getAttribute('data-value');
    values[key] = Number(raw);
  }
  return values;
}

describe('foundation slice in Chromium', () => {
  const suite = appPerSuite();

  it('shows an empty overview that points to the import on a fresh profile', async () => {
    await suite.app.goto('#/brand');
    await suite.app.page.getByText('No orders yet').waitFor();
    await expect(suite.app.page.getByTestId('import-status').count()).resolves.toBe(0);
  });

  it('imports CDNOW through the page and shows the same brand metrics as the command line', async () => {
    await suite.app.goto('#/import');
    const status = suite.app.page.getByTestId('import-status');
    await expect(status.getAttribute('data-state')).resolves.toBe('idle');
    await suite.app.page.getByTestId('import-input').setInputFiles(CDNOW);
    await suite.app.page.locator('[data-testid="import-status"][data-state="done"]').waitFor({ timeout: 60_000 });
    await expect(suite.app.page.getByTestId('import-progress').getAttribute('aria-valuenow')).resolves.toBe('100');

    await suite.app.goto('#/brand');
    await suite.app.page.getByTestId('metric-customers').waitFor();
    const page = await tileValues(suite.app);
    const expected = cli(CDNOW).metrics;
    expect(page.customers).toBe(23570);
    for (const key of Object.keys(TILES)) expect(page[key], key).toBeCloseTo(expected[key], 9);
    // The chart drew into a canvas.
    await suite.app.page.locator('[data-testid="chart-sales-trend"] canvas').first().waitFor();
  });

  it('keeps the data after a reload (stored in IndexedDB, not in memory)', async () => {
    await suite.app.page.reload();
    await suite.app.page.getByTestId('metric-customers').waitFor();
    await expect(suite.app.page.getByTestId('metric-customers').getAttribute('data-value')).resolves.toBe('23570');
  });

  it('refuses an unreadable file with file, line and reason, and keeps what was stored', async () => {
    await suite.app.goto('#/import');
    await suite.app.page.getByTestId('import-input').setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('customer,date,value\nann@example.com,2024-01-02,"10.00\nbob@example.com,2024-01-03,5\n'),
    });
    const status = suite.app.page.locator('[data-testid="import-status"][data-state="error"]');
    await status.waitFor();
    await expect(status.textContent()).resolves.toMatch(/broken\.csv, line \d+/);
    await suite.app.goto('#/brand');
    await suite.app.page.getByTestId('metric-customers').waitFor();
    await expect(suite.app.page.getByTestId('metric-customers').getAttribute('data-value')).resolves.toBe('23570');
  });

  it('made no request off the device and had no page errors', () => {
    expect(suite.app.foreignRequests).toEqual([]);
    expect(suite.app.problems).toEqual([]);
  });
});
