// The built-in sample store: a seeded, realistic order history that gives every view something to show.
//
// Purchase timing follows the BG/NBD story (Fader, Hardie & Lee 2005, "Counting your customers the easy
// way", Marketing Science 24(2), section 2): while active, a customer buys as a Poisson process with rate
// lambda ~ Gamma(r, alpha); after each repeat purchase they drop out with probability p ~ Beta(a, b). Two
// realistic departures: the rate is modulated by the calendar (thinning by the day's seasonal intensity,
// mean 1, so Q4 peaks), and equipment buyers buy less often than coffee buyers (so that "repeat rate by first
// product" shows something). Spend follows Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV: using
// iso-value curves", JMR 42(4); Fader & Hardie 2013 note): an order's target value z ~ Gamma(p, nu) with the
// customer's nu ~ Gamma(q, gamma); the basket is then filled from the catalogue towards z.
//
// Speed: a million customers take a few seconds. Each customer has its own random streams (derived from the
// seed and the customer's number), so a customer's purchases can be replayed without being stored;
// no object is created per line, and lines go into chunks as integer codes (writer.ts says why that is not
// OrderLineBuilder, and its test shows the chunks are the ones OrderLineBuilder makes).
import { CHUNK_LINES } from '../columns/builder.ts';
import { FLAG_CANCELLED, FLAG_RETURN, type Dictionaries, type OrderLineColumns } from '../columns/table.ts';
import { civilDay } from '../ingest/dates.ts';
import { buildCalendar, type Calendar, type MarketplaceRhythm } from './calendar.ts';
import { SAMPLE_PRODUCTS, skuFor, type SampleProduct } from './catalogue.ts';
import { drawEmail } from './names.ts';
import { Random, cumulativeWeights, deriveSeed } from './random.ts';
import { SampleChunkWriter } from './writer.ts';

export type SampleCurrency = 'USD' | 'EUR';

export interface SampleMarketplace {
  name: string;
  currency: SampleCurrency;
}

interface MarketplaceSetup extends SampleMarketplace, MarketplaceRhythm {
  /** Share of customers whose first order is here. */
  share: number;
  kind: 'amazon' | 'shopify';
  /** First three digits of this marketplace's Amazon order ids. */
  orderPrefixes: readonly string[];
}

const US = 0;
const DE = 1;
const SHOP = 2;

const MARKETPLACES: readonly MarketplaceSetup[] = [
  { name: 'Amazon US', currency: 'USD', share: 0.55, kind: 'amazon', orderPrefixes: ['111', '112', '113', '114'], growth: 1.5, opensAt: 0, primeDay: true },
  // The brand expanded to Germany a few months into the window.
  { name: 'Amazon DE', currency: 'EUR', share: 0.18, kind: 'amazon', orderPrefixes: ['302', '303', '304', '305', '306', '028'], growth: 1.9, opensAt: 0.2, primeDay: true },
  { name: 'Shopify', currency: 'USD', share: 0.27, kind: 'shopify', orderPrefixes: [], growth: 2.2, opensAt: 0, primeDay: false },
];

/** The sample store's marketplaces and their currencies, in dictionary order. */
export const SAMPLE_MARKETPLACES: readonly SampleMarketplace[] = MARKETPLACES.map(({ name, currency }) => ({ name, currency }));

/** The last day of the sample store's history (2026-01-31): fixed, so that the same seed gives the same store. */
export const SAMPLE_END_DAY = civilDay(2026, 1, 31);
/** Two years of history: the first day is SAMPLE_END_DAY - SAMPLE_DAYS + 1 (2024-02-01). */
export const SAMPLE_DAYS = 731;
export const DEFAULT_SAMPLE_SEED = 42;

/**
 * The population the store is drawn from, in days and US dollars. Exported so that model tests can check
 * that fits land near them (the calendar and the two customer types bend the pure BG/NBD a little).
 */
