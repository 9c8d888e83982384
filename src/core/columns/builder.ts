import { allocateColumns, trimColumns, type Dictionaries, type OrderLineColumns } from './table.ts';
import { Dictionary } from './dictionary.ts';

/** Lines per stored chunk: large enough that IndexedDB's per-record cost vanishes, small enough to post often. */
export const CHUNK_LINES = 50_000;

export interface OrderLineInput {
  day: number;
  customer: string;
  order: string | null;
  sku: string | null;
  quantity: number;
  amount: number;
  currency: string;
  marketplace: string;
  flags: number;
  lineKey: number;
}

/**
 * Fixed-size column chunks filled line by line with coded values: what OrderLineBuilder (an import) and the
 * sample store's writer both produce. Line i is at index i % chunkLines of chunk floor(i / chunkLines).
 */
export class ColumnChunks {
  private current: OrderLineColumns;
  private full: OrderLineColumns[] = [];

  constructor(private readonly chunkLines = CHUNK_LINES) {
    this.current = allocateColumns(chunkLines);
  }

  /** A line whose strings are coded already (-1: no order, no SKU). */
  push(day: number, customer: number, order: number, sku: number, quantity: number, amount: number,
    currency: number, marketplace: number, flags: number, lineKey: number): void {
    const c = this.current;
    const i = c.length;
    c.day[i] = day;
    c.customer[i] = customer;
    c.order[i] = order;
    c.sku[i] = sku;
    c.quantity[i] = quantity;
    c.amount[i] = amount;
    c.currency[i] = currency;
    c.marketplace[i] = marketplace;
    c.flags[i] = flags;
    c.lineKey[i] = lineKey;
    c.length = i + 1;
    if (c.length === this.chunkLines) {
      this.full.push(c);
      this.current = allocateColumns(this.chunkLines);
    }
  }

  /** The chunk being filled, not yet taken: an import may still correct it. */
  get filling(): OrderLineColumns {
    return this.current;
  }

  /** Full chunks completed since the last call (each exactly chunkLines long). */
  takeFull(): OrderLineColumns[] {
    const out = this.full;
    this.full = [];
    return out;
  }

  /** Every chunk not yet taken, including the partial last one (trimmed). */
  finish(): OrderLineColumns[] {
    const rest = this.takeFull();
    if (this.current.length > 0) rest.push(trimColumns(this.current));
    this.current = allocateColumns(0);
    return rest;
  }
}

/**
 * Appends order lines into fixed-size column chunks, coding strings through dataset-wide dictionaries.
 * Starting dictionaries come from the stored dataset, so the indexes of a new import agree with old chunks.
 */
export class OrderLineBuilder {
  readonly dictionaries: { [K in keyof Dictionaries]: Dictionary };
  private readonly chunks: ColumnChunks;

  constructor(start?: Partial<Dictionaries>, chunkLines = CHUNK_LINES) {
    this.dictionaries = {
      customer: new Dictionary(start?.customer),
      order: new Dictionary(start?.order),
      sku: new Dictionary(start?.sku),
      currency: new Dictionary(start?.currency),
      marketplace: new Dictionary(start?.marketplace),
    };
    this.chunks = new ColumnChunks(chunkLines);
  }

  push(line: OrderLineInput): void {
    const d = this.dictionaries;
    this.chunks.push(line.day, d.customer.code(line.customer), line.order === null ? -1 : d.order.code(line.order),
      line.sku === null ? -1 : d.sku.code(line.sku), line.quantity, line.amount, d.currency.code(line.currency),
      d.marketplace.code(line.marketplace), line.flags, line.lineKey);
  }

  /** A line whose strings are coded already through `dictionaries` (-1: no order, no SKU). */
  pushCoded(day: number, customer: number, order: number, sku: number, quantity: number, amount: number,
    currency: number, marketplace: number, flags: number, lineKey: number): void {
    this.chunks.push(day, customer, order, sku, quantity, amount, currency, marketplace, flags, lineKey);
  }

  /**
   * The chunk being filled, not yet taken: an import may still correct it (a day/month order settled by a
   * later line). Line i of the import is at index i % chunkLines of chunk floor(i / chunkLines).
   */
  get filling(): OrderLineColumns {
    return this.chunks.filling;
  }

  /** Full chunks completed since the last call (each exactly chunkLines long). */
  takeFullChunks(): OrderLineColumns[] {
    return this.chunks.takeFull();
  }

  /** Every chunk not yet taken, including the partial last one (trimmed). */
  finish(): OrderLineColumns[] {
    return this.chunks.finish();
  }

  snapshotDictionaries(): Dictionaries {
    const d = this.dictionaries;
    return {
      customer: d.customer.values, order: d.order.values, sku: d.sku.values,
      currency: d.currency.values, marketplace: d.marketplace.values,
    };
  }
}
