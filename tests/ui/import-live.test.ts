// The live import chart's option: the months and counts as given, and customer-free, escaped tooltips.
import { describe, expect, it } from 'vitest';
import { importLiveOption } from '../../src/ui/charts/options/import-live.ts';
import { liveChartDrafts } from '../../src/ui/views/import/live-drafts.ts';

describe('importLiveOption', () => {
  const view = { months: ['2024-01', '2024-02'], lines: [120, 0], newCustomers: [40, 0], customers: 40 };
  it('draws lines read as bars and new customers as a line on its own axis', () => {
    const option = importLiveOption(view, (v) => v.toLocaleString('en-US')) as {
      xAxis: { data: string[] }; series: { type: string; data: number[]; yAxisIndex?: number }[];
      tooltip: { formatter: (items: { name: string; seriesName: string; value: number }[]) => string };
    };
    expect(option.xAxis.data).toEqual(['2024-01', '2024-02']);
    expect(option.series.map((s) => [s.type, s.data, s.yAxisIndex ?? 0])).toEqual([['bar', [120, 0], 0], ['line', [40, 0], 1]]);
    const html = option.tooltip.formatter([{ name: '<img src=x>', seriesName: 'Order lines read (left scale)', value: 1200 }]);
    expect(html).toBe('&lt;img src=x&gt;<br/>Order lines read (left scale): <b>1,200</b>');
  });
});

describe('liveChartDrafts', () => {
  it('grows from one month to two years, each draft the live chart itself with made-up counts', () => {
    const drafts = liveChartDrafts(32) as { xAxis: { data: string[] }; series: { type: string; data: number[] }[] }[];
    expect(drafts).toHaveLength(32);
    const months = drafts.map((d) => d.xAxis.data.length);
    expect(months[0]).toBe(1);
    expect(months[31]).toBe(24);
    expect(months.every((n, i) => i === 0 || n >= months[i - 1])).toBe(true);
    expect(drafts[31].xAxis.data.slice(0, 2)).toEqual(['2024-01', '2024-02']);
    expect(drafts[31].xAxis.data[23]).toBe('2025-12');
    const real = importLiveOption({ months: ['2024-01'], lines: [1], newCustomers: [1], customers: 1 }, (v) => String(v));
    for (const draft of drafts) {
      expect(Object.keys(draft).sort()).toEqual(Object.keys(real).sort());
      expect(draft.series.map((s) => s.type)).toEqual(['bar', 'line']);
      expect(draft.series.every((s) => s.data.length === draft.xAxis.data.length && s.data.every((v) => v > 0))).toBe(true);
    }
  });
});
