// The sample store's chunk writer: the same chunks and dictionaries that OrderLineBuilder makes from the same
// lines (tests/core/sample/writer.test.ts holds the two side by side), without its per-line string look-ups.
//
// Why not OrderLineBuilder itself: it codes five strings per line through dictionaries, which is right for an import
// (any line may repeat any customer or order) but dominates the sample's cost at a million customers (about
// 3 million lines, 2 million orders: the builder alone took over 9 s on the project machine). Here a customer
// is coded once when created and an order once when placed, both by appending (the generator makes every id
// new; only a dataset's stored ids need a Map), and lines carry the integer codes.
import { Dictionary } from '../columns/dictionary.ts';
import { ColumnChunks } from '../columns/builder.ts';
import type { Dictionaries, OrderLineColumns } from '../columns/table.ts';

export class SampleChunkWriter {
  readonly skus: Dictionary;
  readonly currencies: Dictionary;
  readonly marketplaces: Dictionary;
  /** Customers already stored in the dataset, or null when there are none (then every new id is new). */
  private readonly customerLookup: Dictionary | null;
  private readonly customerValues: string[];
  /** Hashes of the ids this generation gave out: a million-entry Map costs a second, this a few ms. */
  private readonly givenOut: HashSet32;
  /** Orders already stored in the dataset, or null when there are none (then every new id is new). */
  private readonly orderLookup: Dictionary | null;
  private readonly orderValues: string[];
  private readonly chunks: ColumnChunks;

  constructor(start: Partial<Dictionaries> | undefined, chunkLines: number, expectedCustomers = 1024) {
    this.skus = new Dictionary(start?.sku);
    this.currencies = new Dictionary(start?.currency);
    this.marketplaces = new Dictionary(start?.marketplace);
    this.customerLookup = start?.customer && start.customer.length > 0 ? new Dictionary(start.customer) : null;
    this.customerValues = this.customerLookup ? this.customerLookup.values : [];
    this.givenOut = new HashSet32(expectedCustomers);
    this.orderLookup = start?.order && start.order.length > 0 ? new Dictionary(start.order) : null;
    this.orderValues = this.orderLookup ? this.orderLookup.values : [];
    this.chunks = new ColumnChunks(chunkLines);
  }

  /**
   * The code of an order id. The caller guarantees that ids it passes are distinct from one another, so only
   * ids already in the dataset need a look-up (loading the same sample twice reuses their codes).
   */
  codeNewOrder(id: string): number {
    if (this.orderLookup) return this.orderLookup.code(id);
    this.orderValues.push(id);
    return this.orderValues.length - 1;
  }

  /** Whether new order ids are appended without a look-up (the dataset has no orders yet). */
  get appendsOrders(): boolean {
    return this.orderLookup === null;
  }

  /** Names an order coded earlier with a placeholder (appending writers only). */
  nameOrder(code: number, id: string): void {
    if (this.orderLookup) throw new Error('orders of a dataset that has orders must be named when coded');
    this.orderValues[code] = id;
  }

  /**
   * Whether this generation may already have given the id to a customer. It can answer yes for an id that
   * merely shares a 32-bit hash with one given out (the caller then draws another, deterministically), never
   * no for an id given out. Ids of the starting dictionaries do not count: loading the same sample into a
   * dataset again must give the same customers, so that its lines dedupe.
   */
  isCustomerTaken(id: string): boolean {
    return this.givenOut.has(fnv1a(id));
  }

  /** The code of a new customer's id (the id of a stored customer when the dataset has it already). */
  codeCustomer(id: string): number {
    this.givenOut.add(fnv1a(id));
    if (this.customerLookup) return this.customerLookup.code(id);
    this.customerValues.push(id);
    return this.customerValues.length - 1;
  }

  push(day: number, customer: number, order: number, sku: number, quantity: number, amount: number,
    currency: number, marketplace: number, flags: number, lineKey: number): void {
    this.chunks.push(day, customer, order, sku, quantity, amount, currency, marketplace, flags, lineKey);
  }

  /** Full chunks completed since the last call (each exactly chunkLines long), as OrderLineBuilder's. */
  takeFullChunks(): OrderLineColumns[] {
    return this.chunks.takeFull();
  }

  /** Every chunk not yet taken, including the partial last one (trimmed), as OrderLineBuilder's. */
  finish(): OrderLineColumns[] {
    return this.chunks.finish();
  }

  snapshotDictionaries(): Dictionaries {
    return {
      customer: this.customerValues, order: this.orderValues, sku: this.skus.values,
      currency: this.currencies.values, marketplace: this.marketplaces.values,
    };
  }
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A set of 32-bit values: open addressing in a typed array, kept at most half full. */
class HashSet32 {
  private slots: Uint32Array;
  private hasZero = false;
  private count = 0;

  constructor(expected: number) {
    let size = 1024;
    while (size < 2 * expected) size *= 2;
    this.slots = new Uint32Array(size);
  }

  has(value: number): boolean {
    if (value === 0) return this.hasZero;
    const mask = this.slots.length - 1;
    for (let at = (Math.imul(value, 0x9e3779b1) >>> 0) & mask; ; at = (at + 1) & mask) {
      const slot = this.slots[at];
      if (slot === value) return true;
      if (slot === 0) return false;
    }
  }

  add(value: number): void {
    if (value === 0) {
      this.hasZero = true;
      return;
    }
    if (2 * (this.count + 1) > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    for (let at = (Math.imul(value, 0x9e3779b1) >>> 0) & mask; ; at = (at + 1) & mask) {
      const slot = this.slots[at];
      if (slot === value) return;
      if (slot === 0) {
        this.slots[at] = value;
        this.count++;
        return;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.count = 0;
    for (const value of old) if (value !== 0) this.add(value);
  }
}
