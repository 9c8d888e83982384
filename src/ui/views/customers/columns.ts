// The customer list's columns: header, the one line that explains the figure, width and cell text. Pure, so
// the tests can call it.
import { formatDay } from '../../../core/ingest/dates.ts';
import type { CustomerRow } from '../../../state/customers.svelte.ts';
import type { CustomerListInfo, CustomerSortKey } from '../../../state/types.ts';
import { formatInteger, formatPercent } from '../../format.ts';

export interface CustomerColumn {
  key: CustomerSortKey;
  label: string;
  /** What the figure means, in a seller's words. */
  hint: string;
  numeric: boolean;
  /** CSS grid track. */
  width: string;
  /** Filled by the purchase and spend models (empty until, or unless, they are fitted). */
  model?: boolean;
}

export const CUSTOMER_COLUMNS: readonly CustomerColumn[] = [
  { key: 'id', label: 'Customer', hint: 'The buyer’s email or customer id from your exports.', numeric: false, width: 'minmax(9.5rem, 1fr)' },
  { key: 'firstDay', label: 'First buy', hint: 'Day of the first purchase.', numeric: false, width: '5.6rem' },
  { key: 'lastDay', label: 'Last buy', hint: 'Day of the latest purchase.', numeric: false, width: '5.6rem' },
  { key: 'orders', label: 'Orders', hint: 'Distinct orders with a purchase.', numeric: true, width: '4.3rem' },
  { key: 'revenue', label: 'Revenue', hint: 'Net revenue: everything the customer bought, minus returns.', numeric: true, width: '5.9rem' },
  { key: 'aov', label: 'AOV', hint: 'Average order value: net revenue per order.', numeric: true, width: '5.3rem' },
  { key: 'r', label: 'R', hint: 'Recency score 1–5: 5 for the fifth of customers who bought most recently.', numeric: true, width: '2rem' },
  { key: 'f', label: 'F', hint: 'Frequency score 1–5: 5 for the fifth who bought on the most days.', numeric: true, width: '2rem' },
  { key: 'm', label: 'M', hint: 'Monetary score 1–5: 5 for the fifth who spent the most.', numeric: true, width: '2rem' },
  { key: 'segment', label: 'Segment', hint: 'The segment from the R, F and M scores, in the map chosen on the Segments page.', numeric: false, width: '8.4rem' },
  { key: 'tier', label: 'Tier', hint: 'The highest tier whose threshold the customer exceeds; with tiers in several marketplaces, the best one (point at it for all).', numeric: false, width: '6.4rem' },
  { key: 'pAlive', label: 'P(alive)', hint: 'Chance the customer will still buy from you (BG/NBD model).', numeric: true, width: '4.6rem', model: true },
  { key: 'expected', label: 'Next 90 d', hint: 'Purchases the model expects from the customer in the next 90 days.', numeric: true, width: '4.9rem', model: true },
  { key: 'clv', label: 'CLV 12 m', hint: 'Predicted value of the next 12 months, discounted by 1 % a month (BG/NBD with Gamma-Gamma).', numeric: true, width: '5.6rem', model: true },
];

export const GRID_COLUMNS = CUSTOMER_COLUMNS.map((c) => c.width).join(' ');

/**
 * Columns whose text always fits their width (dates, counts, 1-5 scores, percentages, purchase counts with
 * two decimals): CustomerTable.svelte does not clip their cells. The others (ids, money in any currency,
 * segment and tier names) end in an ellipsis.
 */
export const FITTING_COLUMNS: ReadonlySet<CustomerSortKey> = new Set(['firstDay', 'lastDay', 'orders', 'r', 'f', 'm', 'pAlive', 'expected']);

// Rows are made while scrolling: number formats are built once per currency, not once per cell.
const moneyFormats = new Map<string, [Intl.NumberFormat, Intl.NumberFormat]>();

