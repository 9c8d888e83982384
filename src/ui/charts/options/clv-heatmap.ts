// A frequency x recency grid (lifetimes' plot_frequency_recency_matrix): expected purchases or P(alive) of
// a customer with that history. Pure: data in, option out.
import type { EChartsCoreOption } from 'echarts/core';
import { escapeHtml } from '../escape.ts';
import { AXIS_TEXT, CONTROL_ROOM } from '../theme.ts';

export interface HeatmapInput {
  /** Row values (repeat purchases) and column values (recency, already in days). */
  frequency: readonly number[];
  recencyDays: readonly number[];
  /** Row-major [frequency][recency]. */
  values: ArrayLike<number>;
}

export interface HeatmapStyle {
  valueName: string;
  format: (v: number) => string;
  /** Low to high colours. */
  colors: [string, string];
  max?: number;
}

export function recencyLabel(days: number): string {
  return days >= 14 ? `${Math.round(days / 7)} wk` : `${Math.round(days)} d`;
}

export function frequencyRecencyOption(input: HeatmapInput, style: HeatmapStyle): EChartsCoreOption {
  const cols = input.recencyDays.length;
  const data: [number, number, number][] = [];
  let max = 0;
  for (let i = 0; i < input.frequency.length; i++) {
    for (let j = 0; j < cols; j++) {
      const v = input.values[i * cols + j];
      data.push([j, i, v]);
      if (v > max) max = v;
    }
  }
  const scaleMax = style.max ?? (max > 0 ? max : 1);
  const xLabels = input.recencyDays.map(recencyLabel);
  const yLabels = input.frequency.map(String);
  return {
    animation: false,
    grid: { left: 44, right: 12, top: CONTROL_ROOM, bottom: 78 },
    tooltip: {
      formatter: (p: { value: [number, number, number] }) =>
        `${escapeHtml(yLabels[p.value[1]])} repeat purchase${yLabels[p.value[1]] === '1' ? '' : 's'}, last one ${escapeHtml(xLabels[p.value[0]])} after the first<br/>${escapeHtml(style.valueName)}: <b>${escapeHtml(style.format(p.value[2]))}</b>`,
    },
    xAxis: { type: 'category', data: xLabels, axisLabel: AXIS_TEXT, name: 'Time from first to last purchase', nameLocation: 'middle', nameGap: 24, nameTextStyle: AXIS_TEXT },
    yAxis: { type: 'category', data: yLabels, axisLabel: AXIS_TEXT, name: 'Repeat purchases', nameLocation: 'middle', nameGap: 30, nameTextStyle: AXIS_TEXT },
    visualMap: {
      min: 0, max: scaleMax, text: [style.format(scaleMax), style.format(0)], calculable: false, orient: 'horizontal', left: 'center', bottom: 0,
      itemHeight: 180, itemWidth: 12, textStyle: AXIS_TEXT, inRange: { color: style.colors },
    },
    series: [{ name: style.valueName, type: 'heatmap', data, emphasis: { itemStyle: { borderColor: '#1d2330', borderWidth: 1 } } }],
  };
}
