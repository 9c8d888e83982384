// Debian's Chromium through playwright-core (no downloaded browser builds here). Every page records the
// requests it makes and its errors, so that tests can fail on a request off the device or a page error.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface AppPage {
  page: Page;
  context: BrowserContext;
  baseUrl: string;
  /** Requests to any origin other than the app's own. */
  foreignRequests: string[];
  /** Uncaught exceptions, console errors and dialogs. */
  problems: string[];
  goto(hashRoute: string): Promise<void>;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export async function openApp(browser: Browser, viewport = { width: 1366, height: 768 }): Promise<AppPage> {
  const baseUrl = inject('baseUrl');
  const origin = new URL(baseUrl).origin;
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const foreignRequests: string[] = [];
  const problems: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreignRequests.push(url);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  const goto = async (hashRoute: string) => {
    await page.goto(`${baseUrl}${hashRoute}`);
  };
  return { page, context, baseUrl, foreignRequests, problems, goto };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** axe-core's serious and critical findings on the page as it is, one line each (empty when clean). */
export async function seriousViolations(app: AppPage): Promise<string[]> {
  await app.page.evaluate(axeSource);
  const violations = await app.page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run({ resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** Loads a demo dataset from #/import (`load-sample` or `load-cdnow`) and waits until the import is done. */
export async function loadDemo(app: AppPage, testid: 'load-sample' | 'load-cdnow', done?: RegExp): Promise<void> {
  await app.goto('#/import');
  await app.page.getByTestId(testid).click();
  const status = app.page.locator('[data-testid="import-status"][data-state="done"]');
  await (done ? status.filter({ hasText: done }) : status).waitFor({ timeout: 120_000 });
}

/**
 * A browser with the app open in a fresh profile for the describe block it is called in: opened before the
 * block's tests (then `setup`, such as loading a demo), closed after them. Read `.app` and `.browser` in tests.
 */
export function appPerSuite(setup?: (app: AppPage) => Promise<void>): { readonly browser: Browser; readonly app: AppPage } {
  const suite = {} as { browser: Browser; app: AppPage };
  beforeAll(async () => {
    suite.browser = await launch();
    suite.app = await openApp(suite.browser);
    await setup?.(suite.app);
  });
  afterAll(async () => {
    await suite.browser?.close();
  });
  return suite;
}

/** Makes the page report `cores` cores (navigator.hardwareConcurrency), which decide how an import is read. */
export async function emulateCores(app: AppPage, cores: number): Promise<void> {
  await (await app.context.newCDPSession(app.page)).send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: cores });
}

/**
 * Opens the app in a page of its own, starts importing `file` there and closes the page `afterMs` into the
 * import, as a seller closing the tab would.
 */
export async function closeMidImport(browser: Browser, file: string, afterMs: number, cores?: number): Promise<void> {
  const second = await openApp(browser);
  if (cores !== undefined) await emulateCores(second, cores);
  await second.goto('#/import');
  await second.page.getByTestId('import-input').setInputFiles(file);
  await second.page.locator('[data-testid="import-status"][data-state="running"]').waitFor();
  await second.page.waitForTimeout(afterMs);
  await second.context.close();
}
