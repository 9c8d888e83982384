// The UCI Online Retail data (../shared/datasets/online-retail/): a real retailer's lines in days. Pareto/NBD
// on it is a known failure case of other tools; here every model fits or says plainly why not.
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrderTable } from '../../../src/core/columns/table.ts';
import { civilDay } from '../../../src/core/ingest/dates.ts';
import { modelsReport, type ModelsReport } from '../../../src/core/clv/index.ts';
import { loadTable, ONLINE_RETAIL } from './load-table.ts';

let table: OrderTable;

beforeAll(async () => {
  table = await loadTable(ONLINE_RETAIL);
}, 120_000);

function expectFittedOrRefused(r: ModelsReport) {
  const json = JSON.stringify({ models: r.models, forecast: r.forecast });
  expect(json).not.toMatch(/NaN|Infinity|null/);
  for (const [name, model] of Object.entries(r.models)) {
    if ('error' in model) {
      expect(model.error.length, name).toBeGreaterThan(10);
      continue;
    }
    expect(Number.isFinite(model.logLikelihood), name).toBe(true);
    expect(model.logLikelihood).toBeLessThan(0);
    for (const v of Object.values(model.params as Record<string, number>)) expect(v > 0 && Number.isFinite(v), `${name} ${JSON.stringify(model.params)}`).toBe(true);
  }
  const pc = r.perCustomer;
  for (const column of [pc.pAlive, pc.expectedPurchases, pc.clv]) {
    if (column) for (let i = 0; i < column.length; i++) expect(Number.isFinite(column[i])).toBe(true);
  }
}

describe('Online Retail (days)', () => {
  it('all four models fit on the whole year, with finite forecasts', () => {
    const r = modelsReport(table, { timeUnit: 'day', horizonDays: 90, discountMonthly: 0.01 });
    expectFittedOrRefused(r);
    // 4,372 customers carry an id; those with only cancelled or returned lines have no purchase occasion.
    expect(r.summary.customers).toBeGreaterThan(4000);
    expect(r.summary.customers).toBeLessThanOrEqual(4372);
    for (const name of ['bgnbd', 'paretoNbd', 'mbgnbd', 'gammaGamma'] as const) expect('params' in r.models[name], name).toBe(true);
    for (const name of ['bgnbd', 'paretoNbd', 'mbgnbd'] as const) {
      const e = r.forecast.expectedPurchases[name]!;
      expect(e).toBeGreaterThan(0);
    }
    // Customers here are not seen to leave: Pareto/NBD's drop-out runs toward zero (where other tools fail);
    // the fit is kept and says so.
    const pareto = r.fits.paretoNbd;
    if (!pareto.ok) throw new Error(pareto.error);
    expect(pareto.notes.join(' ')).toMatch(/drop-out rate is negligible/);
    // The three purchase models broadly agree on the next 90 days.
    const values = Object.values(r.forecast.expectedPurchases) as number[];
    expect(Math.max(...values) / Math.min(...values)).toBeLessThan(1.25);
  });

  it('with a holdout (calibration to 2011-06-30), predictions are of the right size', () => {
    const r = modelsReport(table, { timeUnit: 'day', calibrationEnd: civilDay(2011, 6, 30), horizonDays: 90, discountMonthly: 0.01 });
    expectFittedOrRefused(r);
    const holdout = r.forecast.holdout!;
    expect(holdout.actual).toBeGreaterThan(0);
    for (const predicted of Object.values(holdout.predicted)) {
      expect(predicted!).toBeGreaterThan(holdout.actual * 0.5);
      expect(predicted!).toBeLessThan(holdout.actual * 1.5);
    }
  });

  it('in weeks, log-likelihoods differ from days only by the change of unit', () => {
    const days = modelsReport(table, { timeUnit: 'day', horizonDays: 90, discountMonthly: 0.01 });
    const weeks = modelsReport(table, { timeUnit: 'week', horizonDays: 90, discountMonthly: 0.01 });
    const d = days.models.bgnbd as { params: { r: number; alpha: number }; logLikelihood: number };
    const w = weeks.models.bgnbd as { params: { r: number; alpha: number }; logLikelihood: number };
    // α scales with the unit, r does not; each repeat purchase time contributes ln 7 to the density.
    expect(w.params.r).toBeCloseTo(d.params.r, 4);
    expect(w.params.alpha).toBeCloseTo(d.params.alpha / 7, 3);
    let repeats = 0;
    for (let i = 0; i < days.summary.customers; i++) repeats += days.summary.frequency[i];
    expect(w.logLikelihood - d.logLikelihood).toBeCloseTo(repeats * Math.log(7), 2);
    expect(weeks.forecast.expectedPurchases.bgnbd!).toBeCloseTo(days.forecast.expectedPurchases.bgnbd!, 3);
  });
});
