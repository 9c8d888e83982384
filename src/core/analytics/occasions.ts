import { FLAG_CANCELLED, FLAG_FREE_PURCHASE, FLAG_RETURN, type OrderTable } from '../columns/table.ts';

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

function isSale(flags: number, quantity: number, amount: number): boolean {
  if ((flags & (FLAG_CANCELLED | FLAG_RETURN)) !== 0 || quantity <= 0) return false;
  return amount > 0 || (amount === 0 && (flags & FLAG_FREE_PURCHASE) !== 0);
}

export function buildOccasions(table: OrderTable, options: OccasionOptions = {}): Occasions {
  const c = table.columns;
  const n = c.length;
  const customerCount = table.dictionaries.customer.length;
  const lastDay = options.lastDay ?? Infinity;
  const currency = options.currency ?? -1;
  const counted = (i: number) => (currency < 0 || c.currency[i] === currency) && c.day[i] <= lastDay && (c.flags[i] & FLAG_CANCELLED) === 0;

  // Group the lines by customer, days ascending within each: two stable counting sorts (LSD radix),
  // linear in the number of lines, where a comparison sort of a million lines would take a second.
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!counted(i)) continue;
    if (c.day[i] < minDay) minDay = c.day[i];
    if (c.day[i] > maxDay) maxDay = c.day[i];
  }
  const byDay = countingSort(n, maxDay >= minDay ? maxDay - minDay + 1 : 0, (i) => (counted(i) ? c.day[i] - minDay : -1), null);
  const byCustomer = countingSort(byDay.length, customerCount, (i) => c.customer[i], byDay);

  const customer: number[] = [];
  const start: number[] = [0];
  const days: number[] = [];
  const values: number[] = [];
  const orders: number[] = [];
  const gross: number[] = [];
  const returns: number[] = [];
  const units: number[] = [];
  const seenOrders = new Set<number>();
  let at = 0;
  while (at < byCustomer.length) {
    const who = c.customer[byCustomer[at]];
    let g = 0;
    let r = 0;
    let u = 0;
    let occasionsBefore = days.length;
    let currentDay = NaN;
    while (at < byCustomer.length && c.customer[byCustomer[at]] === who) {
      const i = byCustomer[at++];
      const q = c.quantity[i];
      const a = c.amount[i];
      if (isSale(c.flags[i], q, a)) {
        g += a;
        u += q;
        if (c.day[i] !== currentDay) {
          currentDay = c.day[i];
          days.push(currentDay);
          values.push(0);
          orders.push(0);
          seenOrders.clear();
        }
        values[values.length - 1] += a;
        const order = c.order[i];
        if (order < 0 ? orders[orders.length - 1] === 0 : !seenOrders.has(order)) {
          orders[orders.length - 1]++;
          if (order >= 0) seenOrders.add(order);
        }
      } else if (a < 0 || q < 0) {
        r -= Math.abs(a);
        u -= Math.abs(q);
      }
    }
    if (days.length > occasionsBefore) {
      customer.push(who);
      start.push(days.length);
      gross.push(g);
      returns.push(r);
      units.push(u);
    }
    occasionsBefore = days.length;
  }
  return {
    customers: customer.length,
    customer: Int32Array.from(customer),
    start: Int32Array.from(start),
    day: Int32Array.from(days),
    value: Float64Array.from(values),
    orders: Int32Array.from(orders),
    grossRevenue: Float64Array.from(gross),
    returnsValue: Float64Array.from(returns),
    units: Float64Array.from(units),
  };
}

/** Stable counting sort of `source` (or 0..n-1) by key; items with a negative key are dropped. */
function countingSort(n: number, buckets: number, key: (i: number) => number, source: Int32Array | null): Int32Array {
  const counts = new Int32Array(buckets + 1);
  let kept = 0;
  for (let j = 0; j < n; j++) {
    const k = key(source ? source[j] : j);
    if (k >= 0) {
      counts[k + 1]++;
      kept++;
    }
  }
  for (let b = 1; b <= buckets; b++) counts[b] += counts[b - 1];
  const out = new Int32Array(kept);
  for (let j = 0; j < n; j++) {
    const i = source ? source[j] : j;
    const k = key(i);
    if (k >= 0) out[counts[k]++] = i;
  }
  return out;
}
