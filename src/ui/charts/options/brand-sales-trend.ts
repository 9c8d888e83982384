// Sales per day/week/month/quarter, stacked: first purchases (new customers) under repeat purchases
// (returning customers). Pure: data in, option out (unit-tested in Node).
import type { EChartsCoreOption } from 'echarts/core';
import { axisTooltip, TOP_LEFT_LEGEND } from './axis-tooltip.ts';
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
    legend: TOP_LEFT_LEGEND,
    tooltip: axisTooltip(formatValue, { total: true }),
    xAxis: { type: 'category', data: [...trend.labels], axisLabel: AXIS_TEXT, axisTick: { alignWithLabel: !many } },
    yAxis: { type: 'value', axisLabel: { ...AXIS_TEXT, formatter: (v: number) => formatAxis(v) }, splitLine: { lineStyle: { color: '#eceef2' } } },
    series: [
      { name: 'New customers', type: 'bar', stack: 'sales', data: Array.from(trend.newSales), barMaxWidth: 36, large: many },
      { name: 'Returning customers', type: 'bar', stack: 'sales', data: Array.from(trend.returningSales), barMaxWidth: 36, large: many, itemStyle: { borderRadius: many ? 0 : [3, 3, 0, 0] } },
    ],
  };
}
