// The segment view's charts, and the one colour each segment has everywhere in the app (tables, charts,
// the migration matrix, other views). Pure: data in, option out (unit-tested in Node).
import type { EChartsCoreOption } from 'echarts/core';
import { escapeHtml } from '../escape.ts';
import { AXIS_TEXT, CONTROL_ROOM, GRID, PALETTE } from '../theme.ts';

// Greens and blues for the customers to keep, yellows and oranges for those slipping, reds for those
// about to be lost, greys for the gone. Amazon's and the classic map's names never share a chart.
const SEGMENT_COLORS: Record<string, string> = {
  'top tier': '#1f9d75',
  promising: '#2f6fdf',
  'at-risk': '#f08a24',
  hibernating: '#8a8f98',
  champions: '#137a5a',
  loyal: '#3fb07f',
  'potential loyalist': '#2aa6c4',
  new: '#7b61d1',
  'need attention': '#d4a20c',
  'about to sleep': '#e8903a',
  'at risk': '#d9534f',
  "can't lose them": '#c2417a',
  lost: '#4d5461',
};

/** Colour of the "(not yet a customer)" row and column, and of anything outside every segment. */
export const OUTSIDE_COLOR = '#c9ced6';

/** The colour of a segment, by name (a name the app does not ship gets a stable colour of the palette). */
export function segmentColor(name: string): string {
  const key = name.trim().toLowerCase();
  const known = SEGMENT_COLORS[key];
  if (known) return known;
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

/** The colour at a lower opacity, for the lighter of two bars and the matrix shading. */
export function tint(color: string, alpha: number): string {
  const n = Number.parseInt(color.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export interface SegmentShare {
  name: string;
  customerShare: number;
  salesShare: number;
}

const percent = (v: number) => `${(v * 100).toFixed(1)} %`;

/**
 * Share of customers (light bar) beside share of sales (solid bar) per segment, top segment at the top:
 * a segment whose solid bar is longer than its light one spends more than its size.
 */
export function segmentSharesOption(segments: readonly SegmentShare[]): EChartsCoreOption {
  const rows = [...segments].reverse();
  const bar = (alpha: number, value: (s: SegmentShare) => number) =>
    rows.map((s) => ({ value: value(s), itemStyle: { color: alpha < 1 ? tint(segmentColor(s.name), alpha) : segmentColor(s.name) } }));
  return {
    animationDuration: 300,
    grid: { ...GRID, right: 56, top: 32 },
    legend: { top: 0, left: 0, textStyle: AXIS_TEXT, itemWidth: 14, itemHeight: 10 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { name: string; seriesName: string; value: number }[]) => {
        if (items.length === 0) return '';
        const lines = items.map((i) => `${escapeHtml(i.seriesName)}: <b>${percent(i.value)}</b>`);
        return `${escapeHtml(items[0].name)}<br/>${lines.join('<br/>')}`;
      },
    },
    xAxis: { type: 'value', max: (v: { max: number }) => Math.min(1, Math.ceil(v.max * 10 + 0.5) / 10), axisLabel: { ...AXIS_TEXT, formatter: (v: number) => `${Math.round(v * 100)} %` }, splitLine: { lineStyle: { color: '#eceef2' } } },
    yAxis: { type: 'category', data: rows.map((s) => s.name), axisLabel: { ...AXIS_TEXT, fontSize: 12, color: '#1d2330' }, axisTick: { show: false } },
    series: [
      { name: 'Share of customers', type: 'bar', itemStyle: { color: '#b7bdc8' }, data: bar(0.4, (s) => s.customerShare), barGap: '10%', barMaxWidth: 14, label: { show: true, position: 'right', ...AXIS_TEXT, formatter: (p: { value: number }) => percent(p.value) } },
      { name: 'Share of sales', type: 'bar', itemStyle: { color: '#4d5461' }, data: bar(1, (s) => s.salesShare), barMaxWidth: 14, label: { show: true, position: 'right', ...AXIS_TEXT, color: '#1d2330', formatter: (p: { value: number }) => percent(p.value) } },
    ],
  };
}

export interface SegmentMonths {
  labels: readonly string[];
  names: readonly string[];
  /** counts[t * names.length + g]: customers in segment g at the end of month t. */
  counts: ArrayLike<number>;
  /** boughtAgain[t * names.length + g]: of segment g's customers at the end of month t - 1, those who bought in month t. */
  boughtAgain: ArrayLike<number>;
}

export type TrendMeasure = 'bought-again' | 'customers';

/** Per segment, per month: the share who bought again (null without a month before or an empty segment), or the size. */
export function trendValues(months: SegmentMonths, measure: TrendMeasure): (number | null)[][] {
  const s = months.names.length;
  return months.names.map((_, g) =>
    months.labels.map((_, t) => {
      if (measure === 'customers') return months.counts[t * s + g];
      const before = t > 0 ? months.counts[(t - 1) * s + g] : 0;
      return before > 0 ? months.boughtAgain[t * s + g] / before : null;
    }),
  );
}

/**
 * Month by month, per segment: the share of the segment's customers (at the end of the month before) who
 * bought again in the month, as lines; or the customers in each segment, stacked.
 */
export function segmentTrendOption(months: SegmentMonths, measure: TrendMeasure, formatCount: (n: number) => string): EChartsCoreOption {
  const values = trendValues(months, measure);
  const stacked = measure === 'customers';
  const format = (v: number) => (stacked ? formatCount(v) : percent(v));
  return {
    animationDuration: 300,
    grid: { ...GRID, top: CONTROL_ROOM, bottom: 36 },
    legend: { bottom: 0, type: 'scroll', textStyle: AXIS_TEXT, itemWidth: 14, itemHeight: 8 },
    tooltip: {
      trigger: 'axis',
      formatter: (items: { name: string; seriesName: string; value: number | null }[]) => {
        if (items.length === 0) return '';
        const lines = items.filter((i) => i.value !== null && i.value !== undefined).map((i) => `${escapeHtml(i.seriesName)}: <b>${escapeHtml(format(i.value as number))}</b>`);
        return `${escapeHtml(items[0].name)}<br/>${lines.join('<br/>')}`;
      },
    },
    xAxis: { type: 'category', data: [...months.labels], axisLabel: AXIS_TEXT, boundaryGap: false },
    yAxis: {
      type: 'value', min: 0,
      axisLabel: { ...AXIS_TEXT, formatter: (v: number) => (stacked ? formatCount(v) : `${Math.round(v * 100)} %`) },
      splitLine: { lineStyle: { color: '#eceef2' } },
    },
    series: months.names.map((name, g) => ({
      name,
      type: 'line',
      showSymbol: false,
      connectNulls: false,
      lineStyle: { width: stacked ? 1 : 2 },
      itemStyle: { color: segmentColor(name) },
      ...(stacked ? { stack: 'customers', areaStyle: { opacity: 0.75 } } : {}),
      data: values[g],
    })),
  };
}
