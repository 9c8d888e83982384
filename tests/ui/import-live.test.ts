// The live import chart's option: the months and counts as given, and customer-free, escaped tooltips.
import { describe, expect, it } from 'vitest';
import { importLiveOption } from '../../src/ui/charts/options/import-live.ts';

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