export const SAMPLE_PARAMETERS = {
  /** BG/NBD purchase rate lambda ~ Gamma(shape r, rate alpha) per day: a mean of about 2.4 orders a year. */
  r: 0.55,
  alpha: 120,
  /** BG/NBD dropout after each repeat purchase, p ~ Beta(a, b): a mean of about 0.22. */
  a: 0.75,
  b: 2.6,
  /** Gamma-Gamma: order value z ~ Gamma(p, nu), nu ~ Gamma(q, rate gamma): a mean target of about $35. */
  p: 5,
  q: 3.2,
  gamma: 15.5,
  /** Customers whose first order is equipment (a grinder, a kettle) rather than coffee, and their rate factor. */
  equipmentShare: 0.3,
  equipmentRate: 0.55,
  coffeeRate: 1.2,
  /** Repeat orders placed in the sister store (Amazon US customers on Shopify and the other way round). */
  crossShop: 0.08,
  /** Orders placed and cancelled before a real order (an extra order, every line flagged cancelled). */
  cancelledOrder: 0.015,
  /** A single out-of-stock line cancelled within an Amazon order of several lines. */
  cancelledLine: 0.02,
  /** Shopify orders with a 10 % discount code. */
  discountCode: 0.15,
} as const;

/** No customer places more orders than this (it keeps the per-customer buffers bounded). */
const MAX_ORDERS_PER_CUSTOMER = 500;
const MAX_LINES_PER_ORDER = 6;

export interface SampleStoreOptions {
  /** How many customers (5,000 to 100,000 for the app; a million for the benchmark). */
  customers: number;
  seed?: number;
  /** First and last day of the history, as days since 1970-01-01 (default: the two years to 2026-01-31). */
  startDay?: number;
  endDay?: number;
  /** Lines per chunk (default the import's CHUNK_LINES). */
  chunkLines?: number;
  /** A stored dataset's dictionaries, so that the chunks' indexes agree with them (as for an import). */
  dictionaries?: Partial<Dictionaries>;
  /**
   * Receives each finished chunk, in order; awaited before generation goes on. The chunks carry codes only;
   * the dictionaries they point into are complete in the result (Shopify's order names are given last).
   */
  onChunk: (chunk: OrderLineColumns) => void | Promise<void>;
  /** Called after each chunk with the customers and lines generated so far. */
  onProgress?: (progress: { customers: number; totalCustomers: number; lines: number }) => void;
}

/** Unit cost per SKU, in the currency of the marketplace that sells the SKU (for profit per customer). */
export interface SampleCostTable {
  sku: string[];
  unitCost: Float64Array;
  currency: SampleCurrency[];
}

export interface SampleStore {
  dictionaries: Dictionaries;
  costs: SampleCostTable;
  /** Every SKU of the store with its product name (the same order as `costs`). */
  products: { sku: string[]; name: string[] };
  marketplaces: SampleMarketplace[];
  lines: number;
  /** Orders, cancelled ones included. */
  orders: number;
  customers: number;
  startDay: number;
  endDay: number;
  seed: number;
}

/** Every SKU the store sells (US then DE listings), its name, unit cost and currency. */
export function sampleCostTable(): SampleCostTable & { name: string[] } {
  const table: SampleCostTable & { name: string[] } = { sku: [], name: [], unitCost: new Float64Array(2 * SAMPLE_PRODUCTS.length), currency: [] };
  for (const currency of ['USD', 'EUR'] as const) {
    for (const product of SAMPLE_PRODUCTS) {
      table.unitCost[table.sku.length] = currency === 'EUR' ? product.unitCostEur : product.unitCostUsd;
      table.sku.push(skuFor(product, currency));
      table.name.push(product.name);
      table.currency.push(currency);
    }
  }
  return table;
}

const cents = (x: number) => Math.round(x * 100) / 100;

/**
 * Generates the sample store into column chunks, exactly as an import of its order files would store
 * them. The same options give the same chunks, byte for byte, on any machine.
 */
