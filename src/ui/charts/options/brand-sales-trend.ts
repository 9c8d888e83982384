// Sales per day/week/month/quarter, stacked: first purchases (new customers) under repeat purchases
// (returning customers). Pure: data in, option out (unit-tested in Node).
import type { EChartsCoreOption } from 'echarts/core';
import { escapeHtml } from '../escape.ts';
import { AXIS_TEXT, GRID, PALETTE } from '../theme.ts';

export interface TrendSeries {
  labels: readonly string[];
  newSales: ArrayLike<number>;
  returningSales: ArrayLike<number>;
}

export const NEW_COLOUR = PALETTE[0];
export const RETURNING_COLOUR = PALETTE[2];

export function brandSalesTrendOption(trend: TrendSeries, formatValue: (v: number) => string, formatAxis: (v: number) => string = formatValue): EChartsCoreOption {
  const many = trend.labels.length > 60;
  return {
    color: [NEW_COLOUR, RETURNING_COLOUR],
    animationDuration: 300,
    grid: { ...GRID, top: 36 },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 10, textStyle: AXIS_TEXT },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { name: string; seriesName: string; value: number }[]) => {
        if (!items.length) return '';
        const total = items.reduce((s, i) => s + i.value, 0);
        const rows = items.map((i) => `${escapeHtml(i.seriesName)}: <b>${escapeHtml(formatValue(i.value))}</b>`);
        return [escapeHtml(items[0].name), ...rows, `Total: <b>${escapeHtml(formatValue(total))}</b>`].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: [...trend.labels], axisLabel: AXIS_TEXT, axisTick: { alignWithLabel: !many } },
    yAxis: { type: 'value', axisLabel: { ...AXIS_TEXT, formatter: (v: number) => formatAxis(v) }, splitLine: { lineStyle: { color: '#eceef2' } } },
    series: [
      { name: 'New customers', type: 'bar', stack: 'sales', data: Array.from(trend.newSales), barMaxWidth: 36, large: many },
      { name: 'Returning customers', type: 'bar', stack: 'sales', data: Array.from(trend.returningSales), barMaxWidth: 36, large: many, itemStyle: { borderRadius: many ? 0 : [3, 3, 0, 0] } },
    ],
  };
}
