// Per-customer predictions, CLV, validation views and audiences, on the CDNOW sample.
import { beforeAll, describe, expect, it } from 'vitest';
import { civilDay } from '../../../src/core/ingest/dates.ts';
import {
  activeHighValue, CustomerForecast, dueToReorder, expectedToDecline, frequencyHistogram, frequencyRecencyMatrix,
  frequencySpendCorrelation, gammaGammaConditionalSpend, HORIZON_DAYS, holdoutByFrequency, lapsedHighValue,
  modelsReport, recentSpend, topShareThreshold, trackingSeries, traditionalClv, traditionalClvInputs,
  type ModelsReport,
} from '../../../src/core/clv/index.ts';
import { CDNOW_SAMPLE, loadTable } from './load-table.ts';

let report: ModelsReport;
let forecast: CustomerForecast;

beforeAll(async () => {
  const table = await loadTable(CDNOW_SAMPLE);
  report = modelsReport(table, { calibrationEnd: civilDay(1997, 9, 30), timeUnit: 'week', horizonDays: 90, discountMonthly: 0.01 });
  forecast = report.forecasts.bgnbd!;
});

describe('per-customer predictions', () => {
  it('expected purchases grow with the horizon, and probabilities stay below P(alive)', () => {
    const [d30, d60, d90, d365] = HORIZON_DAYS.map((d) => forecast.expectedPurchases(d));
    const alive = forecast.pAlive();
    const aliveLater = forecast.pAliveAt(365);
    const any30 = forecast.probabilityOfPurchase(30);
    for (let i = 0; i < forecast.customers; i++) {
      expect(d30[i]).toBeGreaterThan(0);
      expect(d30[i]).toBeLessThan(d60[i]);
      expect(d60[i]).toBeLessThan(d90[i]);
      expect(d90[i]).toBeLessThan(d365[i]);
      expect(aliveLater[i]).toBeLessThanOrEqual(alive[i]);
      expect(any30[i]).toBeLessThanOrEqual(alive[i]);
      // At least one purchase is no likelier than the expected number of them.
      expect(any30[i]).toBeLessThanOrEqual(d30[i] + 1e-12);
    }
  });

  it('the next order date, if still active, lies after the calibration end, sooner for frequent buyers', () => {
    const next = forecast.nextOrderDay();
    const s = report.summary;
    let frequent = 0;
    let rare = 0;
    for (let i = 0; i < s.customers; i++) {
      expect(next[i]).toBeGreaterThanOrEqual(s.calibrationEnd);
      if (s.frequency[i] >= 10 && s.recency[i] > 30) frequent = Math.max(frequent, next[i] - s.calibrationEnd);
      if (s.frequency[i] === 0) rare = Math.max(rare, next[i] - s.calibrationEnd);
    }
    expect(frequent).toBeLessThan(rare);
  });

  it('every model\'s figures are its own per-customer formulas (computed once per (x, T) and per row)', () => {
    const s = report.summary;
    for (const name of ['bgnbd', 'paretoNbd', 'mbgnbd'] as const) {
      const f = report.forecasts[name]!;
      const e90 = f.expectedPurchases(90);
      const alive = f.pAlive();
      for (let i = 0; i < s.customers; i += 7) {
        const [x, tx, T] = [s.frequency[i], s.recency[i], s.T[i]];
        expect(e90[i]).toBe(f.model.conditionalExpectedPurchases(90 / 7, x, tx, T));
        expect(alive[i]).toBe(f.model.pAlive(x, tx, T));
        expect(f.model.expectedPurchasesIfAlive(90 / 7, x, T) * alive[i]).toBe(e90[i]);
      }
    }
  });

  it('expected spend is Gamma-Gamma\'s conditional mean', () => {
    const gg = report.models.gammaGamma as { params: { p: number; q: number; v: number } };
    const s = report.summary;
    for (const i of [0, 1, 2, 100, 2000]) {
      expect(forecast.expectedSpend[i]).toBeCloseTo(gammaGammaConditionalSpend(gg.params, s.frequency[i], s.monetary[i]), 10);
    }
    expect(forecast.spendSource).toBe('gamma-gamma');
  });
});

