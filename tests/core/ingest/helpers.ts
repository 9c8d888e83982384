// Shared by the ingest tests: feed bytes in chosen chunk sizes, and read the result back as plain rows.
import { createReadStream, readFileSync } from 'node:fs';
import { concatColumns, type Dictionaries, type OrderLineColumns } from '../../../src/core/columns/table.ts';
import { ingest, ingestAny, type IngestOptions, type IngestReport } from '../../../src/core/ingest/ingest.ts';

export const DATASETS = new URL('../../../../shared/datasets/', import.meta.url).pathname;
export const FIXTURES = new URL('../../fixtures/ingest/', import.meta.url).pathname;

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + name));
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The bytes in pieces of `size` (or of the given sizes, cycled). */
export async function* pieces(bytes: Uint8Array, size: number | readonly number[] = bytes.length || 1): AsyncGenerator<Uint8Array> {
  const sizes = typeof size === 'number' ? [size] : size;
  let at = 0;
  let k = 0;
  while (at < bytes.length) {
    const n = Math.max(1, sizes[k++ % sizes.length]);
    yield bytes.subarray(at, at + n);
    at += n;
  }
}

export async function* fileStream(path: string, chunk = 1 << 20): AsyncGenerator<Uint8Array> {
  for await (const piece of createReadStream(path, { highWaterMark: chunk })) yield piece as Uint8Array;
}

export type Opts = Partial<IngestOptions>;

export interface Ingested {
  report: IngestReport;
  dictionaries: Dictionaries;
  columns: OrderLineColumns;
  chunks: number;
}

export async function ingestBytes(bytes: Uint8Array, options: Opts = {}, chunk: number | readonly number[] = bytes.length || 1): Promise<Ingested> {
  return ingestSource(pieces(bytes, chunk), options);
}

export async function ingestSource(source: AsyncIterable<Uint8Array>, options: Opts = {}): Promise<Ingested> {
  const chunks: OrderLineColumns[] = [];
  const { report, dictionaries } = await ingest(source, {
    fileName: 'test.csv',
    ...options,
    onChunk: async (c) => {
      chunks.push(c);
      await options.onChunk?.(c);
    },
  });
  return { report, dictionaries, columns: concatColumns(chunks), chunks: chunks.length };
}

export async function ingestAnyBytes(bytes: Uint8Array, options: Opts = {}, chunk: number | readonly number[] = bytes.length || 1) {
  return ingestAny(pieces(bytes, chunk), { fileName: 'test.csv', onChunk: () => undefined, ...options });
}

export interface Row {
  day: string;
  customer: string;
  order: string | null;
  sku: string | null;
  quantity: number;
  amount: number;
  currency: string;
  marketplace: string;
  flags: number;
}

export function isoDay(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/** The stored lines as readable rows, in order. */
export function rows(result: Pick<Ingested, 'columns' | 'dictionaries'>): Row[] {
  const c = result.columns;
  const d = result.dictionaries;
  const out: Row[] = [];
  for (let i = 0; i < c.length; i++) {
    out.push({
      day: isoDay(c.day[i]),
      customer: d.customer[c.customer[i]],
      order: c.order[i] >= 0 ? d.order[c.order[i]] : null,
      sku: c.sku[i] >= 0 ? d.sku[c.sku[i]] : null,
      quantity: c.quantity[i],
      amount: c.amount[i],
      currency: d.currency[c.currency[i]],
      marketplace: d.marketplace[c.marketplace[i]],
      flags: c.flags[i],
    });
  }
  return out;
}

/** Everything an import produced, as one comparable value (the report without timing-free fields only). */
export function outcome(result: Ingested) {
  return { report: result.report, rows: rows(result), keys: Array.from(result.columns.lineKey) };
}

/** Every data line is accepted or rejected: the report's own arithmetic. */
export function expectCountsAddUp(report: IngestReport): void {
  const byReason = Object.values(report.rejectedByReason).reduce((s, n) => s + (n ?? 0), 0);
  if (report.accepted + report.rejected !== report.rows) throw new Error(`accepted ${report.accepted} + rejected ${report.rejected} != rows ${report.rows}`);
  if (byReason !== report.rejected) throw new Error(`reasons add to ${byReason}, rejected is ${report.rejected}`);
  if (report.storedLines !== report.accepted + report.refunds) throw new Error('stored lines are not accepted + refunds');
}
