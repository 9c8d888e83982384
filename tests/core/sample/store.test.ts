import { beforeAll, describe, expect, it } from 'vitest';
import {
  COLUMN_NAMES, FLAG_CANCELLED, FLAG_RETURN, concatColumns, type OrderLineColumns,
} from '../../../src/core/columns/table.ts';
import { CHUNK_LINES } from '../../../src/core/columns/builder.ts';
import { civilDay, dayToCivil } from '../../../src/core/ingest/dates.ts';
import { SAMPLE_PRODUCTS, sampleProduct, sampleProductName } from '../../../src/core/sample/catalogue.ts';
import {
  SAMPLE_DAYS, SAMPLE_END_DAY, SAMPLE_MARKETPLACES, generateSampleStore, sampleCostTable,
  type SampleStore, type SampleStoreOptions,
} from '../../../src/core/sample/store.ts';

interface Generated {
  store: SampleStore;
  chunks: OrderLineColumns[];
  columns: OrderLineColumns;
}

async function generate(options: Omit<SampleStoreOptions, 'onChunk'>): Promise<Generated> {
  const chunks: OrderLineColumns[] = [];
  const store = await generateSampleStore({ ...options, onChunk: (chunk) => { chunks.push(chunk); } });
  return { store, chunks, columns: concatColumns(chunks) };
}

function expectSameColumns(a: OrderLineColumns, b: OrderLineColumns) {
  expect(a.length).toBe(b.length);
  for (const name of COLUMN_NAMES) expect(a[name], name).toEqual(b[name]);
}

const CUSTOMERS = 6000;
let sample: Generated;
let lastSale: Map<number, number>; // order -> day of its sale lines

beforeAll(async () => {
  sample = await generate({ customers: CUSTOMERS, seed: 7 });
  lastSale = new Map();
  const c = sample.columns;
  for (let i = 0; i < c.length; i++) if (!(c.flags[i] & FLAG_RETURN)) lastSale.set(c.order[i], c.day[i]);
});

/** Purchase occasions per customer (days with a sale that is neither cancelled nor returned), as INTERFACES.md. */
function occasionsPerCustomer(c: OrderLineColumns, customers: number): { count: Int32Array; value: Float64Array } {
  const days = new Map<number, Set<number>>();
  const value = new Float64Array(customers);
  for (let i = 0; i < c.length; i++) {
    if (c.flags[i] !== 0) continue;
    let set = days.get(c.customer[i]);
    if (!set) days.set(c.customer[i], (set = new Set()));
    set.add(c.day[i]);
    value[c.customer[i]] += c.amount[i];
  }
  const count = new Int32Array(customers);
  for (const [customer, set] of days) count[customer] = set.size;
  return { count, value };
}

