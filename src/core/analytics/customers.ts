// The per-customer summary every later figure is built from: one sort of the order lines by customer and
// day, then one pass that fills typed columns. Brand metrics, RFM, segments, tiers and cohorts read these
// columns only, so a rule change recomputes from ~10 numbers per customer instead of from the order lines.
import { FLAG_CANCELLED, FLAG_FREE_PURCHASE, FLAG_RETURN, NONE, type OrderTable } from '../columns/table.ts';
import type { Occasions } from './occasions.ts';

export interface CustomerOptions {
  /** Only lines in this currency count (amounts in different currencies are never added). */
  currency?: number;
  /** Only lines up to and including this day count. */
  lastDay?: number;
  /**
   * Unit cost per SKU dictionary index (NaN where unknown), from the seller's cost table; without it there
   * is no profit. See `unitCostsBySku`.
   */
  unitCost?: Float64Array | null;
}

/**
 * Customer k (0 <= k < customers) is dictionary customer `customer[k]`; only customers with at least one
 * purchase occasion are present (a customer who only returned something has no occasion, as in
 * occasions.ts). Per-occasion columns (`day`, `value`, `orders`) are compressed rows indexed by `start`;
 * returns and per-marketplace totals are compressed rows of their own.
 */
export interface CustomerSummary extends Occasions {
  /** Day of the first and of the last purchase occasion. */
  firstDay: Int32Array;
  lastDay: Int32Array;
  /** Purchase occasions (days with a purchase). */
  occasionCount: Int32Array;
  /** Orders over all occasions (distinct order ids per day; a day without order ids is one order). */
  orderCount: Int32Array;
  /** Sales minus returns. */
  netRevenue: Float64Array;
  /** Net revenue minus the unit cost of net units; null without a cost table. */
  profit: Float64Array | null;
  /** SKU index of the first occasion's largest line (the first such line on a tie), or NONE. */
  firstSku: Int32Array;
  /** Bit m set when the customer has lines in marketplace m (m < 32; see `market` for all of them). */
  marketplaceMask: Uint32Array;

  /** Returns of customer k: returnDay/returnValue/returnUnits[returnStart[k]..returnStart[k+1]); values <= 0. */
  returnStart: Int32Array;
  returnDay: Int32Array;
  returnValue: Float64Array;
  returnUnits: Float64Array;

  /** Totals per (customer, marketplace): rows marketStart[k]..marketStart[k+1]. */
  marketStart: Int32Array;
  market: Int32Array;
  marketOrders: Int32Array;
  marketUnits: Float64Array;
  marketRevenue: Float64Array;
  marketProfit: Float64Array | null;

  /** First and last day with an occasion or a return (0 and -1 when there are no customers). */
  minDay: number;
  maxDay: number;
  /** Sale and return lines whose SKU has no cost (their cost counts as 0). */
  linesWithoutCost: number;
}

/** A sale line: accepted, not cancelled or returned, positive quantity and positive value (or a free purchase). */
export function isSale(flags: number, quantity: number, amount: number): boolean {
  if ((flags & (FLAG_CANCELLED | FLAG_RETURN)) !== 0 || quantity <= 0) return false;
  return amount > 0 || (amount === 0 && (flags & FLAG_FREE_PURCHASE) !== 0);
}

/** Unit cost per SKU dictionary index from a cost table keyed by SKU text; NaN where the table has none. */
export function unitCostsBySku(skus: readonly string[], costs: ReadonlyMap<string, number>): Float64Array {
  const out = new Float64Array(skus.length).fill(NaN);
  for (let s = 0; s < skus.length; s++) {
    const cost = costs.get(skus[s]);
    if (cost !== undefined && Number.isFinite(cost)) out[s] = cost;
  }
  return out;
}

