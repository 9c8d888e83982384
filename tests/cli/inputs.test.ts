// What the command line says about its input: rejected lines by reason, approximate identities, several
// currencies (never added), overlapping files, models that cannot be fitted, and its exit statuses.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeAsync, analyzeJson, DATASETS, filesIn, FIXTURES, STACK_LINE } from './run.ts';

describe('real and real-looking exports', () => {
  it('Online Retail: every line accepted or rejected with its reason, identities exact', () => {
    const { result } = analyzeJson(join(DATASETS, 'online-retail/online_retail.csv'));
    const input = result.input;
    expect(input).toMatchObject({ format: 'online-retail', rows: 541_909, rejected: 135_080, rejectedByReason: { 'missing-customer': 135_080 } });
    expect(input.accepted + input.rejected).toBe(input.rows);
    expect(input.returns).toBeGreaterThan(0);
    expect(input.identity).toBeUndefined();
    expect(input.currency).toBeUndefined();
    expect(result.period).toMatchObject({ first: '2010-12-01', asOf: '2011-12-09', calibrationEnd: null, timeUnit: 'day' });
    expect(result.metrics.customers).toBe(4338);
    // All four models fit on these days (Pareto/NBD is a known failure case of other tools).
    for (const name of ['bgnbd', 'paretoNbd', 'mbgnbd', 'gammaGamma']) expect(result.models[name].error).toBeUndefined();
  });

  it('Amazon All Orders (no buyer column): identity approximate in the JSON and said on stderr', () => {
    const { result, stderr } = analyzeJson(join(FIXTURES, 'amazon-all-orders.tsv'));
    expect(result.input.format).toBe('amazon');
    expect(result.input.identity).toBe('approximate');
    expect(result.input.accepted + result.input.rejected).toBe(result.input.rows);
    expect(stderr).toMatch(/amazon-all-orders\.tsv has no buyer email or id: customers are told apart by ship postal code, city and country, so every customer figure is approximate/);
    const readable = analyze(join(FIXTURES, 'amazon-all-orders.tsv'));
    expect(readable.stdout).toMatch(/Identity\s+approximate/);
  });

  it('several currencies: figures in the main one only, said in input.currency and on stderr', () => {
    const dir = filesIn({
      'orders.csv': 'customer,date,value,currency\na,2024-01-01,10,USD\nb,2024-01-02,20,USD\na,2024-01-09,5,USD\nc,2024-01-03,1000,EUR\n',
    });
    const { result, stderr } = analyzeJson(join(dir, 'orders.csv'));
    expect(result.input.currency).toBe('USD');
    expect(result.input.currencies).toEqual({ USD: 3, EUR: 1 });
    expect(result.input.accepted).toBe(4);
    // 10 + 20 + 5 dollars; the 1,000 euros are not added to them.
    expect(result.metrics).toMatchObject({ customers: 2, totalSales: 35 });
    expect(stderr).toMatch(/several currencies: USD \(3 lines\), EUR \(1 line\)\. Every figure is in USD/);
  });

  it('two overlapping exports add no line twice', () => {
    const dir = filesIn({
      'jan.csv': 'customer,date,value,order\na,2024-01-01,10,o1\nb,2024-01-02,20,o2\n',
      'jan-feb.csv': 'customer,date,value,order\nb,2024-01-02,20,o2\na,2024-02-01,30,o3\n',
    });
    const { result } = analyzeJson(join(dir, 'jan.csv'), join(dir, 'jan-feb.csv'));
    expect(result.input).toMatchObject({ rows: 4, accepted: 3, rejected: 1, rejectedByReason: { 'duplicate-line': 1 } });
    expect(result.metrics).toMatchObject({ customers: 2, orders: 3, totalSales: 60 });
  });

  it('a model that cannot be fitted is {error} in its place, and no forecast number is made up', () => {
    const dir = filesIn({ 'few.csv': 'customer,date,value\na,2024-01-01,10\nb,2024-01-02,20\na,2024-01-09,5\n' });
    const { result } = analyzeJson(join(dir, 'few.csv'));
    for (const name of ['bgnbd', 'paretoNbd', 'mbgnbd', 'gammaGamma']) expect(result.models[name]).toEqual({ error: expect.any(String) });
    expect(result.forecast).toEqual({ horizonDays: 90, expectedPurchases: {} });
    const readable = analyze(join(dir, 'few.csv'));
    expect(readable.stdout).toMatch(/BG\/NBD not fitted: only 2 customers/);
    expect(readable.stdout).toMatch(/Forecast\s+none/);
  });
});

describe('exit statuses', () => {
  const dir = filesIn({ 'ok.csv': 'customer,date,value\na,2024-01-01,10\n', 'summary.csv': 'customer,frequency,recency,T\na,0,0,5\n' });
  const ok = join(dir, 'ok.csv');

  it('1 for usage errors, with the reason and the usage', async () => {
    const cases: [string[], RegExp][] = [
      [[], /no input file given/],
      [[ok, '--time-travel'], /unknown option --time-travel/],
      [[ok, '--as-of', '2024-02-30'], /--as-of takes a date as YYYY-MM-DD/],
      // (Each flag's own checks are in args.test.ts, in process.)
      [[ok, '--calibration-end', '2024-03-01'], /--calibration-end 2024-03-01 is after the last purchase/],
      [[ok, '--json', '--as-of'], /--as-of needs a value/],
      [[ok, join(dir, 'summary.csv')], /summary\.csv is a per-customer summary file; analyse it on its own/],
      [[ok, '--customers', join(dir, 'no-such-folder', 'out.csv')], /--customers: .* cannot be written/],
    ];
    const runs = await Promise.all(cases.map(([args]) => analyzeAsync(...args)));
    for (const [k, [args, message]] of cases.entries()) {
      const run = runs[k];
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(STACK_LINE);
    }
  });

  it('2 for input that cannot be read, in one sentence naming the file', async () => {
    const bad = filesIn({ 'empty.csv': '', 'book.xlsx': 'PK\u0003\u0004\u0000\u0000\u0000\u0000binary\u0000\u0000' });
    const cases: [string, RegExp][] = [
      [join(bad, 'empty.csv'), /^empty\.csv: /],
      [join(bad, 'book.xlsx'), /^book\.xlsx, line 1: /],
      [bad, /: the file cannot be opened \(it is a folder, not a file\)/],
      [join(bad, 'gone.csv'), /^gone\.csv: the file cannot be opened \(it does not exist\)/],
    ];
    const runs = await Promise.all(cases.map(([file]) => analyzeAsync(file, '--json')));
    for (const [k, [file, message]] of cases.entries()) {
      const run = runs[k];
      expect(run.status, file).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(STACK_LINE);
    }
  });

  it('0 with --help, and --flag=value works like --flag value', () => {
    const help = analyze('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--calibration-end YYYY-MM-DD/);
    expect(analyzeJson(ok, '--time-unit=week').result.period.timeUnit).toBe('week');
  });
});
