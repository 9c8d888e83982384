// The CDNOW sample against the published values (../shared/datasets/README.md: Fader, Hardie & Lee 2005;
// Hardie's Gamma-Gamma note; BTYDplus for MBG/NBD). Calibration ends 1997-09-30, time in weeks.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOccasions } from '../../../src/core/analytics/occasions.ts';
import type { OrderTable } from '../../../src/core/columns/table.ts';
import { civilDay } from '../../../src/core/ingest/dates.ts';
import {
  bgNbdModel, fitBgNbd, fitGammaGamma, fitMbgNbd, fitParetoNbd, modelsReport, spendInput, summariseCustomers,
  type CustomerSummary, type FitSuccess, type ModelsReport,
} from '../../../src/core/clv/index.ts';
import { CDNOW_SAMPLE, CDNOW_SUMMARY, loadTable } from './load-table.ts';

const CALIBRATION_END = civilDay(1997, 9, 30);
const END = civilDay(1998, 6, 30);

let table: OrderTable;
let summary: CustomerSummary;

beforeAll(async () => {
  table = await loadTable(CDNOW_SAMPLE);
  summary = summariseCustomers(buildOccasions(table, { lastDay: END }), { calibrationEnd: CALIBRATION_END, asOf: END, unit: 'week' });
});

function ok(fit: ReturnType<typeof fitBgNbd>): FitSuccess {
  if (!fit.ok) throw new Error(fit.error);
  return fit;
}

/** Within `share` (0.005 = 0.5 %) of the published value. */
function expectWithin(actual: number, published: number, share: number, what: string) {
  expect(Math.abs(actual - published) / Math.abs(published), `${what}: ${actual} vs published ${published}`).toBeLessThan(share);
}

describe('CDNOW sample: the data as the literature sets it up', () => {
  it('has 2,357 customers, 946 of them repeat buyers in the calibration period', () => {
    expect(summary.customers).toBe(2357);
    let repeaters = 0;
    for (let i = 0; i < summary.customers; i++) if (summary.frequency[i] > 0) repeaters++;
    expect(repeaters).toBe(946);
    // Identical histories are merged into weighted rows.
    expect(summary.rfm.rows).toBeLessThan(summary.customers);
    expect(summary.rfm.customers).toBe(2357);
  });

  it("matches Hardie's calibration summary customer for customer (frequency, recency, T in weeks)", () => {
    const lines = readFileSync(CDNOW_SUMMARY, 'utf8').trim().split('\n').slice(1);
    expect(lines.length).toBe(2357);
    const published = lines.map((l) => l.split(',').slice(1).map(Number)).map(([x, tx, T]) => `${x}|${tx.toFixed(2)}|${T.toFixed(2)}`).sort();
    const ours = Array.from({ length: summary.customers }, (_, i) => `${summary.frequency[i]}|${summary.recency[i].toFixed(2)}|${summary.T[i].toFixed(2)}`).sort();
    expect(ours).toEqual(published);
  });

  it('counts 1,882 repeat purchases in the holdout (weeks 40-78)', () => {
    let holdout = 0;
    for (let i = 0; i < summary.customers; i++) holdout += summary.holdout[i];
    expect(holdout).toBe(1882);
  });
});

describe('CDNOW sample: fitted parameters', () => {
  it('BG/NBD: r 0.243, α 4.414, a 0.793, b 2.426, LL -9582.4 (FHL 2005)', () => {
    const fit = ok(fitBgNbd(summary.rfm));
    expectWithin(fit.params.r, 0.243, 0.005, 'r');
    expectWithin(fit.params.alpha, 4.414, 0.005, 'alpha');
    expectWithin(fit.params.a, 0.793, 0.005, 'a');
    expectWithin(fit.params.b, 2.426, 0.005, 'b');
    expect(Math.abs(fit.logLikelihood - -9582.4)).toBeLessThan(0.1);
    // Standard errors exist and are small next to the estimates.
    for (const name of ['r', 'alpha', 'a', 'b']) {
      const se = fit.standardErrors[name];
      expect(se).not.toBeNull();
      expect(se!).toBeGreaterThan(0);
      expect(se! / fit.params[name]).toBeLessThan(0.5);
    }
  });

  it('Pareto/NBD: r 0.553, α 10.578, s 0.606, β 11.669, LL -9595.0', () => {
    const fit = ok(fitParetoNbd(summary.rfm));
    expectWithin(fit.params.r, 0.553, 0.005, 'r');
    expectWithin(fit.params.alpha, 10.578, 0.005, 'alpha');
    expectWithin(fit.params.s, 0.606, 0.005, 's');
    expectWithin(fit.params.beta, 11.669, 0.005, 'beta');
    expect(Math.abs(fit.logLikelihood - -9595.0)).toBeLessThan(0.1);
  });

  it('MBG/NBD: r 0.525, α 6.183, a 0.891, b 1.614 (BTYDplus)', () => {
    const fit = ok(fitMbgNbd(summary.rfm));
    expectWithin(fit.params.r, 0.525, 0.005, 'r');
    expectWithin(fit.params.alpha, 6.183, 0.005, 'alpha');
    expectWithin(fit.params.a, 0.891, 0.005, 'a');
    expectWithin(fit.params.b, 1.614, 0.005, 'b');
  });

  it('Gamma-Gamma on the 946 repeat customers: p 6.25, q 3.74, γ 15.44', () => {
    const spend = spendInput(summary);
    expect(spend.customers).toBe(946);
    expect(spend.excluded.oneTimeBuyers).toBe(2357 - 946);
    const fit = ok(fitGammaGamma(spend));
    expectWithin(fit.params.p, 6.25, 0.005, 'p');
    expectWithin(fit.params.q, 3.74, 0.005, 'q');
    expectWithin(fit.params.v, 15.44, 0.005, 'gamma');
  });
});

