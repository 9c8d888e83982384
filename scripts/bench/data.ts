// The benchmark's input files, generated from the seeded sample store (src/core/sample/store.ts) and kept in
// bench-data/ between runs: a file is reused when its side file says it was made by this generator version
// with the same seed and size, and the file on disk still has the size it was written with.
//
// The files are plain event logs (`customer,date,value,order,quantity,sku,currency,marketplace`, the `events`
// layout of src/core/ingest/formats.ts), one line per order line of the store: returns as negative lines (the
// import flags them as returns), cancelled lines left out (the layout has no status column). The store sells
// in US dollars and euros on three marketplaces, so the file says which, as a shop's export does: without it
// euro amounts would be added to dollar amounts (and the file would be a quarter smaller than the 100 MB a
// million real export lines take). Lines are sorted by
// date, as a shop's export is, rather than grouped by customer as the generator emits them: grouped lines
// would flatter any importer that caches the previous line's customer.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { say, fmtInt, fmtMB, fmtMs } from './stats.ts';

/** Bump when the content or layout of the generated files changes, so that old files are not reused. */
const GENERATOR_VERSION = 2;
export const BENCH_SEED = 42;
export const DATA_DIR = 'bench-data';
export const CSV_HEADER = 'customer,date,value,order,quantity,sku,currency,marketplace';

export interface CsvData {
  path: string;
  /** Data lines (the header not counted). */
  lines: number;
  bytes: number;
  /** Distinct customers in the file. */
  customers: number;
  seed: number;
  firstDay: string;
  lastDay: string;
  reused: boolean;
  generateMs: number;
}

interface Meta extends Omit<CsvData, 'path' | 'reused'> {
  version: number;
  kind: string;
}

/** The parts of the sample store and its columns this file needs (typed loosely: the API is young). */
interface Chunk {
  length: number;
  day: Int32Array;
  customer: Int32Array;
  order: Int32Array;
  sku: Int32Array;
  quantity: Float64Array;
  amount: Float64Array;
  currency: Int32Array;
  marketplace: Int32Array;
  flags: Uint8Array;
}
interface Store {
  dictionaries: { customer: string[]; order: string[]; sku: string[]; currency: string[]; marketplace: string[] };
  lines: number;
}
type Generate = (options: { customers: number; seed?: number; onChunk: (chunk: Chunk) => void }) => Promise<Store>;

const FLAG_CANCELLED = 2;

async function generator(): Promise<{ generate: Generate; formatDay: (day: number) => string }> {
  const sample = (await import('../../src/core/sample/store.ts')) as unknown as { generateSampleStore?: Generate };
  const dates = (await import('../../src/core/ingest/dates.ts')) as unknown as { formatDay?: (day: number) => string };
  if (typeof sample.generateSampleStore !== 'function') throw new Error('src/core/sample/store.ts has no generateSampleStore()');
  if (typeof dates.formatDay !== 'function') throw new Error('src/core/ingest/dates.ts has no formatDay()');
  return { generate: sample.generateSampleStore, formatDay: dates.formatDay };
}

async function generateStore(customers: number, seed: number): Promise<{ chunks: Chunk[]; store: Store }> {
  const { generate } = await generator();
  const chunks: Chunk[] = [];
  const store = await generate({ customers, seed, onChunk: (chunk) => void chunks.push(chunk) });
  return { chunks, store };
}

function countKept(chunks: readonly Chunk[]): number {
  let n = 0;
  for (const c of chunks) for (let i = 0; i < c.length; i++) if ((c.flags[i] & FLAG_CANCELLED) === 0) n++;
  return n;
}

function readMeta(path: string, kind: string, seed: number, lines: number | null, customers: number | null): CsvData | null {
  const metaPath = `${path}.json`;
  if (!existsSync(path) || !existsSync(metaPath)) return null;
  try {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Meta;
    if (meta.version !== GENERATOR_VERSION || meta.kind !== kind || meta.seed !== seed) return null;
    if (lines !== null && meta.lines !== lines) return null;
    if (customers !== null && meta.customers !== customers) return null;
    if (statSync(path).size !== meta.bytes) return null;
    return { path, lines: meta.lines, bytes: meta.bytes, customers: meta.customers, seed: meta.seed, firstDay: meta.firstDay, lastDay: meta.lastDay, reused: true, generateMs: meta.generateMs };
  } catch {
    return null;
  }
}

/**
 * Writes the kept lines (not cancelled) of `chunks`, at most `limit` of them in generation order, sorted by
 * day (stable), to `path`; returns what was written.
 */
