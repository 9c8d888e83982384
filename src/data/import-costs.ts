// The product cost table (sku, unit_cost[, currency]) of a dataset, so that profit per line and per customer
// exists. Stored as the dataset's `costs` setting as { sku, unitCost, currency } (the shape the analytics worker's
// dataset cache reads); a new file updates the SKUs it lists and keeps the others.
import { detectDelimiter, detectNewline, readRecords } from '../core/ingest/csv.ts';
import { binaryReason, sniffEncoding, StreamDecoder } from '../core/ingest/encoding.ts';
import { normaliseHeaderName } from '../core/ingest/formats.ts';
import { AmountReader, detectDecimalSeparator } from '../core/ingest/values.ts';
import { deleteDatasetSetting, getDatasetSetting, putDatasetSetting } from './dataset-settings.ts';
import type { LoyaltyDatabase } from './schema.ts';

export interface CostTable {
  sku: string[];
  unitCost: Float64Array;
  currency: string[];
}

export interface CostReject {
  line: number;
  column: number | null;
  reason: 'missing-sku' | 'bad-cost' | 'duplicate-sku' | 'wrong-field-count';
  detail: string;
}

export type CostOutcome =
  | { state: 'done'; file: string; rows: number; accepted: number; rejected: number; rejects: CostReject[]; stored: number; currencies: string[] }
  | { state: 'error'; message: string };

/** Cost tables are a row per product; a file this large is something else. */
export const MAX_COST_FILE_BYTES = 64 * 1024 * 1024;
const SKU_NAMES = ['sku', 'seller_sku', 'item_sku', 'product_sku', 'lineitem_sku', 'stockcode', 'stock_code', 'asin'];
const COST_NAMES = ['unit_cost', 'unitcost', 'cost', 'cost_price', 'unit_cost_price', 'cogs', 'purchase_price'];
const CURRENCY_NAMES = ['currency', 'cost_currency'];

function clip(text: string): string {
  const t = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

/** Reads a cost table file; throws an Error with one plain sentence when the file cannot be one. */
export function parseCostTable(bytes: Uint8Array, fileName: string, defaultCurrency: string): { table: CostTable; report: Omit<Extract<CostOutcome, { state: 'done' }>, 'state' | 'stored'> } {
  if (bytes.length === 0) throw new Error(`${fileName}: the file is empty (0 bytes).`);
  const sniffed = sniffEncoding(bytes);
  const binary = binaryReason(bytes, sniffed.encoding);
  if (binary) throw new Error(`${fileName}: ${binary}.`);
  const decoder = new StreamDecoder(sniffed.encoding);
  let text = decoder.push(bytes.subarray(sniffed.bomLength)) + decoder.end();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const newline = detectNewline(text);
  const delimiter = detectDelimiter(text, newline);
  const read = readRecords(text, delimiter, newline, true);
  if (read.unterminated) throw new Error(`${fileName}: a quoted field is never closed, so the file cannot be read.`);
  let first = 0;
  while (first < read.records.length && read.records[first].every((f) => f.trim() === '')) first++;
  const header = (read.records[first] ?? []).map(normaliseHeaderName);
  const find = (names: string[]) => header.findIndex((h) => names.includes(h));
  const skuColumn = find(SKU_NAMES);
  const costColumn = find(COST_NAMES);
  const currencyColumn = find(CURRENCY_NAMES);
  if (skuColumn < 0 || costColumn < 0) {
    throw new Error(`${fileName}: a cost table needs a header with a "sku" column and a "unit_cost" column (and optionally "currency"); this file's first line is "${clip((read.records[first] ?? []).join(', '))}".`);
  }
  const width = Math.max(skuColumn, costColumn) + 1;
  const rows = read.records.slice(first + 1);
  const lines = read.lines.slice(first + 1);
  const amounts = new AmountReader(detectDecimalSeparator(rows.slice(0, 1000).map((r) => r[costColumn] ?? ''), delimiter));
  const rejects: CostReject[] = [];
  const byKey = new Map<string, number>();
  const sku: string[] = [];
  const unitCost: number[] = [];
  const currency: string[] = [];
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    const fields = rows[i];
    const line = lines[i];
    if (fields.every((f) => f.trim() === '')) continue;
    count++;
    if (fields.length < width) {
      rejects.push({ line, column: null, reason: 'wrong-field-count', detail: `the line has ${fields.length} fields; sku and unit cost need ${width}` });
      continue;
    }
    const code = fields[skuColumn].trim();
    if (code === '') {
      rejects.push({ line, column: skuColumn + 1, reason: 'missing-sku', detail: `the sku (column ${skuColumn + 1}) is empty` });
      continue;
    }
    const cost = amounts.read(fields[costColumn].trim());
    if (cost === null || cost < 0) {
      rejects.push({ line, column: costColumn + 1, reason: 'bad-cost', detail: `the unit cost "${clip(fields[costColumn])}" is not an amount of 0 or more` });
      continue;
    }
    const given = currencyColumn >= 0 && currencyColumn < fields.length ? fields[currencyColumn].trim().toUpperCase() : '';
    const cur = given || amounts.currency || defaultCurrency;
    const key = `${code}\u001f${cur}`;
    if (byKey.has(key)) {
      rejects.push({ line, column: skuColumn + 1, reason: 'duplicate-sku', detail: `sku "${clip(code)}" in ${cur} has a cost on line ${byKey.get(key)} already` });
      continue;
    }
    byKey.set(key, line);
    sku.push(code);
    unitCost.push(cost);
    currency.push(cur);
  }
  return {
    table: { sku, unitCost: Float64Array.from(unitCost), currency },
    report: { file: fileName, rows: count, accepted: sku.length, rejected: rejects.length, rejects, currencies: [...new Set(currency)] },
  };
}

