// The segment and tier views in Chromium with the sample store: every customer in exactly one segment
// (the counts add up to the brand view's customers), a refused map edit names its rule, a tier threshold
// edit re-tiers without a reload, and an invalid tier rule is refused with a message naming it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, openApp, type AppPage, seriousViolations, loadDemo } from './browser.ts';

async function counts(app: AppPage, testid: string, key: string): Promise<Record<string, number>> {
  return app.page.$$eval(`[data-testid="${testid}"]`, (els, attr) => Object.fromEntries(els.map((e) => [e.getAttribute(attr) ?? '', Number(e.getAttribute('data-value'))])), key);
}

const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);

describe('segments and tiers with the sample store', () => {
  let browser: Browser;
  let app: AppPage;
  let customers = 0;

  beforeAll(async () => {
    browser = await launch();
    app = await openApp(browser);
    await loadDemo(app, 'load-sample');
    await app.goto('#/brand');
    const tile = app.page.locator('[data-testid="metric-customers"][data-value]:not([data-value=""])');
    await tile.waitFor({ timeout: 60_000 });
    customers = Number(await tile.getAttribute('data-value'));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('puts every customer in exactly one segment of the Amazon and the classic map', async () => {
    expect(customers).toBeGreaterThan(1000);
    await app.goto('#/segments');
    await app.page.getByTestId('segment-count').first().waitFor({ timeout: 60_000 });
    const amazon = await counts(app, 'segment-count', 'data-segment');
    expect(Object.keys(amazon)).toEqual(['Top Tier', 'Promising', 'At-Risk', 'Hibernating']);
    expect(sum(amazon)).toBe(customers);
    await app.page.locator('[data-testid="chart-segments"] canvas').first().waitFor();

    await app.page.getByLabel('Classic RFM (11 segments)').check();
    await app.page.locator('[data-testid="segment-count"][data-segment="Champions"]').waitFor();
    const classic = await counts(app, 'segment-count', 'data-segment');
    expect(Object.keys(classic)).toHaveLength(11);
    expect(sum(classic)).toBe(customers);
    // The choice is kept: after a reload the view opens on the classic map again.
    await app.page.reload();
    await app.page.locator('[data-testid="segment-count"][data-segment="Champions"]').waitFor({ timeout: 60_000 });
    await expect(app.page.getByRole('radio', { name: 'Classic RFM (11 segments)' }).isChecked()).resolves.toBe(true);
    // The migration matrix and the month-by-month chart arrive after the figures.
    await app.page.getByText(/stayed in their segment/).waitFor({ timeout: 60_000 });
    await app.page.locator('[data-testid="chart-segment-trend"] canvas').first().waitFor();
  });

  it('refuses a map edit that leaves customers without a segment, naming the rule', async () => {
    await app.page.getByRole('button', { name: 'Edit rules' }).click();
    await app.page.getByLabel('Champions rule 1: lowest frequency score').selectOption('5');
    const refusal = app.page.getByText(/"Champions" rule 1 \(R 5, F 4-5, M any\) covered/);
    await refusal.waitFor();
    await expect(app.page.getByRole('button', { name: 'Save as my edited map' }).isDisabled()).resolves.toBe(true);
    await app.page.getByRole('button', { name: 'Cancel' }).click();
    await expect(app.page.getByRole('button', { name: 'Edit rules' }).isVisible()).resolves.toBe(true);
  });

  it('saves a complete edit of a map and uses it', async () => {
    await app.page.getByLabel('Amazon (4 segments)').check();
    await app.page.getByRole('heading', { name: 'Rules of “Amazon (4 segments)”' }).waitFor();
    await app.page.getByRole('button', { name: 'Edit rules' }).click();
    // Top Tier takes M 3 from Promising: first an overlap (named), then Promising gives it up.
    await app.page.getByLabel('Top Tier rule 1: lowest monetary score').selectOption('3');
    await app.page.getByText(/"Top Tier" rule 1 \(R 3-5, F 4-5, M 3-5\) and "Promising" rule 2 \(R 3-5, F 4-5, M 1-3\) both cover/).waitFor();
    await app.page.getByLabel('Promising rule 2: highest monetary score').selectOption('2');
    await app.page.getByText('Every customer lands in exactly one segment.').waitFor();
    await app.page.getByRole('button', { name: 'Save as my edited map' }).click();
    await app.page.getByRole('heading', { name: 'Rules of “Edited Amazon (4 segments)”' }).waitFor();
    await expect(app.page.getByLabel('Your edited map').isChecked()).resolves.toBe(true);
    const edited = await counts(app, 'segment-count', 'data-segment');
    expect(sum(edited)).toBe(customers);
  });

  it('re-tiers at once, without a reload, when a threshold changes', async () => {
    await app.goto('#/tiers');
    await app.page.getByTestId('tier-count').first().waitFor({ timeout: 60_000 });
    const before = await counts(app, 'tier-count', 'data-tier');
    expect(Object.keys(before)).toEqual(['Platinum', 'Gold', 'Silver', '(none)']);
    expect(before.Gold).toBeGreaterThan(0);
    // A reload would lose this mark.
    await app.page.evaluate(() => ((window as unknown as { tierMark: number }).tierMark = 42));
    await app.page.getByLabel('Threshold of tier 2 in Amazon US (USD)').fill('100');
    await app.page.waitForFunction((gold) => document.querySelector('[data-testid="tier-count"][data-tier="Gold"]')?.getAttribute('data-value') !== String(gold), before.Gold);
    const after = await counts(app, 'tier-count', 'data-tier');
    expect(after.Gold).toBeGreaterThan(before.Gold);
    expect(after.Silver).toBe(before.Silver - (after.Gold - before.Gold));
    expect(after.Platinum).toBe(before.Platinum);
    expect(after['(none)']).toBe(before['(none)']);
    await expect(app.page.evaluate(() => (window as unknown as { tierMark?: number }).tierMark)).resolves.toBe(42);
    // Each marketplace's counts add up to its customers.
    const us = await counts(app, 'marketplace-tier-count"][data-marketplace="Amazon US', 'data-tier');
    expect(sum(us)).toBeGreaterThan(0);
    await expect(app.page.getByText(`${sum(us).toLocaleString('en-US')} customers bought here`).count()).resolves.toBe(1);
  });

  it('refuses invalid rules with a message naming the rule, and keeps the last valid counts', async () => {
    const before = await counts(app, 'tier-count', 'data-tier');
    await app.page.getByLabel('Threshold of tier 2 in Amazon US (USD)').fill('');
    await app.page.getByRole('alert').filter({ hasText: 'Amazon US, tier 2 "Gold": the threshold is empty' }).waitFor();
    await app.page.getByLabel('Threshold of tier 2 in Amazon US (USD)').fill('500');
    await app.page.getByRole('alert').filter({ hasText: 'tiers "Platinum" and "Gold" have the same threshold 500' }).waitFor();
    await expect(counts(app, 'tier-count', 'data-tier')).resolves.toEqual(before);
    await app.page.getByLabel('Threshold of tier 2 in Amazon US (USD)').fill('200');
    await app.page.waitForFunction(() => document.querySelectorAll('[role="alert"]').length === 0);
  });

  it('passes axe on both views, the map editor open', async () => {
    expect(await seriousViolations(app)).toEqual([]);
    await app.goto('#/segments');
    await app.page.locator('[data-testid="segment-count"]').first().waitFor();
    await app.page.getByText(/stayed in their segment/).waitFor({ timeout: 60_000 });
    await app.page.getByRole('button', { name: 'Edit rules' }).click();
    expect(await seriousViolations(app)).toEqual([]);
  });

  it('made no request off the device and had no page errors', () => {
    expect(app.foreignRequests).toEqual([]);
    expect(app.problems).toEqual([]);
  });
});
