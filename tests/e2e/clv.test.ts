// #/clv in Chromium: the models fitted in the analytics worker show the literature's parameters for the
// CDNOW sample, imported or loaded by `load-cdnow` (which opens on the papers' fit period); a what-if
// re-sums the cached fit without refitting, an audience downloads as CSV with a formula-looking customer id
// neutralised, and the view passes axe with no request off the device.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { modelsReport, sampleBeta, sampleGamma, seededRandom } from '../../src/core/clv/index.ts';
import { civilDay, formatDay } from '../../src/core/ingest/dates.ts';
import { loadTable } from '../core/clv/load-table.ts';
import { launch, openApp, type AppPage, seriousViolations, loadDemo } from './browser.ts';

const CDNOW_SAMPLE = '../shared/datasets/cdnow/CDNOW_sample.txt';
const BUNDLED_CDNOW = 'public/data/cdnow-sample.txt';
const FORMULA_ID = "=cmd|'/c calc'!A1";

/** Opens #/clv, asks for a fit up to `end` (or on all purchases) in `unit`, and waits for it. */
async function fit(app: AppPage, end: string | null, unit: 'week' | 'day'): Promise<void> {
  await app.goto('#/clv');
  await app.page.locator('[data-testid="clv-fit-status"][data-state="done"]').waitFor({ timeout: 60_000 });
  await app.page.getByTestId('clv-holdout-toggle').setChecked(end !== null);
  if (end !== null) await app.page.getByTestId('clv-calibration-end').fill(end);
  await app.page.getByTestId('clv-time-unit').selectOption(unit);
  const button = app.page.getByTestId('clv-fit');
  if (await button.isEnabled()) await button.click();
  await app.page.locator('[data-testid="clv-fit-status"][data-state="done"]', { hasText: `purchases up to ${end ?? ''}` }).waitFor({ timeout: 60_000 });
}

async function shownParameters(app: AppPage, model: string): Promise<Record<string, number>> {
  const cells = app.page.locator(`[data-testid="clv-param"][data-model="${model}"]`);
  const out: Record<string, number> = {};
  for (let i = 0; i < (await cells.count()); i++) {
    out[(await cells.nth(i).getAttribute('data-param'))!] = Number(await cells.nth(i).getAttribute('data-value'));
  }
  return out;
}

