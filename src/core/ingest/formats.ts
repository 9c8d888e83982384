// Which export a file is, from its header, and where each field of an order line is in it. A plan is a set
// of column indexes read in the hot path; the formats differ only in which columns they fill and in a few
// rules (Shopify's order-level fields on the first line, Online Retail's `C` invoices, Amazon's statuses).
import { hash52 } from '../columns/hash.ts';

export type FormatId = 'amazon' | 'shopify' | 'woocommerce' | 'online-retail' | 'events' | 'summary' | 'cdnow';

export const FORMAT_IDS: readonly FormatId[] = ['amazon', 'shopify', 'woocommerce', 'online-retail', 'events', 'summary', 'cdnow'];

/** The columns of any other CSV, by header name (case and spacing do not matter) or by 1-based number. */
export interface ColumnMapping {
  customer: string;
  date: string;
  /** The line's amount (not a unit price). */
  value: string;
  order?: string;
  quantity?: string;
  sku?: string;
  currency?: string;
  marketplace?: string;
}

export const MAPPING_FIELDS = ['customer', 'date', 'value', 'order', 'quantity', 'sku', 'currency', 'marketplace'] as const;

export type Identity = 'exact' | 'approximate';

/** Where each field of an order line is (column indexes, -1 for none) and the format's rules. */
export interface LinePlan {
  format: FormatId;
  /** Which flavour of the format: `all-orders`, `buyer-email`, `line-items`, `orders`, `analytics`, `mapped`... */
  variant: string;
  hasHeader: boolean;
  identity: Identity;
  customer: number;
  /** Approximate identity from several columns (Amazon: ship postal code, city, country). */
  approximate: readonly number[] | null;
  date: number;
  /** The line's amount; or unitPrice x quantity when there is no amount column. */
  amount: number;
  unitPrice: number;
  quantity: number;
  /** A per-line discount amount subtracted from unitPrice x quantity (Shopify's `Lineitem discount`). */
  discount: number;
  order: number;
  sku: number;
  currency: number;
  marketplace: number;
  /** Columns whose value (lower case, `wc-` prefix removed) in `cancelValues` marks the line cancelled. */
  statuses: readonly number[];
  cancelValues: ReadonlySet<string>;
  /** A column that, when filled, marks the order cancelled (Shopify's `Cancelled at`). */
  cancelledAt: number;
  /** The order's refunded amount, taken once per order (on its first line). */
  refund: number;
  /** With a status `refunded` and no refund amount, the order total is what was refunded. */
  orderTotal: number;
  /** Invoices starting with this prefix are returns (Online Retail's `C`). */
  returnPrefix: string | null;
  /** Order-level columns filled only on an order's first line (Shopify): later lines of the order inherit them. */
  fillDown: readonly number[];
  /** Columns that identify a line across exports; null: the whole line. */
  keyColumns: readonly number[] | null;
  /** Zero-value lines count as purchases (CDNOW's promotional CDs, see columns/table.ts). */
  freePurchase: boolean;
  /** The currency of the format's data when nothing else says it. */
  defaultCurrency: string | null;
  /** Fields a line must have: the required columns' largest index + 1. */
  width: number;
  header: readonly string[];
}

/** Where the fields of a per-customer summary file are. */
export interface SummaryPlan {
  customer: number;
  frequency: number;
  recency: number;
  T: number;
  monetary: number;
  width: number;
  header: readonly string[];
}

/** A header name as compared: lower case, spaces, dashes, dots, underscores and brackets folded to `_`. */
export function normaliseHeaderName(name: string): string {
  return name.replace(/^\ufeff/, '').trim().toLowerCase().replace(/[\s_\-.()]+/g, '_').replace(/^_+|_+$/g, '');
}

/**
 * A stable key of a header, so that a column mapping saved for one file is found again for the next file
 * with the same columns (in the same order; case and spacing do not matter).
 */
export function mappingKey(header: readonly string[]): string {
  const names = header.map(normaliseHeaderName);
  return `h${names.length}-${hash52(names.join('\u001f')).toString(16)}`;
}

