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
 * Appends order lines into fixed-size column chunks, coding strings through dataset-wide dictionaries.
 * Starting dictionaries come from the stored dataset, so the indexes of a new import agree with old chunks.
 */
export class OrderLineBuilder {
  readonly dictionaries: { [K in keyof Dictionaries]: Dictionary };
  private current: OrderLineColumns;
  private readonly full: OrderLineColumns[] = [];

  constructor(start?: Partial<Dictionaries>, private readonly chunkLines = CHUNK_LINES) {
    this.dictionaries = {
      customer: new Dictionary(start?.customer),
      order: new Dictionary(start?.order),
      sku: new Dictionary(start?.sku),
      currency: new Dictionary(start?.currency),
      marketplace: new Dictionary(start?.marketplace),
    };
    this.current = allocateColumns(chunkLines);
  }

  push(line: OrderLineInput): void {
    const d = this.dictionaries;
    this.pushCoded(line.day, d.customer.code(line.customer), line.order === null ? -1 : d.order.code(line.order),
      line.sku === null ? -1 : d.sku.code(line.sku), line.quantity, line.amount, d.currency.code(line.currency),
      d.marketplace.code(line.marketplace), line.flags, line.lineKey);
  }

  /** A line whose strings are coded already through `dictionaries` (-1: no order, no SKU). */
  pushCoded(day: number, customer: number, order: number, sku: number, quantity: number, amount: number,
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

  /**
   * The chunk being filled, not yet taken: an import may still correct it (a day/month order settled by a
   * later line). Line i of the import is at index i % chunkLines of chunk floor(i / chunkLines).
   */
  get filling(): OrderLineColumns {
    return this.current;
  }

  /** Full chunks completed since the last call (each exactly chunkLines long). */
  takeFullChunks(): OrderLineColumns[] {
    return this.full.splice(0, this.full.length);
  }

  /** Every chunk not yet taken, including the partial last one (trimmed). */
  finish(): OrderLineColumns[] {
    const rest = this.takeFullChunks();
    if (this.current.length > 0) rest.push(trimColumns(this.current));
    this.current = allocateColumns(0);
    return rest;
  }

  snapshotDictionaries(): Dictionaries {
    const d = this.dictionaries;
    return {
      customer: d.customer.values, order: d.order.values, sku: d.sku.values,
      currency: d.currency.values, marketplace: d.marketplace.values,
    };
  }
}
