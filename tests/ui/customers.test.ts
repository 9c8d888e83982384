// The customer views' pure parts: cell texts (a missing model figure is empty, never 0), links to a
// customer's page with the id encoded, the notes about the models and tiers, and the customer page's figures.
import { describe, expect, it } from 'vitest';
import type { CustomerRow } from '../../src/state/customers.svelte.ts';
import type { CustomerDetail, CustomerFacts, CustomerListInfo } from '../../src/state/types.ts';
import { ariaSort, cellText, CUSTOMER_COLUMNS, customerHref, FITTING_COLUMNS, GRID_COLUMNS, listMoney, modelNote, rowCells, tierRulesText } from '../../src/ui/views/customers/columns.ts';
import { formatMoney } from '../../src/ui/format.ts';
import { customerFacts, lineText } from '../../src/ui/views/customers/customer-facts.ts';

const row: CustomerRow = {
  id: 'ann@example.com', firstDay: 19723, lastDay: 19875, orders: 3, revenue: 1234.5, aov: 411.5, r: 5, f: 4, m: 3,
  segment: 'Top Tier', tier: 'Gold', tierDetail: 'Gold', pAlive: Number.NaN, expected: Number.NaN, clv: Number.NaN,
};

const model = { state: 'ready', problem: null, clvProblem: null, horizonDays: 90, months: 12, discountMonthly: 0.01 } as const;

function info(more: Partial<CustomerListInfo> = {}): CustomerListInfo {
  return {
    customers: 10, matched: 10, currency: 'USD', currencies: ['USD'], asOf: 19875, segmentMap: 'Amazon', segmentNames: [], tierNames: ['(none)'],
    tierRules: [{ thresholdType: 'revenue', marketplace: 'Shop', tiers: [{ name: 'Gold', threshold: 200 }, { name: 'Platinum', threshold: 500 }] }],
    tiersSaved: false, tierNote: null, marketplaces: ['Shop'], model, ...more,
  };
}