describe('CDNOW sample: published BG/NBD predictions', () => {
  it('a new customer is expected to make 1.444 repeat purchases in 52 weeks', () => {
    const fit = ok(fitBgNbd(summary.rfm));
    const model = bgNbdModel({ r: fit.params.r, alpha: fit.params.alpha, a: fit.params.a, b: fit.params.b });
    expect(Math.abs(model.expectedPurchases(52) - 1.444)).toBeLessThan(0.0005);
  });

  it('the customer with x = 26, t_x = 30.86, T = 31: 25.76 purchases in the next 52 weeks, P(alive) 0.969', () => {
    const fit = ok(fitBgNbd(summary.rfm));
    const model = bgNbdModel({ r: fit.params.r, alpha: fit.params.alpha, a: fit.params.a, b: fit.params.b });
    expect(model.conditionalExpectedPurchases(52, 26, 30.86, 31)).toBeCloseTo(25.76, 2);
    expect(model.pAlive(26, 30.86, 31)).toBeCloseTo(0.969, 3);
    // With the published (rounded) parameters as well.
    const published = bgNbdModel({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
    expect(published.conditionalExpectedPurchases(52, 26, 30.86, 31)).toBeCloseTo(25.76, 2);
    expect(published.pAlive(26, 30.86, 31)).toBeCloseTo(0.969, 3);
  });
});

describe('CDNOW sample: the modelsReport JSON', () => {
  let report: ModelsReport;
  beforeAll(() => {
    report = modelsReport(table, { calibrationEnd: CALIBRATION_END, timeUnit: 'week', horizonDays: 90, discountMonthly: 0.01 });
  });

  it('has exactly the keys of INTERFACES.md', () => {
    expect(Object.keys(report.models).sort()).toEqual(['bgnbd', 'gammaGamma', 'mbgnbd', 'paretoNbd']);
    expect(Object.keys(report.models.bgnbd).sort()).toEqual(['logLikelihood', 'params']);
    expect(Object.keys((report.models.bgnbd as { params: object }).params)).toEqual(['r', 'alpha', 'a', 'b']);
    expect(Object.keys((report.models.paretoNbd as { params: object }).params)).toEqual(['r', 'alpha', 's', 'beta']);
    expect(Object.keys((report.models.mbgnbd as { params: object }).params)).toEqual(['r', 'alpha', 'a', 'b']);
    expect(Object.keys(report.models.gammaGamma).sort()).toEqual(['customers', 'logLikelihood', 'params']);
    expect(Object.keys((report.models.gammaGamma as { params: object }).params)).toEqual(['p', 'q', 'v']);
    expect(Object.keys(report.forecast).sort()).toEqual(['clv12m', 'expectedPurchases', 'holdout', 'horizonDays']);
    expect(Object.keys(report.forecast.expectedPurchases).sort()).toEqual(['bgnbd', 'mbgnbd', 'paretoNbd']);
    expect(Object.keys(report.forecast.clv12m!).sort()).toEqual(['bgnbd', 'paretoNbd']);
    expect(Object.keys(report.forecast.holdout!).sort()).toEqual(['actual', 'predicted']);
    // The JSON survives a round trip (no typed arrays, no NaN, no undefined).
    const json = JSON.parse(JSON.stringify({ models: report.models, forecast: report.forecast }));
    expect(json).toEqual({ models: report.models, forecast: report.forecast });
  });

  it('carries the published numbers and the holdout', () => {
    const bg = report.models.bgnbd as { params: { r: number }; logLikelihood: number };
    expectWithin(bg.params.r, 0.243, 0.005, 'r');
    expect(Math.abs(bg.logLikelihood - -9582.4)).toBeLessThan(0.1);
    const pareto = report.models.paretoNbd as { logLikelihood: number };
    expect(Math.abs(pareto.logLikelihood - -9595.0)).toBeLessThan(0.1);
    expect((report.models.gammaGamma as { customers: number }).customers).toBe(946);
    expect(report.forecast.holdout!.actual).toBe(1882);
    expect(report.period.asOf).toBe(END);
    // The models predict the holdout's order of magnitude (FHL 2005 Figure 3 shows them close).
    for (const name of ['bgnbd', 'paretoNbd', 'mbgnbd'] as const) {
      const predicted = report.forecast.holdout!.predicted[name]!;
      expect(predicted).toBeGreaterThan(1882 * 0.75);
      expect(predicted).toBeLessThan(1882 * 1.25);
    }
  });

  it('gives one finite row per calibration customer', () => {
    const pc = report.perCustomer;
    expect(pc.customers).toBe(2357);
    if (!pc.pAlive || !pc.expectedPurchases || !pc.clv) throw new Error('no per-customer predictions');
    expect(pc.model).toBe('bgnbd');
    for (let i = 0; i < pc.customers; i++) {
      expect(pc.pAlive[i]).toBeGreaterThanOrEqual(0);
      expect(pc.pAlive[i]).toBeLessThanOrEqual(1);
      expect(Number.isFinite(pc.expectedPurchases[i])).toBe(true);
      expect(Number.isFinite(pc.clv[i])).toBe(true);
      expect(Number.isNaN(pc.monetary[i])).toBe(pc.frequency[i] === 0);
      expect(table.dictionaries.customer[pc.customer[i]]).toBeDefined();
    }
    let total = 0;
    for (let i = 0; i < pc.customers; i++) total += pc.expectedPurchases![i];
    expect(total).toBeCloseTo(report.forecast.expectedPurchases.bgnbd!, 6);
  });
});
