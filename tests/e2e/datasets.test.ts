// Deleting one dataset from the settings page (issue 8): with the sample store and CDNOW loaded, "Keep it"
// (by mouse or Escape) deletes nothing; "Yes, delete" removes every row of the sample store from every
// IndexedDB store, the picker moves to CDNOW, and CDNOW's figures and rows stay exactly as they were.
// Loading the sample store again afterwards gives its old figures (nothing stale in the workers' caches).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, openApp, seriousViolations, type AppPage, loadDemo } from './browser.ts';

const DELETED = { id: 'sample', name: 'Sample store (demo data)' };
const KEPT = { id: 'cdnow', name: 'CDNOW sample (demo data)' };
const METRICS = ['metric-customers', 'metric-total-orders', 'metric-total-sales', 'metric-repeat-customers'];

/** Rows per object store that belong to the dataset, read straight from IndexedDB in the page. */
async function storedRows(app: AppPage, datasetId: string): Promise<Record<string, number>> {
  return app.page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('loyalty-lens');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const counts: Record<string, number> = {};
      for (const name of Array.from(db.objectStoreNames)) {
        counts[name] = await new Promise<number>((resolve, reject) => {
          let n = 0;
          const request = db.transaction(name).objectStore(name).openCursor();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const cursor = request.result;
            if (!cursor) return resolve(n);
            const row = cursor.value as { id?: unknown; datasetId?: unknown; key?: unknown };
            // Its own rows, its dataset record, and any per-dataset setting kept the old way (`costs:<id>`).
            if (row.datasetId === id || (name === 'datasets' && row.id === id) || (typeof row.key === 'string' && row.key.endsWith(`:${id}`))) n++;
            cursor.continue();
          };
        });
      }
      return counts;
    } finally {
      db.close();
    }
  }, datasetId);
}

function picker(app: AppPage) {
  return app.page.getByRole('navigation', { name: 'Views' }).getByLabel('Dataset');
}

async function figures(app: AppPage): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const id of METRICS) out[id] = await app.page.getByTestId(id).getAttribute('data-value');
  return out;
}


