// The segment view's pure parts: one colour per segment, the chart options (escaped tooltips), what each
// score means, the migration matrix's shares and summary, and the editable copy of a map.
import { describe, expect, it } from 'vitest';
import { AMAZON_SEGMENT_MAP, CLASSIC_SEGMENT_MAP } from '../../src/core/analytics/segment-maps.ts';
import { checkSegmentMap, withRule } from '../../src/core/analytics/segments.ts';
import { OUTSIDE_COLOR, segmentColor, segmentSharesOption, segmentTrendOption, tint, trendValues } from '../../src/ui/charts/options/segments.ts';
import { draftOf, newRule, ruleKey, rulesAtFault } from '../../src/ui/views/segments/map-draft.ts';
import { migrationRows, migrationSummary } from '../../src/ui/views/segments/migration.ts';
import { scoreBands } from '../../src/ui/views/segments/score-bands.ts';

describe('segmentColor', () => {
  it('gives each segment of a shipped map its own colour, the same wherever the name appears', () => {
    for (const map of [AMAZON_SEGMENT_MAP, CLASSIC_SEGMENT_MAP]) {
      const colours = map.segments.map((s) => segmentColor(s.name));
      expect(new Set(colours).size).toBe(colours.length);
      expect(colours).not.toContain(OUTSIDE_COLOR);
    }
    expect(segmentColor('Promising')).toBe(segmentColor(' promising '));
    expect(segmentColor('My own segment')).toBe(segmentColor('My own segment'));
    expect(segmentColor('My own segment')).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('tints a colour to a lower opacity', () => {
    expect(tint('#2f6fdf', 0.5)).toBe('rgba(47, 111, 223, 0.5)');
  });
});

describe('segmentSharesOption', () => {
  const segments = [
    { name: 'Top Tier', customerShare: 0.1, salesShare: 0.4 },
    { name: '<img src=x onerror=alert(1)>', customerShare: 0.9, salesShare: 0.6 },
  ];
  const option = segmentSharesOption(segments) as {
    yAxis: { data: string[] };
    series: { name: string; data: { value: number; itemStyle: { color: string } }[] }[];
    tooltip: { formatter: (items: { name: string; seriesName: string; value: number }[]) => string };
  };

  it('draws the first segment at the top, customers beside sales, in the segment colours', () => {
    expect(option.yAxis.data).toEqual(['<img src=x onerror=alert(1)>', 'Top Tier']);
    expect(option.series.map((s) => s.name)).toEqual(['Share of customers', 'Share of sales']);
    expect(option.series[1].data.map((d) => d.value)).toEqual([0.6, 0.4]);
    expect(option.series[1].data[1].itemStyle.color).toBe(segmentColor('Top Tier'));
    expect(option.series[0].data[1].itemStyle.color).toBe(tint(segmentColor('Top Tier'), 0.4));
  });

  it('escapes segment names in the tooltip', () => {
    const html = option.tooltip.formatter([{ name: '<img src=x onerror=alert(1)>', seriesName: 'Share of sales', value: 0.6 }]);
    expect(html).toBe('&lt;img src=x onerror=alert(1)&gt;<br/>Share of sales: <b>60.0 %</b>');
  });
});

describe('the month-by-month trend', () => {
  // Two segments, three months: counts[t * 2 + g], boughtAgain[t * 2 + g].
  const months = { labels: ['2024-01', '2024-02', '2024-03'], names: ['A', 'B'], counts: [4, 0, 5, 2, 6, 3], boughtAgain: [0, 0, 1, 0, 5, 1] };

  it('gives the share of last month-end customers who bought again, null where there was nobody', () => {
    // A: 1 of 4, then 5 of 5; B: nobody at the end of January, then 1 of 2.
    expect(trendValues(months, 'bought-again')).toEqual([[null, 0.25, 1], [null, null, 0.5]]);
    expect(trendValues(months, 'customers')).toEqual([[4, 5, 6], [0, 2, 3]]);
  });

  it('draws rates as lines and sizes as stacked areas in the segment colours', () => {
    const rates = segmentTrendOption(months, 'bought-again', String) as { series: { stack?: string; itemStyle: { color: string }; data: unknown[] }[] };
    expect(rates.series[0].stack).toBeUndefined();
    expect(rates.series[1].itemStyle.color).toBe(segmentColor('B'));
    const sizes = segmentTrendOption(months, 'customers', String) as { series: { stack?: string; data: unknown[] }[]; tooltip: { formatter: (i: unknown[]) => string } };
    expect(sizes.series.map((s) => s.stack)).toEqual(['customers', 'customers']);
    expect(sizes.series[1].data).toEqual([0, 2, 3]);
    expect(sizes.tooltip.formatter([{ name: '2024-02', seriesName: '<b>', value: 2 }])).toBe('2024-02<br/>&lt;b&gt;: <b>2</b>');
  });
});

describe('scoreBands', () => {
  const money = (v: number) => `$${v}`;

  it('reads each score off the quintile cuts, in days, purchase days and money', () => {
    const bands = scoreBands({ recencyDays: [200, 100, 50, 10], frequency: [1, 1, 2, 4], monetary: [20, 40, 80, 160] }, money);
    expect(bands[0]).toEqual({ score: 5, recency: '0–9 days ago', frequency: '5 purchase days or more', monetary: 'over $160' });
    expect(bands[1]).toEqual({ score: 4, recency: '10–49 days ago', frequency: '3–4 purchase days', monetary: 'over $80, up to $160' });
    // F cuts 1, 1: nobody can exceed the first without exceeding the second, so F 2 is unused.
    expect(bands[3]).toEqual({ score: 2, recency: '100–199 days ago', frequency: 'unused (ties)', monetary: 'over $20, up to $40' });
    expect(bands[4]).toEqual({ score: 1, recency: '200 days or more ago', frequency: '1 purchase day', monetary: 'up to $20' });
  });

  it('shows nothing without cuts', () => {
    expect(scoreBands({ recencyDays: [], frequency: [], monetary: [] }, money)).toEqual([]);
  });
});

describe('the migration matrix', () => {
  // Rows and columns: A, B, (not yet a customer).
  const labels = ['A', 'B', '(not yet a customer)'];
  const counts = [3, 1, 0, 2, 2, 0, 4, 1, 0];

  it('gives each cell its share of the row', () => {
    const rows = migrationRows(labels, counts);
    expect(rows.map((r) => r.total)).toEqual([4, 4, 5]);
    expect(rows[0].cells.map((c) => c.share)).toEqual([0.75, 0.25, 0]);
  });

  it('counts who stayed, who moved and who is new', () => {
    expect(migrationSummary(labels, counts)).toEqual({ customersBefore: 8, stayed: 5, moved: 3, newCustomers: 5 });
  });
});

describe('the map being edited', () => {
  it('is a copy: editing it leaves the shipped map alone, and the copy checks like the original', () => {
    const draft = draftOf(AMAZON_SEGMENT_MAP);
    draft.segments[0].rules[0].r[0] = 5;
    draft.segments[0].rules.push(newRule());
    expect(AMAZON_SEGMENT_MAP.segments[0].rules[0].r[0]).toBe(3);
    expect(AMAZON_SEGMENT_MAP.segments[0].rules).toHaveLength(1);
    expect(checkSegmentMap(draftOf(CLASSIC_SEGMENT_MAP)).ok).toBe(true);
  });

  it('marks the rules a problem names', () => {
    const check = checkSegmentMap(withRule(AMAZON_SEGMENT_MAP, 'Top Tier', 2, { r: [3, 5], f: [4, 5], m: [1, 3] }));
    if (check.ok) throw new Error('the overlap was not found');
    const keys = rulesAtFault(check.problems);
    expect(keys).toEqual(new Set([ruleKey('Top Tier', 2), ruleKey('Promising', 2)]));
  });
});
