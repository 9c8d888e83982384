// What the lifetime-value view says about its numbers, in a seller's words. Pure, so it is tested.
import { formatDay, parseIsoDay } from '../../../core/ingest/dates.ts';
import type { AudienceName, ClvFit, ModelFitView, TimeUnit, TransactionModelName } from '../../../state/types.ts';
import { formatInteger, formatPercent } from '../../format.ts';

export const MODEL_LABELS: Record<TransactionModelName | 'gammaGamma', string> = {
  bgnbd: 'BG/NBD', paretoNbd: 'Pareto/NBD', mbgnbd: 'MBG/NBD', gammaGamma: 'Gamma-Gamma',
};

export const MODEL_HINTS: Record<TransactionModelName | 'gammaGamma', string> = {
  bgnbd: 'Customers buy at their own pace and may stop after any purchase (Fader, Hardie & Lee 2005).',
  paretoNbd: 'Customers buy at their own pace and may stop at any moment (Schmittlein, Morrison & Colombo 1987).',
  mbgnbd: 'As BG/NBD, but a customer who never came back may also have stopped (Batislam et al. 2007).',
  gammaGamma: 'How much a customer spends per purchase; fitted on the customers who came back (Fader, Hardie & Lee 2005).',
};

export const PARAMETER_HINTS: Record<string, string> = {
  r: 'shape of how purchase rates vary between customers',
  alpha: 'scale of the purchase rates (in the time unit)',
  a: 'drop-out: a / (a + b) is the average chance to stop after a purchase',
  b: 'drop-out: larger b means fewer customers stop',
  s: 'shape of how drop-out rates vary between customers',
  beta: 'scale of the drop-out rates (in the time unit)',
  p: 'shape of each customer’s spend per purchase',
  q: 'shape of how average spend varies between customers',
  v: 'scale of how average spend varies between customers (γ)',
};

export const PARAMETER_SYMBOLS: Record<string, string> = { r: 'r', alpha: 'α', a: 'a', b: 'b', s: 's', beta: 'β', p: 'p', q: 'q', v: 'γ' };

export function unitName(unit: TimeUnit, plural = true): string {
  return unit === 'week' ? (plural ? 'weeks' : 'week') : plural ? 'days' : 'day';
}

/** Parameters to 3 decimals (as the papers print them), large ones to 4 significant figures. */
export function formatParameter(value: number): string {
  return Math.abs(value) >= 1000 ? new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 }).format(value) : value.toFixed(3);
}

/** Parameters whose standard error exceeds the estimate: the data barely pin them down. */
export function poorlyDetermined(fit: ModelFitView): string[] {
  if (!fit.ok) return [];
  return fit.params.filter((p) => p.standardError !== null && p.standardError > Math.abs(p.value)).map((p) => PARAMETER_SYMBOLS[p.name] ?? p.name);
}

export function formatLogLikelihood(value: number): string {
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}

/** One sentence on what a fitted transaction model says about the average customer. */
export function modelSentence(model: TransactionModelName, fit: ModelFitView, unit: TimeUnit): string | null {
  if (!fit.ok) return null;
  const p = Object.fromEntries(fit.params.map((x) => [x.name, x.value]));
  const rate = p.r / p.alpha;
  const perYear = rate * (unit === 'week' ? 52.18 : 365.25);
  const buys = `While active, the average customer buys ${perYear.toFixed(1)} times a year`;
  if (model === 'paretoNbd') {
    const life = p.s > 1 ? (p.beta / (p.s - 1)) * (unit === 'week' ? 7 : 1) : null;
    return life === null ? `${buys}; how long customers stay varies too widely for an average.` : `${buys} and stays for about ${formatInteger(life / 30.4)} months on average.`;
  }
  return `${buys}; ${formatPercent(p.a / (p.a + p.b))} of customers stop after any given purchase.`;
}

export function holdoutSentence(fit: ClvFit, model: TransactionModelName): string | null {
  const h = fit.holdout;
  const predicted = h?.predicted[model];
  if (!h || predicted === undefined) return null;
  const weeks = Math.round(fit.period.holdoutDays / 7);
  const diff = h.actual > 0 ? (predicted - h.actual) / h.actual : null;
  const off = diff === null ? '' : ` (${diff >= 0 ? '+' : '−'}${formatPercent(Math.abs(diff))})`;
  return `In the ${formatInteger(weeks)} weeks after ${fit.period.calibrationEnd}, these customers made ${formatInteger(h.actual)} repeat purchases; ${MODEL_LABELS[model]} predicted ${formatInteger(predicted)}${off}.`;
}

/** A fit period that leaves the last third of the history as a holdout (whole weeks). */
export function suggestedHoldoutEnd(first: string, asOf: string): string {
  const a = parseIsoDay(first);
  const b = parseIsoDay(asOf);
  if (a === null || b === null || b - a < 14) return asOf;
  const weeks = Math.max(1, Math.floor((b - a) / 7 / 3));
  return formatDay(b - weeks * 7);
}

/** Gamma-Gamma assumes that how often and how much a customer buys are unrelated. */
export function correlationVerdict(correlation: number | null): { ok: boolean | null; text: string } {
  if (correlation === null) return { ok: null, text: 'Too few repeat customers to check.' };
  const r = correlation.toFixed(2);
  if (Math.abs(correlation) < 0.3) return { ok: true, text: `Correlation ${r}: little relation, as the spend model assumes.` };
  return { ok: false, text: `Correlation ${r}: frequent buyers spend ${correlation > 0 ? 'more' : 'less'} per purchase, so the spend predictions are less reliable.` };
}

export const AUDIENCE_INFO: { name: AudienceName; label: string; hint: (dueDays: number) => string }[] = [
  { name: 'decline', label: 'Expected to decline', hint: () => 'Predicted to spend less in the next 90 days than in the last 90.' },
  { name: 'due', label: 'Due to reorder', hint: (d) => `At least an even chance of buying within ${d} days.` },
  { name: 'active-high-value', label: 'Active and valuable', hint: () => 'Likely still active (P(alive) ≥ 80 %) and in the top 20 % by predicted value.' },
  { name: 'lapsed-high-value', label: 'Lapsed high spenders', hint: () => 'In the top 20 % by spend so far, but probably gone (P(alive) < 30 %).' },
];