/** The stored table with `update`'s costs added or replacing those of the same sku and currency. */
export function mergeCostTables(stored: CostTable | null, update: CostTable): CostTable {
  const index = new Map<string, number>();
  const sku = [...(stored?.sku ?? [])];
  const unitCost = Array.from(stored?.unitCost ?? []);
  const currency = [...(stored?.currency ?? sku.map(() => ''))];
  sku.forEach((s, i) => index.set(`${s}\u001f${currency[i]}`, i));
  update.sku.forEach((s, i) => {
    const key = `${s}\u001f${update.currency[i]}`;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, sku.length);
      sku.push(s);
      unitCost.push(update.unitCost[i]);
      currency.push(update.currency[i]);
    } else unitCost[at] = update.unitCost[i];
  });
  return { sku, unitCost: Float64Array.from(unitCost), currency };
}

export async function importCostTable(db: LoyaltyDatabase, datasetId: string, file: Blob & { name: string }, defaultCurrency: string): Promise<CostOutcome> {
  if (file.size > MAX_COST_FILE_BYTES) {
    return { state: 'error', message: `${file.name}: at ${Math.round(file.size / 1024 / 1024)} MB this is not a cost table (one line per product, sku and unit cost); nothing was changed.` };
  }
  let parsed: ReturnType<typeof parseCostTable>;
  try {
    parsed = parseCostTable(new Uint8Array(await file.arrayBuffer()), file.name, defaultCurrency.trim().toUpperCase() || 'USD');
  } catch (error) {
    return { state: 'error', message: `${error instanceof Error ? error.message : String(error)} Nothing was changed.` };
  }
  if (parsed.table.sku.length === 0) {
    return { state: 'error', message: `${file.name}: no line has a sku and a unit cost that can be read, so nothing was changed.` };
  }
  const stored = await db.transaction('rw', [db.datasetSettings, db.datasets], async () => {
    const merged = mergeCostTables(await loadCostTable(db, datasetId), parsed.table);
    await putDatasetSetting(db, datasetId, 'costs', merged);
    await touchDataset(db, datasetId);
    return merged.sku.length;
  });
  return { state: 'done', ...parsed.report, stored };
}

export async function loadCostTable(db: LoyaltyDatabase, datasetId: string): Promise<CostTable | null> {
  const value = (await getDatasetSetting(db, datasetId, 'costs')) as CostTable | undefined;
  return value && Array.isArray(value.sku) ? value : null;
}

export async function removeCostTable(db: LoyaltyDatabase, datasetId: string): Promise<void> {
  await db.transaction('rw', [db.datasetSettings, db.datasets], async () => {
    await deleteDatasetSetting(db, datasetId, 'costs');
    await touchDataset(db, datasetId);
  });
}

/** Marks the dataset changed, so that the analytics worker's cache (keyed by updatedAt) reads the new costs. */
export async function touchDataset(db: LoyaltyDatabase, datasetId: string): Promise<void> {
  await db.datasets.update(datasetId, { updatedAt: Date.now() });
}
