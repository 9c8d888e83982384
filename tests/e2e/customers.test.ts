// The customer list and the customer page in Chromium, on the sample store: search, sort by revenue (the
// order checked on the rows), scrolling a virtualised list, a customer's page with their orders; and a
// customer id that is HTML shown as text, with no dialog and no page error.
import { describe, expect, it } from 'vitest';
import { type AppPage, seriousViolations, loadDemo, appPerSuite } from './browser.ts';

const ROW = '[data-testid="customer-row"]';

function money(text: string): number {
  return Number(text.replace(/[^\d.-]/g, ''));
}

/** The rows in the page, top to bottom: their ids and revenue (the fifth column). */
async function shownRows(app: AppPage): Promise<{ index: number; id: string; revenue: string }[]> {
  const rows = await app.page.locator(ROW).evaluateAll((els) => els.map((r) => ({
    index: Number(r.getAttribute('aria-rowindex')), id: r.getAttribute('data-customer') ?? '', revenue: r.children[4]?.textContent ?? '',
  })));
  return rows.sort((a, b) => a.index - b.index);
}

async function revenues(app: AppPage): Promise<number[]> {
  return (await shownRows(app)).map((r) => money(r.revenue));
}

async function ids(app: AppPage): Promise<string[]> {
  return (await shownRows(app)).map((r) => r.id);
}

