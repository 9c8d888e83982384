// The import page's words and small decisions, pure so that unit tests can call them in Node: what a
// recognised format is called, how a date reads either way, which columns a mapping uses, the rejects CSV.
import { toCsv } from '../../../core/export/csv.ts';
import { normaliseHeaderName, type ColumnMapping } from '../../../core/ingest/formats.ts';

const FORMAT_NAMES: Record<string, string> = {
  'amazon/all-orders': 'Amazon All Orders report',
  'amazon/buyer-email': 'Amazon order report (with buyer e-mail)',
  'shopify': 'Shopify orders export',
  'woocommerce/analytics': 'WooCommerce Analytics orders download',
  'woocommerce': 'WooCommerce order export',
  'online-retail': 'Online Retail (UCI layout)',
  'cdnow': 'CDNOW purchase log',
  'events/mapped': 'your own columns (column mapping)',
  'events': 'event log (customer, date, value)',
  'sample': 'sample store (demo data)',
  'summary': 'per-customer summary (customer, frequency, recency, T, monetary value)',
};

/** What the page calls a recognised export, e.g. "Shopify orders export". */
export function formatName(format: string, variant?: string | null): string {
  return FORMAT_NAMES[`${format}/${variant ?? ''}`] ?? FORMAT_NAMES[format] ?? format;
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe', whitespace: 'space' };

export function delimiterName(delimiter: string): string {
  return DELIMITER_NAMES[delimiter] ?? `"${delimiter}"`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * How a slash date such as 05/01/2024 reads day first and month first ("5 January 2024" and "May 1,
 * 2024"), or null when the text is not such a date.
 */
export function dateReadings(text: string): { dmy: string; mdy: string } | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b/.exec(text);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  let year = Number(m[3]);
  if (m[3].length === 2) year += year < 70 ? 2000 : 1900;
  if (a < 1 || b < 1 || a > 12 || b > 12) return null;
  return { dmy: `${a} ${MONTHS[b - 1]} ${year}`, mdy: `${MONTHS[a - 1]} ${b}, ${year}` };
}

export const MAPPING_ROLES: { field: keyof ColumnMapping; label: string; hint: string; required: boolean }[] = [
  { field: 'customer', label: 'Customer', hint: 'e-mail or customer id', required: true },
  { field: 'date', label: 'Order date', hint: 'the day of the purchase', required: true },
  { field: 'value', label: 'Amount', hint: 'the line\u2019s total (price \u00d7 quantity), not the unit price', required: true },
  { field: 'order', label: 'Order id', hint: 'groups lines into orders', required: false },
  { field: 'quantity', label: 'Quantity', hint: 'units on the line', required: false },
  { field: 'sku', label: 'SKU', hint: 'product code, for costs and products', required: false },
  { field: 'currency', label: 'Currency', hint: 'e.g. USD, EUR', required: false },
  { field: 'marketplace', label: 'Marketplace', hint: 'store or sales channel', required: false },
];

/**
 * How the mapping names a column: by its header name when that name is unambiguous (and not a number),
 * else by its 1-based number, so that the saved mapping finds exactly this column again.
 */
export function columnReference(header: readonly string[], index: number): string {
  const name = header[index] ?? '';
  const folded = normaliseHeaderName(name);
  const unique = folded !== '' && header.findIndex((h) => normaliseHeaderName(h) === folded) === index;
  return unique && !/^\d+$/.test(name.trim()) ? name : String(index + 1);
}

/** The column index a mapping value refers to (as planFromMapping reads it), or -1. */
export function columnIndex(header: readonly string[], reference: string | undefined): number {
  if (!reference) return -1;
  const at = header.findIndex((h) => normaliseHeaderName(h) === normaliseHeaderName(reference));
  if (at >= 0) return at;
  return /^\d+$/.test(reference) && Number(reference) <= header.length ? Number(reference) - 1 : -1;
}

/** Choices per field (column indexes, -1 for none) to the mapping sent to the import. */
export function mappingOf(header: readonly string[], chosen: Partial<Record<keyof ColumnMapping, number>>): Partial<ColumnMapping> {
  const out: Partial<ColumnMapping> = {};
  for (const { field } of MAPPING_ROLES) {
    const at = chosen[field];
    if (at !== undefined && at >= 0) out[field] = columnReference(header, at);
  }
  return out;
}

/** What keeps a mapping from being imported, in words, or null when it is complete. */
export function mappingProblem(chosen: Partial<Record<keyof ColumnMapping, number>>): string | null {
  const missing = MAPPING_ROLES.filter((r) => r.required && !((chosen[r.field] ?? -1) >= 0)).map((r) => r.label.toLowerCase());
  if (missing.length > 0) return `Choose the ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}.`;
  const used = new Map<number, string>();
  for (const r of MAPPING_ROLES) {
    const at = chosen[r.field] ?? -1;
    if (at < 0) continue;
    const other = used.get(at);
    if (other) return `${other} and ${r.label.toLowerCase()} are the same column; each needs its own.`;
    used.set(at, r.label);
  }
  return null;
}

export interface RejectRow {
  line: number;
  column: number | null;
  reason: string;
  detail: string;
}

/** The rejected lines as a CSV file for the seller's spreadsheet (formula-like text neutralised). */
export function rejectsCsv(fileName: string, rejects: readonly RejectRow[]): string {
  return toCsv(['file', 'line', 'column', 'reason', 'detail'], rejects.map((r) => [fileName, r.line, r.column, r.reason, r.detail]));
}

/** `orders.csv` -> `orders-rejected-lines.csv`. */
export function rejectsFileName(fileName: string): string {
  return `${fileName.replace(/\.[^.]+$/, '') || 'import'}-rejected-lines.csv`;
}

const REASONS: Record<string, string> = {
  'missing-customer': 'no customer',
  'bad-date': 'date not readable',
  'bad-value': 'amount not readable',
  'bad-quantity': 'quantity not readable',
  'wrong-field-count': 'too few fields',
  'malformed-quotes': 'broken quotes',
  'duplicate-line': 'already imported',
  'duplicate-customer': 'customer listed twice',
  'bad-summary': 'summary value not valid',
  'missing-sku': 'no sku',
  'bad-cost': 'cost not readable',
  'duplicate-sku': 'sku listed twice',
};

/** "1 product", "2 products". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** A reject reason in the seller's words. */
export function reasonText(reason: string): string {
  return REASONS[reason] ?? reason;
}