class Columns {
  readonly names: string[];
  constructor(readonly header: readonly string[]) {
    this.names = header.map(normaliseHeaderName);
  }

  find(...aliases: string[]): number {
    for (const alias of aliases) {
      const at = this.names.indexOf(alias);
      if (at >= 0) return at;
    }
    return -1;
  }

  has(...aliases: string[]): boolean {
    return this.find(...aliases) >= 0;
  }
}

const A = {
  customer: ['customer', 'customer_id', 'customerid', 'customer_email', 'email', 'e_mail', 'client', 'client_id', 'user_id', 'userid', 'buyer', 'buyer_email', 'member_id', 'account_id'],
  date: ['date', 'order_date', 'purchase_date', 'transaction_date', 'timestamp', 'created_at', 'datetime', 'invoice_date', 'invoicedate', 'time', 'day'],
  value: ['value', 'amount', 'revenue', 'sales', 'total', 'price', 'dollar_value', 'spend', 'order_value', 'sale_amount', 'line_total', 'total_price', 'net_sales'],
  order: ['order', 'order_id', 'orderid', 'order_number', 'order_no', 'invoice', 'invoice_no', 'invoiceno', 'transaction_id'],
  quantity: ['quantity', 'qty', 'units', 'number_of_cds', 'items'],
  sku: ['sku', 'product', 'product_id', 'item', 'item_id', 'stockcode', 'stock_code', 'asin'],
  currency: ['currency', 'currency_code'],
  marketplace: ['marketplace', 'channel', 'sales_channel', 'store', 'shop'],
  status: ['status', 'order_status'],
};

const SUMMARY = {
  customer: ['customer', 'customer_id', 'customerid', 'id', 'cust_id', 'client_id', 'user_id'],
  frequency: ['frequency', 'frequency_cal', 'x'],
  recency: ['recency', 'recency_cal', 't_x'],
  T: ['t', 't_cal', 'age'],
  monetary: ['monetary', 'monetary_value', 'avg_value', 'mean_value', 'm', 'm_x'],
};

const CANCELLED = new Set(['cancelled', 'canceled', 'voided', 'void']);
// WooCommerce Analytics leaves out pending, failed and cancelled orders by default ("Excluded statuses").
const WOO_CANCELLED = new Set(['cancelled', 'canceled', 'failed', 'pending', 'pending_payment', 'pending payment', 'trash', 'checkout-draft', 'draft']);

function base(format: FormatId, variant: string, header: readonly string[]): LinePlan {
  return {
    format, variant, hasHeader: true, identity: 'exact', customer: -1, approximate: null, date: -1, amount: -1, unitPrice: -1,
    quantity: -1, discount: -1, order: -1, sku: -1, currency: -1, marketplace: -1, statuses: [], cancelValues: CANCELLED,
    cancelledAt: -1, refund: -1, orderTotal: -1, returnPrefix: null, fillDown: [], keyColumns: null, freePurchase: false,
    defaultCurrency: null, width: 0, header,
  };
}

function finish(plan: LinePlan): LinePlan {
  plan.width = Math.max(plan.customer, ...(plan.approximate ?? []), plan.date, plan.amount, plan.unitPrice) + 1;
  return plan;
}

/** Which known export a header is, or null. */
export function detectFormat(header: readonly string[]): FormatId | null {
  const c = new Columns(header);
  if (c.has(...SUMMARY.frequency) && c.has(...SUMMARY.recency) && c.has(...SUMMARY.T) && c.has(...SUMMARY.customer)) return 'summary';
  if (c.has('purchase_date') && c.has('item_price') && c.has('amazon_order_id', 'order_id')) return 'amazon';
  if (c.has('name') && c.has('lineitem_quantity') && c.has('lineitem_price') && c.has('created_at')) return 'shopify';
  if (c.has('invoiceno', 'invoice') && c.has('stockcode') && c.has('invoicedate') && c.has('unitprice', 'price') && c.has('customerid', 'customer_id')) {
    return 'online-retail';
  }
  if (isWooCommerce(c)) return 'woocommerce';
  if (c.has('customer_id') && c.has('date') && c.has('number_of_cds') && c.has('dollar_value')) return 'cdnow';
  if (c.has(...A.customer) && c.has(...A.date) && c.has(...A.value)) return 'events';
  return null;
}

