// Data at the edges: the engine gives finite numbers or a plain refusal, never NaN, never an exception.
import { describe, expect, it } from 'vitest';
import {
  bgNbdModel, fitGammaGamma, gammaGammaConditionalSpend, mbgNbdModel, modelsReport, paretoNbdModel,
  sampleGamma, seededRandom, type ModelsReport, type TransactionModel,
} from '../../../src/core/clv/index.ts';
import { tableOf } from './load-table.ts';

type Purchase = { customer: string; day: number; amount: number };
const DAY0 = 10000;
const END = DAY0 + 365;

/** Ordinary customers: first purchase in the first half year, Poisson repeat buying, random basket values. */
function ordinaryPurchases(n: number, seed: number): Purchase[] {
  const random = seededRandom(seed);
  const out: Purchase[] = [];
  for (let c = 0; c < n; c++) {
    const first = DAY0 + Math.floor(random() * 180);
    const rate = sampleGamma(random, 0.6, 40);
    const lifetime = -Math.log(1 - random()) * 200;
    let t = first;
    out.push({ customer: `c${c}`, day: first, amount: 20 + 60 * random() });
    for (;;) {
      t += -Math.log(1 - random()) / rate;
      if (t > Math.min(END, first + lifetime)) break;
      out.push({ customer: `c${c}`, day: Math.floor(t), amount: 10 + 90 * random() });
    }
  }
  return out;
}

/** Customer names by dictionary index, for each report built here. */
const names = new WeakMap<ModelsReport, string[]>();

function report(purchases: Purchase[], options: Partial<Parameters<typeof modelsReport>[1]> = {}): ModelsReport {
  const table = tableOf(purchases);
  const r = modelsReport(table, { asOf: END, timeUnit: 'day', horizonDays: 90, discountMonthly: 0.01, ...options });
  names.set(r, table.dictionaries.customer);
  return r;
}

