// The brand view's tiles for a chosen period, each with its change against the previous period of equal
// length. Values and handles are those of brand-tiles.ts (INTERFACES.md), so "all time" shows exactly what
// the command line prints. Pure, so it is tested.
import type { PeriodComparison } from '../../../core/analytics/brand.ts';
import { formatInteger, formatMoney } from '../../format.ts';
import { brandTiles, type TileSpec } from './brand-tiles.ts';

export type Tone = 'up' | 'down' | 'neutral';

export interface PeriodTileSpec extends TileSpec {
  /** "+12.3 %", "-2.1 pts", "+3 days"; null when there is no comparable previous figure. */
  change: string | null;
  tone: Tone;
  /** The previous period's figure as read by a seller, for the tile's title text. */
  previous: string | null;
}

const PERIOD_HINTS: Record<string, string> = {
  'metric-customers': 'People who bought in the period.',
  'metric-total-orders': 'Distinct orders placed in the period.',
  'metric-total-sales': 'Purchases in the period, net of returns made in it.',
  'metric-avg-sales-per-customer': 'Total sales divided by customers.',
  'metric-repeat-customers': 'Customers of the period who had bought before.',
  'metric-repeat-orders': 'Orders from customers buying again.',
  'metric-repeat-purchase-rate': 'Share of the period’s customers buying again.',
  'metric-median-repeat-interval': 'Typical days since the same customer’s previous purchase.',
};

const signed = (v: number, digits: number) => `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })}`;
const toneOf = (v: number): Tone => (v > 0 ? 'up' : v < 0 ? 'down' : 'neutral');

function changeOf(key: string, c: PeriodComparison): { change: string | null; tone: Tone } {
  if (key === 'repeatPurchaseRate') {
    const before = c.previous.customers > 0 ? c.previous.repeatPurchaseRate : null;
    if (before === null) return { change: null, tone: 'neutral' };
    const pts = (c.current.repeatPurchaseRate - before) * 100;
    return { change: `${signed(pts, 1)} pts`, tone: toneOf(pts) };
  }
  if (key === 'medianRepeatIntervalDays') {
    const now = c.current.medianRepeatIntervalDays;
    const before = c.previous.medianRepeatIntervalDays;
    if (now === null || before === null) return { change: null, tone: 'neutral' };
    // Longer or shorter gaps are neither good nor bad by themselves: no colour.
    return { change: `${signed(now - before, 0)} days`, tone: 'neutral' };
  }
  const relative = c.change[key as keyof PeriodComparison['change']];
  if (relative === null || relative === undefined) return { change: null, tone: 'neutral' };
  return { change: `${signed(relative * 100, 1)} %`, tone: toneOf(relative) };
}

export function periodTiles(c: PeriodComparison, currency: string, options: { allTime: boolean; compare: boolean }): PeriodTileSpec[] {
  const base = brandTiles(c.current, currency);
  const before = brandTiles(c.previous, currency);
  const keys = ['customers', 'orders', 'totalSales', 'avgSalesPerCustomer', 'repeatCustomers', 'repeatOrders', 'repeatPurchaseRate', 'medianRepeatIntervalDays'];
  const tiles: TileSpec[] = [
    ...base.map((t) => (options.allTime ? t : { ...t, hint: PERIOD_HINTS[t.testid] ?? t.hint })),
    { testid: 'metric-aov', label: 'Average order value', value: c.current.orders > 0 ? c.current.aov : null, display: formatMoney(c.current.aov, currency), hint: 'Sales divided by orders.' },
    {
      testid: 'metric-new-customers', label: 'New customers', value: c.current.newCustomers, display: formatInteger(c.current.newCustomers),
      hint: options.allTime ? 'Every customer is new over the whole history.' : 'Customers whose first purchase is in the period.',
    },
  ];
  const previousDisplay = [
    ...before.map((t) => (t.value === null ? '—' : t.display)),
    c.previous.orders > 0 ? formatMoney(c.previous.aov, currency) : '—',
    formatInteger(c.previous.newCustomers),
  ];
  return tiles.map((tile, i) => {
    const key = i < keys.length ? keys[i] : i === keys.length ? 'aov' : 'newCustomers';
    const { change, tone } = options.compare ? changeOf(key, c) : { change: null, tone: 'neutral' as Tone };
    return { ...tile, change, tone, previous: options.compare ? previousDisplay[i] : null };
  });
}
