// The lifetime-value view's worker API on real stored data (fake-indexeddb): the CDNOW sample gives the
// published parameters, what-ifs re-sum the cached fit without refitting, audiences export as CSV with
// formula-looking ids neutralised, and data that cannot support a model get a refusal, never numbers.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelsReport, sampleBeta, sampleGamma, seededRandom } from '../../src/core/clv/index.ts';
import { civilDay, formatDay } from '../../src/core/ingest/dates.ts';
import { importFile } from '../../src/data/import-file.ts';
import { loadOrderTable } from '../../src/data/orders.ts';
import { clvApi, clvDistribution, STALE_FIT, type ClvFit, type WhatIfRequest } from '../../src/workers/clv-api.ts';
import { db } from '../../src/workers/dataset-cache.ts';

const CDNOW_SAMPLE = '../shared/datasets/cdnow/CDNOW_sample.txt';
const WHAT_IF: WhatIfRequest = { horizonMonths: 12, discountMonthly: 0.01, dueWithinDays: 30 };
const FORMULA_ID = "=cmd|'/c calc'!A1";

function fileOf(path: string): Blob & { name: string } {
  return Object.assign(new Blob([readFileSync(path)]), { name: path.split('/').pop()! });
}

function textFile(name: string, text: string): Blob & { name: string } {
  return Object.assign(new Blob([text]), { name });
}

/**
 * 300 customers who buy and drop out at random (seeded, as the BG/NBD story goes) over a year, and one with a
 * formula-looking id who buys big every ten days up to the last day.
 */
function storeWithFormulaId(currency = '', seed = 7): string {
  const random = seededRandom(seed);
  const start = civilDay(2024, 1, 1);
  const lines = [currency ? 'customer,date,value,currency' : 'customer,date,value'];
  const add = (customer: string, day: number, value: number) => lines.push(`${customer},${formatDay(start + day)},${value}${currency ? `,${currency}` : ''}`);
  for (let i = 0; i < 300; i++) {
    const rate = sampleGamma(random, 0.8, 25);
    const drop = sampleBeta(random, 1, 3);
    for (let day = Math.floor(random() * 180); day < 364; day += 1 + Math.floor(-Math.log(1 - random()) / rate)) {
      add(`c${i}@example.com`, day, Math.round(20 + 60 * random()));
      if (random() < drop) break;
    }
  }
  for (let day = 4; day <= 364; day += 10) add(FORMULA_ID, day, 500);
  return `${lines.join('\n')}\n`;
}

function params(fit: ClvFit, model: keyof ClvFit['models'] | 'gammaGamma'): Record<string, number> {
  const view = model === 'gammaGamma' ? fit.gammaGamma : fit.models[model];
  if (!view.ok) throw new Error(view.error);
  return Object.fromEntries(view.params.map((p) => [p.name, p.value]));
}

let cdnow: ClvFit;

beforeAll(async () => {
  await importFile(db, fileOf(CDNOW_SAMPLE), { datasetId: 'cdnow-sample' });
  const fit = await clvApi.clvFit('cdnow-sample', { calibrationEnd: '1997-09-30', timeUnit: 'week' });
  if (!fit) throw new Error('no fit');
  cdnow = fit;
});