describe('CLV', () => {
  it('without discount, 12 months of CLV is 360 days of expected purchases times expected spend', () => {
    const clv = forecast.clv(12, 0);
    const purchases = forecast.expectedPurchases(360);
    for (let i = 0; i < forecast.customers; i += 37) {
      expect(clv[i]).toBeCloseTo(purchases[i] * forecast.expectedSpend[i], 8);
    }
  });

  it('discounts month by month (INTERFACES.md: / (1 + R)^month)', () => {
    const i = 0;
    let expected = 0;
    let before = 0;
    for (let m = 1; m <= 3; m++) {
      const cumulative = forecast.expectedPurchases(30 * m)[i];
      expected += ((cumulative - before) * forecast.expectedSpend[i]) / 1.05 ** m;
      before = cumulative;
    }
    expect(forecast.clv(3, 0.05)[i]).toBeCloseTo(expected, 10);
  });

  it('falls with the discount rate, rises with the horizon, and reuses its cache consistently', () => {
    const gg = report.models.gammaGamma as { params: { p: number; q: number; v: number } };
    const fresh = new CustomerForecast(forecast.model, report.summary, gg.params);
    const twelve = fresh.clv(12, 0.01);
    const long = fresh.clv(36, 0.01); // grows the cache
    const again = fresh.clv(12, 0.01);
    const dearer = fresh.clv(12, 0.05);
    for (let i = 0; i < fresh.customers; i += 11) {
      expect(long[i]).toBeGreaterThan(twelve[i]);
      expect(again[i]).toBe(twelve[i]);
      expect(dearer[i]).toBeLessThan(twelve[i]);
    }
    // The report's total is the sum of the per-customer values.
    expect(report.forecast.clv12m!.bgnbd!).toBeCloseTo(twelve.reduce((s, v) => s + v, 0), 4);
  });

  it('the traditional formula: AOV x frequency x lifespan - CAC, with inputs from the data', () => {
    expect(traditionalClv({ averageOrderValue: 50, purchasesPerYear: 3, lifespanYears: 2, acquisitionCost: 40 })).toBe(260);
    const inputs = traditionalClvInputs(report.summary);
    const s = report.summary;
    let occasions = 0;
    let value = 0;
    for (let i = 0; i < s.customers; i++) {
      occasions += s.frequency[i] + 1;
      value += s.calibrationValue[i];
    }
    expect(inputs.averageOrderValue).toBeCloseTo(value / occasions, 10);
    // 946 of 2,357 came back: churn 59.9 %, lifespan 1.67 years.
    expect(inputs.lifespanYears).toBeCloseTo(1 / (1 - 946 / 2357), 10);
    expect(inputs.acquisitionCost).toBe(0);
    expect(traditionalClv(inputs)).toBeGreaterThan(0);
  });
});