export async function generateSampleStore(options: SampleStoreOptions): Promise<SampleStore> {
  const customers = options.customers;
  if (!Number.isInteger(customers) || customers < 1) throw new RangeError(`customers must be a positive integer, got ${customers}`);
  const seed = (options.seed ?? DEFAULT_SAMPLE_SEED) >>> 0;
  const endDay = options.endDay ?? (options.startDay === undefined ? SAMPLE_END_DAY : options.startDay + SAMPLE_DAYS - 1);
  const startDay = options.startDay ?? endDay - SAMPLE_DAYS + 1;
  if (!Number.isInteger(startDay) || !Number.isInteger(endDay) || endDay < startDay) {
    throw new RangeError(`the sample needs whole days with startDay <= endDay, got ${startDay}..${endDay}`);
  }
  const chunkLines = options.chunkLines ?? CHUNK_LINES;
  if (!Number.isInteger(chunkLines) || chunkLines < 1) throw new RangeError(`chunkLines must be a positive integer, got ${chunkLines}`);

  const P = SAMPLE_PARAMETERS;
  const calendar = buildCalendar(startDay, endDay, MARKETPLACES);
  const tables = productTables();
  const costs = sampleCostTable();

  // Dictionary order is fixed up front: marketplaces, currencies and every SKU, so that the indexes do not
  // depend on which line happens to come first and the cost table lines up with the SKU dictionary.
  const writer = new SampleChunkWriter(options.dictionaries, chunkLines, customers);
  const marketCode = MARKETPLACES.map((m) => writer.marketplaces.code(m.name));
  const currencyCode = MARKETPLACES.map((m) => writer.currencies.code(m.currency));
  const skuCodes = costs.sku.map((sku) => writer.skus.code(sku));
  const skuCodeUsd = Int32Array.from(skuCodes.slice(0, SAMPLE_PRODUCTS.length));
  const skuCodeEur = Int32Array.from(skuCodes.slice(SAMPLE_PRODUCTS.length));

  // First, each customer's home marketplace and first purchase day; customers are then generated in
  // order of acquisition, so the customer dictionary reads like a real shop's (older customers first).
  const random = new Random();
  const homeOf = new Uint8Array(customers);
  const firstDayOf = new Int32Array(customers);
  const shareCumulative = cumulativeWeights(MARKETPLACES.map((m) => m.share));
  for (let k = 0; k < customers; k++) {
    random.reseed(deriveSeed(seed, k, 0));
    const home = random.pickWeighted(shareCumulative);
    homeOf[k] = home;
    firstDayOf[k] = startDay + random.pickWeighted(calendar.acquisition[home]);
  }
  const generationOrder = byFirstDay(firstDayOf, startDay, calendar.days);

  // Purchase events of the customer being generated (reused buffers).
  const eventDay = new Int32Array(MAX_ORDERS_PER_CUSTOMER);
  const eventMarket = new Uint8Array(MAX_ORDERS_PER_CUSTOMER);
  const eventCancelledFirst = new Uint8Array(MAX_ORDERS_PER_CUSTOMER);
  let equipmentBuyer = false;

  /** The customer's purchases (timing stream only, so both passes see the same events). */
  const simulateTiming = (k: number): number => {
    random.reseed(deriveSeed(seed, k, 1));
    const home = homeOf[k];
    equipmentBuyer = random.chance(P.equipmentShare);
    const lambda = random.gamma(P.r, 1 / P.alpha) * (equipmentBuyer ? P.equipmentRate : P.coffeeRate);
    const dropout = random.beta(P.a, P.b);
    const season = calendar.season[home];
    const seasonMax = calendar.seasonMax[home];
    eventDay[0] = firstDayOf[k];
    eventMarket[0] = home;
    eventCancelledFirst[0] = random.chance(P.cancelledOrder) ? 1 : 0;
    let n = 1;
    let t = firstDayOf[k] + random.uniform();
    const limit = endDay + 1;
    while (n < MAX_ORDERS_PER_CUSTOMER) {
      // Thinning (Lewis & Shedler 1979): candidates at the peak rate, each kept with the day's share of it.
      t += random.exponential(lambda * seasonMax);
      if (!(t < limit)) break;
      const day = Math.floor(t);
      if (!random.chance(season[day - startDay] / seasonMax)) continue;
      let market = home;
      if (home === US && random.chance(P.crossShop)) market = SHOP;
      else if (home === SHOP && random.chance(P.crossShop)) market = US;
      eventDay[n] = day;
      eventMarket[n] = market;
      eventCancelledFirst[n] = random.chance(P.cancelledOrder) ? 1 : 0;
      n++;
      if (random.chance(dropout)) break;
    }
    return n;
  };

  // Shopify numbers its orders #1001, #1002, ... in time order, while customers are generated one after the
  // other. Into a new dataset the names are given at the end (chunks carry only codes); into a dataset that
  // has orders already, a name must be known when its order is coded (it may be stored), so a first pass
  // replays every customer's purchases to count Shopify's orders per day. Both give the same names.
  let shopifyNext: Int32Array | null = null;
  if (!writer.appendsOrders) {
    const perDay = new Int32Array(calendar.days);
    for (let at = 0; at < customers; at++) {
      const n = simulateTiming(generationOrder[at]);
      for (let e = 0; e < n; e++) {
        if (eventMarket[e] === SHOP) perDay[eventDay[e] - startDay] += 1 + eventCancelledFirst[e];
      }
    }
    shopifyNext = firstNumberOfDay(perDay);
  }
  const shopifyOrders = new IntList();
  const shopifyDays = new IntList();

  // The orders themselves, customer after customer.
  const basket = new Random();
  const keyBase = (deriveSeed(seed, customers, startDay, endDay) & 0xfffff) * 0x100000000;
  const amazonIds = new AmazonOrderIds(seed);
  const basketProduct = new Int32Array(MAX_LINES_PER_ORDER);
  const basketQuantity = new Int32Array(MAX_LINES_PER_ORDER);
  let lines = 0;
  let orders = 0;
  let chunksOut = 0;
  let customerCode = 0;

  /** Fills one order towards its target value and pushes its lines (and any later returns). */
  const emitOrder = (day: number, market: number, first: boolean, favourite: number, nu: number, cancelled: boolean) => {
    const m = MARKETPLACES[market];
    const dayIndex = day - startDay;
    let orderCode: number;
    if (m.kind === 'amazon') orderCode = writer.codeNewOrder(amazonIds.next(m.orderPrefixes));
    else if (shopifyNext) orderCode = writer.codeNewOrder(`#${shopifyNext[dayIndex]++}`);
    else {
      orderCode = writer.codeNewOrder(''); // named below, once every order is known
      shopifyOrders.push(orderCode);
      shopifyDays.push(dayIndex);
    }
    const skuCode = m.currency === 'EUR' ? skuCodeEur : skuCodeUsd;
    const currency = currencyCode[market];
    const marketplace = marketCode[market];
    orders++;

    const target = basket.gamma(P.p, 1 / nu);
    const catalogue = calendar.giftSeason[dayIndex] === 1 ? tables.giftSeason : tables.regular;
    let product: number;
    if (first && equipmentBuyer) product = basket.pickWeighted(tables.equipment);
    else if (!first && basket.chance(0.45)) product = favourite;
    else product = basket.pickWeighted(catalogue);
    let count = 0;
    let spent = 0;
    for (;;) {
      const item = SAMPLE_PRODUCTS[product];
      let quantity = 1;
      if (item.consumable) {
        while (quantity < 6 && basket.chance(spent + item.priceUsd * (quantity + 1) < target ? 0.3 : 0.05)) quantity++;
      }
      let at = 0;
      while (at < count && basketProduct[at] !== product) at++;
      if (at === count) {
        basketProduct[count] = product;
        basketQuantity[count++] = quantity;
      } else {
        basketQuantity[at] += quantity;
      }
      spent += item.priceUsd * quantity;
      if (count === MAX_LINES_PER_ORDER || spent >= 0.8 * target || basket.chance(0.3)) break;
      product = basket.pickWeighted(catalogue);
    }

    const discount = m.kind === 'shopify' && basket.chance(P.discountCode) ? 0.9 : 1;
    // At most one line of an order is cancelled (out of stock), so an order placed is always a purchase.
    let oneCancelled = false;
    for (let i = 0; i < count; i++) {
      const item = SAMPLE_PRODUCTS[basketProduct[i]];
      const quantity = basketQuantity[i];
      const unitPrice = (m.currency === 'EUR' ? item.priceEur : item.priceUsd) * discount;
      let flags = cancelled ? FLAG_CANCELLED : 0;
      if (!cancelled && !oneCancelled && count > 1 && m.kind === 'amazon' && basket.chance(P.cancelledLine)) {
        flags = FLAG_CANCELLED;
        oneCancelled = true;
      }
      writer.push(day, customerCode, orderCode, skuCode[basketProduct[i]], quantity, cents(unitPrice * quantity), currency, marketplace, flags, keyBase + lines++);
      if (flags !== 0 || !basket.chance(item.returnRate * quantity)) continue;
      // A return arrives days after the order (most within two weeks); one still in transit at the end of
      // the history is not in it yet.
      const returned = quantity > 1 && basket.chance(0.5) ? 1 : quantity;
      const returnDay = day + 2 + Math.min(58, Math.floor(basket.exponential(1 / 8)));
      if (returnDay <= endDay) {
        writer.push(returnDay, customerCode, orderCode, skuCode[basketProduct[i]], -returned, -cents(unitPrice * returned), currency, marketplace, FLAG_RETURN, keyBase + lines++);
      }
    }
  };

  const emitChunks = async (chunks: OrderLineColumns[], done: number) => {
    for (const chunk of chunks) {
      await options.onChunk(chunk);
      chunksOut++;
      options.onProgress?.({ customers: done, totalCustomers: customers, lines: chunksOut * chunkLines });
    }
  };

  for (let at = 0; at < customers; at++) {
    const k = generationOrder[at];
    const n = simulateTiming(k);
    basket.reseed(deriveSeed(seed, k, 2));
    const region = homeOf[k] === DE ? 'de' : 'us';
    let email = drawEmail(basket, region);
    for (let attempt = 1; writer.isCustomerTaken(email); attempt++) {
      // Taken by an earlier customer: draw another; after a few tries, a number makes it unique.
      email = attempt < 8 ? drawEmail(basket, region) : email.replace('@', `.${k}${attempt}@`);
    }
    customerCode = writer.codeCustomer(email);
    const nu = basket.gamma(P.q, 1 / P.gamma);
    const favourite = basket.pickWeighted(tables.consumable);
    for (let e = 0; e < n; e++) {
      if (eventCancelledFirst[e] === 1) emitOrder(eventDay[e], eventMarket[e], e === 0, favourite, nu, true);
      emitOrder(eventDay[e], eventMarket[e], e === 0, favourite, nu, false);
    }
    if (Math.floor(lines / chunkLines) > chunksOut) await emitChunks(writer.takeFullChunks(), at + 1);
  }
  await emitChunks(writer.takeFullChunks(), customers);
  for (const chunk of writer.finish()) {
    await options.onChunk(chunk);
    options.onProgress?.({ customers, totalCustomers: customers, lines });
  }

  if (!shopifyNext) {
    const perDay = new Int32Array(calendar.days);
    for (let i = 0; i < shopifyDays.length; i++) perDay[shopifyDays.at(i)]++;
    const next = firstNumberOfDay(perDay);
    // Within a day, in the order the orders were made: the numbering the first pass would give.
    for (let i = 0; i < shopifyOrders.length; i++) writer.nameOrder(shopifyOrders.at(i), `#${next[shopifyDays.at(i)]++}`);
  }

  return {
    dictionaries: writer.snapshotDictionaries(),
    costs: { sku: costs.sku, unitCost: costs.unitCost, currency: costs.currency },
    products: { sku: costs.sku, name: costs.name },
    marketplaces: SAMPLE_MARKETPLACES.map((m) => ({ ...m })),
    lines, orders, customers, startDay, endDay, seed,
  };
}