describe('generateSampleStore', () => {
  it('is deterministic: the same seed gives the same columns and dictionaries', async () => {
    const again = await generate({ customers: CUSTOMERS, seed: 7 });
    expectSameColumns(again.columns, sample.columns);
    expect(again.store.dictionaries).toEqual(sample.store.dictionaries);
    expect(again.store.lines).toBe(sample.store.lines);
  });

  it('gives a different store for a different seed', async () => {
    const other = await generate({ customers: CUSTOMERS, seed: 8 });
    expect(other.store.dictionaries.customer.slice(0, 50)).not.toEqual(sample.store.dictionaries.customer.slice(0, 50));
    expect(other.store.dictionaries.order.slice(0, 50)).not.toEqual(sample.store.dictionaries.order.slice(0, 50));
    expect(other.columns.length).not.toBe(sample.columns.length);
  });

  it('cuts chunks of exactly chunkLines lines, whatever the size, without changing the lines', async () => {
    expect(sample.chunks.slice(0, -1).every((c) => c.length === CHUNK_LINES)).toBe(true);
    const small = await generate({ customers: CUSTOMERS, seed: 7, chunkLines: 1000 });
    expect(small.chunks.length).toBe(Math.ceil(small.store.lines / 1000));
    for (const chunk of small.chunks.slice(0, -1)) {
      expect(chunk.length).toBe(1000);
      expect(chunk.day.length).toBe(1000);
    }
    const last = small.chunks[small.chunks.length - 1];
    expect(last.day.length).toBe(last.length); // trimmed, ready to store or transfer
    expectSameColumns(small.columns, sample.columns);
  });

  it('reports progress and waits for an asynchronous onChunk before going on', async () => {
    const events: string[] = [];
    let customersSeen = 0;
    await generateSampleStore({
      customers: 2000, chunkLines: 1500,
      onChunk: async (chunk) => {
        events.push(`start ${chunk.length}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
        events.push('end');
      },
      onProgress: (p) => {
        expect(p.customers).toBeGreaterThanOrEqual(customersSeen);
        expect(p.totalCustomers).toBe(2000);
        customersSeen = p.customers;
      },
    });
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i]).toMatch(/^start /);
      expect(events[i + 1]).toBe('end');
    }
    expect(events.length).toBeGreaterThan(4);
    expect(customersSeen).toBe(2000);
  });

  it('has exactly the customers asked for, each with at least one purchase', async () => {
    const { store, columns } = sample;
    expect(store.customers).toBe(CUSTOMERS);
    expect(store.dictionaries.customer).toHaveLength(CUSTOMERS);
    const bought = (g: Generated) => {
      const seen = new Uint8Array(g.store.customers);
      for (let i = 0; i < g.columns.length; i++) if (g.columns.flags[i] === 0) seen[g.columns.customer[i]] = 1;
      return seen.every((x) => x === 1);
    };
    expect(bought(sample)).toBe(true);
    expect(bought(await generate({ customers: 20_000, seed: 1 }))).toBe(true);
    expect(store.lines).toBe(columns.length);
    expect(store.orders).toBe(store.dictionaries.order.length);
    expect(store.orders).toBeGreaterThan(CUSTOMERS);
  });

  it('spans two years to the fixed end date by default, and honours given dates', async () => {
    const { store, columns } = sample;
    expect(store.endDay).toBe(civilDay(2026, 1, 31));
    expect(store.startDay).toBe(civilDay(2024, 2, 1));
    expect(store.endDay - store.startDay + 1).toBe(SAMPLE_DAYS);
    let first = Infinity;
    let last = -Infinity;
    for (let i = 0; i < columns.length; i++) {
      first = Math.min(first, columns.day[i]);
      last = Math.max(last, columns.day[i]);
    }
    expect(first).toBeGreaterThanOrEqual(store.startDay);
    expect(first).toBeLessThan(store.startDay + 7);
    expect(last).toBeLessThanOrEqual(SAMPLE_END_DAY);
    expect(last).toBeGreaterThan(SAMPLE_END_DAY - 3);

    const custom = await generate({ customers: 300, startDay: civilDay(2020, 1, 1), endDay: civilDay(2020, 12, 31) });
    for (let i = 0; i < custom.columns.length; i++) {
      expect(custom.columns.day[i]).toBeGreaterThanOrEqual(civilDay(2020, 1, 1));
      expect(custom.columns.day[i]).toBeLessThanOrEqual(civilDay(2020, 12, 31));
    }
    await expect(generateSampleStore({ customers: 0, onChunk: () => {} })).rejects.toThrow(RangeError);
    await expect(generateSampleStore({ customers: 10, startDay: 100, endDay: 50, onChunk: () => {} })).rejects.toThrow(RangeError);
  });

  it('writes only valid lines: codes in range, signs by kind, currency by marketplace, unique line keys', () => {
    const { store, columns: c } = sample;
    const d = store.dictionaries;
    const keys = new Set<number>();
    const problems: string[] = [];
    const check = (ok: boolean, i: number, what: string) => {
      if (!ok && problems.length < 10) problems.push(`line ${i}: ${what}`);
    };
    for (let i = 0; i < c.length; i++) {
      check(c.customer[i] >= 0 && c.customer[i] < d.customer.length, i, 'customer code');
      check(c.order[i] >= 0 && c.order[i] < d.order.length, i, 'order code');
      check(c.sku[i] >= 0 && c.sku[i] < d.sku.length, i, 'sku code');
      const marketplace = d.marketplace[c.marketplace[i]];
      check(d.currency[c.currency[i]] === (marketplace === 'Amazon DE' ? 'EUR' : 'USD'), i, 'currency of the marketplace');
      check(d.sku[c.sku[i]].endsWith('-DE') === (marketplace === 'Amazon DE'), i, 'SKU of the marketplace');
      check(Number.isInteger(c.quantity[i]), i, 'whole quantity');
      check(Math.round(c.amount[i] * 100) / 100 === c.amount[i], i, 'amount in cents');
      if (c.flags[i] & FLAG_RETURN) {
        check(c.flags[i] === FLAG_RETURN && c.quantity[i] < 0 && c.amount[i] < 0, i, 'a return is negative');
      } else {
        check((c.flags[i] === 0 || c.flags[i] === FLAG_CANCELLED) && c.quantity[i] > 0 && c.amount[i] > 0, i, 'a sale is positive');
      }
      const key = c.lineKey[i];
      check(Number.isSafeInteger(key) && key >= 0 && key < 2 ** 52, i, 'line key of 52 bits');
      keys.add(key);
    }
    expect(problems).toEqual([]);
    expect(keys.size).toBe(c.length);
  });

  it('uses the three marketplaces with their currencies, Amazon DE only after it opened', () => {
    const { store, columns: c } = sample;
    expect(store.marketplaces).toEqual([
      { name: 'Amazon US', currency: 'USD' }, { name: 'Amazon DE', currency: 'EUR' }, { name: 'Shopify', currency: 'USD' },
    ]);
    expect(SAMPLE_MARKETPLACES).toEqual(store.marketplaces);
    expect(store.dictionaries.marketplace).toEqual(['Amazon US', 'Amazon DE', 'Shopify']);
    expect(store.dictionaries.currency).toEqual(['USD', 'EUR']);
    const customersBy = [new Set<number>(), new Set<number>(), new Set<number>()];
    let firstDe = Infinity;
    for (let i = 0; i < c.length; i++) {
      customersBy[c.marketplace[i]].add(c.customer[i]);
      if (c.marketplace[i] === 1) firstDe = Math.min(firstDe, c.day[i]);
    }
    const shares = customersBy.map((s) => s.size / CUSTOMERS);
    expect(shares[0]).toBeGreaterThan(0.45);
    expect(shares[1]).toBeGreaterThan(0.1);
    expect(shares[2]).toBeGreaterThan(0.2);
    expect(firstDe).toBeGreaterThan(store.startDay + 100);
    // Some US customers shop in both US stores; nobody is both in Germany and the US.
    const both = [...customersBy[0]].filter((x) => customersBy[2].has(x)).length;
    expect(both).toBeGreaterThan(20);
    expect([...customersBy[1]].filter((x) => customersBy[0].has(x) || customersBy[2].has(x))).toEqual([]);
  });

  it('names customers with unique, plausible example.com addresses', () => {
    const emails = sample.store.dictionaries.customer;
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(email).toMatch(/^[a-z]+[._]?[a-z]+\d*(\.\d+)?@example\.com$/);
    expect(emails.filter((e) => /^[a-z]+\.[a-z]+\d*@/.test(e)).length / emails.length).toBeGreaterThan(0.4);
  });

  it('numbers orders like the platforms: 113-1234567-1234567 on Amazon, #1001 upwards in time order on Shopify', () => {
    const { store, columns: c } = sample;
    const orders = store.dictionaries.order;
    expect(new Set(orders).size).toBe(orders.length);
    const shopifyDay = new Map<number, number>();
    for (let i = 0; i < c.length; i++) {
      const id = orders[c.order[i]];
      if (c.marketplace[i] === 2) {
        expect(id).toMatch(/^#\d+$/);
        if (!(c.flags[i] & FLAG_RETURN)) shopifyDay.set(Number(id.slice(1)), c.day[i]);
      } else {
        expect(id).toMatch(c.marketplace[i] === 1 ? /^(30[2-6]|028)-\d{7}-\d{7}$/ : /^11[1-4]-\d{7}-\d{7}$/);
      }
    }
    const numbers = [...shopifyDay.keys()].sort((a, b) => a - b);
    expect(numbers[0]).toBe(1001);
    expect(numbers[numbers.length - 1]).toBe(1000 + numbers.length);
    for (let i = 1; i < numbers.length; i++) expect(shopifyDay.get(numbers[i])!).toBeGreaterThanOrEqual(shopifyDay.get(numbers[i - 1])!);
  });

  it('has multi-line orders, quantities above one, and orders worth a plausible amount', () => {
    const c = sample.columns;
    const linesOf = new Map<number, number>();
    const valueOf = new Map<number, number>();
    let multiUnit = 0;
    for (let i = 0; i < c.length; i++) {
      if (c.flags[i] !== 0) continue;
      linesOf.set(c.order[i], (linesOf.get(c.order[i]) ?? 0) + 1);
      valueOf.set(c.order[i], (valueOf.get(c.order[i]) ?? 0) + c.amount[i]);
      if (c.quantity[i] > 1) multiUnit++;
    }
    const counts = [...linesOf.values()];
    const multi = counts.filter((n) => n > 1).length / counts.length;
    expect(multi).toBeGreaterThan(0.15);
    expect(multi).toBeLessThan(0.6);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(4);
    expect(multiUnit / c.length).toBeGreaterThan(0.03);
    const values = [...valueOf.values()];
    const aov = values.reduce((a, b) => a + b, 0) / values.length;
    expect(aov).toBeGreaterThan(20);
    expect(aov).toBeLessThan(80);
  });

  it('has a few % returns, each after its order, of something that order sold, and a few cancelled lines', () => {
    const c = sample.columns;
    const sold = new Map<string, number>();
    for (let i = 0; i < c.length; i++) {
      if (c.flags[i] === 0) sold.set(`${c.order[i]}/${c.sku[i]}`, c.quantity[i]);
    }
    let returns = 0;
    let cancelled = 0;
    for (let i = 0; i < c.length; i++) {
      if (c.flags[i] & FLAG_CANCELLED) cancelled++;
      if (!(c.flags[i] & FLAG_RETURN)) continue;
      returns++;
      const quantity = sold.get(`${c.order[i]}/${c.sku[i]}`);
      expect(quantity).toBeDefined();
      expect(-c.quantity[i]).toBeLessThanOrEqual(quantity!);
      expect(c.day[i]).toBeGreaterThan(lastSale.get(c.order[i])!);
      expect(c.day[i] - lastSale.get(c.order[i])!).toBeLessThanOrEqual(60);
    }
    expect(returns / c.length).toBeGreaterThan(0.01);
    expect(returns / c.length).toBeLessThan(0.06);
    expect(cancelled / c.length).toBeGreaterThan(0.005);
    expect(cancelled / c.length).toBeLessThan(0.05);
  });

  it('has heterogeneous customers: a realistic repeat rate, some very frequent buyers, spread-out spend', () => {
    const { count, value } = occasionsPerCustomer(sample.columns, CUSTOMERS);
    let repeaters = 0;
    let frequent = 0;
    for (const n of count) {
      if (n >= 2) repeaters++;
      if (n >= 10) frequent++;
    }
    expect(repeaters / CUSTOMERS).toBeGreaterThan(0.2);
    expect(repeaters / CUSTOMERS).toBeLessThan(0.7);
    expect(frequent).toBeGreaterThan(CUSTOMERS * 0.005);
    expect(Math.max(...count)).toBeGreaterThanOrEqual(15);
    // Spend per occasion differs between customers well beyond the noise of a few orders.
    const perOccasion = Array.from(count, (n, i) => (n >= 3 ? value[i] / n : NaN)).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    const q = (p: number) => perOccasion[Math.floor(p * (perOccasion.length - 1))];
    expect(q(0.9) / q(0.1)).toBeGreaterThan(2.5);
  });

  it('peaks in Q4: November and December sell more per day than the spring and summer', () => {
    const { store, columns: c } = sample;
    const linesPerMonth = new Map<string, number>();
    for (let i = 0; i < c.length; i++) {
      if (c.flags[i] !== 0) continue;
      const { year, month } = dayToCivil(c.day[i]);
      linesPerMonth.set(`${year}-${month}`, (linesPerMonth.get(`${year}-${month}`) ?? 0) + 1);
    }
    for (const year of [2024, 2025]) {
      const q4 = (linesPerMonth.get(`${year}-11`)! + linesPerMonth.get(`${year}-12`)!) / 61;
      const midYear = [4, 5, 6, 7, 8, 9].reduce((s, m) => s + linesPerMonth.get(`${year}-${m}`)!, 0) / 183;
      expect(q4 / midYear).toBeGreaterThan(1.25);
    }
    // Black Friday 2025 (28 November) outsells the Friday a month before it.
    const blackFriday = civilDay(2025, 11, 28);
    let bf = 0;
    let before = 0;
    for (let i = 0; i < c.length; i++) {
      if (c.flags[i] !== 0) continue;
      if (c.day[i] === blackFriday) bf++;
      if (c.day[i] === blackFriday - 28) before++;
    }
    expect(bf).toBeGreaterThan(1.8 * before);
    expect(store.endDay).toBeGreaterThan(blackFriday);
  });

  it('has a cost table that covers every SKU, in the currency the SKU sells in, below its price', () => {
    const { store, columns: c } = sample;
    const costs = store.costs;
    expect(costs.sku).toHaveLength(2 * SAMPLE_PRODUCTS.length);
    expect(costs.unitCost).toHaveLength(costs.sku.length);
    expect(costs.currency).toHaveLength(costs.sku.length);
    expect(new Set(costs.sku).size).toBe(costs.sku.length);
    expect(store.dictionaries.sku).toEqual(costs.sku);
    expect(store.products.sku).toEqual(costs.sku);
    const costRow = new Map(costs.sku.map((sku, i) => [sku, i]));
    for (let i = 0; i < c.length; i++) {
      const sku = store.dictionaries.sku[c.sku[i]];
      const row = costRow.get(sku);
      expect(row).toBeDefined();
      expect(costs.currency[row!]).toBe(store.dictionaries.currency[c.currency[i]]);
    }
    costs.sku.forEach((sku, i) => {
      const product = sampleProduct(sku)!;
      const price = costs.currency[i] === 'EUR' ? product.priceEur : product.priceUsd;
      expect(costs.unitCost[i]).toBeGreaterThan(0);
      expect(costs.unitCost[i]).toBeLessThan(price);
      expect(store.products.name[i]).toBe(product.name);
    });
    expect(sampleCostTable().sku).toEqual(costs.sku);
  });

  it('sells most of the catalogue, with names for the UI', () => {
    const { store, columns: c } = sample;
    const sold = new Set<string>();
    for (let i = 0; i < c.length; i++) sold.add(store.dictionaries.sku[c.sku[i]].replace(/-DE$/, ''));
    expect(SAMPLE_PRODUCTS.length).toBeGreaterThanOrEqual(55);
    expect(sold.size).toBe(SAMPLE_PRODUCTS.length);
    for (const sku of store.dictionaries.sku) expect(sampleProductName(sku)).toMatch(/\w/);
    expect(sampleProductName('NOT-A-SKU')).toBeUndefined();
    expect(new Set(SAMPLE_PRODUCTS.map((p) => p.name)).size).toBe(SAMPLE_PRODUCTS.length);
  });

  it('codes against a dataset\'s dictionaries, and loads into it again without new entries', async () => {
    const start = { customer: ['someone@example.org'], order: ['#1'], sku: ['OWN-SKU'], currency: ['GBP'], marketplace: ['Amazon UK'] };
    const small = await generate({ customers: 500, seed: 3 });
    const into = await generate({ customers: 500, seed: 3, dictionaries: start });
    const decode = (g: Generated) => {
      const d = g.store.dictionaries;
      const c = g.columns;
      return Array.from({ length: c.length }, (_, i) =>
        [d.customer[c.customer[i]], d.order[c.order[i]], d.sku[c.sku[i]], d.currency[c.currency[i]], d.marketplace[c.marketplace[i]], c.day[i], c.amount[i], c.lineKey[i]].join('|'));
    };
    expect(decode(into)).toEqual(decode(small));
    expect(into.store.dictionaries.customer[0]).toBe('someone@example.org');
    expect(into.store.dictionaries.marketplace).toEqual(['Amazon UK', 'Amazon US', 'Amazon DE', 'Shopify']);
    // The same sample again into the dataset it made: the same codes, the same keys, nothing added.
    const again = await generate({ customers: 500, seed: 3, dictionaries: into.store.dictionaries });
    expectSameColumns(again.columns, into.columns);
    expect(again.store.dictionaries.customer).toHaveLength(into.store.dictionaries.customer.length);
    expect(again.store.dictionaries.order).toHaveLength(into.store.dictionaries.order.length);
  });
});
