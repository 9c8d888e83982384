// The cohort heatmap table's cells: the value of a cell for the chosen figure, its text, and a background
// whose text colour always keeps a contrast of at least 4.5:1 (WCAG AA). Pure, so it is tested.
import type { CohortsFigures } from '../../../state/types.ts';
import type { CohortMetric } from '../../../state/cohorts.svelte.ts';

type Table = CohortsFigures['table'];

export const METRICS: { key: CohortMetric; label: string; explain: string }[] = [
  { key: 'retention', label: 'Retention %', explain: 'Share of the cohort’s customers who bought in each period after their first purchase.' },
  { key: 'revenue', label: 'Revenue', explain: 'Net sales from the cohort’s customers in each period (returns subtracted).' },
  { key: 'ltv', label: 'LTV per customer', explain: 'Net sales per customer of the cohort, added up from the first purchase to each period.' },
];

export const PERIOD_WORD: Record<Table['granularity'], string> = { day: 'Day', week: 'Week', month: 'Month', quarter: 'Quarter' };

/** The cell's value, or null where the period has not been reached yet. */
export function cellValue(t: Table, metric: CohortMetric, c: number, p: number): number | null {
  if (p >= t.observed[c]) return null;
  const at = c * t.periods + p;
  if (metric === 'retention') return t.retention[at];
  if (metric === 'revenue') return t.revenue[at];
  return t.cumulativeRevenuePerCustomer[at];
}

export interface ColourScale {
  min: number;
  max: number;
}

/**
 * The values that colour the lightest and the darkest cells. Retention and revenue leave out the
 * acquisition period (100 % and the first orders, far above the rest), so that the later periods, the ones
 * that matter, have contrast. With many cells the 5th and 95th percentiles are used, so that one tiny
 * cohort's 20 % does not wash out the rest; beyond them the colour stays at its end.
 */
export function scaleRange(t: Table, metric: CohortMetric): ColourScale {
  const values: number[] = [];
  for (let c = 0; c < t.cohorts; c++) {
    for (let p = metric === 'ltv' ? 0 : 1; p < t.observed[c] && p < t.periods; p++) {
      const v = cellValue(t, metric, c, p);
      if (v !== null) values.push(v);
    }
  }
  if (values.length === 0) return { min: 0, max: 0 };
  values.sort((a, b) => a - b);
  if (values.length < 20) return { min: Math.min(values[0], 0), max: values[values.length - 1] };
  return { min: values[Math.floor(0.05 * (values.length - 1))], max: values[Math.floor(0.95 * (values.length - 1))] };
}

export function cellText(value: number | null, metric: CohortMetric, currency: string): string {
  if (value === null) return '';
  if (metric === 'retention') return value > 0 && value < 0.005 ? '<1%' : `${Math.round(value * 100)}%`;
  // Revenue in thousands keeps one decimal ($12.3K); below a thousand, and for LTV, whole units ($666).
  const compact = metric === 'revenue' && Math.abs(value) >= 1000;
  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency, notation: compact ? 'compact' : 'standard', maximumFractionDigits: compact ? 1 : 0 });
  return money.format(value);
}

const LIGHT = [244, 247, 253];
const DARK = [24, 64, 150];
/** Above this intensity the text turns white; chosen so both sides keep 4.5:1 (see the test). */
export const WHITE_TEXT_FROM = 0.5;

/**
 * Colour of intensity t in 0..1. Between about 0.6 and 0.72 of the way from light to dark neither dark nor
 * white text reaches 4.5:1, so the scale steps over that band at WHITE_TEXT_FROM.
 */
export function shade(t: number): [number, number, number] {
  const c = Math.min(Math.max(t, 0), 1);
  const x = c < WHITE_TEXT_FROM ? (c / WHITE_TEXT_FROM) * 0.58 : 0.74 + ((c - WHITE_TEXT_FROM) / (1 - WHITE_TEXT_FROM)) * 0.26;
  return [0, 1, 2].map((i) => Math.round(LIGHT[i] + (DARK[i] - LIGHT[i]) * x)) as [number, number, number];
}

