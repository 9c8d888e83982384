// LTV curves: cumulative net revenue per customer of each acquisition cohort, by periods since the first
// purchase, with the customer-weighted average of the cohorts observed that long. Pure.
import type { EChartsCoreOption } from 'echarts/core';
import { escapeHtml } from '../escape.ts';
import { AXIS_TEXT, GRID, PALETTE } from '../theme.ts';

export interface LtvTable {
  cohorts: number;
  periods: number;
  labels: readonly string[];
  customers: ArrayLike<number>;
  observed: ArrayLike<number>;
  cumulativeRevenuePerCustomer: ArrayLike<number>;
}

/** Per period since acquisition: the average LTV of the cohorts observed that long (weighted by size), and how many. */
export function averageLtv(t: LtvTable): { value: (number | null)[]; cohorts: number[] } {
  const value: (number | null)[] = [];
  const cohorts: number[] = [];
  for (let p = 0; p < t.periods; p++) {
    let sum = 0;
    let people = 0;
    let n = 0;
    for (let c = 0; c < t.cohorts; c++) {
      if (p >= t.observed[c]) continue;
      sum += t.cumulativeRevenuePerCustomer[c * t.periods + p] * t.customers[c];
      people += t.customers[c];
      n++;
    }
    value.push(people > 0 ? sum / people : null);
    cohorts.push(n);
  }
  return { value, cohorts };
}

/** Older cohorts light, recent ones dark, so the lines read as a fan without a legend of every cohort. */
export function cohortShade(index: number, count: number): string {
  const t = count > 1 ? index / (count - 1) : 1;
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(190, 47)}, ${mix(208, 111)}, ${mix(238, 223)})`;
}

export function ltvCurvesOption(t: LtvTable, periodWord: string, formatValue: (v: number) => string, formatAxis: (v: number) => string = formatValue): EChartsCoreOption {
  const average = averageLtv(t);
  const cohortSeries = Array.from({ length: t.cohorts }, (_, c) => ({
    name: t.labels[c],
    type: 'line',
    showSymbol: false,
    silent: true,
    lineStyle: { width: 1.2, color: cohortShade(c, t.cohorts) },
    emphasis: { disabled: true },
    data: Array.from({ length: Math.min(t.observed[c], t.periods) }, (_, p) => t.cumulativeRevenuePerCustomer[c * t.periods + p]),
  }));
  return {
    animationDuration: 300,
    grid: { ...GRID, top: 28, bottom: 24 },
    tooltip: {
      trigger: 'axis',
      formatter: (items: { dataIndex: number }[]) => {
        const p = items[0]?.dataIndex ?? -1;
        const v = average.value[p];
        if (v === null || v === undefined) return '';
        return `${escapeHtml(periodWord)} ${p} after the first purchase<br/>Average of ${average.cohorts[p]} cohorts: <b>${escapeHtml(formatValue(v))}</b> per customer`;
      },
    },
    xAxis: {
      type: 'category', data: Array.from({ length: t.periods }, (_, p) => String(p)), boundaryGap: false, axisLabel: AXIS_TEXT,
      name: `${periodWord}s since the first purchase`, nameLocation: 'middle', nameGap: 24, nameTextStyle: AXIS_TEXT,
    },
    yAxis: { type: 'value', axisLabel: { ...AXIS_TEXT, formatter: (v: number) => formatAxis(v) }, splitLine: { lineStyle: { color: '#eceef2' } } },
    series: [
      ...cohortSeries,
      { name: 'Average', type: 'line', showSymbol: false, z: 10, lineStyle: { width: 3, color: PALETTE[1] }, itemStyle: { color: PALETTE[1] }, data: average.value },
    ],
  };
}
