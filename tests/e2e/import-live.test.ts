// The live import chart in Chromium: made ahead of time off the page (nothing of it shows before an
// import), taken over at the size of its place when the first lines arrive, drawn there (not blank, not
// overflowing), and kept for the next import instead of being made again.
import { describe, expect, it } from 'vitest';
import { seriousViolations, type AppPage, appPerSuite } from './browser.ts';

const CDNOW_SAMPLE = '../shared/datasets/cdnow/CDNOW_sample.txt';
const LIVE = '[data-testid="chart-import-live"]';

/** An order file of `customers` customers over the twelve months of 2024, different for each `seed`. */
function orders(customers: number, seed: number): { name: string; mimeType: string; buffer: Buffer } {
  const lines = ['customer,date,value,order,quantity,sku'];
  for (let c = 0; c < customers; c++) {
    for (let j = 0; j <= c % 3; j++) {
      const month = String(1 + ((c + j * 5) % 12)).padStart(2, '0');
      lines.push(`live${seed}-${c}@example.com,2024-${month}-1${j},${(10 + c + j).toFixed(2)},L${seed}-${c}-${j},1,SKU${j}`);
    }
  }
  return { name: `live-${seed}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) };
}

async function importDone(app: AppPage, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  await app.page.getByTestId('import-input').setInputFiles(file);
  await app.page.locator('[data-testid="import-status"][data-state="done"]').waitFor({ timeout: 60_000 });
}

/** The live chart's ECharts instance id, its canvas size against its element's, and how much it drew. */
async function liveChart(app: AppPage): Promise<{ instances: number; id: string | null; canvas: number[]; element: number[]; inked: number }> {
  return app.page.locator(LIVE).evaluate((element) => {
    const instances = element.querySelectorAll('[_echarts_instance_]');
    const canvas = element.querySelector('canvas');
    let inked = 0;
    if (canvas) {
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
    }
    return {
      instances: instances.length, id: instances[0]?.getAttribute('_echarts_instance_') ?? null,
      canvas: canvas ? [canvas.clientWidth, canvas.clientHeight] : [], element: [element.clientWidth, element.clientHeight], inked,
    };
  });
}

describe('the live import chart in Chromium', () => {
  const suite = appPerSuite();

  it('shows nothing of the chart made ahead before an import: no chart, no handle, no control', async () => {
    await suite.app.goto('#/import');
    await suite.app.page.locator('[data-testid="import-status"][data-state="idle"]').waitFor();
    // Idle time for the chart to be made and drawn off the page.
    await suite.app.page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => requestIdleCallback(resolve))));
    await expect(suite.app.page.locator(LIVE).count()).resolves.toBe(0);
    await expect(suite.app.page.locator('[_echarts_instance_]').count()).resolves.toBe(0);
    await expect(suite.app.page.getByRole('button', { name: /^Download PNG: / }).count()).resolves.toBe(0);
    expect(await seriousViolations(suite.app)).toEqual([]);
  });

  it('draws the file at the size of its place, with its image control', async () => {
    await importDone(suite.app, CDNOW_SAMPLE);
    const chart = await liveChart(suite.app);
    expect(chart.instances).toBe(1);
    expect(chart.canvas).toEqual(chart.element);
    expect(chart.element[0]).toBeGreaterThan(300);
    expect(chart.inked).toBeGreaterThan(5_000);
    await expect(suite.app.page.locator('section', { has: suite.app.page.locator(LIVE) }).textContent()).resolves.toContain('1997-01 to 1998-06');
    await expect(suite.app.page.getByRole('button', { name: 'Download PNG: What the last file held' }).count()).resolves.toBe(1);
    expect(await seriousViolations(suite.app)).toEqual([]);
  });

  it('keeps the same chart for the next import, and again after the page was left', async () => {
    const first = (await liveChart(suite.app)).id;
    expect(first).not.toBeNull();
    await importDone(suite.app, orders(40, 1));
    const second = await liveChart(suite.app);
    expect(second.id).toBe(first);
    expect(second.canvas).toEqual(second.element);
    await expect(suite.app.page.locator('section', { has: suite.app.page.locator(LIVE) }).textContent()).resolves.toContain('2024-01 to 2024-12');
    await suite.app.page.evaluate(() => { location.hash = '#/settings'; });
    await suite.app.page.locator('main h1').filter({ hasText: 'Settings' }).waitFor();
    await suite.app.page.evaluate(() => { location.hash = '#/import'; });
    await suite.app.page.locator(LIVE).waitFor();
    await importDone(suite.app, orders(30, 2));
    const third = await liveChart(suite.app);
    expect(third.id).toBe(first);
    expect(third.inked).toBeGreaterThan(5_000);
    await expect(suite.app.page.locator('[_echarts_instance_]').count()).resolves.toBe(1);
  });

  it('had no page errors and made no request off the device', () => {
    expect(suite.app.problems).toEqual([]);
    expect(suite.app.foreignRequests).toEqual([]);
  });
});