export function cellStyle(value: number | null, scale: ColourScale): string {
  if (value === null) return '';
  const span = scale.max - scale.min;
  const t = span > 0 ? (value - scale.min) / span : value > scale.min ? 1 : 0;
  const [r, g, b] = shade(t);
  return `background: rgb(${r}, ${g}, ${b}); color: ${t >= WHITE_TEXT_FROM ? '#ffffff' : '#1d2330'};`;
}

/** WCAG relative luminance and contrast ratio, for the test that holds cellStyle to AA. */
export function contrast(a: readonly number[], b: readonly number[]): number {
  const lum = (rgb: readonly number[]) => {
    const [r, g, bl] = rgb.map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The "all cohorts" row: retention and LTV weighted by cohort size, revenue summed; over cohorts that reached the period. */
export function allCohortsRow(t: Table, metric: CohortMetric): (number | null)[] {
  const row: (number | null)[] = [];
  for (let p = 0; p < t.periods; p++) {
    let sum = 0;
    let people = 0;
    for (let c = 0; c < t.cohorts; c++) {
      if (p >= t.observed[c]) continue;
      const at = c * t.periods + p;
      people += t.customers[c];
      if (metric === 'retention') sum += t.active[at];
      else if (metric === 'revenue') sum += t.revenue[at];
      else sum += t.cumulativeRevenuePerCustomer[at] * t.customers[c];
    }
    row.push(people === 0 ? null : metric === 'revenue' ? sum : sum / people);
  }
  return row;
}

/** "in its first month", "after 3 months"; "not yet" for -1. */
export function paybackText(period: number, word: string): string {
  const w = word.toLowerCase();
  if (period < 0) return 'not yet';
  if (period === 0) return `in its first ${w}`;
  return `after ${period} ${w}${period === 1 ? '' : 's'}`;
}

/** One sentence on the payback of the cohorts that have a cost; null when no cost is entered. */
export function paybackSummary(payback: ArrayLike<number>, cac: ArrayLike<number>, word: string): string | null {
  const w = word.toLowerCase();
  const paid: number[] = [];
  let costed = 0;
  for (let c = 0; c < cac.length; c++) {
    if (!Number.isFinite(cac[c])) continue;
    costed++;
    if (payback[c] >= 0) paid.push(payback[c]);
  }
  if (costed === 0) return null;
  if (paid.length === 0) return costed === 1 ? 'The cohort with a cost has not paid it back yet.' : `None of the ${costed} cohorts with a cost has paid it back yet.`;
  paid.sort((a, b) => a - b);
  const median = paid[(paid.length - 1) >> 1];
  const typical = median === 0 ? `in the ${w} of their first purchase` : `within ${median} ${w}${median === 1 ? '' : 's'} of the first purchase`;
  return `${paid.length} of ${costed} cohorts ${paid.length === 1 ? 'has' : 'have'} paid back their cost; half of those did so ${typical}.`;
}

// ---------------------------------------------------------------------------------------------------------
// Sideways scrolling of a wide table (weekly cohorts: a hundred period columns do not fit 1366 pixels).

/** The columns shown, by index: those whose middle lies between `from` and `to` (pixels). */
export function columnsInView(lefts: ArrayLike<number>, widths: ArrayLike<number>, from: number, to: number): { first: number; last: number } | null {
  let first = -1;
  let last = -1;
  for (let i = 0; i < lefts.length; i++) {
    const middle = lefts[i] + widths[i] / 2;
    if (middle < from || middle > to) continue;
    if (first < 0) first = i;
    last = i;
  }
  return first < 0 ? null : { first, last };
}

/** "Weeks 0–24 of 0–104 in view" (the column headers are W0, W1, …). */
export function columnsInViewText(word: string, shown: { first: number; last: number } | null, periods: number): string {
  const plural = `${word}s`;
  if (!shown) return `${plural} 0–${periods - 1}: scroll sideways to see them.`;
  return `${plural} ${shown.first}–${shown.last} of 0–${periods - 1} in view.`;
}
