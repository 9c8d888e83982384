// Tables for the analytics tests: hand-built ones, the real CDNOW and Online Retail files, and a seeded
// synthetic store for the timing test.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { OrderLineBuilder } from '../../../src/core/columns/builder.ts';
import { FLAG_CANCELLED, FLAG_FREE_PURCHASE, FLAG_RETURN, allocateColumns, concatColumns, type OrderTable } from '../../../src/core/columns/table.ts';
import { civilDay } from '../../../src/core/ingest/dates.ts';

export const CDNOW_MASTER = '../shared/datasets/cdnow/CDNOW_master.txt';
export const CDNOW_SAMPLE = '../shared/datasets/cdnow/CDNOW_sample.txt';
export const ONLINE_RETAIL = '../shared/datasets/online-retail/online_retail.csv';

/** `2024-03-05` as a day number. */
export function d(iso: string): number {
  const [y, m, day] = iso.split('-').map(Number);
  return civilDay(y, m, day);
}

export interface HandLine {
  customer: string;
  day: string;
  amount: number;
  quantity?: number;
  order?: string | null;
  sku?: string | null;
  marketplace?: string;
  currency?: string;
  cancelled?: boolean;
  free?: boolean;
}

/** A table from readable lines; a negative amount or quantity is a return, as the importer flags it. */
export function handTable(lines: readonly HandLine[]): OrderTable {
  const builder = new OrderLineBuilder(undefined, 1 << 16);
  lines.forEach((l, i) => {
    const quantity = l.quantity ?? 1;
    let flags = l.amount < 0 || quantity < 0 ? FLAG_RETURN : 0;
    if (l.cancelled) flags |= FLAG_CANCELLED;
    if (l.free) flags |= FLAG_FREE_PURCHASE;
    builder.push({
      day: d(l.day), customer: l.customer, order: l.order ?? null, sku: l.sku ?? null, quantity, amount: l.amount,
      currency: l.currency ?? 'USD', marketplace: l.marketplace ?? 'default', flags, lineKey: i,
    });
  });
  const chunks = builder.finish();
  return { columns: concatColumns(chunks), dictionaries: builder.snapshotDictionaries() };
}

const cache = new Map<string, OrderTable>();

/**
 * A CDNOW file (master: `customer date cds dollars` with a header; sample: `master sample date cds
 * dollars` without) read directly, as the importer reads it: each line an order line of its customer's
 * day, a $0.00 line a free purchase (table.ts FLAG_FREE_PURCHASE). Read here rather than through the
 * importer so that these tests do not move while the importer grows new formats.
 */
export function cdnowTable(path: string): OrderTable {
  const hit = cache.get(path);
  if (hit) return hit;
  const builder = new OrderLineBuilder(undefined, 1 << 17);
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((text, i) => {
    const fields = text.trim().split(/\s+/);
    if (fields.length < 4 || !/^\d+$/.test(fields[0])) return;
    const [customer, date, cds, dollars] = fields.length === 5 ? [fields[0], fields[2], fields[3], fields[4]] : fields;
    const amount = Number(dollars);
    const quantity = Number(cds);
    const day = civilDay(Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8)));
    const flags = amount === 0 && quantity > 0 ? FLAG_FREE_PURCHASE : 0;
    builder.push({ day, customer, order: null, sku: null, quantity, amount, currency: 'USD', marketplace: 'default', flags, lineKey: i });
  });
  const table = { columns: concatColumns(builder.finish()), dictionaries: builder.snapshotDictionaries() };
  cache.set(path, table);
  return table;
}

/**
 * The UCI Online Retail file as order lines: invoices as orders, stock codes as SKUs, countries as
 * marketplaces, `C` invoices as returns; lines without a customer are left out (as the importer rejects
 * them). Read here with PapaParse because this test needs SKUs, orders and several marketplaces, and
 * does not depend on the importer's format detection.
 */
export function onlineRetailTable(): OrderTable {
  const hit = cache.get(ONLINE_RETAIL);
  if (hit) return hit;
  const parsed = Papa.parse<string[]>(readFileSync(ONLINE_RETAIL, 'utf8'), { skipEmptyLines: true });
  const rows = parsed.data.slice(1);
  const builder = new OrderLineBuilder(undefined, 1 << 20);
  rows.forEach(([invoice, stock, , qty, date, price, customer, country], i) => {
    if (!customer) return;
    const quantity = Number(qty);
    const amount = Math.round(quantity * Number(price) * 100) / 100;
    const day = d(date.slice(0, 10));
    const flags = invoice.startsWith('C') || quantity < 0 || amount < 0 ? FLAG_RETURN : 0;
    builder.push({ day, customer, order: invoice, sku: stock, quantity, amount, currency: 'GBP', marketplace: country, flags, lineKey: i });
  });
  const table = { columns: concatColumns(builder.finish()), dictionaries: builder.snapshotDictionaries() };
  cache.set(ONLINE_RETAIL, table);
  return table;
}

/** Mulberry32: a small seeded generator, so that every run sees the same synthetic store. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A synthetic store: `customers` customers over two years in three marketplaces, a geometric number of
 * purchase days each (mean about 3), one to three lines per order, 5 % of lines later returned, and
 * 500 SKUs with unit costs. Built straight into columns, as the importer would leave them.
 */
export function syntheticTable(customers: number, seed = 42): { table: OrderTable; unitCost: Float64Array } {
  const random = seeded(seed);
  const start = d('2022-01-01');
  const span = 730;
  const skus = 500;
  const capacity = customers * 12;
  const c = allocateColumns(capacity);
  let n = 0;
  let orderId = 0;
  const push = (day: number, customer: number, order: number, sku: number, quantity: number, amount: number, market: number, flags: number) => {
    c.day[n] = day;
    c.customer[n] = customer;
    c.order[n] = order;
    c.sku[n] = sku;
    c.quantity[n] = quantity;
    c.amount[n] = amount;
    c.currency[n] = 0;
    c.marketplace[n] = market;
    c.flags[n] = flags;
    c.lineKey[n] = n;
    n++;
  };
  for (let k = 0; k < customers; k++) {
    const market = random() < 0.6 ? 0 : random() < 0.5 ? 1 : 2;
    let day = start + Math.floor(random() * span);
    do {
      const lines = 1 + Math.floor(random() * 3);
      const order = orderId++;
      for (let l = 0; l < lines && n < capacity - 1; l++) {
        const sku = Math.floor(random() ** 2 * skus);
        const quantity = 1 + Math.floor(random() * 3);
        const amount = Math.round(quantity * (5 + sku / 10) * 100) / 100;
        push(day, k, order, sku, quantity, amount, market, 0);
        if (random() < 0.05) push(day + 3, k, order, sku, -quantity, -amount, market, FLAG_RETURN);
      }
      day += 1 + Math.floor(-Math.log(1 - random()) * 60);
    } while (random() < 0.65 && day < start + span && n < capacity - 8);
  }
  c.length = n;
  const unitCost = new Float64Array(skus);
  for (let s = 0; s < skus; s++) unitCost[s] = s % 50 === 0 ? NaN : Math.round((2 + s / 20) * 100) / 100;
  const table: OrderTable = {
    columns: c,
    dictionaries: {
      customer: Array.from({ length: customers }, (_, k) => `c${k}`),
      order: Array.from({ length: orderId }, (_, o) => `o${o}`),
      sku: Array.from({ length: skus }, (_, s) => `sku${s}`),
      currency: ['USD'],
      marketplace: ['US', 'UK', 'DE'],
    },
  };
  return { table, unitCost };
}
