// The Node scenarios' data: the seeded sample store held in memory as one order table (the columns and
// dictionaries an import stores), generated once per size and shared by recompute100k and fit100k.
import type { OrderTable } from '../../src/core/columns/table.ts';
import { fmtInt, fmtMs, say } from './stats.ts';

export interface SampleTable {
  table: OrderTable;
  customers: number;
  lines: number;
  seed: number;
  generateMs: number;
}

interface Generated {
  dictionaries: OrderTable['dictionaries'];
  lines: number;
}
type Generate = (options: { customers: number; seed?: number; onChunk: (chunk: OrderTable['columns']) => void }) => Promise<Generated>;

const cache = new Map<string, Promise<SampleTable>>();

export function sampleTable(customers: number, seed: number): Promise<SampleTable> {
  const key = `${customers}:${seed}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = build(customers, seed);
    cache.set(key, entry);
  }
  return entry;
}

async function build(customers: number, seed: number): Promise<SampleTable> {
  const sample = (await import('../../src/core/sample/store.ts')) as unknown as { generateSampleStore?: Generate };
  const columns = (await import('../../src/core/columns/table.ts')) as unknown as { concatColumns?: (chunks: OrderTable['columns'][]) => OrderTable['columns'] };
  if (typeof sample.generateSampleStore !== 'function') throw new Error('src/core/sample/store.ts has no generateSampleStore()');
  if (typeof columns.concatColumns !== 'function') throw new Error('src/core/columns/table.ts has no concatColumns()');
  const t0 = performance.now();
  const chunks: OrderTable['columns'][] = [];
  const store = await sample.generateSampleStore({ customers, seed, onChunk: (chunk) => void chunks.push(chunk) });
  const table: OrderTable = { columns: columns.concatColumns(chunks), dictionaries: store.dictionaries };
  const generateMs = performance.now() - t0;
  say(`sample store in memory: ${fmtInt(customers)} customers, ${fmtInt(store.lines)} order lines, seed ${seed} (${fmtMs(generateMs)})`);
  return { table, customers, lines: store.lines, seed, generateMs };
}
