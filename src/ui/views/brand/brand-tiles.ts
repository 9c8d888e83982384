// The brand view's tiles: handle, label, value and one line a seller understands. Pure, so it is tested.
import type { AnalysisResult } from '../../../state/types.ts';
import { formatDays, formatInteger, formatMoney, formatPercent } from '../../format.ts';

export interface TileSpec {
  testid: string;
  label: string;
  value: number | null;
  display: string;
  hint: string;
}

export function brandTiles(metrics: AnalysisResult['metrics'], currency = 'USD'): TileSpec[] {
  const m = metrics;
  return [
    { testid: 'metric-customers', label: 'Customers', value: m.customers, display: formatInteger(m.customers), hint: 'People who bought at least once.' },
    { testid: 'metric-total-orders', label: 'Orders', value: m.orders, display: formatInteger(m.orders), hint: 'Distinct orders with a purchase.' },
    { testid: 'metric-total-sales', label: 'Total sales', value: m.totalSales, display: formatMoney(m.totalSales, currency), hint: 'Value of all purchases, net of returns.' },
    { testid: 'metric-avg-sales-per-customer', label: 'Sales per customer', value: m.avgSalesPerCustomer, display: formatMoney(m.avgSalesPerCustomer, currency), hint: 'Total sales divided by customers.' },
    { testid: 'metric-repeat-customers', label: 'Repeat customers', value: m.repeatCustomers, display: formatInteger(m.repeatCustomers), hint: 'Customers who came back on another day.' },
    { testid: 'metric-repeat-orders', label: 'Repeat orders', value: m.repeatOrders, display: formatInteger(m.repeatOrders), hint: 'Orders placed after a customer’s first purchase day.' },
    { testid: 'metric-repeat-purchase-rate', label: 'Repeat purchase rate', value: m.repeatPurchaseRate, display: formatPercent(m.repeatPurchaseRate), hint: 'Share of customers who bought again.' },
    {
      testid: 'metric-median-repeat-interval', label: 'Median repeat interval', value: m.medianRepeatIntervalDays,
      display: m.medianRepeatIntervalDays === null ? '—' : formatDays(m.medianRepeatIntervalDays),
      hint: 'Typical days between a customer’s purchases.',
    },
  ];
}
