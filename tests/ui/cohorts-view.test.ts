// The cohorts view's pure parts: heatmap cells (values, text, colours that keep WCAG AA contrast), the
// all-cohorts row, payback sentences, and the LTV and time-between-orders option builders.
import { describe, expect, it } from 'vitest';
import { cohortTable, paybackPeriods } from '../../src/core/analytics/cohorts.ts';
import { buildCustomers } from '../../src/core/analytics/customers.ts';
import { civilDay } from '../../src/core/ingest/dates.ts';
import { averageLtv, cohortShade, ltvCurvesOption } from '../../src/ui/charts/options/cohorts-ltv.ts';
import { gapLabels, timeBetweenOrdersOption } from '../../src/ui/charts/options/cohorts-gaps.ts';
import {
  allCohortsRow, cellStyle, cellText, cellValue, contrast, paybackSummary, paybackText, scaleRange, shade, WHITE_TEXT_FROM,
} from '../../src/ui/views/cohorts/cohort-cells.ts';
import { tableOf } from '../core/clv/load-table.ts';

const d = (iso: string) => civilDay(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));

// January cohort: a (10 on Jan 5, 20 on Feb 10) and b (10 on Jan 20); February cohort: c (40 + 5 in
// February, 15 on Apr 1). Observation ends on Apr 1.
const cs = buildCustomers(tableOf([
  { customer: 'a', day: d('2024-01-05'), amount: 10 },
  { customer: 'a', day: d('2024-02-10'), amount: 20 },
  { customer: 'b', day: d('2024-01-20'), amount: 10 },
  { customer: 'c', day: d('2024-02-03'), amount: 40 },
  { customer: 'c', day: d('2024-02-25'), amount: 5 },
  { customer: 'c', day: d('2024-04-01'), amount: 15 },
]));
const table = cohortTable(cs, { asOf: d('2024-04-01') });

describe('heatmap cells', () => {
  it('reads the chosen figure and leaves periods not reached blank', () => {
    expect(cellValue(table, 'retention', 0, 1)).toBe(0.5);
    expect(cellValue(table, 'revenue', 1, 0)).toBe(45);
    expect(cellValue(table, 'ltv', 1, 2)).toBe(60);
    expect(cellValue(table, 'ltv', 1, 3)).toBeNull();
  });

  it('scales colours without the acquisition period for retention and revenue, with it for LTV', () => {
    // Later periods: retention 0.5, 0, 0 (January) and 0, 1 (February: c again in April).
    expect(scaleRange(table, 'retention')).toEqual({ min: 0, max: 1 });
    expect(scaleRange(table, 'revenue')).toEqual({ min: 0, max: 20 });
    // LTV cells: 10, 20, 20, 20 (January) and 45, 45, 60 (February); few cells, so the scale starts at 0.
    expect(scaleRange(table, 'ltv')).toEqual({ min: 0, max: 60 });
  });

  it('takes the 95th percentile when there are many cells, so one outlier does not wash out the colours', () => {
    // One cohort of 1 + 40 periods: retention 0.01, 0.02, ... 0.40 after the first period.
    const periods = 41;
    const retention = Float64Array.from({ length: periods }, (_, p) => (p === 0 ? 1 : p / 100));
    const big = { ...table, cohorts: 1, periods, observed: new Int32Array([periods]), retention };
    expect(scaleRange(big, 'retention')).toEqual({ min: 0.02, max: 0.38 });
  });

  it('writes percentages, compact revenue and whole-currency LTV', () => {
    expect(cellText(0.123, 'retention', 'USD')).toBe('12%');
    expect(cellText(0.001, 'retention', 'USD')).toBe('<1%');
    expect(cellText(0, 'retention', 'USD')).toBe('0%');
    expect(cellText(12_345, 'revenue', 'USD')).toBe('$12.3K');
    expect(cellText(665.5, 'revenue', 'USD')).toBe('$666');
    expect(cellText(-21.5, 'revenue', 'USD')).toBe('-$22');
    expect(cellText(35.7, 'ltv', 'EUR')).toBe('€36');
    expect(cellText(null, 'ltv', 'EUR')).toBe('');
  });

  it('keeps a text contrast of at least 4.5:1 on every shade', () => {
    for (let i = 0; i <= 200; i++) {
      const t = i / 200;
      const text = t >= WHITE_TEXT_FROM ? [255, 255, 255] : [0x1d, 0x23, 0x30];
      expect(contrast(shade(t), text), `t = ${t}`).toBeGreaterThanOrEqual(4.5);
    }
    expect(cellStyle(2, { min: 0, max: 1 })).toContain('color: #ffffff');
    expect(cellStyle(0, { min: 0, max: 1 })).toContain('color: #1d2330');
    // Below the scale's start the colour stays at its lightest.
    expect(cellStyle(0.01, { min: 0.02, max: 0.4 })).toBe('background: rgb(244, 247, 253); color: #1d2330;');
    expect(cellStyle(null, { min: 0, max: 1 })).toBe('');
  });
});