/** formatMoney's text, with the formats kept. */
export function listMoney(value: number, currency: string): string {
  if (!Number.isFinite(value)) return '';
  let formats = moneyFormats.get(currency);
  if (!formats) {
    formats = [0, 2].map((digits) => new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: digits })) as [Intl.NumberFormat, Intl.NumberFormat];
    moneyFormats.set(currency, formats);
  }
  return formats[Math.abs(value) >= 100_000 ? 0 : 1].format(value);
}

/** The text of a cell; empty where a figure is missing (a model that could not be fitted shows nothing, not 0). */
export function cellText(key: CustomerSortKey, row: CustomerRow, currency: string): string {
  const money = (v: number) => listMoney(v, currency);
  switch (key) {
    case 'id': return row.id;
    case 'firstDay': return formatDay(row.firstDay);
    case 'lastDay': return formatDay(row.lastDay);
    case 'orders': return formatInteger(row.orders);
    case 'revenue': return money(row.revenue);
    case 'aov': return money(row.aov);
    case 'r': return String(row.r);
    case 'f': return String(row.f);
    case 'm': return String(row.m);
    case 'segment': return row.segment;
    case 'tier': return row.tier;
    case 'pAlive': return Number.isFinite(row.pAlive) ? formatPercent(row.pAlive) : '';
    case 'expected': return Number.isFinite(row.expected) ? row.expected.toFixed(2) : '';
    case 'clv': return money(row.clv);
  }
}

const cellsOf = new WeakMap<CustomerRow, { currency: string; cells: string[] }>();

/**
 * Every cell's text of a row, in CUSTOMER_COLUMNS order (CustomerTable.svelte lays the cells out in it).
 * Kept per row: while scrolling, the rows on screen move through the page's cells every frame.
 */
export function rowCells(row: CustomerRow, currency: string): string[] {
  const known = cellsOf.get(row);
  if (known?.currency === currency) return known.cells;
  const cells = CUSTOMER_COLUMNS.map((c) => cellText(c.key, row, currency));
  cellsOf.set(row, { currency, cells });
  return cells;
}

export const EMPTY_ROW: readonly string[] = CUSTOMER_COLUMNS.map(() => '');

/** The link to a customer's page; the id is the customer's own text, so it is encoded. */
export function customerHref(id: string): string {
  return `#/customers/${encodeURIComponent(id)}`;
}

/** aria-sort of a column header. */
export function ariaSort(key: CustomerSortKey, sort: CustomerSortKey, descending: boolean): 'ascending' | 'descending' | undefined {
  return key === sort ? (descending ? 'descending' : 'ascending') : undefined;
}

/** Why the model columns are empty, or what they rest on; null when there is nothing to say. */
export function modelNote(info: CustomerListInfo, fitting: boolean): { kind: 'muted' | 'warning'; text: string } | null {
  const m = info.model;
  if (m.state === 'pending') {
    return fitting ? { kind: 'muted', text: 'Fitting the purchase model for P(alive), expected purchases and CLV… the other columns are ready.' } : null;
  }
  if (m.state === 'failed') return { kind: 'warning', text: `${m.problem ?? 'The purchase model could not be fitted.'} P(alive), expected purchases and CLV stay empty.` };
  if (m.clvProblem) return { kind: 'warning', text: `${m.clvProblem} Predicted CLV stays empty; P(alive) and expected purchases are shown.` };
  return null;
}

/** The tier rules in use, in one line. */
export function tierRulesText(info: CustomerListInfo): string {
  const sets = info.tierRules.map((set) => {
    const where = set.marketplace.trim() === '*' ? 'all marketplaces' : set.marketplace;
    const what = set.thresholdType === 'revenue' ? 'net revenue' : set.thresholdType;
    const tiers = [...set.tiers].sort((a, b) => b.threshold - a.threshold).map((t) => `${t.name} > ${t.threshold}`).join(', ');
    return `${where}: ${what} ${tiers}`;
  });
  return `${info.tiersSaved ? 'Your tier rules' : 'Default tiers (set your own under Tiers)'}: ${sets.join('; ')}.`;
}
