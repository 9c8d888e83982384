// How predicted lifetime value is spread over customers: customers per CLV band, the last band open.
// Pure: data in, option out.
import type { EChartsCoreOption } from 'echarts/core';
import { escapeHtml } from '../escape.ts';
import { AXIS_TEXT, GRID, PALETTE } from '../theme.ts';

/** "$0–$10", ..., and "$200 or more" for the open last band. */
export function bandLabels(edges: ArrayLike<number>, formatMoney: (v: number) => string): string[] {
  const labels: string[] = [];
  for (let i = 0; i < edges.length; i++) {
    labels.push(i === edges.length - 1 ? `${formatMoney(edges[i])} or more` : `${formatMoney(edges[i])}–${formatMoney(edges[i + 1])}`);
  }
  return labels;
}

export function clvDistributionOption(edges: ArrayLike<number>, counts: ArrayLike<number>, formatMoney: (v: number) => string, formatCount: (v: number) => string): EChartsCoreOption {
  const labels = bandLabels(edges, formatMoney);
  return {
    animationDuration: 300,
    color: [PALETTE[2]],
    grid: { ...GRID, bottom: 20 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { name: string; value: number }[]) => {
        const item = items[0];
        return item ? `Predicted value ${escapeHtml(item.name)}<br/>Customers: <b>${escapeHtml(formatCount(item.value))}</b>` : '';
      },
    },
    xAxis: {
      type: 'category', data: labels, name: 'Predicted value per customer', nameLocation: 'middle', nameGap: 24, nameTextStyle: AXIS_TEXT,
      axisLabel: { ...AXIS_TEXT, formatter: (label: string, index: number) => (index === labels.length - 1 ? `${formatMoney(edges[index])}+` : formatMoney(edges[index])) },
    },
    yAxis: { type: 'value', axisLabel: { ...AXIS_TEXT, formatter: (v: number) => formatCount(v) }, splitLine: { lineStyle: { color: '#eceef2' } } },
    series: [{ name: 'Customers', type: 'bar', data: Array.from(counts), barCategoryGap: '8%', itemStyle: { borderRadius: [2, 2, 0, 0] } }],
  };
}
