// Slow, obvious re-implementations (one object per line and per customer) that the typed-array engine
// is checked against. They follow INTERFACES.md's conventions directly, in file order.
import { FLAG_CANCELLED, FLAG_FREE_PURCHASE, FLAG_RETURN, type OrderTable } from '../../../src/core/columns/table.ts';

interface Occasion {
  day: number;
  value: number;
  orders: number;
  seen: Set<number>;
}

interface MarketTotals {
  orders: number;
  units: number;
  revenue: number;
  profit: number;
  days: Map<number, { orders: number }>;
}

export interface NaiveCustomer {
  index: number;
  occasions: Occasion[];
  returns: { day: number; value: number; units: number }[];
  gross: number;
  net: number;
  units: number;
  profit: number;
  firstSku: number;
  markets: Map<number, MarketTotals>;
}

export function naiveCustomers(table: OrderTable, options: { lastDay?: number; unitCost?: Float64Array } = {}): NaiveCustomer[] {
  const c = table.columns;
  const byCustomer = new Map<number, NaiveCustomer & { byDay: Map<number, Occasion>; firstSkuAmount: number }>();
  const get = (who: number) => {
    let x = byCustomer.get(who);
    if (!x) {
      x = { index: who, occasions: [], returns: [], gross: 0, net: 0, units: 0, profit: 0, firstSku: -1, markets: new Map(), byDay: new Map(), firstSkuAmount: -Infinity };
      byCustomer.set(who, x);
    }
    return x;
  };
  const costOf = (i: number) => {
    if (!options.unitCost) return 0;
    const v = options.unitCost[c.sku[i]];
    return v === undefined || Number.isNaN(v) ? 0 : v;
  };
  for (let i = 0; i < c.length; i++) {
    if (c.day[i] > (options.lastDay ?? Infinity) || c.flags[i] & FLAG_CANCELLED) continue;
    const q = c.quantity[i];
    const a = c.amount[i];
    const sale = !(c.flags[i] & FLAG_RETURN) && q > 0 && (a > 0 || (a === 0 && (c.flags[i] & FLAG_FREE_PURCHASE) !== 0));
    const ret = !sale && (a < 0 || q < 0);
    if (!sale && !ret) continue;
    const x = get(c.customer[i]);
    let mk = x.markets.get(c.marketplace[i]);
    if (!mk) x.markets.set(c.marketplace[i], (mk = { orders: 0, units: 0, revenue: 0, profit: 0, days: new Map() }));
    if (sale) {
      x.gross += a;
      x.units += q;
      x.profit += a - q * costOf(i);
      mk.units += q;
      mk.revenue += a;
      mk.profit += a - q * costOf(i);
      let occ = x.byDay.get(c.day[i]);
      if (!occ) x.byDay.set(c.day[i], (occ = { day: c.day[i], value: 0, orders: 0, seen: new Set() }));
      occ.value += a;
      let mday = mk.days.get(c.day[i]);
      if (!mday) mk.days.set(c.day[i], (mday = { orders: 0 }));
      const order = c.order[i];
      const fresh = order >= 0 && !occ.seen.has(order);
      if (fresh) occ.seen.add(order);
      if (order >= 0 ? fresh : occ.orders === 0) occ.orders++;
      if (order >= 0 ? fresh : mday.orders === 0) {
        mday.orders++;
        mk.orders++;
      }
    } else {
      x.returns.push({ day: c.day[i], value: -Math.abs(a), units: -Math.abs(q) });
      x.units -= Math.abs(q);
      x.profit += -Math.abs(a) + Math.abs(q) * costOf(i);
      mk.units -= Math.abs(q);
      mk.revenue -= Math.abs(a);
      mk.profit += -Math.abs(a) + Math.abs(q) * costOf(i);
    }
  }
  const out: NaiveCustomer[] = [];
  for (const x of byCustomer.values()) {
    if (x.byDay.size === 0) continue;
    x.occasions = [...x.byDay.values()].sort((p, q) => p.day - q.day);
    x.net = x.gross + x.returns.reduce((s, r) => s + r.value, 0);
    out.push(x);
  }
  // First product: the largest sale line with a SKU on the first occasion day, the earliest on a tie.
  const best = new Map<number, number>();
  for (let i = 0; i < c.length; i++) {
    const x = byCustomer.get(c.customer[i]);
    if (!x || x.occasions.length === 0 || c.day[i] !== x.occasions[0].day || c.sku[i] < 0) continue;
    if (c.flags[i] & (FLAG_CANCELLED | FLAG_RETURN) || c.quantity[i] <= 0) continue;
    if (!(c.amount[i] > 0 || (c.amount[i] === 0 && c.flags[i] & FLAG_FREE_PURCHASE))) continue;
    if (c.amount[i] > (best.get(x.index) ?? -Infinity)) {
      best.set(x.index, c.amount[i]);
      x.firstSku = c.sku[i];
    }
  }
  return out.sort((p, q) => p.index - q.index);
}

/** Score 1 + floor(5 b / N) by counting b, the values strictly below, by binary search in a sorted copy. */
export function naiveScores(values: ArrayLike<number>): number[] {
  const sorted = Array.from(values).sort((a, b) => a - b);
  return Array.from(values, (v) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return 1 + Math.floor((5 * lo) / sorted.length);
  });
}