/** Every number in the JSON parts is finite, and every model is either fitted or refused with a sentence. */
function expectClean(r: ModelsReport) {
  const json = JSON.stringify({ models: r.models, forecast: r.forecast });
  expect(json).not.toMatch(/NaN|Infinity|null/);
  const walk = (v: unknown) => {
    if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(JSON.parse(json));
  for (const model of Object.values(r.models)) {
    if ('error' in model) expect(model.error).toMatch(/^[a-z].{10,}[^.]$/);
    else expect(Number.isFinite(model.logLikelihood)).toBe(true);
  }
  const pc = r.perCustomer;
  for (const column of [pc.pAlive, pc.expectedPurchases, pc.clv]) {
    if (column) for (let i = 0; i < column.length; i++) expect(Number.isFinite(column[i]), `per-customer value ${i}`).toBe(true);
  }
  if (pc.pAlive) for (let i = 0; i < pc.customers; i++) expect(pc.pAlive[i] >= 0 && pc.pAlive[i] <= 1).toBe(true);
}

describe('refusals', () => {
  it('all one-time buyers: every model refuses with the reason', () => {
    const purchases = Array.from({ length: 50 }, (_, c) => ({ customer: `c${c}`, day: DAY0 + c, amount: 30 }));
    const r = report(purchases);
    expectClean(r);
    for (const name of ['bgnbd', 'paretoNbd', 'mbgnbd'] as const) {
      expect(r.models[name]).toEqual({ error: 'no customer bought more than once in the calibration period, so repeat buying cannot be modelled' });
    }
    expect('error' in r.models.gammaGamma).toBe(true);
    expect(r.forecast.expectedPurchases).toEqual({});
    expect(r.forecast.clv12m).toBeUndefined();
    expect(r.perCustomer.model).toBeNull();
    expect(r.perCustomer.pAlive).toBeNull();
    expect(r.perCustomer.customers).toBe(50);
  });

  it('one customer, and no customers at all', () => {
    const one = report([{ customer: 'a', day: DAY0, amount: 5 }, { customer: 'a', day: DAY0 + 9, amount: 7 }]);
    expectClean(one);
    expect(one.models.bgnbd).toEqual({ error: 'only 1 customer in the calibration period; at least 10 are needed to estimate how customers differ' });
    const none = report([]);
    expectClean(none);
    expect(none.models.paretoNbd).toEqual({ error: 'no customer made a purchase in the calibration period' });
    expect(none.perCustomer.customers).toBe(0);
  });

  it('identical customers: the spread between customers cannot be estimated', () => {
    const purchases: Purchase[] = [];
    for (let c = 0; c < 40; c++) for (const d of [0, 30, 60]) purchases.push({ customer: `c${c}`, day: DAY0 + d, amount: 25 });
    const r = report(purchases);
    expectClean(r);
    expect(r.models.bgnbd).toEqual({ error: 'all 40 customers have the same purchase history, so how they differ cannot be estimated' });
    expect(r.models.gammaGamma).toEqual({ error: 'every repeat customer has the same average spend, so how spend varies cannot be estimated' });
  });
});

describe('extreme customers among ordinary ones', () => {
  it('a customer with 5,000 repeat purchases, customers with T = 0 and recency = T: finite everywhere', () => {
    const purchases = ordinaryPurchases(400, 17);
    // 5,001 purchase days in a row (the data's other customers span one year; this one, 14).
    for (let d = 0; d <= 5000; d++) purchases.push({ customer: 'heavy', day: END - 5000 + d, amount: 12 });
    purchases.push({ customer: 'newborn', day: END, amount: 40 }); // T = 0
    purchases.push({ customer: 'recent', day: END - 100, amount: 40 }, { customer: 'recent', day: END, amount: 40 }); // t_x = T
    const r = report(purchases);
    expectClean(r);
    for (const name of ['bgnbd', 'paretoNbd', 'mbgnbd', 'gammaGamma'] as const) expect('params' in r.models[name], name).toBe(true);
    const pc = r.perCustomer;
    const at = (id: string) => {
      const i = Array.from(pc.customer).findIndex((c) => names.get(r)![c] === id);
      expect(i).toBeGreaterThanOrEqual(0);
      return i;
    };
    const heavy = at('heavy');
    expect(pc.frequency[heavy]).toBe(5000);
    // A daily buyer whose last purchase was today is alive and keeps buying about daily.
    expect(pc.pAlive![heavy]).toBeGreaterThan(0.99);
    expect(pc.expectedPurchases![heavy]).toBeGreaterThan(60);
    expect(pc.expectedPurchases![heavy]).toBeLessThan(95);
    const newborn = at('newborn');
    expect(pc.T[newborn]).toBe(0);
    expect(pc.pAlive![newborn]).toBe(1);
    const recent = at('recent');
    expect(pc.recency[recent]).toBe(pc.T[recent]);
    // BG/NBD: a customer who bought on the last day may still have dropped out right after that purchase.
    const bg = r.models.bgnbd as { params: { a: number; b: number } };
    expect(pc.pAlive![recent]).toBeCloseTo(1 / (1 + bg.params.a / (bg.params.b + pc.frequency[recent] - 1)), 10);
    // Pareto/NBD: then nothing can have happened since, so P(alive) is 1.
    expect(r.forecasts.paretoNbd!.pAlive()[recent]).toBeCloseTo(1, 10);
  });

  it('huge and tiny spends: Gamma-Gamma fits or refuses, CLV stays finite', () => {
    const purchases = ordinaryPurchases(300, 23);
    for (const d of [0, 20, 40]) {
      purchases.push({ customer: 'whale', day: DAY0 + d, amount: 1e9 });
      purchases.push({ customer: 'penny', day: DAY0 + d, amount: 1e-6 });
    }
    const r = report(purchases);
    expectClean(r);
  });

  it('returns and zero-value lines do not create purchases or break the spend model', () => {
    const purchases = ordinaryPurchases(200, 29);
    purchases.push({ customer: 'c1', day: DAY0 + 200, amount: -50 });
    purchases.push({ customer: 'c2', day: DAY0 + 201, amount: 0 });
    const r = report(purchases);
    expectClean(r);
    expect(r.spend.withReturns).toBeGreaterThanOrEqual(0);
    expect(r.spend.customers + r.spend.excluded.oneTimeBuyers + r.spend.excluded.nonPositiveSpend + r.spend.excluded.nonFinite).toBe(r.summary.customers);
  });

  it('a calibration end before anyone bought again, and one on the first day', () => {
    const purchases = ordinaryPurchases(200, 31);
    expectClean(report(purchases, { calibrationEnd: DAY0 }));
    expectClean(report(purchases, { calibrationEnd: DAY0 + 20 }));
  });

  it('refuses a calibration end after the as-of date', () => {
    expect(() => report(ordinaryPurchases(20, 1), { calibrationEnd: END + 1 })).toThrow(/calibration end is after the as-of date/);
  });
});

describe('the models\' formulas at extreme arguments', () => {
  const models: TransactionModel[] = [
    bgNbdModel({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }),
    bgNbdModel({ r: 0.5, alpha: 2, a: 1, b: 0.2 }), // a = 1 exactly
    mbgNbdModel({ r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }),
    paretoNbdModel({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }),
    paretoNbdModel({ r: 0.5, alpha: 3, s: 1, beta: 3 }), // s = 1 and α = β exactly
    paretoNbdModel({ r: 2, alpha: 1e5, s: 0.3, beta: 1e-3 }), // α far above β: quadrature regime
  ];
  const histories = [[0, 0, 0], [0, 0, 1e4], [5000, 5000, 5000], [5000, 10, 5000], [1, 1e-9, 1], [3, 39, 39], [200, 0.5, 39]];
  for (const model of models) {
    it(`${model.name} ${JSON.stringify(model.params)}`, () => {
      for (const [x, tx, T] of histories) {
        for (const t of [1e-9, 1, 52, 1e6]) {
          const values = [
            model.conditionalExpectedPurchases(t, x, tx, T), model.pAlive(x, tx, T), model.pAliveAt(t, x, tx, T),
            model.probabilityOfPurchase(t, x, tx, T), model.expectedPurchases(t),
          ];
          for (const v of values) expect(Number.isFinite(v), `${[x, tx, T, t]}: ${values}`).toBe(true);
          expect(values[0]).toBeGreaterThanOrEqual(0);
          for (const p of values.slice(1, 4)) {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(1 + 1e-12);
          }
        }
      }
      for (const x of [0, 1, 7, 60]) expect(Number.isFinite(model.pmf(39, x))).toBe(true);
    });
  }

  it('Gamma-Gamma spend for extreme inputs', () => {
    const p = { p: 6.25, q: 3.74, v: 15.44 };
    expect(gammaGammaConditionalSpend(p, 0, NaN)).toBeCloseTo((6.25 * 15.44) / 2.74, 10);
    expect(Number.isFinite(gammaGammaConditionalSpend(p, 5000, 1e9))).toBe(true);
    expect(gammaGammaConditionalSpend(p, 5000, 1e9)).toBeGreaterThan(0.99e9);
    const two = fitGammaGamma({ customers: 2, x: Float64Array.of(1, 2), mean: Float64Array.of(10, 20) });
    expect(two).toEqual({ ok: false, error: 'only 2 repeat customers with a positive spend; at least 10 are needed for the spend model' });
  });
});
