// The lifetime-value charts' option builders: data in, option out, customer-facing text escaped.
import { describe, expect, it } from 'vitest';
import { bandLabels, clvDistributionOption } from '../../src/ui/charts/options/clv-distribution.ts';
import { frequencyRecencyOption, recencyLabel } from '../../src/ui/charts/options/clv-heatmap.ts';
import { histogramLabels, transactionHistogramOption } from '../../src/ui/charts/options/clv-histogram.ts';
import { HOLDOUT_SERIES, holdoutOption, niceCeiling, type TrackingInput } from '../../src/ui/charts/options/clv-holdout.ts';

type Item = { seriesName: string; name: string; value: number | null; marker: string };
interface LineOption {
  xAxis: { data: string[] };
  yAxis: { max: number };
  legend: { data: string[] };
  series: { name: string; data: (number | null)[] }[];
  tooltip: { formatter: (items: Item[]) => string };
}

const tracking: TrackingInput = {
  periodEnd: ['1997-01-07', '1997-01-14', '1997-01-21', '1997-01-28'],
  holdoutStart: 2,
  actualIncremental: [1, 2, 3, 4],
  expectedIncremental: [1.5, 2.5, 2.5, 3.5],
  actualCumulative: [1, 3, 6, 10],
  expectedCumulative: [1.5, 4, 6.5, 10],
};

describe('holdoutOption', () => {
  it('plots actual and predicted, per period or cumulative, and shades the holdout', () => {
    const inc = holdoutOption(tracking, 'incremental', 'BG/NBD', String) as unknown as LineOption;
    expect(inc.series[0]).toMatchObject({ name: 'Actual', data: [1, 2, 3, 4] });
    expect(inc.series[1]).toMatchObject({ name: 'BG/NBD prediction', data: [1.5, 2.5, 2.5, 3.5] });
    const cum = holdoutOption(tracking, 'cumulative', 'BG/NBD', String) as unknown as LineOption;
    expect(cum.series[0].data).toEqual([1, 3, 6, 10]);
    expect(cum.yAxis.max).toBe(10);
    const shade = cum.series.find((s) => s.name === HOLDOUT_SERIES)!;
    expect(shade.data).toEqual([null, null, 10, 10]);
    expect(cum.legend.data).toContain(HOLDOUT_SERIES);
  });

  it('has no holdout band when nothing is held out, and escapes tooltip text', () => {
    const option = holdoutOption({ ...tracking, holdoutStart: 4 }, 'cumulative', '<b>x</b>', String) as unknown as LineOption;
    expect(option.series.map((s) => s.name)).toEqual(['Actual', '<b>x</b> prediction']);
    const text = option.tooltip.formatter([
      { seriesName: '<b>x</b> prediction', name: '1997-01-07', value: 2, marker: '' },
      { seriesName: HOLDOUT_SERIES, name: '1997-01-07', value: 10, marker: '' },
    ]);
    expect(text).toBe('Period to 1997-01-07<br/>&lt;b&gt;x&lt;/b&gt; prediction: <b>2</b>');
  });

  it('rounds the axis top to a readable number', () => {
    expect(niceCeiling(17_095)).toBe(20_000);
    expect(niceCeiling(1882)).toBe(2000);
    expect(niceCeiling(10)).toBe(10);
    expect(niceCeiling(0.7)).toBeCloseTo(0.8, 12);
  });
});

describe('transactionHistogramOption', () => {
  it('labels the censored last bin and pairs data with the model', () => {
    expect(histogramLabels(8)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    const option = transactionHistogramOption([5, 3, 1], [4.96, 3.04, 1], 'Pareto/NBD', String) as unknown as LineOption;
    expect(option.xAxis.data).toEqual(['0', '1', '2+']);
    expect(option.series[0].data).toEqual([5, 3, 1]);
    expect(option.series[1]).toMatchObject({ name: 'Pareto/NBD expectation', data: [5, 3, 1] });
  });
});

describe('frequencyRecencyOption', () => {
  it('lays the row-major grid out as [recency, frequency, value] cells with a labelled scale', () => {
    const option = frequencyRecencyOption(
      { frequency: [0, 1], recencyDays: [0, 7, 140], values: [0.1, 0.1, 0.1, 0.2, 0.5, 0.9] },
      { valueName: 'P(alive)', format: (v) => `${Math.round(v * 100)} %`, colors: ['#fff', '#000'], max: 1 },
    ) as unknown as { series: { data: number[][] }[]; xAxis: { data: string[] }; visualMap: { max: number; text: string[] }; tooltip: { formatter: (p: { value: number[] }) => string } };
    expect(option.series[0].data).toEqual([[0, 0, 0.1], [1, 0, 0.1], [2, 0, 0.1], [0, 1, 0.2], [1, 1, 0.5], [2, 1, 0.9]]);
    expect(option.xAxis.data).toEqual(['0 d', '7 d', '20 wk']);
    expect(option.visualMap).toMatchObject({ max: 1, text: ['100 %', '0 %'] });
    expect(option.tooltip.formatter({ value: [2, 1, 0.9] })).toBe('1 repeat purchase, last one 20 wk after the first<br/>P(alive): <b>90 %</b>');
  });

  it('scales to the largest value when no maximum is given', () => {
    const option = frequencyRecencyOption({ frequency: [0], recencyDays: [0, 30], values: [0.5, 2.5] }, { valueName: 'E', format: String, colors: ['#fff', '#000'] }) as unknown as { visualMap: { max: number } };
    expect(option.visualMap.max).toBe(2.5);
    expect(recencyLabel(13)).toBe('13 d');
  });
});

describe('clvDistributionOption', () => {
  it('labels bands with money and the open last band', () => {
    const money = (v: number) => `$${v}`;
    expect(bandLabels([0, 10, 20], money)).toEqual(['$0–$10', '$10–$20', '$20 or more']);
    const option = clvDistributionOption([0, 10, 20], [5, 2, 1], money, String) as unknown as LineOption;
    expect(option.series[0].data).toEqual([5, 2, 1]);
    expect(option.tooltip.formatter([{ seriesName: 'Customers', name: '$0–$10', value: 5, marker: '' }])).toBe('Predicted value $0–$10<br/>Customers: <b>5</b>');
  });
});