/** Cumulative product weights for the draws: in and out of the gift season, favourites, first equipment. */
function productTables() {
  const weights = (f: (p: SampleProduct) => number) => cumulativeWeights(SAMPLE_PRODUCTS.map(f));
  return {
    regular: weights((p) => (p.seasonal ? 0 : p.popularity)),
    giftSeason: weights((p) => p.popularity * (p.seasonal ? 1 : p.category === 'gifts' || p.category === 'drinkware' ? 3 : 1)),
    consumable: weights((p) => (p.consumable && !p.seasonal ? p.popularity : 0)),
    equipment: weights((p) => (p.consumable || p.seasonal ? 0 : p.popularity)),
  };
}

/** The number of each day's first Shopify order, from the count of orders per day. */
function firstNumberOfDay(perDay: Int32Array): Int32Array {
  const out = new Int32Array(perDay.length);
  for (let i = 0, next = 1001; i < perDay.length; i++) {
    out[i] = next;
    next += perDay[i];
  }
  return out;
}

/** A growable list of integers in a typed array. */
class IntList {
  private items = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = value;
  }

  at(i: number): number {
    return this.items[i];
  }
}

/** Customer numbers sorted by first purchase day (a counting sort; ties keep their number order). */
function byFirstDay(firstDay: Int32Array, startDay: number, days: number): Int32Array {
  const starts = new Int32Array(days + 1);
  for (let k = 0; k < firstDay.length; k++) starts[firstDay[k] - startDay + 1]++;
  for (let i = 1; i <= days; i++) starts[i] += starts[i - 1];
  const out = new Int32Array(firstDay.length);
  for (let k = 0; k < firstDay.length; k++) out[starts[firstDay[k] - startDay]++] = k;
  return out;
}