describe('customers in Chromium', () => {
  const suite = appPerSuite();

  it('tells a new user to import orders', async () => {
    await suite.app.goto('#/customers');
    await suite.app.page.getByText('No customers yet').waitFor();
    await suite.app.page.getByRole('link', { name: 'Import orders' }).waitFor();
  });

  it('lists the sample store’s customers, sorted by revenue, highest first', async () => {
    await loadDemo(suite.app, 'load-sample');
    await suite.app.goto('#/customers');
    await suite.app.page.locator(ROW).first().waitFor({ timeout: 60_000 });
    const count = Number(await suite.app.page.getByTestId('customer-count').getAttribute('data-value'));
    expect(count).toBeGreaterThan(10_000);
    // A virtual list: a screenful of rows in the page, not thousands.
    expect(await suite.app.page.locator(ROW).count()).toBeLessThan(80);
    await expect(suite.app.page.getByTestId('customer-sort-revenue').locator('..').getAttribute('aria-sort')).resolves.toBe('descending');
    const shown = await revenues(suite.app);
    expect(shown.length).toBeGreaterThan(5);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    expect(await seriousViolations(suite.app)).toEqual([]);
  });

  it('sorts by revenue both ways when its header is clicked', async () => {
    const before = await ids(suite.app);
    await suite.app.page.getByTestId('customer-sort-revenue').click();
    await suite.app.page.waitForFunction((first) => document.querySelector('[data-testid="customer-row"][aria-rowindex="2"]')?.getAttribute('data-customer') !== first, before[0]);
    await expect(suite.app.page.getByTestId('customer-sort-revenue').locator('..').getAttribute('aria-sort')).resolves.toBe('ascending');
    const up = await revenues(suite.app);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await suite.app.page.getByTestId('customer-sort-revenue').click();
    await suite.app.page.waitForFunction((first) => document.querySelector('[data-testid="customer-row"][aria-rowindex="2"]')?.getAttribute('data-customer') === first, before[0]);
    const down = await revenues(suite.app);
    expect(down).toEqual([...down].sort((a, b) => b - a));
  });

  it('scrolls to the last customers and fills the model columns', async () => {
    await suite.app.page.waitForFunction(() => !document.body.textContent?.includes('Fitting the purchase model'), null, { timeout: 60_000 });
    const scroller = suite.app.page.getByRole('region', { name: 'Customers' });
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    const count = Number(await suite.app.page.getByTestId('customer-count').getAttribute('data-value'));
    await suite.app.page.locator(`${ROW}[aria-rowindex="${count + 1}"]`).waitFor();
    const lowest = await revenues(suite.app);
    expect(lowest.at(-1)).toBeLessThanOrEqual(lowest[0]);
    await scroller.evaluate((el) => el.scrollTo(0, 0));
    await suite.app.page.locator(`${ROW}[aria-rowindex="2"]`).waitFor();
    const pAlive = await suite.app.page.locator(`${ROW}[aria-rowindex="2"] > [role="cell"]:nth-child(12)`).textContent();
    expect(pAlive).toMatch(/^\d+(\.\d)? %$/);
    // The models were fitted in a worker of their own (started by the analytics worker), not in the one
    // that serves the list's rows.
    expect(suite.app.page.workers().map((w) => w.url()).some((url) => /\/fit\.worker-[\w-]+\.js$/.test(url))).toBe(true);
  });

  it('keeps the rows in order, one under the other, wherever the list is scrolled', async () => {
    const scroller = suite.app.page.getByRole('region', { name: 'Customers' });
    const count = Number(await suite.app.page.getByTestId('customer-count').getAttribute('data-value'));
    for (const fraction of [0.37, 0.0004, 0.81]) {
      await scroller.evaluate((el, f) => el.scrollTo(0, Math.round(el.scrollHeight * f)), fraction);
      const wanted = Math.max(2, Math.round(count * fraction));
      await suite.app.page.waitForFunction((n) => [...document.querySelectorAll('[data-testid="customer-row"]')]
        .some((r) => Math.abs(Number(r.getAttribute('aria-rowindex')) - n) < 20), wanted);
      const rows = await suite.app.page.locator(ROW).evaluateAll((els) => els
        .map((r) => ({ index: Number(r.getAttribute('aria-rowindex')), top: r.getBoundingClientRect().top, height: r.getBoundingClientRect().height }))
        .sort((a, b) => a.index - b.index));
      expect(rows.length).toBeGreaterThan(10);
      for (let k = 1; k < rows.length; k++) {
        expect(rows[k].index).toBe(rows[k - 1].index + 1);
        expect(rows[k].top - rows[k - 1].top).toBeCloseTo(34, 0);
      }
    }
    await scroller.evaluate((el) => el.scrollTo(0, 0));
    await suite.app.page.locator(`${ROW}[aria-rowindex="2"]`).waitFor();
  });

  it('puts the rows back in reading order when the scrolling stops, without taking the focus from a row', async () => {
    const scroller = suite.app.page.getByRole('region', { name: 'Customers' });
    const domOrder = () => suite.app.page.locator(ROW).evaluateAll((els) => els.map((r) => Number(r.getAttribute('aria-rowindex'))));
    const inOrder = (indexes: number[]) => indexes.every((v, k) => k === 0 || v === indexes[k - 1] + 1);
    // Rows wrap around while the list scrolls; once it stops they are in index order again.
    await scroller.evaluate((el) => el.scrollTo(0, 34 * 500));
    await suite.app.page.waitForFunction(() => document.querySelector('[data-testid="customer-row"][aria-rowindex="505"]') !== null);
    await suite.app.page.waitForFunction(() => {
      const shown = [...document.querySelectorAll('[data-testid="customer-row"]')].map((r) => Number(r.getAttribute('aria-rowindex')));
      return shown.every((v, k) => k === 0 || v === shown[k - 1] + 1);
    });
    expect(inOrder(await domOrder())).toBe(true);
    // A row with the focus is not moved (that would take the focus away) until the focus leaves the rows.
    // Row 522 stays on screen while 20 rows scroll by: more than half of the rows wrap around, so putting
    // them back in order would move the others, the focused one among them.
    const link = suite.app.page.locator(`${ROW}[aria-rowindex="522"] a`);
    const id = await link.textContent();
    await link.focus();
    for (let k = 1; k <= 10; k++) await scroller.evaluate((el, y) => el.scrollTo(0, y), 34 * (500 + 2 * k));
    await suite.app.page.locator(`${ROW}[aria-rowindex="540"]`).waitFor();
    await suite.app.page.waitForTimeout(400);
    await expect(suite.app.page.evaluate(() => document.activeElement?.textContent ?? null)).resolves.toBe(id);
    await suite.app.page.getByTestId('customer-search').focus();
    await suite.app.page.waitForFunction(() => {
      const shown = [...document.querySelectorAll('[data-testid="customer-row"]')].map((r) => Number(r.getAttribute('aria-rowindex')));
      return shown.every((v, k) => k === 0 || v === shown[k - 1] + 1);
    });
    await scroller.evaluate((el) => el.scrollTo(0, 0));
    await suite.app.page.locator(`${ROW}[aria-rowindex="2"]`).waitFor();
  });

  it('fits the widest date, count, score and percentage in their unclipped columns', async () => {
    // The longest texts those columns can show (tests/ui/customers.test.ts), measured in the cells' own font.
    const widest = ['9999-12-31', '9999-12-31', '999,999', '5', '5', '5', '100 %', '9999.99'];
    const spill = await suite.app.page.locator(`${ROW}[aria-rowindex="2"]`).evaluate((row, texts) => {
      const cells = [...row.querySelectorAll<HTMLElement>('[role="cell"]')].filter((c) => getComputedStyle(c).overflowX === 'visible');
      return cells.map((cell, k) => {
        const style = getComputedStyle(cell);
        const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const probe = document.createElement('span');
        probe.textContent = texts[k];
        cell.append(probe);
        const width = probe.getBoundingClientRect().width;
        probe.remove();
        return { k, room, width, shown: cell.scrollWidth <= cell.clientWidth };
      });
    }, widest);
    expect(spill).toHaveLength(widest.length);
    for (const cell of spill) {
      expect(cell.width, `column ${cell.k}`).toBeLessThanOrEqual(cell.room);
      expect(cell.shown).toBe(true);
    }
  });

  it('finds a customer by part of their id', async () => {
    const all = await ids(suite.app);
    const wanted = all[3];
    const part = wanted.slice(0, Math.min(10, wanted.indexOf('@') > 3 ? wanted.indexOf('@') : wanted.length)).toUpperCase();
    await suite.app.page.getByTestId('customer-search').fill(part);
    await suite.app.page.waitForFunction((p) => {
      const rows = [...document.querySelectorAll('[data-testid="customer-row"]')];
      return rows.length > 0 && rows.every((r) => (r.getAttribute('data-customer') ?? '').toLowerCase().includes(p.toLowerCase()));
    }, part);
    expect(await ids(suite.app)).toContain(wanted);
    const matched = Number(await suite.app.page.getByTestId('customer-count').getAttribute('data-value'));
    expect(matched).toBeGreaterThanOrEqual(1);
    expect(matched).toBeLessThan(1000);
  });

  it('opens a customer’s page with their orders, tier and scores', async () => {
    const id = (await ids(suite.app))[0];
    await suite.app.page.locator(`${ROW}[aria-rowindex="2"] a`).click();
    await suite.app.page.locator('[data-testid="customer-order"]').first().waitFor({ timeout: 30_000 });
    expect(decodeURIComponent(new URL(suite.app.page.url()).hash)).toBe(`#/customers/${id}`);
    await expect(suite.app.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(id);
    const orders = Number((await suite.app.page.getByTestId('customer-fact-orders').locator('.value').textContent())?.replace(/,/g, ''));
    const rows = await suite.app.page.locator('[data-testid="customer-order"]').count();
    expect(rows).toBeGreaterThanOrEqual(orders);
    await expect(suite.app.page.getByTestId('customer-fact-rfm').locator('.value').textContent()).resolves.toMatch(/^R [1-5] · F [1-5] · M [1-5]$/);
    await expect(suite.app.page.getByTestId('customer-fact-segment').locator('.value').textContent()).resolves.toMatch(/Top Tier|Promising|At-Risk|Hibernating/);
    const tiers = await suite.app.page.locator('[data-testid="customer-order"] > td:nth-child(4)').allTextContents();
    expect(tiers.every((t) => /Platinum|Gold|Silver|No tier/.test(t))).toBe(true);
    await expect(suite.app.page.getByTestId('customer-fact-p-alive').locator('.value').textContent()).resolves.toMatch(/%$/);
    expect(await seriousViolations(suite.app)).toEqual([]);
    await suite.app.page.getByRole('link', { name: '← All customers' }).click();
    await suite.app.page.locator(ROW).first().waitFor();
  });

  it('labels customers with the segment map chosen on the Segments page', async () => {
    await suite.app.goto('#/segments');
    await suite.app.page.getByLabel('Classic RFM (11 segments)').check();
    const champions = suite.app.page.locator('[data-testid="segment-count"][data-segment="Champions"]');
    await champions.waitFor({ timeout: 60_000 });
    const inChampions = Number(await champions.getAttribute('data-value'));
    expect(inChampions).toBeGreaterThan(0);
    await suite.app.goto('#/customers');
    await suite.app.page.locator(ROW).first().waitFor();
    const clear = suite.app.page.getByRole('button', { name: 'Clear filters' });
    if (await clear.isVisible()) await clear.click();
    await expect(suite.app.page.locator('label[for="customer-segment"]').textContent()).resolves.toMatch(/Classic RFM/);
    await suite.app.page.locator('#customer-segment').selectOption('Champions');
    await suite.app.page.waitForFunction(
      (n) => document.querySelector('[data-testid="customer-count"]')?.getAttribute('data-value') === String(n), inChampions, { timeout: 30_000 },
    );
    const shown = await suite.app.page.locator(`${ROW} > [role="cell"]:nth-child(10)`).allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((t) => t.trim() === 'Champions')).toBe(true);
    // Back on Amazon's map, the list follows again and the filter of the other map goes.
    await suite.app.goto('#/segments');
    await suite.app.page.getByLabel('Amazon (4 segments)').check();
    await suite.app.page.locator('[data-testid="segment-count"][data-segment="Top Tier"]').waitFor();
    await suite.app.goto('#/customers');
    await suite.app.page.waitForFunction(() => document.querySelector('label[for="customer-segment"]')?.textContent?.includes('Amazon'), null, { timeout: 30_000 });
    await expect(suite.app.page.locator('#customer-segment').inputValue()).resolves.toBe('');
    const amazon = await suite.app.page.locator(`${ROW} > [role="cell"]:nth-child(10)`).allTextContents();
    expect(amazon.every((t) => ['Top Tier', 'Promising', 'At-Risk', 'Hibernating'].includes(t.trim()))).toBe(true);
  });

  it('made no request off the device and had no page errors', () => {
    expect(suite.app.foreignRequests).toEqual([]);
    expect(suite.app.problems).toEqual([]);
  });
});

