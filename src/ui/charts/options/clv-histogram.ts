// Customers by number of repeat purchases in the fit period, as they happened and as the model expects
// (Fader, Hardie & Lee 2005, Figure 1). Pure: data in, option out.
import type { EChartsCoreOption } from 'echarts/core';
import { escapeHtml } from '../escape.ts';
import { AXIS_TEXT, GRID, PALETTE } from '../theme.ts';

/** "0", "1", ..., and "7+" for the last, censored bin. */
export function histogramLabels(bins: number): string[] {
  return Array.from({ length: bins }, (_, i) => (i === bins - 1 ? `${i}+` : String(i)));
}

export function transactionHistogramOption(actual: ArrayLike<number>, expected: ArrayLike<number>, modelLabel: string, formatCount: (v: number) => string): EChartsCoreOption {
  const labels = histogramLabels(actual.length);
  return {
    animationDuration: 300,
    grid: { ...GRID, top: 36, bottom: 20 },
    legend: { top: 0, left: 0, textStyle: AXIS_TEXT },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { seriesName: string; name: string; value: number; marker: string }[]) =>
        [`${escapeHtml(items[0]?.name ?? '')} repeat purchases`, ...items.map((i) => `${i.marker}${escapeHtml(i.seriesName)}: <b>${escapeHtml(formatCount(i.value))}</b>`)].join('<br/>'),
    },
    xAxis: { type: 'category', data: labels, axisLabel: AXIS_TEXT, name: 'Repeat purchases', nameLocation: 'middle', nameGap: 24, nameTextStyle: AXIS_TEXT },
    yAxis: { type: 'value', axisLabel: { ...AXIS_TEXT, formatter: (v: number) => formatCount(v) }, splitLine: { lineStyle: { color: '#eceef2' } } },
    series: [
      { name: 'Customers (actual)', type: 'bar', data: Array.from(actual), color: PALETTE[0], barMaxWidth: 28 },
      { name: `${modelLabel} expectation`, type: 'bar', data: Array.from(expected, (v) => Math.round(v * 10) / 10), color: PALETTE[1], barMaxWidth: 28 },
    ],
  };
}