export function buildCustomers(table: OrderTable, options: CustomerOptions = {}): CustomerSummary {
  const c = table.columns;
  const n = c.length;
  const customerCount = table.dictionaries.customer.length;
  const marketplaceCount = Math.max(table.dictionaries.marketplace.length, 1);
  const lastDayAllowed = options.lastDay ?? Infinity;
  const currency = options.currency ?? -1;
  const unitCost = options.unitCost ?? null;
  const counted = (i: number) => (currency < 0 || c.currency[i] === currency) && c.day[i] <= lastDayAllowed && (c.flags[i] & FLAG_CANCELLED) === 0;

  // Group the lines by customer, days ascending within each: two stable counting sorts (LSD radix),
  // linear in the number of lines, where a comparison sort of a million lines would take a second.
  let minLineDay = Infinity;
  let maxLineDay = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!counted(i)) continue;
    if (c.day[i] < minLineDay) minLineDay = c.day[i];
    if (c.day[i] > maxLineDay) maxLineDay = c.day[i];
  }
  const byDay = countingSort(n, maxLineDay >= minLineDay ? maxLineDay - minLineDay + 1 : 0, (i) => (counted(i) ? c.day[i] - minLineDay : -1), null);
  const byCustomer = countingSort(byDay.length, customerCount, (i) => c.customer[i], byDay);
  const lines = byCustomer.length;

  // Upper bounds (one occasion, return or marketplace row per line); trimmed at the end.
  const occDay = new Int32Array(lines);
  const occValue = new Float64Array(lines);
  const occOrders = new Int32Array(lines);
  const retDay = new Int32Array(lines);
  const retValue = new Float64Array(lines);
  const retUnits = new Float64Array(lines);
  const mkMarket = new Int32Array(lines);
  const mkOrders = new Int32Array(lines);
  const mkUnits = new Float64Array(lines);
  const mkRevenue = new Float64Array(lines);
  const mkProfit = new Float64Array(lines);
  const mkLastDay = new Int32Array(lines);
  const mkDayOrders = new Int32Array(lines);
  const slotOf = new Int32Array(marketplaceCount).fill(-1);

  const maxCustomers = Math.min(customerCount, lines);
  const customer = new Int32Array(maxCustomers);
  const start = new Int32Array(maxCustomers + 1);
  const returnStart = new Int32Array(maxCustomers + 1);
  const marketStart = new Int32Array(maxCustomers + 1);
  const gross = new Float64Array(maxCustomers);
  const returns = new Float64Array(maxCustomers);
  const units = new Float64Array(maxCustomers);
  const profit = new Float64Array(maxCustomers);
  const firstSku = new Int32Array(maxCustomers);
  const mask = new Uint32Array(maxCustomers);
  const orderCount = new Int32Array(maxCustomers);

  const seenOrders = new Set<number>();
  let withoutCost = 0;
  let nOcc = 0;
  let nRet = 0;
  let nMk = 0;
  let k = 0;
  let at = 0;
  while (at < lines) {
    const who = c.customer[byCustomer[at]];
    const occBefore = nOcc;
    const retBefore = nRet;
    const mkBefore = nMk;
    let g = 0;
    let r = 0;
    let u = 0;
    let p = 0;
    let orders = 0;
    let noCost = 0;
    let currentDay = NaN;
    let bestSku = NONE;
    let bestAmount = -Infinity;
    while (at < lines && c.customer[byCustomer[at]] === who) {
      const i = byCustomer[at++];
      const q = c.quantity[i];
      const a = c.amount[i];
      const day = c.day[i];
      const sale = isSale(c.flags[i], q, a);
      const returned = !sale && (a < 0 || q < 0);
      if (!sale && !returned) continue; // a zero-value line: no sale, no return
      const mp = c.marketplace[i];
      let slot = slotOf[mp];
      if (slot < mkBefore || slot >= nMk || mkMarket[slot] !== mp) {
        slot = nMk++;
        slotOf[mp] = slot;
        mkMarket[slot] = mp;
        mkOrders[slot] = 0;
        mkUnits[slot] = 0;
        mkRevenue[slot] = 0;
        mkProfit[slot] = 0;
        mkLastDay[slot] = day - 1;
        mkDayOrders[slot] = 0;
      }
      let cost = 0;
      if (unitCost !== null) {
        const sku = c.sku[i];
        cost = sku >= 0 && sku < unitCost.length ? unitCost[sku] : NaN;
        if (Number.isNaN(cost)) {
          cost = 0;
          noCost++;
        }
      }
      if (sale) {
        g += a;
        u += q;
        p += a - q * cost;
        mkUnits[slot] += q;
        mkRevenue[slot] += a;
        mkProfit[slot] += a - q * cost;
        if (day !== currentDay) {
          currentDay = day;
          occDay[nOcc] = day;
          occValue[nOcc] = 0;
          occOrders[nOcc] = 0;
          nOcc++;
          seenOrders.clear();
        }
        const j = nOcc - 1;
        occValue[j] += a;
        if (mkLastDay[slot] !== day) {
          mkLastDay[slot] = day;
          mkDayOrders[slot] = 0;
        }
        const order = c.order[i];
        const newOrderId = order >= 0 && !seenOrders.has(order);
        if (newOrderId) seenOrders.add(order);
        if (order >= 0 ? newOrderId : occOrders[j] === 0) {
          occOrders[j]++;
          orders++;
        }
        if (order >= 0 ? newOrderId : mkDayOrders[slot] === 0) {
          mkOrders[slot]++;
          mkDayOrders[slot]++;
        }
        if (j === occBefore && c.sku[i] >= 0 && a > bestAmount) {
          bestAmount = a;
          bestSku = c.sku[i];
        }
      } else if (returned) {
        // A return gives back its value and its units; the returned goods' cost comes back with them.
        const value = -Math.abs(a);
        const back = -Math.abs(q);
        r += value;
        u += back;
        p += value - back * cost;
        mkUnits[slot] += back;
        mkRevenue[slot] += value;
        mkProfit[slot] += value - back * cost;
        retDay[nRet] = day;
        retValue[nRet] = value;
        retUnits[nRet] = back;
        nRet++;
      }
    }
    if (nOcc > occBefore) {
      customer[k] = who;
      gross[k] = g;
      returns[k] = r;
      units[k] = u;
      profit[k] = p;
      firstSku[k] = bestSku;
      orderCount[k] = orders;
      let bits = 0;
      for (let s = mkBefore; s < nMk; s++) if (mkMarket[s] < 32) bits |= 1 << mkMarket[s];
      mask[k] = bits >>> 0;
      withoutCost += noCost;
      k++;
      start[k] = nOcc;
      returnStart[k] = nRet;
      marketStart[k] = nMk;
    } else {
      nRet = retBefore;
      nMk = mkBefore;
    }
  }

  const occasionCount = new Int32Array(k);
  const firstDay = new Int32Array(k);
  const lastDay = new Int32Array(k);
  const netRevenue = new Float64Array(k);
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let x = 0; x < k; x++) {
    occasionCount[x] = start[x + 1] - start[x];
    firstDay[x] = occDay[start[x]];
    lastDay[x] = occDay[start[x + 1] - 1];
    netRevenue[x] = gross[x] + returns[x];
    if (firstDay[x] < minDay) minDay = firstDay[x];
    if (lastDay[x] > maxDay) maxDay = lastDay[x];
  }
  for (let e = 0; e < nRet; e++) {
    if (retDay[e] < minDay) minDay = retDay[e];
    if (retDay[e] > maxDay) maxDay = retDay[e];
  }
  const withCosts = unitCost !== null;
  return {
    customers: k,
    customer: customer.slice(0, k),
    start: start.slice(0, k + 1),
    day: occDay.slice(0, nOcc),
    value: occValue.slice(0, nOcc),
    orders: occOrders.slice(0, nOcc),
    grossRevenue: gross.slice(0, k),
    returnsValue: returns.slice(0, k),
    units: units.slice(0, k),
    firstDay,
    lastDay,
    occasionCount,
    orderCount: orderCount.slice(0, k),
    netRevenue,
    profit: withCosts ? profit.slice(0, k) : null,
    firstSku: firstSku.slice(0, k),
    marketplaceMask: mask.slice(0, k),
    returnStart: returnStart.slice(0, k + 1),
    returnDay: retDay.slice(0, nRet),
    returnValue: retValue.slice(0, nRet),
    returnUnits: retUnits.slice(0, nRet),
    marketStart: marketStart.slice(0, k + 1),
    market: mkMarket.slice(0, nMk),
    marketOrders: mkOrders.slice(0, nMk),
    marketUnits: mkUnits.slice(0, nMk),
    marketRevenue: mkRevenue.slice(0, nMk),
    marketProfit: withCosts ? mkProfit.slice(0, nMk) : null,
    minDay: k > 0 ? minDay : 0,
    maxDay: k > 0 ? maxDay : -1,
    linesWithoutCost: withCosts ? withoutCost : 0,
  };
}

/** Stable counting sort of `source` (or 0..n-1) by key; items with a negative key are dropped. */
export function countingSort(n: number, buckets: number, key: (i: number) => number, source: Int32Array | null): Int32Array {
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