describe('validation views', () => {
  it('weekly tracking of repeat purchases: actual vs BG/NBD over 78 weeks', () => {
    const series = trackingSeries(forecast.model, report.summary, report.occasions);
    expect(series.periodEnd.length).toBe(78);
    expect(series.periodDays).toBe(7);
    // Week 39 ends on 1997-09-30: the holdout starts with week 40.
    expect(series.holdoutStart).toBe(39);
    let calibrationRepeats = 0;
    for (let i = 0; i < report.summary.customers; i++) calibrationRepeats += report.summary.frequency[i];
    expect(series.actualCumulative[77]).toBe(calibrationRepeats + 1882);
    expect(series.actualCumulative[38]).toBe(calibrationRepeats);
    for (let k = 1; k < 78; k++) {
      expect(series.expectedCumulative[k]).toBeGreaterThanOrEqual(series.expectedCumulative[k - 1]);
      expect(series.actualCumulative[k] - series.actualCumulative[k - 1]).toBe(series.actualIncremental[k]);
    }
    // FHL 2005 Figure 3: the model tracks the cumulative total closely (within a few per cent at week 78).
    expect(Math.abs(series.expectedCumulative[77] / series.actualCumulative[77] - 1)).toBeLessThan(0.05);
  });

  it('holdout by calibration frequency: groups add up, predictions rise with frequency', () => {
    const h = holdoutByFrequency(forecast.model, report.summary, 7);
    expect(h.customers.reduce((s, v) => s + v, 0)).toBe(2357);
    expect(h.customers[0]).toBe(1411);
    let actual = 0;
    for (let g = 0; g < 8; g++) actual += h.actualMean[g] * h.customers[g];
    expect(actual).toBeCloseTo(1882, 6);
    for (let g = 1; g < 8; g++) expect(h.predictedMean[g]).toBeGreaterThan(h.predictedMean[g - 1]);
  });

  it('calibration histogram: the model reproduces the counts of repeat purchases (FHL 2005 Figure 1)', () => {
    const hist = frequencyHistogram(forecast.model, report.summary.rfm, 7);
    expect(hist.actual.reduce((s, v) => s + v, 0)).toBe(2357);
    expect(hist.expected.reduce((s, v) => s + v, 0)).toBeCloseTo(2357, 6);
    expect(hist.actual[0]).toBe(1411);
    for (let x = 0; x < 8; x++) expect(Math.abs(hist.expected[x] - hist.actual[x])).toBeLessThan(Math.max(25, 0.1 * hist.actual[x]));
  });

  it('frequency x recency matrices: P(alive) rises with recency, expectations are finite', () => {
    const m = frequencyRecencyMatrix(forecast.model, { T: 39, maxFrequency: 20, recencySteps: 13, horizon: 52 / 4 });
    expect(m.expected.length).toBe(21 * 14);
    for (let x = 1; x <= 20; x++) {
      for (let j = 1; j <= 13; j++) {
        expect(m.pAlive[x * 14 + j]).toBeGreaterThanOrEqual(m.pAlive[x * 14 + j - 1]);
        expect(m.expected[x * 14 + j]).toBeGreaterThanOrEqual(m.expected[x * 14 + j - 1]);
      }
    }
    for (let j = 0; j <= 13; j++) expect(m.pAlive[j]).toBe(1);
  });

  it('frequency-spend correlation: weak on CDNOW, exact on constructed data', () => {
    const r = frequencySpendCorrelation(report.spend)!;
    expect(Math.abs(r)).toBeLessThan(0.3);
    const x = Float64Array.of(1, 2, 3, 4);
    expect(frequencySpendCorrelation({ customers: 4, x, mean: Float64Array.of(10, 20, 30, 40) })).toBeCloseTo(1, 12);
    expect(frequencySpendCorrelation({ customers: 4, x, mean: Float64Array.of(40, 30, 20, 10) })).toBeCloseTo(-1, 12);
    expect(frequencySpendCorrelation({ customers: 4, x, mean: Float64Array.of(5, 5, 5, 5) })).toBeNull();
  });
});

describe('audiences', () => {
  it('each audience is exactly the customers that meet its rule', () => {
    const s = report.summary;
    const n = s.customers;
    const member = (list: Int32Array) => {
      const set = new Set(list);
      return (i: number) => set.has(i);
    };
    const declining = member(expectedToDecline(forecast, report.occasions, 90));
    const recent = recentSpend(s, report.occasions, 90);
    const next90 = forecast.expectedPurchases(90);
    const due = member(dueToReorder(forecast, 30, 0.5));
    const any30 = forecast.probabilityOfPurchase(30);
    const active = member(activeHighValue(forecast, { pAliveAtLeast: 0.8, topShare: 0.2 }));
    const clv = forecast.clv(12, 0.01);
    const clvTop = topShareThreshold(clv, 0.2);
    const lapsed = member(lapsedHighValue(forecast, { pAliveBelow: 0.3, topShare: 0.2 }));
    const alive = forecast.pAlive();
    const valueTop = topShareThreshold(s.calibrationValue, 0.2);
    let counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      expect(declining(i)).toBe(recent[i] > 0 && next90[i] * forecast.expectedSpend[i] < recent[i]);
      expect(due(i)).toBe(any30[i] >= 0.5);
      expect(active(i)).toBe(alive[i] >= 0.8 && clv[i] >= clvTop && clv[i] > 0);
      expect(lapsed(i)).toBe(alive[i] < 0.3 && s.calibrationValue[i] >= valueTop);
      counts = counts.map((c, k) => c + ([declining, due, active, lapsed][k](i) ? 1 : 0));
    }
    // None of them is empty or everyone on CDNOW.
    for (const c of counts) {
      expect(c).toBeGreaterThan(0);
      expect(c).toBeLessThan(n);
    }
  });
});
