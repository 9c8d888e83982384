// Each segment's share of customers beside its share of sales, as horizontal bars. Segment names can be
// edited by the seller, so they are escaped in the tooltip. Pure.
import type { EChartsCoreOption } from 'echarts/core';
import { escapeHtml } from '../escape.ts';
import { AXIS_TEXT, GRID, PALETTE } from '../theme.ts';

export interface SegmentShare {
  name: string;
  customers: number;
  customerShare: number;
  salesShare: number;
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

export function segmentShareOption(segments: readonly SegmentShare[]): EChartsCoreOption {
  // Categories run bottom-up on a value-by-category bar chart: reverse so the first segment is on top.
  const rows = [...segments].reverse();
  return {
    color: [PALETTE[5], PALETTE[0]],
    animationDuration: 300,
    grid: { ...GRID, top: 28, right: 40 },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 10, textStyle: AXIS_TEXT },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const s = rows[items[0]?.dataIndex ?? -1];
        if (!s) return '';
        return `<b>${escapeHtml(s.name)}</b><br/>${escapeHtml(s.customers.toLocaleString('en-US'))} customers (${pct(s.customerShare)})<br/>Share of sales: <b>${pct(s.salesShare)}</b>`;
      },
    },
    xAxis: { type: 'value', max: (v: { max: number }) => Math.min(1, Math.ceil(v.max * 10 + 0.5) / 10), axisLabel: { ...AXIS_TEXT, formatter: (v: number) => `${Math.round(v * 100)} %` }, splitLine: { lineStyle: { color: '#eceef2' } } },
    yAxis: { type: 'category', data: rows.map((s) => s.name), axisLabel: { ...AXIS_TEXT, fontSize: 12 }, axisTick: { show: false } },
    series: [
      { name: 'Share of customers', type: 'bar', data: rows.map((s) => s.customerShare), barMaxWidth: 14, label: { show: true, position: 'right', fontSize: 10, color: '#5b6270', formatter: (p: { value: number }) => pct(p.value) } },
      { name: 'Share of sales', type: 'bar', data: rows.map((s) => s.salesShare), barMaxWidth: 14, label: { show: true, position: 'right', fontSize: 10, color: '#1d2330', formatter: (p: { value: number }) => pct(p.value) } },
    ],
  };
}