describe('deleting one dataset in Chromium', () => {
  let browser: Browser;
  let app: AppPage;
  let keptFigures: Record<string, string | null>;
  let deletedFigures: Record<string, string | null>;
  let keptRows: Record<string, number>;

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser);
    await loadDemo(app, 'load-cdnow', /Loaded CDNOW/);
    await loadDemo(app, 'load-sample', /Loaded the sample store/);
    // The sample store is the chosen dataset now; note the figures of both.
    await app.goto('#/brand');
    await expect(picker(app).inputValue()).resolves.toBe(DELETED.id);
    await app.page.getByTestId('metric-customers').waitFor();
    deletedFigures = await figures(app);
    await picker(app).selectOption(KEPT.id);
    await app.page.locator('[data-testid="metric-customers"][data-value="2357"]').waitFor();
    keptFigures = await figures(app);
    await picker(app).selectOption(DELETED.id);
    await app.page.locator(`[data-testid="metric-customers"][data-value="${deletedFigures['metric-customers']}"]`).waitFor();
    keptRows = await storedRows(app, KEPT.id);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists each dataset with its order lines, and stores rows of both in the tables that matter', async () => {
    await app.goto('#/settings');
    const rows = app.page.getByTestId('dataset-row');
    await rows.first().waitFor();
    await expect(rows.evaluateAll((items) => items.map((r) => r.getAttribute('data-dataset')).sort())).resolves.toEqual([KEPT.id, DELETED.id]);
    await expect(rows.filter({ hasText: KEPT.name }).textContent()).resolves.toMatch(/\d[\d,]* order lines/);
    const sampleRows = await storedRows(app, DELETED.id);
    for (const store of ['datasets', 'imports', 'chunks', 'dictionaries']) expect(sampleRows[store], store).toBeGreaterThan(0);
    // The sample store saves its cost table and product names beside its orders.
    expect(sampleRows.datasetSettings).toBeGreaterThanOrEqual(2);
    expect(keptRows.chunks).toBeGreaterThan(0);
  });

  it('deletes nothing when the confirmation is cancelled, by the button or by Escape', async () => {
    const before = await storedRows(app, DELETED.id);
    const remove = app.page.getByRole('button', { name: `Delete ${DELETED.name}…` });
    await remove.click();
    const confirm = app.page.getByRole('group', { name: `Delete “${DELETED.name}” from this browser? This cannot be undone.` });
    await confirm.waitFor();
    await expect(confirm.textContent()).resolves.toMatch(/order lines.*files imported.*cost table, tier rules, edited segment map/);
    // The safe answer has the focus; axe finds nothing serious with the question open.
    await expect(app.page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Keep it');
    expect(await seriousViolations(app)).toEqual([]);
    await app.page.getByRole('button', { name: 'Keep it' }).click();
    await expect(confirm.count()).resolves.toBe(0);

    // By keyboard: Enter on the focused Delete button asks, Escape keeps, the focus returns to the button.
    await expect(app.page.evaluate(() => document.activeElement?.getAttribute('data-dataset'))).resolves.toBe(DELETED.id);
    await app.page.keyboard.press('Enter');
    await confirm.waitFor();
    await app.page.keyboard.press('Escape');
    await expect(confirm.count()).resolves.toBe(0);
    await expect(app.page.evaluate(() => document.activeElement?.getAttribute('data-dataset'))).resolves.toBe(DELETED.id);

    expect(await storedRows(app, DELETED.id)).toEqual(before);
    await expect(picker(app).locator('option').allTextContents()).resolves.toEqual(expect.arrayContaining([DELETED.name, KEPT.name]));
  });

  it('deletes the chosen dataset from every store, moves the picker to the other one and keeps its figures', async () => {
    await app.page.getByRole('button', { name: `Delete ${DELETED.name}…` }).click();
    await app.page.getByRole('button', { name: `Yes, delete “${DELETED.name}”` }).click();
    await app.page.getByRole('status').filter({ hasText: `Deleted “${DELETED.name}”` }).waitFor();
    await expect(app.page.getByRole('status').filter({ hasText: 'Deleted' }).textContent()).resolves.toContain(`The page now shows “${KEPT.name}”`);

    await expect(app.page.getByTestId('dataset-row').evaluateAll((items) => items.map((r) => r.getAttribute('data-dataset')))).resolves.toEqual([KEPT.id]);
    const options = await picker(app).locator('option').allTextContents();
    expect(options).toContain(KEPT.name);
    expect(options).not.toContain(DELETED.name);
    await expect(picker(app).inputValue()).resolves.toBe(KEPT.id);

    const left = await storedRows(app, DELETED.id);
    expect(Object.keys(left)).toEqual(expect.arrayContaining(['datasets', 'imports', 'chunks', 'dictionaries', 'datasetSettings', 'settings']));
    expect(Object.values(left).every((n) => n === 0), JSON.stringify(left)).toBe(true);
    expect(await storedRows(app, KEPT.id)).toEqual(keptRows);

    await app.goto('#/brand');
    await app.page.getByTestId('metric-customers').waitFor();
    expect(await figures(app)).toEqual(keptFigures);
  });

  it('loads the deleted dataset again with its old figures (nothing stale in the workers), kept after a reload', async () => {
    // The picker's move to CDNOW was saved, so a reload would show it too.
    await expect(app.page.evaluate(() => localStorage.getItem('loyalty-lens:dataset'))).resolves.toBe(KEPT.id);
    await loadDemo(app, 'load-sample', /Loaded the sample store/);
    await app.goto('#/brand');
    await app.page.locator(`[data-testid="metric-customers"][data-value="${deletedFigures['metric-customers']}"]`).waitFor();
    expect(await figures(app)).toEqual(deletedFigures);

    await app.page.reload();
    await app.page.getByTestId('metric-customers').waitFor();
    await expect(picker(app).inputValue()).resolves.toBe(DELETED.id);
    expect(await figures(app)).toEqual(deletedFigures);
  });

  it('warns on the import page that files dropped into a demo dataset join the demo data', async () => {
    await app.goto('#/import');
    await expect(app.page.getByTestId('import-demo-warning').textContent()).resolves.toMatch(/This is demo data/);
    await app.page.getByRole('button', { name: 'New dataset…' }).click();
    await app.page.getByLabel('Name of the new dataset').fill('Client A');
    await app.page.getByRole('button', { name: 'Create' }).click();
    await app.page.getByTestId('import-demo-warning').waitFor({ state: 'detached' });
  });

  it('made no request off the device and had no page errors or dialogs', () => {
    expect(app.foreignRequests).toEqual([]);
    expect(app.problems).toEqual([]);
  });
});
