// `models` and `forecast` of the command line against the published CDNOW values (../shared/datasets/README.md:
// Fader, Hardie & Lee 2005; Hardie's Gamma-Gamma note; BTYDplus for MBG/NBD), run exactly as the issue's
// acceptance command, and the per-customer summary file going straight to the models.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, analyzeJson, DATASETS, filesIn } from './run.ts';

const SAMPLE = join(DATASETS, 'cdnow/CDNOW_sample.txt');

/** Within `share` of the published value (0.005 = 0.5 %). */
function near(actual: number, published: number, share = 0.005) {
  expect(Math.abs(actual - published) / Math.abs(published), `${actual} vs published ${published}`).toBeLessThan(share);
}

describe('analyze CDNOW_sample.txt --calibration-end 1997-09-30 --time-unit week --json', () => {
  let result: any;
  beforeAll(() => {
    result = analyzeJson(SAMPLE, '--calibration-end', '1997-09-30', '--time-unit', 'week').result;
  });

  it('reports the period with its split and unit', () => {
    expect(result.period).toEqual({ first: '1997-01-01', asOf: '1998-06-30', calibrationEnd: '1997-09-30', timeUnit: 'week' });
    expect(Object.keys(result)).toEqual(['input', 'period', 'metrics', 'segments', 'models', 'forecast']);
  });

  it('fits BG/NBD as published: r .243, alpha 4.414, a .793, b 2.426, LL -9582.4', () => {
    const m = result.models.bgnbd;
    near(m.params.r, 0.243);
    near(m.params.alpha, 4.414);
    near(m.params.a, 0.793);
    near(m.params.b, 2.426);
    expect(Math.abs(m.logLikelihood - -9582.4)).toBeLessThan(0.1);
    expect(Object.keys(m.params)).toEqual(['r', 'alpha', 'a', 'b']);
  });

  it('fits Pareto/NBD (r .553, alpha 10.578, s .606, beta 11.669, LL -9595.0) and MBG/NBD (BTYDplus)', () => {
    const p = result.models.paretoNbd;
    near(p.params.r, 0.553);
    near(p.params.alpha, 10.578);
    near(p.params.s, 0.606);
    near(p.params.beta, 11.669);
    expect(Math.abs(p.logLikelihood - -9595.0)).toBeLessThan(0.1);
    const m = result.models.mbgnbd;
    near(m.params.r, 0.525);
    near(m.params.alpha, 6.183);
    near(m.params.a, 0.891);
    near(m.params.b, 1.614);
  });

  it('fits Gamma-Gamma on the 946 repeat customers: p 6.25, q 3.74, v 15.44', () => {
    const g = result.models.gammaGamma;
    near(g.params.p, 6.25);
    near(g.params.q, 3.74);
    near(g.params.v, 15.44);
    expect(g.customers).toBe(946);
    expect(g.logLikelihood).toBeLessThan(0);
  });

  it('forecasts 90 days, 12-month CLV and the holdout with its 1,882 actual repeat purchases', () => {
    const f = result.forecast;
    expect(f.horizonDays).toBe(90);
    expect(Object.keys(f.expectedPurchases)).toEqual(['bgnbd', 'paretoNbd', 'mbgnbd']);
    expect(Object.keys(f.clv12m)).toEqual(['bgnbd', 'paretoNbd']);
    expect(f.holdout.actual).toBe(1882);
    // The models predict the holdout within 20 % (BG/NBD's published tracking plot under-predicts a little).
    for (const name of ['bgnbd', 'paretoNbd', 'mbgnbd']) expect(Math.abs(f.holdout.predicted[name] / 1882 - 1)).toBeLessThan(0.2);
    expect(f.clv12m.bgnbd).toBeGreaterThan(0);
  });

  it('scales the horizon and the discount rate as asked', () => {
    const longer = analyzeJson(SAMPLE, '--calibration-end', '1997-09-30', '--time-unit', 'week', '--horizon-days', '180', '--discount-monthly', '0.05').result;
    expect(longer.forecast.horizonDays).toBe(180);
    expect(longer.forecast.expectedPurchases.bgnbd).toBeGreaterThan(result.forecast.expectedPurchases.bgnbd * 1.5);
    expect(longer.forecast.clv12m.bgnbd).toBeLessThan(result.forecast.clv12m.bgnbd);
    expect(longer.models.bgnbd.params.r).toBe(result.models.bgnbd.params.r);
  });

  it('prints the same figures as readable tables without --json', () => {
    const run = analyze(SAMPLE, '--calibration-end', '1997-09-30', '--time-unit', 'week');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/BG\/NBD\s+r 0\.2426\s+alpha 4\.414\s+a 0\.7929\s+b 2\.426\s+-9,582\.43/);
    expect(run.stdout).toMatch(/Gamma-Gamma\s+p 6\.25\s+q 3\.744\s+v 15\.44\s+\(946 repeat customers\)/);
    expect(run.stdout).toMatch(/actually made: 1,882/);
    expect(run.stdout).not.toMatch(/^\s*\{/);
  });
});

describe('a per-customer summary file', () => {
  it("goes straight to the models: Hardie's CDNOW summary (weeks) gives the published BG/NBD fit", () => {
    const { result, stderr } = analyzeJson(join(DATASETS, 'cdnow/cdnow_customers_summary.csv'), '--time-unit', 'week');
    expect(result.input).toMatchObject({ format: 'summary', rows: 2357, accepted: 2357, rejected: 0 });
    expect(result.period).toEqual({ first: null, asOf: null, calibrationEnd: null, timeUnit: 'week' });
    expect(result.metrics).toBeUndefined();
    expect(result.segments).toBeUndefined();
    near(result.models.bgnbd.params.r, 0.243);
    near(result.models.bgnbd.params.b, 2.426);
    expect(Math.abs(result.models.bgnbd.logLikelihood - -9582.4)).toBeLessThan(0.1);
    // No monetary column: the spend model says so, and no CLV is invented.
    expect(result.models.gammaGamma).toEqual({ error: expect.stringMatching(/no monetary value column/) });
    expect(result.forecast.clv12m).toBeUndefined();
    expect(result.forecast.holdout).toBeUndefined();
    expect(stderr).toMatch(/per-customer summary: it goes straight to the models/);
  });

  it('reads monetary values, counts bad lines, and refuses options that need order dates', () => {
    const rows = ['customer_id,frequency,recency,T,monetary_value'];
    // 40 customers, 20 of them repeat buyers with varied spend, so that all four models can be fitted.
    for (let i = 0; i < 40; i++) {
      const x = i % 2 === 0 ? (i % 5) + 1 : 0;
      rows.push(`c${i},${x},${x > 0 ? 10 + (i % 7) : 0},${30 + (i % 9)},${x > 0 ? 15 + ((i * 13) % 40) : ''}`);
    }
    rows.push('c0,1,2,3,4', 'bad,1.5,3,10,3');
    const dir = filesIn({ 'summary.csv': `${rows.join('\n')}\n` });
    const { result } = analyzeJson(join(dir, 'summary.csv'), '--customers', join(dir, 'out.csv'));
    expect(result.input).toMatchObject({ rows: 42, accepted: 40, rejected: 2, rejectedByReason: { 'duplicate-customer': 1, 'bad-summary': 1 } });
    expect(result.models.gammaGamma.customers).toBe(20);
    const refused = analyze(join(dir, 'summary.csv'), '--calibration-end', '2024-01-01');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/per-customer summary .* --calibration-end need order lines/);
  });
});
