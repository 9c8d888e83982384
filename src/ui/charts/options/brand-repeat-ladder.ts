// The repeat ladder: of the customers who placed n orders, the share who placed an (n+1)-th, n = 1..10.
// Pure; the counts are in the tooltip and in the table beside the chart.
import type { EChartsCoreOption } from 'echarts/core';
import { escapeHtml } from '../escape.ts';
import { AXIS_TEXT, CONTROL_ROOM, GRID, PALETTE } from '../theme.ts';

export interface LadderRung {
  n: number;
  customers: number;
  continued: number;
  probability: number | null;
}

const ordinal = (n: number) => `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

export function ladderSentence(rung: LadderRung): string {
  if (rung.probability === null) return `No customer has placed ${rung.n} orders yet.`;
  return `Of ${rung.customers.toLocaleString('en-US')} customers with ${rung.n} ${rung.n === 1 ? 'order' : 'orders'}, ${rung.continued.toLocaleString('en-US')} (${(rung.probability * 100).toFixed(1)} %) placed a ${ordinal(rung.n + 1)}.`;
}

export function repeatLadderOption(ladder: readonly LadderRung[]): EChartsCoreOption {
  return {
    color: [PALETTE[4]],
    animationDuration: 300,
    grid: { ...GRID, top: CONTROL_ROOM },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const rung = ladder[items[0]?.dataIndex ?? -1];
        return rung ? escapeHtml(ladderSentence(rung)) : '';
      },
    },
    xAxis: { type: 'category', data: ladder.map((r) => `${r.n}→${r.n + 1}`), axisLabel: { ...AXIS_TEXT, interval: 0, fontSize: 10 }, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { ...AXIS_TEXT, formatter: (v: number) => `${Math.round(v * 100)} %` }, splitLine: { lineStyle: { color: '#eceef2' } } },
    series: [
      {
        name: 'Chance of one more order',
        type: 'bar',
        data: ladder.map((r) => r.probability),
        barMaxWidth: 30,
        itemStyle: { borderRadius: [3, 3, 0, 0] },
        label: { show: true, position: 'top', fontSize: 10, color: '#1d2330', formatter: (p: { value: number | null }) => (p.value === null ? '' : `${Math.round(p.value * 100)} %`) },
      },
    ],
  };
}
