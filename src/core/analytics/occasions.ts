import type { OrderTable } from '../columns/table.ts';
import { buildCustomers } from './customers.ts';

/**
 * Every customer's purchase occasions, in compressed rows: customer k's occasions are
 * day[start[k]..start[k+1]) in ascending order, with their values. A purchase occasion is a customer's
 * calendar day with at least one accepted, not cancelled line of positive quantity and positive value;
 * its value is the sum of those lines (INTERFACES.md), plus FLAG_FREE_PURCHASE lines (see table.ts).
 * Returns reduce net revenue, never occasions.
 *
 * Customers are the dictionary's customers that have at least one occasion; `customer[k]` is the
 * dictionary index of the k-th.
 */
export interface Occasions {
  customers: number;
  customer: Int32Array;
  start: Int32Array;
  day: Int32Array;
  value: Float64Array;
  /** Distinct orders per occasion (an occasion without order ids counts as one order). */
  orders: Int32Array;
  /** Per customer: sales of positive lines, returns (negative amounts) and net units. */
  grossRevenue: Float64Array;
  returnsValue: Float64Array;
  units: Float64Array;
}

export interface OccasionOptions {
  /** Only lines in this currency count (amounts in different currencies are never added). */
  currency?: number;
  /** Only lines up to and including this day count. */
  lastDay?: number;
}

/**
 * The occasions of every customer. The per-customer summary (customers.ts) builds them in the same pass as
 * its other columns; this is that summary seen as occasions only.
 */
export function buildOccasions(table: OrderTable, options: OccasionOptions = {}): Occasions {
  return buildCustomers(table, { currency: options.currency, lastDay: options.lastDay });
}