const WOO = {
  order: ['order_id', 'order_number', 'order_#', 'order_no', 'id'],
  date: ['order_date', 'date', 'date_created', 'order_created', 'created_date'],
  email: ['billing_email', 'email_billing', 'customer_email', 'billing_e_mail', 'email'],
  lineAmount: ['item_total', 'line_total', 'order_line_total', 'line_subtotal', 'item_cost_total'],
  orderAmount: ['order_total', 'order_total_amount', 'total', 'net_sales', 'n_revenue', 'order_amount'],
  quantity: ['item_quantity', 'quantity', 'qty', 'items_sold', 'item_qty'],
  sku: ['item_sku', 'sku', 'product_sku'],
  itemName: ['item_name', 'product_name', 'product_s'],
  currency: ['order_currency', 'currency'],
  status: ['status', 'order_status'],
  refund: ['refunded_total', 'order_refund', 'refund_total', 'total_refunded', 'refunded_amount', 'order_refunded'],
};

function isWooCommerce(c: Columns): boolean {
  const typical = c.has('billing_email', 'email_billing', 'billing_e_mail', 'billing_first_name', 'first_name_billing', 'order_currency', 'customer_type');
  return typical && c.has(...WOO.order) && c.has(...WOO.date) && c.has(...WOO.lineAmount, ...WOO.orderAmount);
}

export type PlanResult = { plan: LinePlan } | { error: string; missing: string[] };