describe('customer list columns', () => {
  it('has every column of the brief, each with a one-line explanation and a width', () => {
    expect(CUSTOMER_COLUMNS.map((c) => c.key)).toEqual(['id', 'firstDay', 'lastDay', 'orders', 'revenue', 'aov', 'r', 'f', 'm', 'segment', 'tier', 'pAlive', 'expected', 'clv']);
    for (const c of CUSTOMER_COLUMNS) expect(c.hint.length).toBeGreaterThan(10);
    expect(GRID_COLUMNS.match(/rem/g)).toHaveLength(CUSTOMER_COLUMNS.length);
  });

  it('leaves unclipped only the columns of dates, counts, scores and percentages', () => {
    const fitting = CUSTOMER_COLUMNS.filter((c) => FITTING_COLUMNS.has(c.key)).map((c) => c.key);
    expect(fitting).toEqual(['firstDay', 'lastDay', 'orders', 'r', 'f', 'm', 'pAlive', 'expected']);
    // Their widest texts are short (the browser test measures them in the list's own font).
    const widest = { ...row, firstDay: 2_932_896, orders: 999_999, pAlive: 1, expected: 9_999.99 };
    expect(['firstDay', 'orders', 'pAlive', 'expected'].map((key) => cellText(key as 'orders', widest, 'USD'))).toEqual(['9999-12-31', '999,999', '100 %', '9999.99']);
  });

  it('formats cells in the list currency and leaves missing model figures empty', () => {
    expect(cellText('firstDay', row, 'USD')).toBe('2024-01-01');
    expect(cellText('revenue', row, 'USD')).toBe('$1,234.50');
    expect(cellText('revenue', row, 'EUR')).toBe('€1,234.50');
    expect(cellText('pAlive', row, 'USD')).toBe('');
    expect(cellText('clv', row, 'USD')).toBe('');
    const fitted = { ...row, pAlive: 0.8766, expected: 1.234, clv: 99.5 };
    expect(cellText('pAlive', fitted, 'USD')).toBe('87.7 %');
    expect(cellText('expected', fitted, 'USD')).toBe('1.23');
    expect(cellText('clv', fitted, 'USD')).toBe('$99.50');
  });

  it('gives a row’s cells in column order, kept per row and currency', () => {
    const cells = rowCells(row, 'USD');
    expect(cells).toHaveLength(CUSTOMER_COLUMNS.length);
    expect(cells[CUSTOMER_COLUMNS.findIndex((c) => c.key === 'revenue')]).toBe('$1,234.50');
    expect(rowCells(row, 'USD')).toBe(cells);
    expect(rowCells(row, 'EUR')[4]).toBe('€1,234.50');
  });

  it('writes money as formatMoney does, with its number formats kept between rows', () => {
    for (const [v, c] of [[0, 'USD'], [-12.345, 'USD'], [99_999.99, 'EUR'], [123_456.78, 'USD'], [5, 'JPY']] as const) expect(listMoney(v, c)).toBe(formatMoney(v, c));
    expect(listMoney(Number.NaN, 'USD')).toBe('');
  });

  it('links to a customer page with the id encoded', () => {
    expect(customerHref('<img src=x onerror=alert(1)>')).toBe('#/customers/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
    expect(customerHref('a/b#c')).toBe('#/customers/a%2Fb%23c');
  });

  it('marks the sorted column for assistive technology', () => {
    expect(ariaSort('revenue', 'revenue', true)).toBe('descending');
    expect(ariaSort('revenue', 'revenue', false)).toBe('ascending');
    expect(ariaSort('orders', 'revenue', true)).toBeUndefined();
  });

  it('says why the model columns are empty', () => {
    expect(modelNote(info(), false)).toBeNull();
    expect(modelNote(info({ model: { ...model, state: 'pending' } }), true)?.text).toMatch(/Fitting/);
    const failed = modelNote(info({ model: { ...model, state: 'failed', problem: 'The purchase model (BG/NBD) could not be fitted: too few customers.' } }), false);
    expect(failed).toEqual({ kind: 'warning', text: 'The purchase model (BG/NBD) could not be fitted: too few customers. P(alive), expected purchases and CLV stay empty.' });
    expect(modelNote(info({ model: { ...model, clvProblem: 'No repeat buyers.' } }), false)?.text).toMatch(/^No repeat buyers\. Predicted CLV stays empty/);
  });

  it('states the tier rules in use, highest tier first', () => {
    expect(tierRulesText(info())).toBe('Default tiers (set your own under Tiers): Shop: net revenue Platinum > 500, Gold > 200.');
    expect(tierRulesText(info({ tiersSaved: true }))).toMatch(/^Your tier rules: /);
  });
});

describe('customer page figures', () => {
  const facts: CustomerFacts = {
    firstDay: 19723, lastDay: 19875, recencyDays: 12, purchaseDays: 3, orders: 4, grossRevenue: 140, returns: -20, netRevenue: 120, aov: 30,
    profit: null, r: 5, f: 3, m: 2, segment: 'Promising', segmentDescription: 'Recent buyers who are not yet frequent top spenders.',
    tiers: [{ marketplace: 'Shop', tier: 'Silver', rule: 'net revenue in Shop over 50 USD' }], pAlive: 0.9, expected: 1.5, clv: 80,
  };
  const detail: Pick<CustomerDetail, 'currency' | 'model'> = { currency: 'USD', model };

  it('shows every figure with its explanation', () => {
    const shown = Object.fromEntries(customerFacts(facts, detail).map((f) => [f.key, f]));
    expect(shown.revenue.value).toBe('$120.00');
    expect(shown.revenue.hint).toBe('$140.00 bought, $20.00 returned.');
    expect(shown.rfm.value).toBe('R 5 · F 3 · M 2');
    expect(shown.tier).toMatchObject({ label: 'Tier', value: 'Silver', hint: 'Silver: net revenue in Shop over 50 USD.' });
    expect(shown['p-alive'].value).toBe('90 %');
    expect(shown.clv.value).toBe('$80.00');
    expect(shown.profit).toBeUndefined();
  });

  it('leaves the model figures empty with the reason when the model failed', () => {
    const failed = { currency: 'EUR', model: { ...model, state: 'failed' as const, problem: 'Too few customers.' } };
    const shown = Object.fromEntries(customerFacts({ ...facts, pAlive: null, expected: null, clv: null, profit: 12 }, failed).map((f) => [f.key, f]));
    expect(shown['p-alive']).toMatchObject({ value: '', hint: 'Too few customers.' });
    expect(shown.clv.value).toBe('');
    expect(shown.profit.value).toBe('€12.00');
  });

  it('describes order lines, returns and cancellations in the order currency', () => {
    expect(lineText({ sku: 'SKU-1', quantity: 2, amount: 20, kind: 'sale' }, 'USD')).toBe('2 × SKU-1: $20.00');
    expect(lineText({ sku: null, quantity: -1, amount: -5, kind: 'return' }, 'EUR')).toBe('1 × item without SKU: -€5.00 (returned)');
    expect(lineText({ sku: 'X', quantity: 1, amount: 9, kind: 'cancelled' }, 'USD')).toBe('1 × X: $9.00 (cancelled, not counted)');
  });
});
