// Loads a data file through the real ingest path into an OrderTable, as the CLI does (src/cli/analyze.ts).
import { createReadStream, existsSync } from 'node:fs';
import { allocateColumns, concatColumns, FLAG_RETURN, NONE, type OrderLineColumns, type OrderTable } from '../../../src/core/columns/table.ts';
import { ingest } from '../../../src/core/ingest/ingest.ts';

export const DATASETS = new URL('../../../../shared/datasets/', import.meta.url);
export const CDNOW_SAMPLE = new URL('cdnow/CDNOW_sample.txt', DATASETS).pathname;
export const CDNOW_SUMMARY = new URL('cdnow/cdnow_customers_summary.csv', DATASETS).pathname;
export const ONLINE_RETAIL = new URL('online-retail/online_retail.csv', DATASETS).pathname;

export async function loadTable(path: string): Promise<OrderTable> {
  if (!existsSync(path)) throw new Error(`reference data missing: ${path} (see ../shared/datasets/README.md)`);
  const chunks: OrderLineColumns[] = [];
  const result = await ingest(createReadStream(path, { highWaterMark: 1 << 20 }), {
    fileName: path.split('/').pop()!,
    onChunk: (chunk) => void chunks.push(chunk),
  });
  return { columns: concatColumns(chunks), dictionaries: result.dictionaries };
}

/** An OrderTable from plain purchases (one line each), for small hand-made cases. */
export function tableOf(purchases: readonly { customer: string; day: number; amount: number; quantity?: number }[]): OrderTable {
  const columns = allocateColumns(purchases.length);
  const customers: string[] = [];
  const index = new Map<string, number>();
  purchases.forEach((p, i) => {
    let c = index.get(p.customer);
    if (c === undefined) {
      c = customers.length;
      customers.push(p.customer);
      index.set(p.customer, c);
    }
    const quantity = p.quantity ?? 1;
    columns.day[i] = p.day;
    columns.customer[i] = c;
    columns.order[i] = NONE;
    columns.sku[i] = NONE;
    columns.quantity[i] = quantity;
    columns.amount[i] = p.amount;
    columns.flags[i] = p.amount < 0 || quantity < 0 ? FLAG_RETURN : 0;
    columns.lineKey[i] = i;
  });
  columns.length = purchases.length;
  return { columns, dictionaries: { customer: customers, order: [], sku: [], currency: ['USD'], marketplace: ['default'] } };
}
