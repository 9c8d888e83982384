// The brand and cohorts views in Chromium on the sample store: the period chooser changes the tiles and
// shows changes, the trend regroups, currencies stay apart, the cohort table switches figures, a CAC edit
// gives payback at once, product names show; axe finds nothing serious; nothing leaves the device.
import { describe, expect, it } from 'vitest';
import { type AppPage, seriousViolations, loadDemo, appPerSuite } from './browser.ts';

const value = async (app: AppPage, testid: string) => Number(await app.page.getByTestId(testid).first().getAttribute('data-value'));

describe('brand and cohorts views with the sample store', () => {
  const suite = appPerSuite((app) => loadDemo(app, 'load-sample'));

  it('shows all time by default with the charts, segments that add up to the customers, and the ladder', async () => {
    await suite.app.goto('#/brand');
    await suite.app.page.getByTestId('metric-customers').waitFor();
    await expect(suite.app.page.getByTestId('brand-period').inputValue()).resolves.toBe('all');
    const customers = await value(suite.app, 'metric-customers');
    expect(customers).toBeGreaterThan(10_000);
    const segments = await suite.app.page.getByTestId('brand-segment').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-value'))));
    expect(segments).toHaveLength(4);
    expect(segments.reduce((a, b) => a + b, 0)).toBe(customers);
    for (const chart of ['chart-sales-trend', 'chart-segment-share', 'chart-repeat-ladder']) {
      await suite.app.page.locator(`[data-testid="${chart}"] canvas`).first().waitFor();
    }
    const rates = await suite.app.page.locator('[data-testid="repeat-ladder-rates"] td').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
    expect(rates).toHaveLength(10);
    expect(rates.every((r) => r > 0 && r < 1)).toBe(true);
    const ratio = await value(suite.app, 'top-spend-ratio');
    expect(ratio).toBeGreaterThan(1);
    // All time has no earlier period: no change lines.
    await expect(suite.app.page.getByTestId('metric-customers-change').count()).resolves.toBe(0);
  });

  it('compares the last 90 days with the 90 before and regroups the trend by week', async () => {
    const allTime = await value(suite.app, 'metric-customers');
    await suite.app.page.getByTestId('brand-period').selectOption('last-90');
    await suite.app.page.getByTestId('metric-customers-change').waitFor();
    const recent = await value(suite.app, 'metric-customers');
    expect(recent).toBeGreaterThan(0);
    expect(recent).toBeLessThan(allTime);
    await expect(suite.app.page.getByTestId('metric-customers-change').textContent()).resolves.toMatch(/[+−±]\d+\.\d %/);
    await expect(suite.app.page.getByTestId('metric-repeat-purchase-rate-change').textContent()).resolves.toMatch(/pts/);
    await suite.app.page.getByLabel('Group by').selectOption('week');
    await suite.app.page.getByText(/Show the numbers \(1[34] rows\)/).waitFor();
    // The trend's new + returning sales are the period's total sales.
    const summary = await suite.app.page.getByTestId('sales-trend-summary').textContent();
    const total = await value(suite.app, 'metric-total-sales');
    const shown = Number(/^Of \$([\d,.]+)/.exec(summary ?? '')?.[1].replaceAll(',', ''));
    expect(Math.abs(shown - total)).toBeLessThanOrEqual(0.5);
  });

  it('shows the figures of another currency apart', async () => {
    const usd = await value(suite.app, 'metric-customers');
    await suite.app.page.getByRole('button', { name: 'EUR' }).first().click();
    await suite.app.page.locator('[data-testid="brand-period"]').waitFor();
    await suite.app.page.waitForFunction((before) => Number(document.querySelector('[data-testid="metric-customers"]')?.getAttribute('data-value')) !== before, usd);
    await expect(suite.app.page.locator('.view-head .sub').textContent()).resolves.toMatch(/Amounts in EUR/);
    await suite.app.page.getByRole('button', { name: 'USD' }).first().click();
    await suite.app.page.getByText('Amounts in USD.').first().waitFor();
  });

  it('passes axe on the brand view', async () => {
    expect(await seriousViolations(suite.app)).toEqual([]);
  });

  it('shows the cohort table and switches between retention, revenue and LTV', async () => {
    await suite.app.goto('#/cohorts');
    const rows = suite.app.page.getByTestId('cohort-row');
    await rows.first().waitFor({ timeout: 60_000 });
    // Two years of monthly cohorts in USD.
    await expect(rows.count()).resolves.toBe(24);
    const firstCell = suite.app.page.locator('[data-testid="cohort-row"] td.cell').first();
    await expect(firstCell.getAttribute('data-value')).resolves.toBe('1');
    await expect(firstCell.textContent()).resolves.toBe('100%');
    await suite.app.page.getByRole('button', { name: 'LTV per customer' }).click();
    await suite.app.page.locator('[data-testid="cohort-table"][data-metric="ltv"]').waitFor();
    await expect(firstCell.textContent()).resolves.toMatch(/^\$\d+$/);
    for (const chart of ['chart-ltv-curves', 'chart-time-between-orders']) {
      await suite.app.page.locator(`[data-testid="${chart}"] canvas`).first().waitFor();
    }
    await expect(suite.app.page.getByTestId('repurchase-rate').count()).resolves.toBe(5);
  });

  it('works out payback the moment a CAC is typed', async () => {
    const summary = suite.app.page.getByTestId('payback-summary');
    await expect(summary.textContent()).resolves.toMatch(/Type your cost/);
    await suite.app.page.getByTestId('cohort-cac').fill('40');
    await suite.app.page.getByText(/cohorts (has|have) paid back their cost/).waitFor();
    const paid = await suite.app.page.getByTestId('payback-row').evaluateAll((r) => r.map((x) => Number(x.getAttribute('data-value'))));
    expect(paid.some((p) => p >= 1)).toBe(true);
    // A cost no cohort reaches yet.
    await suite.app.page.getByTestId('cohort-cac').fill('100000');
    await suite.app.page.getByText(/None of the 24 cohorts/).waitFor();
  });

  it('fits monthly cohorts at 1366 px, and scrolls weekly ones sideways on purpose with the first columns kept', async () => {
    const hint = suite.app.page.getByTestId('side-scroll-hint');
    const table = suite.app.page.getByRole('region', { name: 'Cohort table' });
    // Two years of months fit: no sideways scroll, no hint.
    await expect(table.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).resolves.toBe(true);
    await expect(hint.count()).resolves.toBe(0);

    await suite.app.page.getByTestId('cohort-granularity').selectOption('week');
    await suite.app.page.locator('[data-testid="cohort-row"][data-cohort="2024-01-29"]').waitFor({ timeout: 60_000 });
    await expect(hint.textContent()).resolves.toMatch(/^Weeks 0–\d+ of 0–10\d in view\. Scroll the table sideways for the rest\./);
    // The page itself never scrolls sideways; the table does.
    await expect(suite.app.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
    await expect(suite.app.page.getByRole('button', { name: '← Earlier weeks' }).isDisabled()).resolves.toBe(true);
    const cohortHead = suite.app.page.locator('[data-testid="cohort-table"] thead th').first();
    const customersHead = suite.app.page.locator('[data-testid="cohort-table"] thead th').nth(1);
    const before = { cohort: await cohortHead.boundingBox(), customers: await customersHead.boundingBox() };

    await suite.app.page.getByRole('button', { name: 'Later weeks →' }).click();
    await suite.app.page.waitForFunction(() => /^Weeks [1-9]\d*–/.test(document.querySelector('[data-testid="side-scroll-hint"]')?.textContent ?? ''));
    await expect(table.evaluate((el) => el.scrollLeft)).resolves.toBeGreaterThan(0);
    // Cohort and customer count stay where they were while the weeks move under them.
    expect((await cohortHead.boundingBox())?.x).toBeCloseTo(before.cohort!.x, 0);
    expect((await customersHead.boundingBox())?.x).toBeCloseTo(before.customers!.x, 0);
    await expect(suite.app.page.getByRole('button', { name: '← Earlier weeks' }).isDisabled()).resolves.toBe(false);
    expect(await seriousViolations(suite.app)).toEqual([]);
  });

  it('names the first products and regroups cohorts by quarter', async () => {
    const first = suite.app.page.getByTestId('first-product-row').first();
    await expect(first.locator('.name').textContent()).resolves.toMatch(/[a-z]{3,}/);
    await suite.app.page.getByTestId('cohort-granularity').selectOption('quarter');
    await suite.app.page.locator('[data-testid="cohort-row"][data-cohort="2024-Q1"]').waitFor();
    // 2024-Q1 (the data start in February 2024) to 2026-Q1 (they end in January 2026).
    await expect(suite.app.page.getByTestId('cohort-row').count()).resolves.toBe(9);
  });

  it('passes axe on the cohorts view', async () => {
    expect(await seriousViolations(suite.app)).toEqual([]);
  });

  it('says so when the data carry no products (CDNOW)', async () => {
    await loadDemo(suite.app, 'load-cdnow');
    await suite.app.goto('#/cohorts');
    await suite.app.page.getByTestId('first-product-none').waitFor({ timeout: 60_000 });
    // CDNOW: customers acquired January to March 1997, followed to June 1998.
    await expect(suite.app.page.getByTestId('cohort-row').count()).resolves.toBe(1);
  });

  it('made no request off the device and had no page errors', () => {
    expect(suite.app.foreignRequests).toEqual([]);
    expect(suite.app.problems).toEqual([]);
  });
});