describe('a customer id that is HTML', () => {
  const suite = appPerSuite();
  const EVIL = '<img src=x onerror=alert(1)>';

  it('is shown as text in the list and on its page, with no dialog and no page error', async () => {
    await suite.app.goto('#/import');
    await suite.app.page.getByTestId('import-input').setInputFiles({
      name: 'evil.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`customer,date,value\n${EVIL},2024-01-02,10\n${EVIL},2024-02-03,15\nann@example.com,2024-01-05,7\n`),
    });
    await suite.app.page.locator('[data-testid="import-status"][data-state="done"]').waitFor({ timeout: 60_000 });
    await suite.app.goto('#/customers');
    await suite.app.page.getByTestId('customer-search').fill('img');
    const row = suite.app.page.locator(`${ROW}[data-customer="${EVIL}"]`);
    await row.waitFor();
    await expect(row.locator('a').textContent()).resolves.toBe(EVIL);
    await expect(suite.app.page.locator('main img').count()).resolves.toBe(0);
    await row.locator('a').click();
    await suite.app.page.locator('[data-testid="customer-order"]').first().waitFor();
    await expect(suite.app.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(EVIL);
    await expect(suite.app.page.locator('main img').count()).resolves.toBe(0);
    expect(suite.app.problems).toEqual([]);
    expect(suite.app.foreignRequests).toEqual([]);
  });
});
