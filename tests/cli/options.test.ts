// The command line's options on small hand-made files, each with the figure worked out by hand.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeJson, DATASETS, filesIn, FIXTURES } from './run.ts';

/** Net revenue per customer: a 250 (> 200: Platinum), b exactly 200 (not above 200: Gold), c exactly 100
 * (not above 100: none), d 100.01 (Gold), e 50 then a return of 60 (net -10: none). */
const TIERED = `customer,date,value,order
a,2024-01-05,150,o1
a,2024-02-05,100,o2
b,2024-01-06,200,o3
c,2024-01-07,100,o4
d,2024-01-08,100.01,o5
e,2024-01-09,50,o6
e,2024-01-20,-60,o7
`;

const RULES = { thresholdType: 'revenue', marketplace: '*', tiers: [{ name: 'Platinum', threshold: 200 }, { name: 'Gold', threshold: 100 }] };

describe('--tiers FILE', () => {
  it('counts customers by the highest threshold they strictly exceed; equal to a threshold is not above it', () => {
    const dir = filesIn({ 'orders.csv': TIERED, 'tiers.json': JSON.stringify(RULES) });
    const { result } = analyzeJson(join(dir, 'orders.csv'), '--tiers', join(dir, 'tiers.json'));
    expect(result.tiers).toEqual({ counts: { Platinum: 1, Gold: 2, '(none)': 2 } });
    expect(Object.keys(result)).toEqual(['input', 'period', 'metrics', 'segments', 'tiers', 'models', 'forecast']);
  });

  it('leaves tiers out without the option, and takes orders thresholds and negative ones', () => {
    const dir = filesIn({
      'orders.csv': TIERED,
      'tiers.json': JSON.stringify({ thresholdType: 'orders', marketplace: '*', tiers: [{ name: 'Repeat', threshold: 1 }] }),
      'loss.json': JSON.stringify({ thresholdType: 'revenue', marketplace: '*', tiers: [{ name: 'Any', threshold: -20 }, { name: 'Big', threshold: 120 }] }),
    });
    expect(analyzeJson(join(dir, 'orders.csv')).result.tiers).toBeUndefined();
    expect(analyzeJson(join(dir, 'orders.csv'), '--tiers', join(dir, 'tiers.json')).result.tiers.counts).toEqual({ Repeat: 1, '(none)': 4 });
    // Net -10 exceeds -20: every customer is at least "Any"; a (250) and b (200) exceed 120.
    expect(analyzeJson(join(dir, 'orders.csv'), '--tiers', join(dir, 'loss.json')).result.tiers.counts).toEqual({ Big: 2, Any: 3, '(none)': 0 });
  });

  it('refuses invalid rules with exit 1 and every problem named', () => {
    const dir = filesIn({
      'orders.csv': TIERED,
      'bad.json': JSON.stringify({ thresholdType: 'visits', marketplace: '*', tiers: [{ name: 'A', threshold: 1 }, { name: 'A', threshold: 'lots' }] }),
      'broken.json': '{ "thresholdType": ',
    });
    const bad = analyze(join(dir, 'orders.csv'), '--tiers', join(dir, 'bad.json'));
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/thresholdType must be one of orders, units, revenue, profit/);
    expect(bad.stderr).toMatch(/names two tiers "A"/);
    expect(bad.stderr).toMatch(/threshold must be a finite number/);
    const broken = analyze(join(dir, 'orders.csv'), '--tiers', join(dir, 'broken.json'));
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/not valid JSON/);
    expect(analyze(join(dir, 'orders.csv'), '--tiers', join(dir, 'missing.json')).status).toBe(1);
  });
});

describe('--customers FILE', () => {
  it('writes one row per customer with the INTERFACES.md columns', () => {
    const dir = filesIn({ 'orders.csv': TIERED, 'tiers.json': JSON.stringify(RULES) });
    const out = join(dir, 'customers.csv');
    analyzeJson(join(dir, 'orders.csv'), '--tiers', join(dir, 'tiers.json'), '--customers', out);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,frequency,recency,T,monetary,R,F,M,segment,tier,p_alive,expected_purchases,clv');
    expect(lines).toHaveLength(6);
    const row = Object.fromEntries(lines.slice(1).map((l) => [l.split(',')[0], l.split(',')]));
    // a: occasions on 2024-01-05 and 2024-02-05 (31 days); the data end on 2024-02-05 (the last purchase).
    expect(row.a.slice(1, 5)).toEqual(['1', '31', '31', '100']);
    expect(row.a[9]).toBe('Platinum');
    expect(row.b[9]).toBe('Gold');
    expect(row.c[9]).toBe('(none)');
    // One-time buyers have no repeat spend; five customers are too few to fit a model, so no model columns.
    expect(row.b[4]).toBe('');
    expect(row.b.slice(10)).toEqual(['', '', '']);
    for (const r of Object.values(row)) expect(Number(r[5])).toBeGreaterThanOrEqual(1);
  });

  it('neutralises formula-like ids so that a spreadsheet shows them as text', () => {
    const dir = filesIn({ 'orders.csv': 'customer,date,value\n"=HYPERLINK(""http://evil.example"",""x"")",2024-01-01,10\n+15551234,2024-01-02,5\n@SUM(A1),2024-01-03,7\nplain,2024-01-04,3\n' });
    const out = join(dir, 'customers.csv');
    analyzeJson(join(dir, 'orders.csv'), '--customers', out);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(text).toContain("\r\n'+15551234,");
    // An id with @ is read as an email: trimmed and lower-cased.
    expect(text).toContain("\r\n'@sum(a1),");
    expect(text).toContain('\r\nplain,');
    expect(text).not.toMatch(/(^|\r\n)[=+@-]/);
  });

  it('fills the model columns for every CDNOW customer, in weeks', () => {
    const dir = filesIn({});
    const out = join(dir, 'cdnow.csv');
    analyzeJson(join(DATASETS, 'cdnow/CDNOW_sample.txt'), '--calibration-end', '1997-09-30', '--time-unit', 'week', '--customers', out);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n').slice(1).map((l) => l.split(','));
    expect(lines).toHaveLength(2357);
    for (const l of lines) {
      expect(Number(l[10])).toBeGreaterThan(0);
      expect(Number(l[10])).toBeLessThanOrEqual(1);
      expect(l[11]).not.toBe('');
      expect(l[12]).not.toBe('');
    }
    // Weeks: every T is at most the 39 weeks from 1997-01-01 to the calibration end.
    expect(Math.max(...lines.map((l) => Number(l[3])))).toBeLessThanOrEqual(39.0001);
  });
});