async function importText(app: AppPage, name: string, text: string): Promise<void> {
  await app.goto('#/import');
  await app.page.getByTestId('import-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await app.page.locator('[data-testid="import-status"][data-state="done"]').waitFor({ timeout: 60_000 });
}

/** Seeded buy-till-you-die customers over 2024, and one with a formula-looking id who buys big to the end. */
function storeWithFormulaId(): string {
  const random = seededRandom(7);
  const start = civilDay(2024, 1, 1);
  const lines = ['customer,date,value'];
  for (let i = 0; i < 300; i++) {
    const rate = sampleGamma(random, 0.8, 25);
    const drop = sampleBeta(random, 1, 3);
    for (let day = Math.floor(random() * 180); day < 364; day += 1 + Math.floor(-Math.log(1 - random()) / rate)) {
      lines.push(`c${i}@example.com,${formatDay(start + day)},${Math.round(20 + 60 * random())}`);
      if (random() < drop) break;
    }
  }
  for (let day = 4; day <= 364; day += 10) lines.push(`${FORMULA_ID},${formatDay(start + day)},500`);
  return `${lines.join('\n')}\n`;
}

describe('#/clv in Chromium', () => {
  let browser: Browser;
  const apps: AppPage[] = [];
  const open = async () => {
    const app = await openApp(browser);
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('says what to do when there are no orders yet', async () => {
    const app = await open();
    await app.goto('#/clv');
    await app.page.getByText('No orders yet').waitFor();
    await expect(app.page.getByRole('link', { name: 'Import orders' }).count()).resolves.toBe(1);
  });

  it('shows the published BG/NBD parameters for the CDNOW sample fitted to 1997-09-30 in weeks', async () => {
    const app = await open();
    await app.goto('#/import');
    await app.page.getByTestId('import-input').setInputFiles(CDNOW_SAMPLE);
    await app.page.locator('[data-testid="import-status"][data-state="done"]').waitFor({ timeout: 60_000 });
    await fit(app, '1997-09-30', 'week');
    const bg = await shownParameters(app, 'bgnbd');
    expect([bg.r, bg.alpha, bg.a, bg.b].map((v) => v.toFixed(3))).toEqual(['0.243', '4.414', '0.793', '2.426']);
    const ll = Number(await app.page.locator('[data-testid="clv-loglik"][data-model="bgnbd"]').getAttribute('data-value'));
    expect(ll.toFixed(1)).toBe('-9582.4');
    const pareto = await shownParameters(app, 'paretoNbd');
    expect([pareto.r, pareto.alpha, pareto.s, pareto.beta].map((v) => v.toFixed(3))).toEqual(['0.553', '10.578', '0.606', '11.669']);
    await expect(app.page.getByTestId('clv-holdout-summary').textContent()).resolves.toMatch(/made 1,882 repeat purchases/);
    await app.page.locator('[data-testid="chart-holdout"] canvas').first().waitFor();
  });

  it('load-cdnow opens #/clv on the papers’ setup with their published values, and a discount what-if changes CLV without a refit', async () => {
    const app = await open();
    await loadDemo(app, 'load-cdnow');
    await expect(app.page.getByTestId('import-status').textContent()).resolves.toMatch(/6,919 purchases of 2,357 customers/);

    // Nothing chosen on the page: the CDNOW sample opens fitted to 1997-09-30 in weeks, as the papers fit it.
    await app.goto('#/clv');
    await app.page.locator('[data-testid="clv-fit-status"][data-state="done"]', { hasText: 'purchases up to 1997-09-30' }).waitFor({ timeout: 60_000 });
    await expect(app.page.getByTestId('clv-holdout-toggle').isChecked()).resolves.toBe(true);
    await expect(app.page.getByTestId('clv-calibration-end').inputValue()).resolves.toBe('1997-09-30');
    await expect(app.page.getByTestId('clv-time-unit').inputValue()).resolves.toBe('week');

    // Published values (Fader, Hardie & Lee 2005; Hardie's Gamma-Gamma note), as the page shows them.
    const shown = async (model: string) => {
      const cells = app.page.locator(`[data-testid="clv-param"][data-model="${model}"]`);
      return Object.fromEntries(await cells.evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-param'), td.textContent!.trim()])));
    };
    expect(await shown('bgnbd')).toEqual({ r: '0.243', alpha: '4.414', a: '0.793', b: '2.426' });
    expect(await shown('paretoNbd')).toEqual({ r: '0.553', alpha: '10.578', s: '0.606', beta: '11.669' });
    const gg = await shownParameters(app, 'gammaGamma');
    expect([gg.p, gg.q, gg.v].map((v) => v.toFixed(2))).toEqual(['6.25', '3.74', '15.44']);
    const ll = Number(await app.page.locator('[data-testid="clv-loglik"][data-model="bgnbd"]').getAttribute('data-value'));
    expect(ll.toFixed(1)).toBe('-9582.4');
    await expect(app.page.getByTestId('clv-holdout-summary').textContent()).resolves.toMatch(/In the 39 weeks after 1997-09-30, these customers made 1,882 repeat purchases/);

    const mean = app.page.getByTestId('clv-mean');
    await mean.waitFor();
    await app.page.locator('[data-testid="chart-holdout"] canvas').first().waitFor();
    const before = Number(await mean.getAttribute('data-value'));
    // No published 12-month CLV to compare with: the engine's, on the bundled file the button loaded.
    const report = modelsReport(await loadTable(BUNDLED_CDNOW), { calibrationEnd: civilDay(1997, 9, 30), timeUnit: 'week', horizonDays: 90, discountMonthly: 0.01 });
    expect(report.summary.customers).toBe(2_357);
    expect(before).toBeCloseTo(report.forecast.clv12m!.bgnbd! / report.summary.customers, 6);
    const status = await app.page.getByTestId('clv-fit-status').textContent();
    // Watch for any refit while the discount rate changes, and time the update from input to the page.
    const result = await app.page.evaluate(async (old) => {
      const state = document.querySelector('[data-testid="clv-fit-status"]')!;
      let refits = 0;
      const watcher = new MutationObserver(() => {
        if (state.getAttribute('data-state') === 'fitting') refits++;
      });
      watcher.observe(state, { attributes: true });
      const input = document.querySelector<HTMLInputElement>('[data-testid="clv-discount"]')!;
      const started = performance.now();
      input.value = '3';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const tile = document.querySelector('[data-testid="clv-mean"]')!;
      while (tile.getAttribute('data-value') === old) await new Promise(requestAnimationFrame);
      watcher.disconnect();
      return { ms: performance.now() - started, refits, value: Number(tile.getAttribute('data-value')) };
    }, String(before));
    expect(result.refits).toBe(0);
    expect(result.value).toBeLessThan(before);
    await expect(app.page.getByTestId('clv-fit-status').textContent()).resolves.toBe(status);
    expect(await seriousViolations(app)).toEqual([]);
  });

  it('exports an audience as CSV with a formula-looking customer id neutralised', async () => {
    const app = await open();
    await importText(app, 'formula.csv', storeWithFormulaId());
    await app.goto('#/clv');
    const due = app.page.locator('[data-testid="clv-audience"][data-audience="due"]');
    await due.and(app.page.locator('[data-value]:not([data-value=""])')).waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([
      app.page.waitForEvent('download'),
      app.page.locator('[data-testid="clv-audience-export"][data-audience="due"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('audience-due-bgnbd-USD.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0].split(',')[0]).toBe('customer');
    expect(lines[1].startsWith(`'${FORMULA_ID},`)).toBe(true);
    expect(lines.length - 1).toBe(Number(await due.getAttribute('data-value')));
    await app.page.getByTestId('clv-export-status').filter({ hasText: 'Saved audience-due-bgnbd-USD.csv' }).waitFor();
  });

  it('says plainly that no model can be fitted on three customers, and shows no numbers for them', async () => {
    const app = await open();
    await importText(app, 'tiny.csv', 'customer,date,value\na,2024-01-01,10\na,2024-02-01,12\nb,2024-01-05,8\nc,2024-01-09,30\n');
    await app.goto('#/clv');
    await app.page.getByTestId('clv-no-model').waitFor({ timeout: 60_000 });
    const refusals = app.page.getByTestId('clv-refusal');
    await expect(refusals.count()).resolves.toBe(4);
    await expect(refusals.first().textContent()).resolves.toMatch(/only 3 customers .* at least 10 are needed/);
    for (const handle of ['clv-param', 'clv-loglik', 'clv-mean', 'chart-holdout', 'clv-audience']) await expect(app.page.getByTestId(handle).count(), handle).resolves.toBe(0);
  });

  it('made no request off the device and had no page errors', () => {
    for (const app of apps) {
      expect(app.foreignRequests).toEqual([]);
      expect(app.problems).toEqual([]);
    }
  });
});