/** The plan of a known format for this header, or which columns it lacks. */
export function planFor(format: FormatId, header: readonly string[], options: { approximateIdentity?: boolean } = {}): PlanResult {
  const c = new Columns(header);
  const missing: string[] = [];
  const need = (label: string, ...aliases: string[]) => {
    const at = c.find(...aliases);
    if (at < 0) missing.push(label);
    return at;
  };
  let plan: LinePlan;
  switch (format) {
    case 'amazon': {
      const buyer = c.find('buyer_email');
      plan = base('amazon', buyer >= 0 ? 'buyer-email' : 'all-orders', header);
      plan.order = need('amazon-order-id', 'amazon_order_id', 'order_id');
      plan.date = need('purchase-date', 'purchase_date');
      plan.amount = need('item-price', 'item_price');
      plan.quantity = c.find('quantity', 'quantity_purchased', 'quantity_shipped');
      plan.sku = c.find('sku');
      plan.currency = c.find('currency');
      plan.marketplace = c.find('sales_channel');
      plan.statuses = [c.find('order_status'), c.find('item_status')].filter((i) => i >= 0);
      const item = c.find('amazon_order_item_id', 'order_item_id');
      const shipmentItem = c.find('shipment_item_id');
      plan.keyColumns = [plan.order, ...(item >= 0 ? [item, shipmentItem] : [plan.sku, c.find('asin')])].filter((i) => i >= 0);
      if (buyer >= 0) plan.customer = buyer;
      else if (options.approximateIdentity === false) missing.push('buyer-email');
      else {
        // The All Orders report has no buyer column: ship postal code + city + country stands in for one.
        plan.identity = 'approximate';
        plan.approximate = [need('ship-postal-code', 'ship_postal_code'), c.find('ship_city'), c.find('ship_country')];
      }
      break;
    }
    case 'shopify': {
      plan = base('shopify', 'orders-export', header);
      plan.order = need('Name', 'name');
      plan.customer = need('Email', 'email');
      plan.date = need('Created at', 'created_at');
      plan.quantity = need('Lineitem quantity', 'lineitem_quantity');
      plan.unitPrice = need('Lineitem price', 'lineitem_price');
      plan.discount = c.find('lineitem_discount');
      plan.sku = c.find('lineitem_sku');
      plan.currency = c.find('currency');
      plan.statuses = [c.find('financial_status')].filter((i) => i >= 0);
      plan.cancelledAt = c.find('cancelled_at');
      plan.refund = c.find('refunded_amount');
      plan.orderTotal = c.find('total');
      plan.fillDown = [plan.customer, plan.date, plan.currency, plan.cancelledAt, ...plan.statuses].filter((i) => i >= 0);
      plan.keyColumns = [plan.order, plan.sku, c.find('lineitem_name')].filter((i) => i >= 0);
      break;
    }
    case 'online-retail': {
      plan = base('online-retail', c.has('invoice') ? 'online-retail-ii' : 'online-retail', header);
      plan.order = need('InvoiceNo', 'invoiceno', 'invoice');
      plan.sku = c.find('stockcode');
      plan.quantity = need('Quantity', 'quantity');
      plan.date = need('InvoiceDate', 'invoicedate');
      plan.unitPrice = need('UnitPrice', 'unitprice', 'price');
      plan.customer = need('CustomerID', 'customerid', 'customer_id');
      plan.returnPrefix = 'C';
      // The UCI data is a UK retailer's, in pounds sterling.
      plan.defaultCurrency = 'GBP';
      break;
    }
    case 'woocommerce': {
      const analytics = c.has('customer_type') && !c.has('billing_email', 'email_billing', 'billing_e_mail');
      const lineAmount = c.find(...WOO.lineAmount);
      plan = base('woocommerce', analytics ? 'analytics' : lineAmount >= 0 ? 'line-items' : 'orders', header);
      plan.order = need('order_id', ...WOO.order);
      plan.date = need('order_date', ...WOO.date);
      plan.amount = lineAmount >= 0 ? lineAmount : need('order_total', ...WOO.orderAmount);
      plan.quantity = c.find(...WOO.quantity);
      plan.sku = c.find(...WOO.sku);
      plan.currency = c.find(...WOO.currency);
      plan.statuses = [c.find(...WOO.status)].filter((i) => i >= 0);
      plan.cancelValues = WOO_CANCELLED;
      plan.refund = c.find(...WOO.refund);
      plan.orderTotal = c.find(...WOO.orderAmount);
      plan.keyColumns = [plan.order, c.find('item_id', 'line_item_id'), plan.sku, c.find(...WOO.itemName)].filter((i) => i >= 0);
      if (analytics) {
        // The Analytics export names the customer, without an email: an approximate identity.
        plan.identity = 'approximate';
        plan.customer = need('Customer', 'customer');
      } else plan.customer = need('billing_email', ...WOO.email);
      break;
    }
    case 'cdnow': {
      plan = base('cdnow', 'master', header);
      plan.customer = need('customer_id', 'customer_id');
      plan.date = need('date', 'date');
      plan.quantity = need('number_of_cds', 'number_of_cds');
      plan.amount = need('dollar_value', 'dollar_value');
      plan.freePurchase = true;
      plan.defaultCurrency = 'USD';
      break;
    }
    case 'events': {
      plan = base('events', 'events', header);
      plan.customer = need('customer', ...A.customer);
      plan.date = need('date', ...A.date);
      plan.amount = need('value', ...A.value);
      plan.order = c.find(...A.order);
      plan.quantity = c.find(...A.quantity);
      plan.sku = c.find(...A.sku);
      plan.currency = c.find(...A.currency);
      plan.marketplace = c.find(...A.marketplace);
      plan.statuses = [c.find(...A.status)].filter((i) => i >= 0);
      break;
    }
    case 'summary':
      return { error: 'this is a per-customer summary file (customer, frequency, recency, T), not order lines', missing: [] };
  }
  if (missing.length > 0) {
    return { error: `the header has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} for the ${format} format`, missing };
  }
  return { plan: finish(plan) };
}

/** The CDNOW files without a header (`CDNOW_sample.txt`: master_id sample_id date cds dollars). */
export function headerlessCdnow(fields: readonly string[]): LinePlan | null {
  if (!fields.every((f) => /^[\d.]+$/.test(f))) return null;
  const at = fields.length === 5 ? [0, 2, 3, 4] : fields.length === 4 ? [0, 1, 2, 3] : null;
  if (!at) return null;
  const plan = base('cdnow', fields.length === 5 ? 'sample' : 'master', []);
  plan.hasHeader = false;
  [plan.customer, plan.date, plan.quantity, plan.amount] = at;
  plan.freePurchase = true;
  plan.defaultCurrency = 'USD';
  return finish(plan);
}