describe('input options', () => {
  it('--format overrides the header: CDNOW read as a plain event log drops its $0 promotional lines', () => {
    const master = join(DATASETS, 'cdnow/CDNOW_master.txt');
    const auto = analyzeJson(master).result;
    const events = analyzeJson(master, '--format', 'events').result;
    expect(auto.input.format).toBe('cdnow');
    expect(auto.metrics.customers).toBe(23_570);
    expect(events.input.format).toBe('events');
    expect(events.metrics.customers).toBeLessThan(23_570);
    // A format the header does not fit is refused, naming what is missing.
    const dir = filesIn({ 'orders.csv': TIERED });
    const wrong = analyze(join(dir, 'orders.csv'), '--format', 'online-retail');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/^orders\.csv, line 1: /);
  });

  it('--map reads a CSV with other header names (by name or column number)', () => {
    const dir = filesIn({ 'export.csv': 'Kunde,Tag,Betrag,Notiz\nK1,2024-03-01,10,x\nK2,2024-03-02,20,y\nK1,2024-03-09,30,z\n' });
    const unmapped = analyze(join(dir, 'export.csv'));
    expect(unmapped.status).toBe(2);
    expect(unmapped.stderr).toMatch(/--map customer=COL,date=COL,value=COL/);
    for (const map of ['customer=Kunde,date=Tag,value=Betrag', 'customer=1,date=2,value=3']) {
      const { result } = analyzeJson(join(dir, 'export.csv'), '--map', map);
      expect(result.input).toMatchObject({ format: 'events', rows: 3, accepted: 3 });
      expect(result.metrics).toMatchObject({ customers: 2, totalSales: 60, repeatCustomers: 1, medianRepeatIntervalDays: 8 });
    }
    const missing = analyze(join(dir, 'export.csv'), '--map', 'customer=Kunde,date=Datum,value=Betrag');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/date = "Datum"/);
  });

  it('--date-order settles dates such as 05/01/2024; without it the run stops and says to pass it', () => {
    const file = join(FIXTURES, 'custom-export.csv');
    const map = ['--map', 'customer=Kundennummer,date=Bestelldatum,value=Umsatz,order=Beleg'];
    const open = analyze(file, ...map);
    expect(open.status).toBe(2);
    expect(open.stdout).toBe('');
    expect(open.stderr.trim().split('\n')).toHaveLength(1);
    expect(open.stderr).toMatch(/^custom-export\.csv, line 2: the dates \(such as "05\/01\/2024"\).*pass --date-order dmy .* or --date-order mdy/);
    expect(analyzeJson(file, ...map, '--date-order', 'dmy').result.period.first).toBe('2024-01-05');
    expect(analyzeJson(file, ...map, '--date-order', 'mdy').result.period.first).toBe('2024-05-01');
  });

  it('--pseudonymise SALT keeps only salted SHA-256 hashes of the identities', () => {
    const dir = filesIn({ 'orders.csv': 'customer,date,value\nAnn@Shop.com,2024-01-01,10\nann@shop.com ,2024-02-01,5\nbob,2024-01-03,7\n' });
    const out = join(dir, 'customers.csv');
    const { result } = analyzeJson(join(dir, 'orders.csv'), '--pseudonymise', 'pepper', '--customers', out);
    expect(result.input.pseudonymised).toBe(true);
    expect(result.metrics.customers).toBe(2);
    const ids = readFileSync(out, 'utf8').trimEnd().split('\r\n').slice(1).map((l) => l.split(',')[0]).sort();
    const hash = (id: string) => createHash('sha256').update(`pepper\u0000${id}`).digest('hex');
    expect(ids).toEqual([hash('ann@shop.com'), hash('bob')].sort());
    expect(readFileSync(out, 'utf8')).not.toMatch(/ann|bob/);
  });

  it('--segment-map classic counts the eleven classic segments', () => {
    const { result } = analyzeJson(join(DATASETS, 'cdnow/CDNOW_sample.txt'), '--segment-map', 'classic');
    expect(result.segments.map).toBe('classic');
    expect(Object.keys(result.segments.counts)).toHaveLength(11);
    expect(Object.values(result.segments.counts).reduce((a: number, b) => a + (b as number), 0)).toBe(2357);
  });

  it('--as-of ends the observation early', () => {
    const { result } = analyzeJson(join(DATASETS, 'cdnow/CDNOW_sample.txt'), '--as-of', '1997-03-31');
    expect(result.period.asOf).toBe('1997-03-31');
    expect(result.metrics.customers).toBe(2357);
    expect(result.metrics.orders).toBeLessThan(6696);
  });
});
