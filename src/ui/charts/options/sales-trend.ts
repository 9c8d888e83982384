// Sales by month as a bar chart. Pure: data in, option out (unit-tested in Node).
import type { EChartsCoreOption } from 'echarts/core';
import { escapeHtml } from '../escape.ts';
import { AXIS_TEXT, GRID, PALETTE } from '../theme.ts';

export function salesTrendOption(months: readonly string[], sales: ArrayLike<number>, formatValue: (v: number) => string, formatAxis: (v: number) => string = formatValue): EChartsCoreOption {
  return {
    color: [PALETTE[0]],
    animationDuration: 300,
    grid: GRID,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { name: string; value: number }[]) => {
        const item = items[0];
        return item ? `${escapeHtml(item.name)}<br/>Sales: <b>${escapeHtml(formatValue(item.value))}</b>` : '';
      },
    },
    xAxis: { type: 'category', data: [...months], axisLabel: AXIS_TEXT, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', axisLabel: { ...AXIS_TEXT, formatter: (v: number) => formatAxis(v) }, splitLine: { lineStyle: { color: '#eceef2' } } },
    series: [{ name: 'Sales', type: 'bar', data: Array.from(sales), barMaxWidth: 36, itemStyle: { borderRadius: [3, 3, 0, 0] } }],
  };
}