function mappedColumn(c: Columns, name: string | undefined, field: string, missing: string[]): number {
  if (name === undefined || name.trim() === '') return -1;
  const at = c.names.indexOf(normaliseHeaderName(name));
  if (at >= 0) return at;
  if (/^\d+$/.test(name.trim())) {
    const index = Number(name.trim()) - 1;
    if (index >= 0 && index < c.names.length) return index;
  }
  missing.push(`${field} = "${name}"`);
  return -1;
}

/**
 * A column mapping applied to a header: on its own (any other CSV, read like an event log), or over a
 * known format's plan (its other rules kept).
 */
export function planFromMapping(header: readonly string[], mapping: Partial<ColumnMapping>, over?: LinePlan): PlanResult {
  const c = new Columns(header);
  const missing: string[] = [];
  const plan: LinePlan = over ? { ...over } : base('events', 'mapped', header);
  const set = (field: (typeof MAPPING_FIELDS)[number], key: 'customer' | 'date' | 'amount' | 'order' | 'quantity' | 'sku' | 'currency' | 'marketplace') => {
    const at = mappedColumn(c, mapping[field], field, missing);
    if (at >= 0) plan[key] = at;
  };
  set('customer', 'customer');
  set('date', 'date');
  set('value', 'amount');
  set('order', 'order');
  set('quantity', 'quantity');
  set('sku', 'sku');
  set('currency', 'currency');
  set('marketplace', 'marketplace');
  if (mapping.customer && plan.customer >= 0) {
    plan.identity = 'exact';
    plan.approximate = null;
  }
  if (mapping.value && plan.amount >= 0) plan.unitPrice = -1;
  if (missing.length > 0) {
    return { error: `the column mapping names columns the header does not have (${missing.join(', ')})`, missing };
  }
  const lacking = [plan.customer < 0 && !plan.approximate && 'customer', plan.date < 0 && 'date', plan.amount < 0 && plan.unitPrice < 0 && 'value']
    .filter((x): x is string => typeof x === 'string');
  if (lacking.length > 0) return { error: `the column mapping has no ${lacking.join(', ')} column`, missing: lacking };
  if (!over) plan.keyColumns = null;
  return { plan: finish(plan) };
}

/** A best guess of the mapping screen's choices, from the header's names. */
export function suggestMapping(header: readonly string[]): Partial<ColumnMapping> {
  const c = new Columns(header);
  const out: Partial<ColumnMapping> = {};
  const pick = (field: keyof ColumnMapping, aliases: string[]) => {
    const at = c.find(...aliases);
    if (at >= 0) out[field] = header[at];
  };
  pick('customer', A.customer);
  pick('date', A.date);
  pick('value', A.value);
  pick('order', A.order);
  pick('quantity', A.quantity);
  pick('sku', A.sku);
  pick('currency', A.currency);
  pick('marketplace', A.marketplace);
  return out;
}

/** The plan of a per-customer summary file, or which columns it lacks. */
export function planSummary(header: readonly string[]): { plan: SummaryPlan } | { error: string; missing: string[] } {
  const c = new Columns(header);
  const missing: string[] = [];
  const need = (label: string, aliases: string[]) => {
    const at = c.find(...aliases);
    if (at < 0) missing.push(label);
    return at;
  };
  const plan: SummaryPlan = {
    customer: need('customer', SUMMARY.customer),
    frequency: need('frequency', SUMMARY.frequency),
    recency: need('recency', SUMMARY.recency),
    T: need('T', SUMMARY.T),
    monetary: c.find(...SUMMARY.monetary),
    width: 0,
    header,
  };
  if (missing.length > 0) return { error: `a summary file needs customer, frequency, recency and T columns; this one has no ${missing.join(', ')}`, missing };
  plan.width = Math.max(plan.customer, plan.frequency, plan.recency, plan.T) + 1;
  return { plan };
}
