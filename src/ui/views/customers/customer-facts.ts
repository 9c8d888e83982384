// The customer page's figures: label, value as a seller reads it, and the one line that explains it. Pure.
import { formatDay } from '../../../core/ingest/dates.ts';
import type { CustomerDetail, CustomerFacts } from '../../../state/types.ts';
import { formatDays, formatInteger, formatMoney, formatPercent } from '../../format.ts';

export interface Fact {
  key: string;
  label: string;
  /** Empty when the figure is missing; `why` then says so. */
  value: string;
  hint: string;
}

export function customerFacts(f: CustomerFacts, detail: Pick<CustomerDetail, 'currency' | 'model'>): Fact[] {
  const currency = detail.currency ?? 'USD';
  const money = (v: number) => formatMoney(v, currency);
  const model = detail.model;
  const modelWhy = model?.state === 'failed' ? (model.problem ?? 'The purchase model could not be fitted.') : model?.state === 'pending' ? 'Not fitted yet.' : '';
  const facts: Fact[] = [
    { key: 'first', label: 'First purchase', value: formatDay(f.firstDay), hint: 'The day they first bought.' },
    { key: 'last', label: 'Last purchase', value: formatDay(f.lastDay), hint: `${formatDays(f.recencyDays)} before the latest purchase in your data.` },
    { key: 'orders', label: 'Orders', value: formatInteger(f.orders), hint: `On ${formatInteger(f.purchaseDays)} different ${f.purchaseDays === 1 ? 'day' : 'days'}.` },
    { key: 'revenue', label: 'Net revenue', value: money(f.netRevenue), hint: f.returns < 0 ? `${money(f.grossRevenue)} bought, ${money(-f.returns)} returned.` : 'Everything they bought; nothing returned.' },
    { key: 'aov', label: 'Average order', value: f.aov === null ? '' : money(f.aov), hint: 'Net revenue per order.' },
    { key: 'rfm', label: 'RFM scores', value: `R ${f.r} · F ${f.f} · M ${f.m}`, hint: 'Recency, frequency and spend, each 1–5 against your other customers (5 is best).' },
    { key: 'segment', label: 'Segment', value: f.segment, hint: f.segmentDescription },
    {
      key: 'tier', label: f.tiers.length > 1 ? 'Tiers' : 'Tier',
      value: f.tiers.length === 0 ? 'No tier rules cover them' : f.tiers.map((t) => t.tier).join(' · '),
      hint: f.tiers.length === 0 ? 'Set tier rules under Tiers.' : `${f.tiers.map((t) => `${t.tier}: ${t.rule}`).join('; ')}.`,
    },
    {
      key: 'p-alive', label: 'P(alive)', value: f.pAlive === null ? '' : formatPercent(f.pAlive),
      hint: f.pAlive === null ? modelWhy : 'The chance they will still buy from you (BG/NBD model).',
    },
    {
      key: 'expected', label: `Purchases, next ${model?.horizonDays ?? 90} days`, value: f.expected === null ? '' : f.expected.toFixed(2),
      hint: f.expected === null ? modelWhy : 'How many purchases the model expects from them.',
    },
    {
      key: 'clv', label: `Predicted CLV, ${model?.months ?? 12} months`, value: f.clv === null ? '' : money(f.clv),
      hint: f.clv === null ? (model?.clvProblem ?? modelWhy) : `Expected spend over the next ${model?.months ?? 12} months, discounted by ${((model?.discountMonthly ?? 0.01) * 100).toFixed(0)} % a month.`,
    },
  ];
  if (f.profit !== null) facts.splice(4, 0, { key: 'profit', label: 'Profit', value: money(f.profit), hint: 'Net revenue minus the product costs of your cost table.' });
  return facts;
}

/** "2 × SKU-1 for $20.00", the amount in the order's currency. */
export function lineText(line: { sku: string | null; quantity: number; amount: number; kind: string }, currency: string): string {
  const what = `${formatInteger(Math.abs(line.quantity))} × ${line.sku ?? 'item without SKU'}`;
  const amount = formatMoney(line.kind === 'return' ? -Math.abs(line.amount) : line.amount, currency);
  const status = line.kind === 'return' ? ' (returned)' : line.kind === 'cancelled' ? ' (cancelled, not counted)' : line.kind === 'free' ? ' (free)' : '';
  return `${what}: ${amount}${status}`;
}
