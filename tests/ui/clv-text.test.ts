// What the lifetime-value view says about its numbers.
import { describe, expect, it } from 'vitest';
import type { ClvFit, ModelFitView } from '../../src/state/types.ts';
import {
  AUDIENCE_INFO, correlationVerdict, formatLogLikelihood, formatParameter, holdoutSentence, modelSentence, poorlyDetermined, suggestedHoldoutEnd,
} from '../../src/ui/views/clv/clv-text.ts';

const fitted = (params: Record<string, [number, number | null]>): ModelFitView => ({
  ok: true, logLikelihood: -9582.43, method: 'bfgs', notes: [],
  params: Object.entries(params).map(([name, [value, standardError]]) => ({ name, value, standardError })),
});

// FHL 2005 on the CDNOW sample, weeks.
const BG = fitted({ r: [0.243, 0.013], alpha: [4.414, 0.378], a: [0.793, 0.186], b: [2.426, 0.705] });

describe('parameters', () => {
  it('prints parameters to 3 decimals as the papers do, and large ones readably', () => {
    expect(formatParameter(0.24259)).toBe('0.243');
    expect(formatParameter(151_700.4)).toBe('151,700');
    expect(formatLogLikelihood(-9582.429)).toBe('-9,582.4');
  });

  it('flags parameters the data barely determine', () => {
    expect(poorlyDetermined(BG)).toEqual([]);
    expect(poorlyDetermined(fitted({ s: [1879, 833_552], beta: [151_700, 67_390], r: [1, null] }))).toEqual(['s']);
    expect(poorlyDetermined({ ok: false, error: 'x' })).toEqual([]);
  });

  it('says what the average customer does, per model', () => {
    // r/alpha = 0.055 purchases a week = 2.9 a year; a/(a+b) = 24.6 % stop after a purchase.
    expect(modelSentence('bgnbd', BG, 'week')).toBe('While active, the average customer buys 2.9 times a year; 24.6 % of customers stop after any given purchase.');
    const pareto = fitted({ r: [0.553, null], alpha: [10.578, null], s: [0.606, null], beta: [11.669, null] });
    expect(modelSentence('paretoNbd', pareto, 'week')).toMatch(/varies too widely for an average/);
    const paretoDays = fitted({ r: [1, null], alpha: [100, null], s: [2, null], beta: [304, null] });
    expect(modelSentence('paretoNbd', paretoDays, 'day')).toBe('While active, the average customer buys 3.7 times a year and stays for about 10 months on average.');
    expect(modelSentence('bgnbd', { ok: false, error: 'no' }, 'week')).toBeNull();
  });
});

describe('holdoutSentence', () => {
  const fit = {
    period: { first: '1997-01-01', asOf: '1998-06-30', calibrationEnd: '1997-09-30', timeUnit: 'week', holdoutDays: 273 },
    holdout: { actual: 1882, predicted: { bgnbd: 1653.4 } },
  } as unknown as ClvFit;

  it('compares the prediction with what happened', () => {
    expect(holdoutSentence(fit, 'bgnbd')).toBe('In the 39 weeks after 1997-09-30, these customers made 1,882 repeat purchases; BG/NBD predicted 1,653 (−12.1 %).');
    expect(holdoutSentence(fit, 'paretoNbd')).toBeNull();
    expect(holdoutSentence({ ...fit, holdout: null }, 'bgnbd')).toBeNull();
  });
});

describe('suggestedHoldoutEnd', () => {
  it('holds out the last third of the history in whole weeks', () => {
    // 545 days of history: 25 whole weeks (175 days) held out.
    expect(suggestedHoldoutEnd('1997-01-01', '1998-06-30')).toBe('1998-01-06');
    expect(suggestedHoldoutEnd('2024-01-01', '2024-01-05')).toBe('2024-01-05');
  });
});

describe('correlationVerdict', () => {
  it('passes a weak correlation and warns about a strong one', () => {
    expect(correlationVerdict(0.11)).toEqual({ ok: true, text: 'Correlation 0.11: little relation, as the spend model assumes.' });
    expect(correlationVerdict(-0.45)).toMatchObject({ ok: false });
    expect(correlationVerdict(-0.45).text).toMatch(/spend less per purchase/);
    expect(correlationVerdict(null).ok).toBeNull();
  });
});

describe('audiences', () => {
  it('explains each of the four audiences', () => {
    expect(AUDIENCE_INFO.map((a) => a.name)).toEqual(['decline', 'due', 'active-high-value', 'lapsed-high-value']);
    expect(AUDIENCE_INFO[1].hint(14)).toBe('At least an even chance of buying within 14 days.');
  });
});