async function writeCsv(path: string, chunks: readonly Chunk[], store: Store, limit: number): Promise<Omit<CsvData, 'path' | 'reused' | 'generateMs' | 'seed'>> {
  const { formatDay } = await generator();
  // Select: (chunk, index) of each kept line in generation order, up to the limit.
  const total = Math.min(limit, countKept(chunks));
  const chunkOf = new Int32Array(total);
  const indexOf = new Int32Array(total);
  let n = 0;
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let ci = 0; ci < chunks.length && n < total; ci++) {
    const c = chunks[ci];
    for (let i = 0; i < c.length && n < total; i++) {
      if ((c.flags[i] & FLAG_CANCELLED) !== 0) continue;
      chunkOf[n] = ci;
      indexOf[n] = i;
      const d = c.day[i];
      if (d < minDay) minDay = d;
      if (d > maxDay) maxDay = d;
      n++;
    }
  }
  // Stable counting sort by day.
  const days = maxDay - minDay + 1;
  const start = new Int32Array(days + 1);
  for (let k = 0; k < total; k++) start[chunks[chunkOf[k]].day[indexOf[k]] - minDay + 1]++;
  for (let d = 1; d <= days; d++) start[d] += start[d - 1];
  const order = new Int32Array(total);
  for (let k = 0; k < total; k++) order[start[chunks[chunkOf[k]].day[indexOf[k]] - minDay]++] = k;

  const dayText: string[] = [];
  for (let d = 0; d < days; d++) dayText.push(formatDay(minDay + d));
  const seen = new Uint8Array(store.dictionaries.customer.length);
  let customers = 0;
  const { customer: customerNames, order: orderIds, sku: skus, currency: currencies, marketplace: marketplaces } = store.dictionaries;

  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  let bytes = 0;
  try {
    const put = (text: string) => {
      const buffer = Buffer.from(text, 'utf8');
      writeSync(fd, buffer);
      bytes += buffer.length;
    };
    put(`${CSV_HEADER}\n`);
    const batch: string[] = [];
    for (let k = 0; k < total; k++) {
      const c = chunks[chunkOf[order[k]]];
      const i = indexOf[order[k]];
      const who = c.customer[i];
      if (seen[who] === 0) {
        seen[who] = 1;
        customers++;
      }
      const o = c.order[i];
      const s = c.sku[i];
      batch.push(`${customerNames[who]},${dayText[c.day[i] - minDay]},${c.amount[i].toFixed(2)},${o >= 0 ? orderIds[o] : ''},${c.quantity[i]},${s >= 0 ? skus[s] : ''},${currencies[c.currency[i]]},${marketplaces[c.marketplace[i]]}`);
      if (batch.length === 20_000) {
        put(`${batch.join('\n')}\n`);
        batch.length = 0;
      }
    }
    if (batch.length > 0) put(`${batch.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return { lines: total, bytes, customers, firstDay: formatDay(minDay), lastDay: formatDay(maxDay) };
}

function saveMeta(data: CsvData, kind: string): void {
  const meta: Meta = { version: GENERATOR_VERSION, kind, seed: data.seed, lines: data.lines, bytes: data.bytes, customers: data.customers, firstDay: data.firstDay, lastDay: data.lastDay, generateMs: data.generateMs };
  writeFileSync(`${data.path}.json`, `${JSON.stringify(meta, null, 2)}\n`);
}

function describe(data: CsvData, what: string): void {
  say(`${what}: ${data.path}, ${fmtInt(data.lines)} lines, ${fmtMB(data.bytes)}, ${fmtInt(data.customers)} customers, ${data.firstDay} to ${data.lastDay}` +
    (data.reused ? ' (reused)' : ` (generated in ${fmtMs(data.generateMs)})`));
}

/**
 * An order file of exactly `lines` data lines: the sample store with just enough customers (the last
 * customer's lines may be cut at the limit).
 */
export async function orderLinesCsv(lines: number, seed = BENCH_SEED): Promise<CsvData> {
  mkdirSync(DATA_DIR, { recursive: true });
  const path = join(DATA_DIR, `orders-${lines}-seed${seed}.csv`);
  const reused = readMeta(path, 'order-lines', seed, lines, null);
  if (reused) {
    describe(reused, 'order file');
    return reused;
  }
  say(`generating ${fmtInt(lines)} order lines with seed ${seed}…`);
  const t0 = performance.now();
  // Lines per customer, from a small store with the same seed, then a store a little larger than needed.
  const probeCustomers = Math.min(20_000, Math.max(1_000, Math.ceil(lines / 3)));
  const probe = await generateStore(probeCustomers, seed);
  const perCustomer = countKept(probe.chunks) / probeCustomers;
  let customers = Math.ceil((lines / perCustomer) * 1.01) + 50;
  for (;;) {
    const { chunks, store } = await generateStore(customers, seed);
    const kept = countKept(chunks);
    if (kept >= lines) {
      const written = await writeCsv(path, chunks, store, lines);
      const data: CsvData = { path, seed, reused: false, generateMs: performance.now() - t0, ...written };
      saveMeta(data, 'order-lines');
      describe(data, 'order file');
      return data;
    }
    customers = Math.ceil(customers * 1.05);
  }
}

/** Every order line (cancelled ones left out) of a sample store with exactly `customers` customers. */
export async function customersCsv(customers: number, seed = BENCH_SEED): Promise<CsvData> {
  mkdirSync(DATA_DIR, { recursive: true });
  const path = join(DATA_DIR, `customers-${customers}-seed${seed}.csv`);
  const reused = readMeta(path, 'customers', seed, null, customers);
  if (reused) {
    describe(reused, 'customer file');
    return reused;
  }
  say(`generating a store of ${fmtInt(customers)} customers with seed ${seed}…`);
  const t0 = performance.now();
  const { chunks, store } = await generateStore(customers, seed);
  const written = await writeCsv(path, chunks, store, Infinity);
  const data: CsvData = { path, seed, reused: false, generateMs: performance.now() - t0, ...written };
  saveMeta(data, 'customers');
  describe(data, 'customer file');
  return data;
}
