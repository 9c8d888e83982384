// The chart that grows while an import runs: order lines read per month, and the customers first seen in
// each month. Counts only (no currency is summed). Pure: data in, option out (unit-tested in Node).
import type { EChartsCoreOption } from 'echarts/core';
import type { LiveImportView } from '../../../core/columns/live-summary.ts';
import { axisTooltip, TOP_LEFT_LEGEND } from './axis-tooltip.ts';
import { AXIS_TEXT, CONTROL_ROOM, GRID, PALETTE } from '../theme.ts';

export function importLiveOption(view: LiveImportView, formatCount: (v: number) => string): EChartsCoreOption {
  const many = view.months.length > 48;
  return {
    color: [PALETTE[0], PALETTE[1]],
    animation: false,
    grid: { ...GRID, top: CONTROL_ROOM + 8 },
    legend: TOP_LEFT_LEGEND,
    tooltip: axisTooltip(formatCount),
    xAxis: { type: 'category', data: [...view.months], axisLabel: AXIS_TEXT },
    yAxis: [
      { type: 'value', axisLabel: { ...AXIS_TEXT, formatter: (v: number) => formatCount(v) }, splitLine: { lineStyle: { color: '#eceef2' } } },
      { type: 'value', axisLabel: { ...AXIS_TEXT, formatter: (v: number) => formatCount(v) }, splitLine: { show: false } },
    ],
    series: [
      { name: 'Order lines read (left scale)', type: 'bar', data: [...view.lines], barMaxWidth: 28, large: many },
      { name: 'New customers (right scale)', type: 'line', yAxisIndex: 1, data: [...view.newCustomers], symbol: 'none', lineStyle: { width: 2 } },
    ],
  };
}
