// Time between orders: how many repeat purchases came 0-29, 30-59, ... days after the one before. Pure.
import type { EChartsCoreOption } from 'echarts/core';
import { escapeHtml } from '../escape.ts';
import { AXIS_TEXT, CONTROL_ROOM, GRID, PALETTE } from '../theme.ts';

export type GapSeries = 'all' | 'firstToSecond' | 'secondToThird';

export const GAP_SERIES: { key: GapSeries; label: string }[] = [
  { key: 'all', label: 'Every repeat purchase' },
  { key: 'firstToSecond', label: '1st to 2nd purchase' },
  { key: 'secondToThird', label: '2nd to 3rd purchase' },
];

export interface GapHistogram {
  binDays: number;
  bins: number;
  all: ArrayLike<number>;
  firstToSecond: ArrayLike<number>;
  secondToThird: ArrayLike<number>;
}

/** `0–29 days`, ..., `360+ days` (the last bin is open). */
export function gapLabels(h: { binDays: number; bins: number }): string[] {
  return Array.from({ length: h.bins }, (_, b) => (b === h.bins - 1 ? `${b * h.binDays}+` : `${b * h.binDays}–${(b + 1) * h.binDays - 1}`));
}

export function timeBetweenOrdersOption(h: GapHistogram, which: GapSeries): EChartsCoreOption {
  const counts = Array.from(h[which]);
  const total = counts.reduce((s, v) => s + v, 0);
  const labels = gapLabels(h);
  const label = GAP_SERIES.find((s) => s.key === which)?.label ?? which;
  return {
    color: [PALETTE[0]],
    animationDuration: 300,
    grid: { ...GRID, top: CONTROL_ROOM, bottom: 24 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const b = items[0]?.dataIndex ?? -1;
        if (b < 0) return '';
        const share = total > 0 ? ` (${((counts[b] / total) * 100).toFixed(1)} %)` : '';
        return `${escapeHtml(label)}<br/>${escapeHtml(labels[b])} days later: <b>${counts[b].toLocaleString('en-US')}</b>${share}`;
      },
    },
    // Each bar is labelled by the first day of its 30-day step (0, 30, ... 360+); the tooltip gives the range.
    xAxis: {
      type: 'category', data: labels, name: 'days after the purchase before', nameLocation: 'middle', nameGap: 24, nameTextStyle: AXIS_TEXT,
      axisLabel: { ...AXIS_TEXT, interval: 0, formatter: (l: string) => l.replace(/–\d+$/, '') },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: AXIS_TEXT, splitLine: { lineStyle: { color: '#eceef2' } } },
    series: [{ name: label, type: 'bar', data: counts, barMaxWidth: 34, itemStyle: { borderRadius: [3, 3, 0, 0] } }],
  };
}
