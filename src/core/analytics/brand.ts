import type { Occasions } from './occasions.ts';

export interface BrandMetrics {
  customers: number;
  orders: number;
  totalSales: number;
  avgSalesPerCustomer: number;
  repeatCustomers: number;
  repeatOrders: number;
  repeatPurchaseRate: number;
  /** Median days between consecutive purchase occasions of repeat customers; null without repeaters. */
  medianRepeatIntervalDays: number | null;
}

/**
 * Amazon's Brand View figures over all occasions. Total sales are net of returns. A repeat customer has
 * purchases on at least two days; repeat orders are the orders placed after a customer's first day.
 */
export function brandMetrics(occ: Occasions): BrandMetrics {
  let orders = 0;
  let repeatOrders = 0;
  let repeatCustomers = 0;
  let totalSales = 0;
  const intervals: number[] = [];
  for (let k = 0; k < occ.customers; k++) {
    const from = occ.start[k];
    const to = occ.start[k + 1];
    totalSales += occ.grossRevenue[k] + occ.returnsValue[k];
    for (let j = from; j < to; j++) {
      orders += occ.orders[j];
      if (j > from) {
        repeatOrders += occ.orders[j];
        intervals.push(occ.day[j] - occ.day[j - 1]);
      }
    }
    if (to - from > 1) repeatCustomers++;
  }
  const customers = occ.customers;
  return {
    customers,
    orders,
    totalSales: roundCents(totalSales),
    avgSalesPerCustomer: customers > 0 ? roundCents(totalSales / customers) : 0,
    repeatCustomers,
    repeatOrders,
    repeatPurchaseRate: customers > 0 ? repeatCustomers / customers : 0,
    medianRepeatIntervalDays: median(intervals),
  };
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Sums of many cents drift in binary floating point; money is reported to the cent. */
export function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Net sales per calendar month (`YYYY-MM`), in order, for the sales-trend chart. */
export function salesByMonth(occ: Occasions, monthOf: (day: number) => string): { months: string[]; sales: Float64Array } {
  const totals = new Map<string, number>();
  for (let j = 0; j < occ.day.length; j++) {
    const m = monthOf(occ.day[j]);
    totals.set(m, (totals.get(m) ?? 0) + occ.value[j]);
  }
  const months = [...totals.keys()].sort();
  return { months, sales: Float64Array.from(months, (m) => roundCents(totals.get(m) ?? 0)) };
}
