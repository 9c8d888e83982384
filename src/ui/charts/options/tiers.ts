// The tier pie of one marketplace, and the colour of a tier by its rank (the highest tier first), shared by
// the pie, the counts table and other views. Pure: data in, option out (unit-tested in Node).
import type { EChartsCoreOption } from 'echarts/core';
import { escapeHtml } from '../escape.ts';

// Ten tiers at most (tiers.ts MAX_TIERS): from the strongest colour for the top tier down.
const TIER_COLORS = ['#5b3fc4', '#2f6fdf', '#2aa6c4', '#1f9d75', '#7fb338', '#d4a20c', '#f08a24', '#d9534f', '#c2417a', '#8a5a44'];
/** Customers above no threshold, in the pie and the table. */
export const NO_TIER_COLOR = '#c9ced6';

/** Colour of the tier of rank `rank` (0 = highest threshold); rank < 0 is "(none)". */
export function tierColor(rank: number): string {
  return rank < 0 ? NO_TIER_COLOR : TIER_COLORS[rank % TIER_COLORS.length];
}

export interface TierSlice {
  name: string;
  customers: number;
}

/**
 * A doughnut of customers per tier, highest tier first and "(none)" last in grey. Tier names are the
 * seller's own text: the tooltip (HTML) escapes them; labels are drawn as canvas text.
 */
export function tierPieOption(tiers: readonly TierSlice[], none: TierSlice, formatCount: (n: number) => string): EChartsCoreOption {
  const total = tiers.reduce((s, t) => s + t.customers, none.customers);
  const share = (n: number) => (total > 0 ? `${((n / total) * 100).toFixed(1)} %` : '—');
  const data = [
    ...tiers.map((t, rank) => ({ name: t.name, value: t.customers, itemStyle: { color: tierColor(rank) } })),
    { name: none.name, value: none.customers, itemStyle: { color: NO_TIER_COLOR } },
  ];
  return {
    animationDuration: 250,
    tooltip: {
      trigger: 'item',
      formatter: (item: { name: string; value: number }) => `${escapeHtml(item.name)}<br/><b>${escapeHtml(formatCount(item.value))}</b> customers (${share(item.value)})`,
    },
    series: [
      {
        type: 'pie',
        radius: ['42%', '70%'],
        center: ['50%', '50%'],
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        // The table beside the pie carries the names and numbers; labels would not fit a small pie.
        label: { show: false },
        labelLine: { show: false },
        data,
      },
    ],
  };
}
