// The cost table import: the stored shape the analytics worker reads, rejects with line, column and reason,
// updates that keep other products, and plain refusals that change nothing.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCostTable, loadCostTable, mergeCostTables, parseCostTable, removeCostTable, type CostTable } from '../../src/data/import-costs.ts';
import { ensureDataset } from '../../src/data/orders.ts';
import { openDatabase, type LoyaltyDatabase } from '../../src/data/schema.ts';

const textFile = (name: string, text: string | Uint8Array) => Object.assign(new Blob([text as BlobPart]), { name });
const bytes = (text: string) => new TextEncoder().encode(text);

let db: LoyaltyDatabase;
let n = 0;
beforeEach(async () => {
  db = openDatabase(`test-import-costs-${n++}`);
  await ensureDataset(db, 'store');
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('parseCostTable', () => {
  it('reads sku and unit cost, with a currency column, a symbol or the default', () => {
    const { table, report } = parseCostTable(bytes('SKU,Unit Cost,Currency\nA-1,12.50,eur\nA-2,"1,234.00",\nA-3,£3.10,\n'), 'costs.csv', 'USD');
    expect(table.sku).toEqual(['A-1', 'A-2', 'A-3']);
    expect(Array.from(table.unitCost)).toEqual([12.5, 1234, 3.1]);
    expect(table.currency).toEqual(['EUR', 'USD', 'GBP']);
    expect(table.unitCost).toBeInstanceOf(Float64Array);
    expect(report).toMatchObject({ rows: 3, accepted: 3, rejected: 0 });
  });

  it('reads semicolons and decimal commas', () => {
    const { table } = parseCostTable(bytes('sku;unit_cost\nA;1.234,56\nB;0,99\n'), 'costs.csv', 'EUR');
    expect(Array.from(table.unitCost)).toEqual([1234.56, 0.99]);
  });

  it('rejects bad lines with their line, column and reason, and counts every line', () => {
    const text = 'sku,unit_cost\nA,1\n,2\nB,abc\nC,-1\nA,3\nD\n\nE,=1+1\n';
    const { table, report } = parseCostTable(bytes(text), 'costs.csv', 'USD');
    expect(table.sku).toEqual(['A']);
    expect(report.rows).toBe(7);
    expect(report.accepted + report.rejected).toBe(report.rows);
    expect(report.rejects.map((r) => [r.line, r.column, r.reason])).toEqual([
      [3, 1, 'missing-sku'], [4, 2, 'bad-cost'], [5, 2, 'bad-cost'], [6, 1, 'duplicate-sku'], [7, null, 'wrong-field-count'], [9, 2, 'bad-cost'],
    ]);
    expect(report.rejects[3].detail).toContain('line 2');
  });

  it('refuses a file without sku and cost columns, naming its first line', () => {
    expect(() => parseCostTable(bytes('product,price\nA,1\n'), 'prices.csv', 'USD')).toThrow(/prices\.csv: .*"sku".*"unit_cost".*product, price/);
    expect(() => parseCostTable(new Uint8Array(0), 'empty.csv', 'USD')).toThrow(/empty/);
  });
});

describe('mergeCostTables', () => {
  it('replaces the cost of the same sku and currency and keeps the rest', () => {
    const stored: CostTable = { sku: ['A', 'B'], unitCost: Float64Array.from([1, 2]), currency: ['USD', 'USD'] };
    const merged = mergeCostTables(stored, { sku: ['B', 'B', 'C'], unitCost: Float64Array.from([5, 6, 7]), currency: ['USD', 'EUR', 'USD'] });
    expect(merged.sku).toEqual(['A', 'B', 'B', 'C']);
    expect(Array.from(merged.unitCost)).toEqual([1, 5, 6, 7]);
    expect(merged.currency).toEqual(['USD', 'USD', 'EUR', 'USD']);
  });
});

describe('importCostTable', () => {
  it('stores { sku, unitCost, currency } as the dataset costs setting, merges a second file and marks the dataset changed', async () => {
    const before = (await db.datasets.get('store'))!.updatedAt;
    await new Promise((r) => setTimeout(r, 5));
    const first = await importCostTable(db, 'store', textFile('costs.csv', 'sku,unit_cost\nA,1.5\nB,2\n'), 'usd');
    expect(first).toMatchObject({ state: 'done', accepted: 2, stored: 2, currencies: ['USD'] });
    const second = await importCostTable(db, 'store', textFile('more.csv', 'sku,unit_cost\nB,2.5\nC,3\n'), 'USD');
    expect(second).toMatchObject({ state: 'done', accepted: 2, stored: 3 });
    const record = (await db.datasetSettings.get(['store', 'costs']))?.value as CostTable;
    expect(record.sku).toEqual(['A', 'B', 'C']);
    expect(record.unitCost).toBeInstanceOf(Float64Array);
    expect(Array.from(record.unitCost)).toEqual([1.5, 2.5, 3]);
    expect(record.currency).toEqual(['USD', 'USD', 'USD']);
    expect((await db.datasets.get('store'))!.updatedAt).toBeGreaterThan(before);
    await removeCostTable(db, 'store');
    expect(await loadCostTable(db, 'store')).toBeNull();
  });

  it('changes nothing for a file with no readable cost', async () => {
    await importCostTable(db, 'store', textFile('costs.csv', 'sku,unit_cost\nA,1\n'), 'USD');
    const outcome = await importCostTable(db, 'store', textFile('bad.csv', 'sku,unit_cost\nA,free\n'), 'USD');
    expect(outcome.state).toBe('error');
    if (outcome.state === 'error') expect(outcome.message).toMatch(/bad\.csv: no line .* nothing was changed/);
    expect(Array.from((await loadCostTable(db, 'store'))!.unitCost)).toEqual([1]);
    const binary = await importCostTable(db, 'store', textFile('x.csv', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0])), 'USD');
    expect(binary.state).toBe('error');
  });
});
