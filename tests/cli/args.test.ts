// The pure parts of the command line, in process: reading flags, the --map syntax and the readable tables.
import { describe, expect, it } from 'vitest';
import { parseArgs, parseMapping, UsageError } from '../../src/cli/args.ts';
import { param, table } from '../../src/cli/readable.ts';
import { civilDay } from '../../src/core/ingest/dates.ts';

describe('parseArgs', () => {
  it('has the defaults of INTERFACES.md', () => {
    expect(parseArgs(['a.csv'])).toEqual({
      files: ['a.csv'], json: false, format: 'auto', timeUnit: 'day', horizonDays: 90, discountMonthly: 0.01, segmentMap: 'amazon', help: false,
    });
  });

  it('reads every flag, in either spelling', () => {
    const o = parseArgs([
      'a.csv', 'b.csv', '--json', '--format', 'shopify', '--map=customer=Email,date=Created at,value=3', '--as-of', '2024-06-30',
      '--calibration-end=2024-03-31', '--time-unit', 'week', '--horizon-days', '30', '--discount-monthly', '0.02', '--segment-map', 'classic',
      '--tiers', 't.json', '--customers', 'c.csv', '--date-order', 'dmy', '--pseudonymise', 's3cret',
    ]);
    expect(o).toMatchObject({
      files: ['a.csv', 'b.csv'], json: true, format: 'shopify', mapping: { customer: 'Email', date: 'Created at', value: '3' },
      asOf: civilDay(2024, 6, 30), calibrationEnd: civilDay(2024, 3, 31), timeUnit: 'week', horizonDays: 30, discountMonthly: 0.02,
      segmentMap: 'classic', tiersFile: 't.json', customersFile: 'c.csv', dateOrder: 'dmy', pseudonymiseSalt: 's3cret',
    });
  });

  it('refuses what it cannot use, with the flag named', () => {
    const refused = (args: string[]) => {
      try {
        parseArgs(args);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error(`accepted ${args.join(' ')}`);
    };
    expect(refused([])).toMatch(/no input file/);
    expect(refused(['a.csv', '--json=yes'])).toMatch(/--json takes no value/);
    expect(refused(['a.csv', '--customers'])).toMatch(/--customers needs a value/);
    expect(refused(['a.csv', '--tiers', '--json'])).toMatch(/--tiers needs a value/);
    expect(refused(['a.csv', '--horizon-days', '7.5'])).toMatch(/whole number/);
    expect(refused(['a.csv', '--discount-monthly', '-0.1'])).toMatch(/fraction/);
    expect(refused(['a.csv', '--pseudonymise', ''])).toMatch(/needs a salt/);
    expect(refused(['a.csv', '-x'])).toMatch(/unknown option -x/);
    expect(refused(['a.csv', '--as-of', '2024-02-30'])).toMatch(/--as-of takes a date as YYYY-MM-DD, not "2024-02-30"/);
    expect(refused(['a.csv', '--time-unit', 'month'])).toMatch(/--time-unit takes day, week/);
    expect(refused(['a.csv', '--format', 'excel'])).toMatch(/--format takes auto, amazon/);
    expect(refused(['a.csv', '--segment-map', 'rfm'])).toMatch(/--segment-map takes amazon, classic/);
    expect(refused(['a.csv', '--date-order', 'ymd'])).toMatch(/--date-order takes dmy, mdy/);
    expect(refused(['a.csv', '--horizon-days', '0'])).toMatch(/--horizon-days takes a whole number/);
    expect(refused(['a.csv', '--discount-monthly', '10'])).toMatch(/--discount-monthly takes a monthly rate as a fraction/);
    expect(refused(['a.csv', '--map', 'client=A'])).toMatch(/--map: "client" is not a field/);
    expect(refused(['a.csv', '--calibration-end', '2024-03-01', '--as-of', '2024-02-01'])).toMatch(/--calibration-end must not be after --as-of/);
  });
});

describe('parseMapping', () => {
  it('maps fields to columns by name (spaces kept) or number', () => {
    expect(parseMapping('customer=Customer Email, date = Order Date ,value=7,sku=SKU')).toEqual({
      customer: 'Customer Email', date: 'Order Date', value: '7', sku: 'SKU',
    });
  });

  it('refuses unknown fields, empty columns and a field named twice', () => {
    expect(() => parseMapping('buyer=A')).toThrow(/"buyer" is not a field/);
    expect(() => parseMapping('customer=')).toThrow(/customer needs a column/);
    expect(() => parseMapping('customer=A,customer=B')).toThrow(/names customer twice/);
    expect(() => parseMapping(',')).toThrow(/at least one/);
  });
});

describe('readable tables', () => {
  it('pads columns to the widest cell, numbers to the right', () => {
    expect(table(['Name', 'Count'], [['Top Tier', '643'], ['At-Risk', '1,084']], ['left', 'right'])).toEqual([
      '  Name      Count',
      '  --------  -----',
      '  Top Tier    643',
      '  At-Risk   1,084',
    ]);
  });

  it('writes model parameters to four significant digits, extremes in exponent form', () => {
    expect(param(0.24259456801364254)).toBe('0.2426');
    expect(param(4.413603342966331)).toBe('4.414');
    expect(param(2.4034177541961127e-6)).toBe('2.403e-6');
    expect(param(3011445.584860187)).toBe('3.011e+6');
  });
});
