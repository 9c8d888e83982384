// A tour of every route with the sample store loaded: no page error, no request off the device, the
// handles of INTERFACES.md present, and axe-core finds no serious or critical accessibility violation.
import { describe, expect, it } from 'vitest';
import { seriousViolations, loadDemo, appPerSuite } from './browser.ts';

const ROUTES: { hash: string; handles: string[] }[] = [
  { hash: '#/brand', handles: ['metric-customers', 'metric-total-orders', 'metric-total-sales', 'metric-avg-sales-per-customer', 'metric-repeat-customers', 'metric-repeat-orders', 'metric-repeat-purchase-rate', 'metric-median-repeat-interval', 'chart-sales-trend'] },
  { hash: '#/segments', handles: ['segment-count', 'chart-segments'] },
  { hash: '#/tiers', handles: ['tier-count', 'chart-tiers'] },
  { hash: '#/clv', handles: ['chart-holdout'] },
  { hash: '#/cohorts', handles: [] },
  { hash: '#/customers', handles: ['customer-row', 'customer-search'] },
  { hash: '#/import', handles: ['import-input', 'import-status', 'import-progress', 'load-sample', 'load-cdnow'] },
  { hash: '#/settings', handles: ['backup-export', 'backup-restore-input', 'delete-all'] },
];

describe('tour of every view with the sample store', () => {
  const suite = appPerSuite((app) => loadDemo(app, 'load-sample'));

  it.each(ROUTES)('$hash shows its handles and passes axe', async ({ hash, handles }) => {
    await suite.app.goto(hash);
    await suite.app.page.locator('main h1').first().waitFor();
    for (const handle of handles) {
      await suite.app.page.getByTestId(handle).first().waitFor({ timeout: 60_000 });
    }
    await suite.app.page.waitForTimeout(300);
    expect(await seriousViolations(suite.app)).toEqual([]);
  });

  it('made no request off the device and had no page errors or dialogs', () => {
    expect(suite.app.foreignRequests).toEqual([]);
    expect(suite.app.problems).toEqual([]);
  });
});
