// The order-line table, column by column. Rows never exist as objects: a million lines as objects cost
// hundreds of MB and a second of structured cloning, while these columns cross threads with transfer().

/** Bits of `flags`. A return reduces net revenue; a cancelled line is kept but creates no sale. */
export const FLAG_RETURN = 1;
export const FLAG_CANCELLED = 2;
/**
 * A zero-value line that its source counts as a purchase. CDNOW records promotional CDs at $0.00, and the
 * published CDNOW figures (23,570 customers; the BG/NBD fit on 2,357) count those purchases; elsewhere a
 * zero-value line creates no purchase occasion (INTERFACES.md).
 */
export const FLAG_FREE_PURCHASE = 4;

/** Index meaning "no value" in a dictionary-coded column (no order id, no SKU). */
export const NONE = -1;

export interface OrderLineColumns {
  length: number;
  /** Calendar day of the purchase in the data's own local dates, as days since 1970-01-01. */
  day: Int32Array;
  /** Index into `dictionaries.customer`. */
  customer: Int32Array;
  /** Index into `dictionaries.order`, or NONE. */
  order: Int32Array;
  /** Index into `dictionaries.sku`, or NONE. */
  sku: Int32Array;
  quantity: Float64Array;
  /** The line's amount (quantity x unit price, after refunds), in `currency`; negative for a return. */
  amount: Float64Array;
  /** Index into `dictionaries.currency`. */
  currency: Int32Array;
  /** Index into `dictionaries.marketplace`. */
  marketplace: Int32Array;
  /** FLAG_RETURN | FLAG_CANCELLED | FLAG_FREE_PURCHASE. */
  flags: Uint8Array;
  /**
   * The line's stable identity (a 52-bit hash, see hash.ts): the same line of the same export gets the same
   * key, so that re-importing a file or an overlapping export adds nothing twice.
   */
  lineKey: Float64Array;
}

export type ColumnName = Exclude<keyof OrderLineColumns, 'length'>;

export const COLUMN_NAMES: readonly ColumnName[] = [
  'day', 'customer', 'order', 'sku', 'quantity', 'amount', 'currency', 'marketplace', 'flags', 'lineKey',
];

export interface Dictionaries {
  customer: string[];
  order: string[];
  sku: string[];
  currency: string[];
  marketplace: string[];
}

export type DictionaryName = keyof Dictionaries;
export const DICTIONARY_NAMES: readonly DictionaryName[] = ['customer', 'order', 'sku', 'currency', 'marketplace'];

/** A whole dataset's order lines: columns plus the dictionaries their indexes point into. */
export interface OrderTable {
  columns: OrderLineColumns;
  dictionaries: Dictionaries;
}

export function allocateColumns(capacity: number): OrderLineColumns {
  return {
    length: 0,
    day: new Int32Array(capacity),
    customer: new Int32Array(capacity),
    order: new Int32Array(capacity),
    sku: new Int32Array(capacity),
    quantity: new Float64Array(capacity),
    amount: new Float64Array(capacity),
    currency: new Int32Array(capacity),
    marketplace: new Int32Array(capacity),
    flags: new Uint8Array(capacity),
    lineKey: new Float64Array(capacity),
  };
}

/** A copy of the first `length` lines, with buffers of exactly that size (ready to store or transfer). */
export function trimColumns(columns: OrderLineColumns): OrderLineColumns {
  const n = columns.length;
  return {
    length: n,
    day: columns.day.slice(0, n),
    customer: columns.customer.slice(0, n),
    order: columns.order.slice(0, n),
    sku: columns.sku.slice(0, n),
    quantity: columns.quantity.slice(0, n),
    amount: columns.amount.slice(0, n),
    currency: columns.currency.slice(0, n),
    marketplace: columns.marketplace.slice(0, n),
    flags: columns.flags.slice(0, n),
    lineKey: columns.lineKey.slice(0, n),
  };
}

/** Joins chunks (in order) into one set of columns. */
export function concatColumns(chunks: readonly OrderLineColumns[]): OrderLineColumns {
  const total = chunks.reduce((sum, c) => sum + c.length, 0);
  const out = allocateColumns(total);
  let at = 0;
  for (const chunk of chunks) {
    for (const name of COLUMN_NAMES) {
      (out[name] as Int32Array).set((chunk[name] as Int32Array).subarray(0, chunk.length), at);
    }
    at += chunk.length;
  }
  out.length = total;
  return out;
}

/** The buffers of a set of columns, for Comlink's transfer(). */
export function columnBuffers(columns: OrderLineColumns): ArrayBuffer[] {
  return COLUMN_NAMES.map((name) => columns[name].buffer as ArrayBuffer);
}
