// Which layout a file has, decided from its first line.

export type FormatId = 'cdnow' | 'events';

/** Where each field of the event log is, by column index. */
export interface EventColumns {
  customer: number;
  date: number;
  value: number;
  order: number | null;
  quantity: number | null;
  sku: number | null;
}

export interface Layout {
  format: FormatId;
  /** ',' ';' '\t' '|' or 'whitespace' (runs of spaces, as in the CDNOW files). */
  delimiter: string;
  hasHeader: boolean;
  columns: EventColumns;
}

const ALIASES: Record<keyof EventColumns, string[]> = {
  customer: ['customer', 'customer_id', 'customerid', 'customer id', 'email', 'client', 'user_id', 'buyer'],
  date: ['date', 'order_date', 'order date', 'purchase_date', 'timestamp', 'created_at', 'datetime'],
  value: ['value', 'amount', 'revenue', 'sales', 'total', 'price', 'dollar_value', 'spend'],
  order: ['order', 'order_id', 'orderid', 'order id', 'invoice', 'transaction_id'],
  quantity: ['quantity', 'qty', 'units', 'number_of_cds'],
  sku: ['sku', 'product', 'product_id', 'item'],
};

function findColumn(header: readonly string[], names: readonly string[]): number | null {
  const normal = header.map((h) => h.trim().toLowerCase());
  for (const name of names) {
    const at = normal.indexOf(name);
    if (at >= 0) return at;
  }
  return null;
}

/** The delimiter of a header line: whitespace runs for CDNOW, otherwise the most frequent candidate. */
export function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t', '|']) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  if (bestCount === 0 && /\S\s+\S/.test(firstLine.trim())) return 'whitespace';
  return best;
}

/** The layout of a file from its first line, or a reason why it is not recognised. */
export function detectLayout(firstLine: string): Layout | { error: string } {
  const delimiter = detectDelimiter(firstLine);
  const fields = splitSimple(firstLine, delimiter);
  if (delimiter === 'whitespace') {
    // CDNOW_master.txt has a header; CDNOW_sample.txt starts with data: master_id sample_id date cds dollars.
    if (fields.every((f) => /^[\d.]+$/.test(f))) {
      if (fields.length === 5) return cdnow(false, { customer: 0, date: 2, quantity: 3, value: 4 });
      if (fields.length === 4) return cdnow(false, { customer: 0, date: 1, quantity: 2, value: 3 });
      return { error: `a whitespace-separated file needs 4 or 5 columns, found ${fields.length}` };
    }
    const columns = eventColumns(fields);
    if ('error' in columns) return columns;
    return { format: 'cdnow', delimiter, hasHeader: true, columns };
  }
  const columns = eventColumns(fields);
  if ('error' in columns) return columns;
  return { format: 'events', delimiter, hasHeader: true, columns };
}

function cdnow(hasHeader: boolean, at: { customer: number; date: number; quantity: number; value: number }): Layout {
  return {
    format: 'cdnow', delimiter: 'whitespace', hasHeader,
    columns: { customer: at.customer, date: at.date, value: at.value, quantity: at.quantity, order: null, sku: null },
  };
}

function eventColumns(header: readonly string[]): EventColumns | { error: string } {
  const customer = findColumn(header, ALIASES.customer);
  const date = findColumn(header, ALIASES.date);
  const value = findColumn(header, ALIASES.value);
  const missing = [customer === null && 'customer', date === null && 'date', value === null && 'value'].filter(Boolean);
  if (customer === null || date === null || value === null) {
    return { error: `the header has no ${missing.join(', ')} column, so the layout is not recognised` };
  }
  return {
    customer, date, value,
    order: findColumn(header, ALIASES.order),
    quantity: findColumn(header, ALIASES.quantity),
    sku: findColumn(header, ALIASES.sku),
  };
}

export function splitSimple(line: string, delimiter: string): string[] {
  return delimiter === 'whitespace' ? line.trim().split(/\s+/) : line.split(delimiter);
}