describe('allCohortsRow', () => {
  it('weights retention and LTV by cohort size and sums revenue, over the cohorts that reached the period', () => {
    // Period 1: January 1 of 2 active, February 0 of 1 -> 1/3; period 3: only January (0 of 2).
    expect(allCohortsRow(table, 'retention')).toEqual([1, 1 / 3, 1 / 3, 0]);
    expect(allCohortsRow(table, 'revenue')).toEqual([65, 20, 15, 0]);
    // Period 0: (10 x 2 + 45 x 1) / 3.
    expect(allCohortsRow(table, 'ltv')[0]).toBeCloseTo(65 / 3, 12);
  });
});

describe('payback', () => {
  it('names the period and sums up the cohorts with a cost', () => {
    expect(paybackText(-1, 'Month')).toBe('not yet');
    expect(paybackText(0, 'Month')).toBe('in its first month');
    expect(paybackText(2, 'Week')).toBe('after 2 weeks');
    // CAC 20: January (LTV 10, 20) pays back in period 1; February (45) in period 0.
    const cac = new Float64Array([20, 20]);
    const payback = paybackPeriods(table, cac);
    expect(Array.from(payback)).toEqual([1, 0]);
    expect(paybackSummary(payback, cac, 'Month')).toBe('2 of 2 cohorts have paid back their cost; half of those did so in the month of their first purchase.');
    expect(paybackSummary(payback, new Float64Array([NaN, NaN]), 'Month')).toBeNull();
    expect(paybackSummary(new Int32Array([-1, 3]), new Float64Array([100, 100]), 'Month')).toBe('1 of 2 cohorts has paid back their cost; half of those did so within 3 months of the first purchase.');
    expect(paybackSummary(new Int32Array([-1]), new Float64Array([100]), 'Month')).toBe('The cohort with a cost has not paid it back yet.');
    expect(paybackSummary(new Int32Array([-1, -1]), new Float64Array([100, 100]), 'Month')).toBe('None of the 2 cohorts with a cost has paid it back yet.');
  });
});

describe('ltvCurvesOption', () => {
  it('draws one line per cohort up to its last observed period and the weighted average', () => {
    const option = ltvCurvesOption(table, 'Month', (v) => `$${v.toFixed(2)}`) as {
      series: { name: string; data: (number | null)[] }[]; xAxis: { data: string[] };
      tooltip: { formatter: (i: { dataIndex: number }[]) => string };
    };
    expect(option.xAxis.data).toEqual(['0', '1', '2', '3']);
    expect(option.series.map((s) => s.name)).toEqual(['2024-01', '2024-02', 'Average']);
    expect(option.series[1].data).toEqual([45, 45, 60]);
    // Period 2: (20 x 2 + 60 x 1) / 3; period 3: January only.
    expect(option.series[2].data[2]).toBeCloseTo(100 / 3, 12);
    expect(option.series[2].data[3]).toBe(20);
    expect(option.tooltip.formatter([{ dataIndex: 3 }])).toBe('Month 3 after the first purchase<br/>Average of 1 cohorts: <b>$20.00</b> per customer');
    expect(averageLtv(table).cohorts).toEqual([2, 2, 2, 1]);
  });

  it('shades older cohorts lighter than recent ones', () => {
    expect(cohortShade(0, 3)).toBe('rgb(190, 208, 238)');
    expect(cohortShade(2, 3)).toBe('rgb(47, 111, 223)');
  });
});

describe('timeBetweenOrdersOption', () => {
  const gaps = { binDays: 30, bins: 3, all: new Int32Array([1, 2, 1]), firstToSecond: new Int32Array([1, 1, 0]), secondToThird: new Int32Array([0, 1, 1]) };
  it('labels 30-day steps with an open last step and plots the chosen gaps', () => {
    expect(gapLabels(gaps)).toEqual(['0–29', '30–59', '60+']);
    const option = timeBetweenOrdersOption(gaps, 'secondToThird') as {
      series: { data: number[] }[]; xAxis: { axisLabel: { formatter: (l: string) => string } };
      tooltip: { formatter: (i: { dataIndex: number }[]) => string };
    };
    expect(option.series[0].data).toEqual([0, 1, 1]);
    expect(option.xAxis.axisLabel.formatter('30–59')).toBe('30');
    expect(option.xAxis.axisLabel.formatter('60+')).toBe('60+');
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toBe('2nd to 3rd purchase<br/>30–59 days later: <b>1</b> (50.0 %)');
  });
});