describe('clvFit on the CDNOW sample (calibration to 1997-09-30, weeks)', () => {
  it('shows the published BG/NBD, Pareto/NBD and Gamma-Gamma parameters to 3 decimals', () => {
    const bg = params(cdnow, 'bgnbd');
    expect([bg.r, bg.alpha, bg.a, bg.b].map((v) => v.toFixed(3))).toEqual(['0.243', '4.414', '0.793', '2.426']);
    const pareto = params(cdnow, 'paretoNbd');
    expect([pareto.r, pareto.alpha, pareto.s, pareto.beta].map((v) => v.toFixed(3))).toEqual(['0.553', '10.578', '0.606', '11.669']);
    const gg = params(cdnow, 'gammaGamma');
    expect([gg.p, gg.q, gg.v].map((v) => v.toFixed(2))).toEqual(['6.25', '3.74', '15.44']);
    const view = cdnow.models.bgnbd;
    expect(view.ok && view.logLikelihood.toFixed(1)).toBe('-9582.4');
    expect(view.ok && view.params.every((p) => p.standardError !== null && p.standardError > 0)).toBe(true);
  });

  it('describes the period, the holdout and the spend inputs', () => {
    expect(cdnow.period).toEqual({ first: '1997-01-01', asOf: '1998-06-30', calibrationEnd: '1997-09-30', timeUnit: 'week', holdoutDays: 273 });
    expect(cdnow.customers).toBe(2357);
    expect(cdnow.repeatCustomers).toBe(946);
    expect(cdnow.holdout?.actual).toBe(1882);
    expect(cdnow.spend).toMatchObject({ customers: 946, oneTimeBuyers: 1411, nonPositiveSpend: 0 });
    expect(cdnow.spend.correlation).toBeCloseTo(0.11, 2);
    expect(cdnow.currency).toBe('USD');
    expect(cdnow.traditional.averageOrderValue).toBeGreaterThan(0);
  });

  it('takes the cached fit for the same choice and a new one for another', async () => {
    const again = await clvApi.clvFit('cdnow-sample', { calibrationEnd: '1997-09-30', timeUnit: 'week' });
    expect(again?.key).toBe(cdnow.key);
    const days = await clvApi.clvFit('cdnow-sample', { calibrationEnd: '1997-09-30', timeUnit: 'day' });
    expect(days?.key).not.toBe(cdnow.key);
    // The same model in days: rates scale by 7, shapes do not.
    expect(params(days!, 'bgnbd').r).toBeCloseTo(params(cdnow, 'bgnbd').r, 3);
    expect(params(days!, 'bgnbd').alpha / 7).toBeCloseTo(params(cdnow, 'bgnbd').alpha, 2);
  });

  it('refuses a calibration end that is not a date or lies after the last purchase', async () => {
    await expect(clvApi.clvFit('cdnow-sample', { calibrationEnd: '1997-13-40', timeUnit: 'week' })).rejects.toThrow(/not a date/);
    await expect(clvApi.clvFit('cdnow-sample', { calibrationEnd: '1999-01-01', timeUnit: 'week' })).rejects.toThrow(/on or before the last purchase \(1998-06-30\)/);
  });
});