/**
 * Amazon-style order ids (`113-8421907-3302651`): a running number scrambled by a bijection on its two
 * seven-digit halves, so ids look random yet can never repeat within a store.
 */
class AmazonOrderIds {
  private count = 0;
  private readonly offsetLow: number;
  private readonly offsetHigh: number;

  constructor(seed: number) {
    this.offsetLow = deriveSeed(seed, 101) % 1e7;
    this.offsetHigh = deriveSeed(seed, 202) % 1e7;
  }

  next(prefixes: readonly string[]): string {
    const n = this.count++;
    const low = n % 1e7;
    const high = Math.floor(n / 1e7);
    // Each step is a bijection of 0..9,999,999: an affine map with a multiplier prime to 10, a digit
    // reversal, another affine map; the high half is shifted by the scrambled low half.
    const l = (reverse7((low * 3456789 + this.offsetLow) % 1e7) * 7654321 + 1234567) % 1e7;
    const h = (high * 2718281 + l * 31 + this.offsetHigh) % 1e7;
    const p = prefixes[l % prefixes.length];
    // One flat string from its character codes: twice as fast as a template of padded parts, which matters
    // for two million orders.
    return String.fromCharCode(
      p.charCodeAt(0), p.charCodeAt(1), p.charCodeAt(2), DASH,
      digit(h, 1e6), digit(h, 1e5), digit(h, 1e4), digit(h, 1e3), digit(h, 100), digit(h, 10), digit(h, 1), DASH,
      digit(l, 1e6), digit(l, 1e5), digit(l, 1e4), digit(l, 1e3), digit(l, 100), digit(l, 10), digit(l, 1),
    );
  }
}

const DASH = 45;

/** The character code of the decimal digit of `x` at `place` (1, 10, 100, ...). */
function digit(x: number, place: number): number {
  return 48 + (Math.floor(x / place) % 10);
}

function reverse7(x: number): number {
  let out = 0;
  for (let i = 0; i < 7; i++) {
    out = out * 10 + (x % 10);
    x = Math.floor(x / 10);
  }
  return out;
}

/** The calendar the store was drawn from (for charts that explain the seasonality, and for tests). */
export function sampleCalendar(startDay = SAMPLE_END_DAY - SAMPLE_DAYS + 1, endDay = startDay + SAMPLE_DAYS - 1): Calendar {
  return buildCalendar(startDay, endDay, MARKETPLACES);
}
