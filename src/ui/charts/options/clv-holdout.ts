// Repeat purchases per period, actual vs the model's prediction, over the fit period and the holdout
// (Fader, Hardie & Lee 2005, Figures 2-3). The holdout is shaded by a background series, since the
// registry carries no markArea. Pure: data in, option out (unit-tested in Node).
import type { EChartsCoreOption } from 'echarts/core';
import { escapeHtml } from '../escape.ts';
import { AXIS_TEXT, GRID, PALETTE } from '../theme.ts';

export interface TrackingInput {
  periodEnd: readonly string[];
  holdoutStart: number;
  actualIncremental: ArrayLike<number>;
  expectedIncremental: ArrayLike<number>;
  actualCumulative: ArrayLike<number>;
  expectedCumulative: ArrayLike<number>;
}

export type TrackingMode = 'incremental' | 'cumulative';

export const HOLDOUT_SERIES = 'Holdout period';

/** The smallest 1, 2, 2.5 or 5 x 10^k multiple of a fifth-step at or above `value`: a round axis top. */
export function niceCeiling(value: number): number {
  const raw = value / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((m) => m >= raw) ?? 10 * power;
  return Math.ceil(value / step) * step;
}

export function holdoutOption(t: TrackingInput, mode: TrackingMode, modelLabel: string, formatCount: (v: number) => string): EChartsCoreOption {
  const actual = Array.from(mode === 'incremental' ? t.actualIncremental : t.actualCumulative);
  const expected = Array.from(mode === 'incremental' ? t.expectedIncremental : t.expectedCumulative);
  const predicted = `${modelLabel} prediction`;
  const top = niceCeiling(Math.max(1, ...actual, ...expected));
  const series: object[] = [
    { name: 'Actual', type: 'line', data: actual, showSymbol: false, lineStyle: { width: 2 }, color: PALETTE[0] },
    { name: predicted, type: 'line', data: expected, showSymbol: false, lineStyle: { width: 2, type: 'dashed' }, color: PALETTE[1] },
  ];
  const hasHoldout = t.holdoutStart < t.periodEnd.length;
  if (hasHoldout) {
    series.push({
      name: HOLDOUT_SERIES, type: 'line', step: 'start', silent: true, showSymbol: false, z: 0, color: '#c9ced6',
      lineStyle: { width: 0 }, areaStyle: { color: 'rgba(138, 143, 152, 0.14)' },
      data: t.periodEnd.map((_, k) => (k >= t.holdoutStart ? top : null)),
    });
  }
  return {
    animationDuration: 300,
    grid: { ...GRID, top: 36 },
    legend: { top: 0, left: 0, textStyle: AXIS_TEXT, data: hasHoldout ? ['Actual', predicted, HOLDOUT_SERIES] : ['Actual', predicted] },
    tooltip: {
      trigger: 'axis',
      formatter: (items: { seriesName: string; name: string; value: number | null; marker: string }[]) => {
        const shown = items.filter((i) => i.seriesName !== HOLDOUT_SERIES && i.value !== null);
        if (shown.length === 0) return '';
        const lines = shown.map((i) => `${i.marker}${escapeHtml(i.seriesName)}: <b>${escapeHtml(formatCount(i.value ?? 0))}</b>`);
        return [`Period to ${escapeHtml(shown[0].name)}`, ...lines].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: [...t.periodEnd], axisLabel: AXIS_TEXT, boundaryGap: false },
    yAxis: { type: 'value', max: top, axisLabel: { ...AXIS_TEXT, formatter: (v: number) => formatCount(v) }, splitLine: { lineStyle: { color: '#eceef2' } } },
    series,
  };
}