describe('clvValidation', () => {
  it('gives weekly tracking with the holdout starting after week 39, the histogram and the grids', async () => {
    const v = await clvApi.clvValidation(cdnow.key, 'bgnbd');
    expect(v.tracking.periodDays).toBe(7);
    expect(v.tracking.periodEnd.length).toBe(78);
    expect(v.tracking.periodEnd[v.tracking.holdoutStart - 1]).toBe('1997-09-30');
    const n = v.tracking.actualCumulative.length;
    expect(v.tracking.actualCumulative[n - 1] - v.tracking.actualCumulative[v.tracking.holdoutStart - 1]).toBe(1882);
    expect(v.histogram.actual.reduce((s, x) => s + x, 0)).toBe(2357);
    expect(v.histogram.expected.reduce((s, x) => s + x, 0)).toBeCloseTo(2357, 0);
    const cells = v.matrix.frequency.length * v.matrix.recency.length;
    expect(v.matrix.expected.length).toBe(cells);
    expect(Array.from(v.matrix.pAlive).every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(v.matrix.recency[v.matrix.recency.length - 1]).toBeCloseTo(v.matrix.T, 9);
  });
});

describe('clvWhatIf', () => {
  it('equals the command line’s 12-month CLV at 1 % a month', async () => {
    const table = await loadOrderTable(db, 'cdnow-sample');
    const report = modelsReport(table, { calibrationEnd: civilDay(1997, 9, 30), timeUnit: 'week', horizonDays: 90, discountMonthly: 0.01 });
    const w = await clvApi.clvWhatIf(cdnow.key, 'bgnbd', WHAT_IF);
    expect(w.totalClv).toBeCloseTo(report.forecast.clv12m!.bgnbd!, 6);
    expect(w.customers).toBe(2357);
    expect(w.meanClv).toBeCloseTo(w.totalClv / 2357, 9);
    expect(w.distribution.counts.reduce((s, x) => s + x, 0)).toBe(2357);
    expect(w.spendSource).toBe('gamma-gamma');
  });

  it('follows the discount rate and the horizon from the cached terms (a key only, no refit)', async () => {
    const base = await clvApi.clvWhatIf(cdnow.key, 'bgnbd', WHAT_IF);
    const steeper = await clvApi.clvWhatIf(cdnow.key, 'bgnbd', { ...WHAT_IF, discountMonthly: 0.05 });
    const free = await clvApi.clvWhatIf(cdnow.key, 'bgnbd', { ...WHAT_IF, discountMonthly: 0 });
    const longer = await clvApi.clvWhatIf(cdnow.key, 'bgnbd', { ...WHAT_IF, horizonMonths: 24 });
    expect(steeper.totalClv).toBeLessThan(base.totalClv);
    expect(free.totalClv).toBeGreaterThan(base.totalClv);
    expect(longer.totalClv).toBeGreaterThan(base.totalClv);
    expect(longer.horizonPurchases).toBeGreaterThan(base.horizonPurchases);
    // The what-if has nothing to fit with: a key the worker does not hold is an error, never a refit.
    await expect(clvApi.clvWhatIf('no-such-fit', 'bgnbd', WHAT_IF)).rejects.toThrow(STALE_FIT);
  });

  it('gives the same figures whether the terms were prepared in pieces beforehand or not', async () => {
    for (let months = 14; months <= 60; months += 2) await clvApi.clvWarm(cdnow.key, 'paretoNbd', { clvMonths: months });
    await clvApi.clvWarm(cdnow.key, 'paretoNbd', { purchaseDays: 1800 });
    await clvApi.clvWarm(cdnow.key, 'paretoNbd', { dueDays: 14 });
    const warmed = await clvApi.clvWhatIf(cdnow.key, 'paretoNbd', { horizonMonths: 60, discountMonthly: 0.02, dueWithinDays: 14 });
    const table = await loadOrderTable(db, 'cdnow-sample');
    const fresh = modelsReport(table, { calibrationEnd: civilDay(1997, 9, 30), timeUnit: 'week', horizonDays: 90, discountMonthly: 0.01 }).forecasts.paretoNbd!;
    expect(warmed.totalClv).toBeCloseTo(fresh.clv(60, 0.02).reduce((s, v) => s + v, 0), 6);
    expect(warmed.horizonPurchases).toBeCloseTo(fresh.expectedPurchases(1800).reduce((s, v) => s + v, 0), 6);
  });

  it('checks its inputs', async () => {
    await expect(clvApi.clvWhatIf(cdnow.key, 'bgnbd', { ...WHAT_IF, discountMonthly: -0.1 })).rejects.toThrow(/discount/);
    await expect(clvApi.clvWhatIf(cdnow.key, 'bgnbd', { ...WHAT_IF, horizonMonths: 0 })).rejects.toThrow(/horizon/);
  });

  it('sizes every audience, and "due to reorder" grows with the window', async () => {
    const week = await clvApi.clvWhatIf(cdnow.key, 'bgnbd', { ...WHAT_IF, dueWithinDays: 7 });
    const quarter = await clvApi.clvWhatIf(cdnow.key, 'bgnbd', { ...WHAT_IF, dueWithinDays: 90 });
    expect(quarter.audiences.due).toBeGreaterThanOrEqual(week.audiences.due);
    for (const n of Object.values(quarter.audiences)) expect(n).toBeGreaterThanOrEqual(0);
    expect(quarter.audiences['active-high-value']).toBeGreaterThan(0);
  });
});

describe('clvAudienceCsv', () => {
  it('lists the most valuable first and neutralises an id that starts with =', async () => {
    await importFile(db, textFile('formula.csv', storeWithFormulaId()), { datasetId: 'formula' });
    const fit = await clvApi.clvFit('formula', { timeUnit: 'week' });
    expect(fit?.models.bgnbd.ok).toBe(true);
    const w = await clvApi.clvWhatIf(fit!.key, 'bgnbd', WHAT_IF);
    const out = await clvApi.clvAudienceCsv(fit!.key, 'bgnbd', 'due', WHAT_IF);
    expect(out.rows).toBe(w.audiences.due);
    const lines = out.csv.trimEnd().split('\r\n');
    expect(lines.length).toBe(out.rows + 1);
    expect(lines[0]).toMatch(/^customer,first_purchase,last_purchase,repeat_purchases,spend_to_date_USD,p_alive,/);
    expect(lines[1].startsWith(`'${FORMULA_ID}`)).toBe(true);
    expect(lines.some((l) => l.startsWith('='))).toBe(false);
    expect(out.fileName).toBe('audience-due-bgnbd-USD.csv');
  });
});

describe('data that cannot support a model', () => {
  it('returns refusals with reasons, and the what-if says the model was not fitted', async () => {
    await importFile(db, textFile('tiny.csv', 'customer,date,value\na,2024-01-01,10\na,2024-02-01,12\nb,2024-01-05,8\nc,2024-01-09,30\n'), { datasetId: 'tiny' });
    const fit = await clvApi.clvFit('tiny', { timeUnit: 'week' });
    expect(fit).not.toBeNull();
    for (const m of ['bgnbd', 'paretoNbd', 'mbgnbd'] as const) {
      const view = fit!.models[m];
      expect(view.ok).toBe(false);
      expect(!view.ok && view.error).toMatch(/only 3 customers/);
    }
    expect(fit!.gammaGamma.ok).toBe(false);
    await expect(clvApi.clvWhatIf(fit!.key, 'bgnbd', WHAT_IF)).rejects.toThrow(/could not be fitted: only 3 customers/);
  });

  it('returns null for a dataset without orders', async () => {
    await expect(clvApi.clvFit('empty-dataset', { timeUnit: 'week' })).resolves.toBeNull();
  });
});

describe('currencies', () => {
  it('models one currency at a time and lists the others', async () => {
    await importFile(db, textFile('usd.csv', storeWithFormulaId('USD')), { datasetId: 'two' });
    await importFile(db, textFile('eur.csv', storeWithFormulaId('EUR').replaceAll('@example.com', '@example.de')), { datasetId: 'two' });
    const usd = await clvApi.clvFit('two', { timeUnit: 'week', currency: 'USD' });
    const eur = await clvApi.clvFit('two', { timeUnit: 'week', currency: 'EUR' });
    expect(usd?.currencies.sort()).toEqual(['EUR', 'USD']);
    expect(eur?.currency).toBe('EUR');
    // Each currency has its own 301 customers; nothing is added across currencies.
    expect(usd?.customers).toBe(301);
    expect(eur?.customers).toBe(301);
  });
});

describe('clvDistribution', () => {
  it('puts customers in round bands up to the 99th percentile and the rest in an open last band', () => {
    const clv = Float64Array.from({ length: 100 }, (_, i) => i);
    clv[99] = 10_000;
    const d = clvDistribution(clv, 10);
    expect(Array.from(d.edges)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(d.counts.reduce((s, x) => s + x, 0)).toBe(100);
    expect(d.counts[10]).toBe(1);
    expect(d.counts[0]).toBe(10);
  });
});
