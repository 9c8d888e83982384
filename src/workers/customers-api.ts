// The customer list (#/customers) and the customer page (#/customers/ID), for the analytics worker.
//
// The list stays in the worker: its columns are the per-customer typed arrays of the dataset cache (one
// currency at a time: amounts in different currencies are never added), sorting is an argsort per column,
// cached, and filtering is one pass over typed arrays. The page asks for the rows it shows (about a hundred
// at a time) and gets them back as typed arrays plus the ids and tier labels of just those rows, so a
// million customers never cross to the page.
import { transfer } from 'comlink';
import { countingSort, type CustomerSummary } from '../core/analytics/customers.ts';
import { rfmScores, type RfmScores } from '../core/analytics/rfm.ts';
import { assignSegments, checkSegmentMap, type SegmentMap } from '../core/analytics/segments.ts';
import { ALL_MARKETPLACES, assignTiers, NO_TIER, parseTierRuleSets, TIER_NONE, TIER_OUTSIDE, type TierAssignment, type TierRuleSet } from '../core/analytics/tiers.ts';
import { bgNbdModel, CustomerForecast, spendInput, summariseCustomers } from '../core/clv/index.ts';
import { FLAG_CANCELLED, FLAG_FREE_PURCHASE, FLAG_RETURN } from '../core/columns/table.ts';
import { toCsv, type CsvCell } from '../core/export/csv.ts';
import { formatDay } from '../core/ingest/dates.ts';
import { getDatasetSetting } from '../data/dataset-settings.ts';
import { customersOf, db, loadDataset, type LoadedDataset } from './dataset-cache.ts';
import { fitModelsAside } from './fit-client.ts';
import { segmentMapFor, type SegmentMapChoice } from './segments-api.ts';

export const CUSTOMER_SORT_KEYS = ['id', 'firstDay', 'lastDay', 'orders', 'revenue', 'aov', 'r', 'f', 'm', 'segment', 'tier', 'pAlive', 'expected', 'clv'] as const;
export type CustomerSortKey = (typeof CUSTOMER_SORT_KEYS)[number];

/** The INTERFACES.md defaults of the models' figures: next 90 days, 12-month CLV at 1 % a month. */
export const CUSTOMER_MODEL = { horizonDays: 90, months: 12, discountMonthly: 0.01 } as const;

/** The tiers used until the seller saves their own (SellerLegend's example, on net revenue). */
export function defaultTierRuleSet(marketplace: string): TierRuleSet {
  return { thresholdType: 'revenue', marketplace, tiers: [{ name: 'Platinum', threshold: 500 }, { name: 'Gold', threshold: 200 }, { name: 'Silver', threshold: 50 }] };
}

export interface CustomerQuery {
  datasetId: string;
  /** The currency of the amounts; default the dataset's main one. */
  currency?: string | null;
  sort: CustomerSortKey;
  descending: boolean;
  segment?: string | null;
  /** A tier name, or NO_TIER for customers above no threshold. */
  tier?: string | null;
  marketplace?: string | null;
  /** Part of the customer id, any case. */
  search?: string;
  /**
   * The segment map the Segments view shows (its choice; 'edited' is the saved edited map, Amazon's when
   * none is saved). Default Amazon's.
   */
  segmentMap?: SegmentMapChoice;
}

export interface CustomerModelInfo {
  state: 'pending' | 'ready' | 'failed';
  /** Why P(alive) and expected purchases are empty (null when they are shown or still being fitted). */
  problem: string | null;
  /** Why predicted CLV is empty while P(alive) is shown (the spend model could not be fitted). */
  clvProblem: string | null;
  horizonDays: number;
  months: number;
  discountMonthly: number;
}

export interface CustomerListInfo {
  /** Customers with a purchase in the currency, and those the filters keep. */
  customers: number;
  matched: number;
  currency: string | null;
  currencies: string[];
  /** The day recency is measured to (the last purchase in the data), or null without customers. */
  asOf: number | null;
  segmentMap: string;
  segmentNames: string[];
  /** Tier names of the rule sets in use, highest first, then NO_TIER. */
  tierNames: string[];
  tierRules: TierRuleSet[];
  tiersSaved: boolean;
  /** Set when saved tier rules could not be used. */
  tierNote: string | null;
  /** Marketplaces with customers in this currency. */
  marketplaces: string[];
  model: CustomerModelInfo;
}

/** Rows offset..offset+count of the sorted, filtered list, column by column. NaN where a model figure is missing. */
export interface CustomerRows {
  info: CustomerListInfo;
  offset: number;
  count: number;
  ids: string[];
  /** The best tier of each customer, and all of them with their marketplaces. */
  tiers: string[];
  tierDetails: string[];
  segments: string[];
  firstDay: Int32Array;
  lastDay: Int32Array;
  orders: Int32Array;
  revenue: Float64Array;
  aov: Float64Array;
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  pAlive: Float64Array;
  expected: Float64Array;
  clv: Float64Array;
}

// ---------------------------------------------------------------------------------------------------------
// Sorting: an ascending order of customer indexes per column, missing values (NaN) last.

export interface SortedOrder {
  order: Int32Array;
  /** Entries before this index have a value; the rest are NaN (kept last in both directions). */
  valid: number;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const DIGIT_BITS = 11; // 2,048 buckets: the counts stay in the first-level cache
const DIGITS = 1 << DIGIT_BITS;

/**
 * One stable LSD radix sort of `order` by `key` (key[j] belongs to order[j]), 11 bits a pass over the low
 * `bits` bits; passes where every key has the same digit are skipped. Keys travel with the indexes, so
 * every pass reads memory in order. Returns the new order and its keys.
 */
function radixPasses(order: Int32Array, keys: Uint32Array, bits: number): { order: Int32Array; key: Uint32Array } {
  const n = order.length;
  let key: Uint32Array = keys.slice(); // the passes write into both buffers
  let spare: Int32Array = new Int32Array(n);
  let spareKey: Uint32Array = new Uint32Array(n);
  const counts = new Int32Array(DIGITS + 1);
  for (let shift = 0; shift < bits; shift += DIGIT_BITS) {
    counts.fill(0);
    for (let j = 0; j < n; j++) counts[((key[j] >>> shift) & (DIGITS - 1)) + 1]++;
    if (n === 0 || counts[((key[0] >>> shift) & (DIGITS - 1)) + 1] === n) continue;
    for (let d = 1; d <= DIGITS; d++) counts[d] += counts[d - 1];
    for (let j = 0; j < n; j++) {
      const at = counts[(key[j] >>> shift) & (DIGITS - 1)]++;
      spare[at] = order[j];
      spareKey[at] = key[j];
    }
    [order, spare] = [spare, order];
    [key, spareKey] = [spareKey, key];
  }
  return { order, key };
}

/**
 * 0..n-1 sorted stably by several unsigned words, the most significant first (each `bits` wide): LSD over
 * the words, least significant first. Returns the order and the most significant word in that order.
 */
function radixOrder(words: readonly Uint32Array[], bits: number): { order: Int32Array; first: Uint32Array } {
  const n = words[0].length;
  let order: Int32Array = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let key: Uint32Array = words[words.length - 1];
  for (let w = words.length - 1; w >= 0; w--) {
    if (w < words.length - 1) {
      const source = words[w];
      key = new Uint32Array(n);
      for (let j = 0; j < n; j++) key[j] = source[order[j]];
    }
    const sorted = radixPasses(order, key, bits);
    order = sorted.order;
    key = sorted.key;
  }
  return { order, first: key };
}

/**
 * Argsort of numbers: their IEEE-754 bits made unsigned-sortable, a radix sort on the high 32 bits, then the
 * runs that tie there (equal values, mostly) ordered by the low 32 bits. Linear in practice, where a
 * comparison sort of a million indexes takes over a second.
 */
export function argsortNumbers(values: ArrayLike<number>): SortedOrder {
  const n = values.length;
  const bits = new Uint32Array(new Float64Array(values as ArrayLike<number>).buffer);
  const [low, high] = LITTLE_ENDIAN ? [0, 1] : [1, 0];
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    let h = bits[2 * i + high];
    let l = bits[2 * i + low];
    if ((h & 0x7ff00000) === 0x7ff00000 && ((h & 0xfffff) !== 0 || l !== 0)) {
      // NaN: the figure is missing; after everything else.
      h = 0xffffffff;
      l = 0xffffffff;
      missing++;
    } else if (h === 0x80000000 && l === 0) {
      h = 0x80000000; // -0 sorts with 0
    } else if (h & 0x80000000) {
      // Negative: flip every bit; positive: flip the sign bit. Unsigned order is then numeric order.
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    hi[i] = h;
    lo[i] = l;
  }
  const sorted = radixOrder([hi], 32);
  const order = sorted.order;
  const key = sorted.first;
  let a = 0;
  while (a < n) {
    let b = a + 1;
    let differ = false;
    const first = lo[order[a]];
    while (b < n && key[b] === key[a]) {
      if (lo[order[b]] !== first) differ = true;
      b++;
    }
    if (differ) {
      const part = Array.from(order.subarray(a, b)).sort((x, y) => lo[x] - lo[y] || x - y);
      order.set(part, a);
    }
    a = b;
  }
  return { order, valid: n - missing };
}

/** Whole numbers in a narrow range (days, counts, scores): a counting sort. */
export function argsortIntegers(values: ArrayLike<number>): SortedOrder {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if ((v | 0) !== v) return argsortNumbers(values);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) return { order: new Int32Array(0), valid: 0 };
  if (max - min > 4 * n + 1024) return argsortNumbers(values);
  return { order: countingSort(n, max - min + 1, (i) => values[i] - min, null), valid: n };
}

const CHARS_PER_WORD = 4; // 4 characters of 7 bits a 32-bit word
const KEY_WORDS = 4;
const PREFIX_CHARS = CHARS_PER_WORD * KEY_WORDS;
const COMPARE_BELOW = 64;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Argsort of strings in code-unit order (what `<` compares): a radix sort on 16-character prefixes packed
 * into four numbers, refined on the next 16 characters within runs of equal prefixes, with a comparison sort
 * for short runs (comparing strings costs about 0.1 µs each: a comparison sort of a million ids takes
 * seconds). Ids that share long prefixes ("customer-000123") stay fast.
 */
export function argsortStrings(text: readonly string[]): SortedOrder {
  const order = new Int32Array(text.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  refineStrings(text, order, 0, order.length, 0);
  return { order, valid: order.length };
}

/**
 * Orders order[from..to), which agree on their first depth x 16 characters. A character of code 126 or more
 * does not fit the packing: the key stops there (digit 127, zeros after) and such runs compare whole strings.
 * The end of a string is digit 0, so a shorter string sorts before its extensions.
 */
function refineStrings(text: readonly string[], order: Int32Array, from: number, to: number, depth: number): void {
  const n = to - from;
  if (n < 2) return;
  if (n < COMPARE_BELOW || depth < 0) {
    const part = Array.from(order.subarray(from, to)).sort((a, b) => compareText(text[a], text[b]));
    order.set(part, from);
    return;
  }
  const words = Array.from({ length: KEY_WORDS }, () => new Uint32Array(n));
  // 0: more characters follow; 1: the string ended within the key; 2: a wide character stopped the key.
  const tail = new Uint8Array(n);
  const start = depth * PREFIX_CHARS;
  for (let j = 0; j < n; j++) {
    const s = text[order[from + j]];
    let state = 0;
    for (let w = 0; w < KEY_WORDS; w++) {
      let word = 0;
      for (let c = 0; c < CHARS_PER_WORD; c++) {
        let digit = 0;
        if (state === 0) {
          const at = start + w * CHARS_PER_WORD + c;
          if (at >= s.length) state = 1;
          else {
            const code = s.charCodeAt(at);
            if (code >= 126) {
              digit = 127;
              state = 2;
            } else digit = code + 1;
          }
        }
        word = word * 128 + digit;
      }
      words[w][j] = word;
    }
    if (state === 0 && start + PREFIX_CHARS >= s.length) state = 1;
    tail[j] = state;
  }
  const local = radixOrder(words, 7 * CHARS_PER_WORD).order;
  const items = new Int32Array(n);
  for (let j = 0; j < n; j++) items[j] = order[from + local[j]];
  order.set(items, from);
  const same = (x: number, y: number) => {
    for (let w = 0; w < KEY_WORDS; w++) if (words[w][x] !== words[w][y]) return false;
    return true;
  };
  let a = 0;
  while (a < n) {
    const first = local[a];
    let b = a + 1;
    while (b < n && same(local[b], first)) b++;
    // Equal keys of strings that ended are equal strings: nothing left to order.
    if (b - a > 1 && tail[first] !== 1) refineStrings(text, order, from + a, from + b, tail[first] === 2 ? -1 : depth + 1);
    a = b;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The list's columns for one currency, with the tiers, the model figures and the cached sort orders.

interface TierColumns {
  /** The settings record the tiers came from (JSON), to see when the tier editor changed it. */
  source: string;
  ruleSets: TierRuleSet[];
  saved: boolean;
  note: string | null;
  assignments: TierAssignment[];
  names: string[];
  /** Per customer, for sorting: higher is a better tier (0: above no threshold; -1: no rule set covers them). */
  level: Int16Array;
}

interface ModelColumns extends CustomerModelInfo {
  pAlive: Float64Array | null;
  expected: Float64Array | null;
  clv: Float64Array | null;
}

interface ListModel {
  data: LoadedDataset;
  currency: string | null;
  cs: CustomerSummary;
  asOf: number | null;
  rfm: RfmScores;
  /** The segment map in use and each customer's segment in it (its index; the map's length: none). */
  segments: SegmentColumns;
  aov: Float64Array;
  /** Marketplace dictionary indexes with customers in this currency. */
  marketplaces: number[];
  tiers: TierColumns | null;
  model: ModelColumns;
  /** The models' fit while it runs (in the fit worker). */
  fitting: Promise<void> | null;
  sorted: Map<CustomerSortKey, SortedOrder>;
  ids: string[] | null;
  lowerIds: string[] | null;
  /** Customer dictionary index -> list index (-1: no purchase in this currency). */
  indexOfCustomer: Int32Array | null;
  view: { key: string; rows: Int32Array } | null;
}

interface SegmentColumns {
  /** The map's segments as JSON, to see when the choice or the edited map changed. */
  source: string;
  map: SegmentMap;
  segmentOf: Uint8Array;
}

function segmentColumns(rfm: RfmScores, map: SegmentMap): SegmentColumns {
  const check = checkSegmentMap(map);
  // segments-api.ts hands out shipped maps and saved edits that passed this check; a map that fails it now
  // is a bug, not a customer's data.
  if (!check.ok) throw new Error(`the segment map "${map.name}" is incomplete`);
  return { source: JSON.stringify(map), map, segmentOf: assignSegments(rfm.cell, check.lookup) };
}

let cache: { dataKey: string; byCurrency: Map<string, ListModel> } | null = null;

function buildListModel(data: LoadedDataset, currency: string | null, cs: CustomerSummary, map: SegmentMap): ListModel {
  const n = cs.customers;
  let asOf: number | null = null;
  for (let k = 0; k < n; k++) if (asOf === null || cs.lastDay[k] > asOf) asOf = cs.lastDay[k];
  const rfm = rfmScores(cs, asOf ?? 0);
  const aov = new Float64Array(n);
  for (let k = 0; k < n; k++) aov[k] = cs.orderCount[k] > 0 ? cs.netRevenue[k] / cs.orderCount[k] : Number.NaN;
  const present = new Uint8Array(data.table.dictionaries.marketplace.length);
  for (let row = 0; row < cs.market.length; row++) present[cs.market[row]] = 1;
  const base = { ...CUSTOMER_MODEL, pAlive: null, expected: null, clv: null, clvProblem: null };
  return {
    data, currency, cs, asOf, rfm,
    segments: segmentColumns(rfm, map),
    aov,
    marketplaces: [...present.keys()].filter((m) => present[m] === 1),
    tiers: null,
    model: n === 0 ? { ...base, state: 'failed', problem: 'There are no customers to fit the purchase model on.' } : { ...base, state: 'pending', problem: null },
    fitting: null,
    sorted: new Map(),
    ids: null,
    lowerIds: null,
    indexOfCustomer: null,
    view: null,
  };
}

/**
 * The list of one currency. `segmentMap`: the map whose segments to show (read on every call, as the tiers
 * are, so that an edit saved in the Segments view shows at the next request); absent, the list keeps the
 * map it has (Amazon's at first).
 */
async function listModel(datasetId: string, currency?: string | null, segmentMap?: SegmentMapChoice): Promise<ListModel> {
  const data = await loadDataset(datasetId);
  if (cache?.dataKey !== data.key) cache = { dataKey: data.key, byCurrency: new Map() };
  const chosen = customersOf(data, currency ?? undefined);
  const key = chosen.currency ?? '';
  const wanted = segmentMap === undefined ? null : (await segmentMapFor(datasetId, segmentMap)).map;
  let lm = cache.byCurrency.get(key);
  if (!lm) {
    lm = buildListModel(data, chosen.currency, chosen.customers, wanted ?? (await segmentMapFor(datasetId, 'amazon')).map);
    cache.byCurrency.set(key, lm);
  }
  if (wanted) ensureSegments(lm, wanted);
  await ensureTiers(lm, datasetId);
  return lm;
}

function ensureSegments(lm: ListModel, map: SegmentMap): void {
  if (lm.segments.source === JSON.stringify(map)) return;
  lm.segments = segmentColumns(lm.rfm, map);
  lm.sorted.delete('segment');
  lm.view = null;
}

function sameMarketplace(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The saved rule sets (the tier editor's `tiers:<datasetId>`), plus the default tiers where none is saved. */
export function tierRuleSetsFor(saved: unknown, marketplaces: readonly string[], hasCosts: boolean): { ruleSets: TierRuleSet[]; saved: boolean; note: string | null } {
  let ruleSets: TierRuleSet[] = [];
  let note: string | null = null;
  if (saved !== undefined && saved !== null) {
    const parsed = parseTierRuleSets(saved, { hasCosts });
    if (parsed.ok) ruleSets = parsed.ruleSets;
    else note = `The saved tier rules could not be used (${parsed.errors[0]}), so the default tiers are shown.`;
  }
  const covered = (m: string) => ruleSets.some((s) => s.marketplace.trim() === ALL_MARKETPLACES || sameMarketplace(s.marketplace, m));
  const savedCount = ruleSets.length;
  for (const m of marketplaces) if (!covered(m)) ruleSets.push(defaultTierRuleSet(m));
  return { ruleSets, saved: savedCount > 0, note };
}

async function ensureTiers(lm: ListModel, datasetId: string): Promise<void> {
  const stored = await getDatasetSetting(db, datasetId, 'tiers');
  const source = JSON.stringify(stored ?? null);
  if (lm.tiers?.source === source) return;
  const names = lm.data.table.dictionaries.marketplace;
  const { ruleSets, saved, note } = tierRuleSetsFor(stored, lm.marketplaces.map((m) => names[m]), lm.cs.profit !== null);
  const assignments = ruleSets.map((set) => assignTiers(lm.cs, set, names));
  const level = new Int16Array(lm.cs.customers).fill(-1);
  for (const a of assignments) {
    for (let k = 0; k < level.length; k++) {
      const t = a.tier[k];
      const l = t >= 0 ? a.names.length - t : t === TIER_NONE ? 0 : -1;
      if (l > level[k]) level[k] = l;
    }
  }
  const tierNames = [...new Set(assignments.flatMap((a) => a.names)), NO_TIER];
  lm.tiers = { source, ruleSets, saved, note, assignments, names: tierNames, level };
  lm.sorted.delete('tier');
  lm.view = null;
}

function idsOf(lm: ListModel): string[] {
  if (!lm.ids) {
    const dictionary = lm.data.table.dictionaries.customer;
    lm.ids = Array.from(lm.cs.customer, (d) => dictionary[d]);
  }
  return lm.ids;
}

function indexOfCustomer(lm: ListModel): Int32Array {
  if (!lm.indexOfCustomer) {
    const index = new Int32Array(lm.data.table.dictionaries.customer.length).fill(-1);
    for (let k = 0; k < lm.cs.customers; k++) index[lm.cs.customer[k]] = k;
    lm.indexOfCustomer = index;
  }
  return lm.indexOfCustomer;
}

const MISSING = new Float64Array(0);
function modelColumn(lm: ListModel, key: 'pAlive' | 'expected' | 'clv'): Float64Array {
  return lm.model[key] ?? MISSING;
}

function sortedOrder(lm: ListModel, key: CustomerSortKey): SortedOrder {
  let sorted = lm.sorted.get(key);
  if (!sorted) {
    const cs = lm.cs;
    const n = cs.customers;
    switch (key) {
      case 'id': sorted = argsortStrings(idsOf(lm)); break;
      case 'firstDay': sorted = argsortIntegers(cs.firstDay); break;
      case 'lastDay': sorted = argsortIntegers(cs.lastDay); break;
      case 'orders': sorted = argsortIntegers(cs.orderCount); break;
      case 'revenue': sorted = argsortNumbers(cs.netRevenue); break;
      case 'aov': sorted = argsortNumbers(lm.aov); break;
      case 'r': sorted = argsortIntegers(lm.rfm.r); break;
      case 'f': sorted = argsortIntegers(lm.rfm.f); break;
      case 'm': sorted = argsortIntegers(lm.rfm.m); break;
      case 'segment': sorted = argsortIntegers(lm.segments.segmentOf); break;
      case 'tier': sorted = argsortIntegers(lm.tiers?.level ?? new Int16Array(n)); break;
      default: {
        const column = modelColumn(lm, key);
        // Before (or without) a fitted model every customer's figure is missing: list order.
        sorted = column.length === n ? argsortNumbers(column) : { order: Int32Array.from({ length: n }, (_, i) => i), valid: 0 };
      }
    }
    lm.sorted.set(key, sorted);
  }
  return sorted;
}

/** Customers the query's filters keep (1), or null when there is no filter. */
function filterMask(lm: ListModel, q: CustomerQuery): Uint8Array | null {
  const cs = lm.cs;
  const n = cs.customers;
  const tests: ((k: number) => boolean)[] = [];
  if (q.segment) {
    // A name the map in use does not have keeps nobody.
    const s = lm.segments.map.segments.findIndex((x) => x.name === q.segment);
    const segmentOf = lm.segments.segmentOf;
    tests.push((k) => segmentOf[k] === s);
  }
  if (q.marketplace) {
    const m = lm.data.table.dictionaries.marketplace.findIndex((name) => name === q.marketplace);
    tests.push(m >= 0 && m < 32 ? (k) => (cs.marketplaceMask[k] & (1 << m)) !== 0 : (k) => {
      for (let row = cs.marketStart[k]; row < cs.marketStart[k + 1]; row++) if (cs.market[row] === m) return true;
      return false;
    });
  }
  if (q.tier) {
    const assignments = lm.tiers?.assignments ?? [];
    if (q.tier === NO_TIER) {
      tests.push((k) => assignments.every((a) => a.tier[k] < 0) && assignments.some((a) => a.tier[k] === TIER_NONE));
    } else {
      const wanted = assignments.map((a) => a.names.indexOf(q.tier!));
      tests.push((k) => assignments.some((a, i) => wanted[i] >= 0 && a.tier[k] === wanted[i]));
    }
  }
  const search = (q.search ?? '').trim().toLowerCase();
  if (search) {
    lm.lowerIds ??= idsOf(lm).map((id) => id.toLowerCase());
    const lower = lm.lowerIds;
    tests.push((k) => lower[k].includes(search));
  }
  if (tests.length === 0) return null;
  const keep = new Uint8Array(n);
  outer: for (let k = 0; k < n; k++) {
    for (let t = 0; t < tests.length; t++) if (!tests[t](k)) continue outer;
    keep[k] = 1;
  }
  return keep;
}

/** The list's customer indexes in the query's order, filtered; cached for the paging that follows. */
function viewOf(lm: ListModel, q: CustomerQuery): Int32Array {
  const key = JSON.stringify([q.sort, q.descending, q.segment ?? null, q.tier ?? null, q.marketplace ?? null, (q.search ?? '').trim().toLowerCase()]);
  if (lm.view?.key === key) return lm.view.rows;
  const { order, valid } = sortedOrder(lm, q.sort);
  const keep = filterMask(lm, q);
  const n = order.length;
  let kept = n;
  if (keep) {
    kept = 0;
    for (let k = 0; k < n; k++) kept += keep[k];
  }
  const rows = new Int32Array(kept);
  let at = 0;
  if (q.descending) {
    // Highest first; customers without the figure stay at the end.
    for (let j = valid - 1; j >= 0; j--) if (!keep || keep[order[j]]) rows[at++] = order[j];
    for (let j = valid; j < n; j++) if (!keep || keep[order[j]]) rows[at++] = order[j];
  } else {
    for (let j = 0; j < n; j++) if (!keep || keep[order[j]]) rows[at++] = order[j];
  }
  lm.view = { key, rows };
  return rows;
}

/**
 * A customer's tier as the list shows it: the best of their tiers (the one the Tier column sorts by), and
 * in full, one per marketplace when several rule sets cover them ("Gold in Amazon US, Silver in Shopify").
 */
function tierLabel(lm: ListModel, k: number, marketplace: string | null | undefined): { best: string; full: string } {
  const parts: { name: string; where: string; level: number }[] = [];
  for (const a of lm.tiers?.assignments ?? []) {
    const where = a.ruleSet.marketplace;
    if (marketplace && where.trim() !== ALL_MARKETPLACES && !sameMarketplace(where, marketplace)) continue;
    const t = a.tier[k];
    if (t === TIER_OUTSIDE) continue;
    parts.push({ name: t >= 0 ? a.names[t] : 'No tier', where, level: t >= 0 ? a.names.length - t : 0 });
  }
  if (parts.length === 0) return { best: '', full: '' };
  if (parts.length === 1) return { best: parts[0].name, full: parts[0].name };
  const best = parts.reduce((x, y) => (y.level > x.level ? y : x));
  const where = (w: string) => (w.trim() === ALL_MARKETPLACES ? 'all marketplaces' : w);
  return { best: best.name, full: parts.map((p) => `${p.name} in ${where(p.where)}`).join(', ') };
}

function listInfo(lm: ListModel, matched: number): CustomerListInfo {
  const { pAlive: _p, expected: _e, clv: _c, ...model } = lm.model;
  const marketNames = lm.data.table.dictionaries.marketplace;
  return {
    customers: lm.cs.customers,
    matched,
    currency: lm.currency,
    currencies: lm.data.currencies,
    asOf: lm.asOf,
    segmentMap: lm.segments.map.name,
    segmentNames: lm.segments.map.segments.map((s) => s.name),
    tierNames: lm.tiers?.names ?? [NO_TIER],
    tierRules: lm.tiers?.ruleSets ?? [],
    tiersSaved: lm.tiers?.saved ?? false,
    tierNote: lm.tiers?.note ?? null,
    marketplaces: lm.marketplaces.map((m) => marketNames[m]),
    model,
  };
}

function rowsOf(lm: ListModel, q: CustomerQuery, view: Int32Array, offset: number, limit: number): CustomerRows {
  const from = Math.max(0, Math.min(offset, view.length));
  const count = Math.max(0, Math.min(limit, view.length - from));
  const cs = lm.cs;
  const ids = idsOf(lm);
  const segmentNames = lm.segments.map.segments.map((s) => s.name);
  const out: CustomerRows = {
    info: listInfo(lm, view.length), offset: from, count,
    ids: [], tiers: [], tierDetails: [], segments: [],
    firstDay: new Int32Array(count), lastDay: new Int32Array(count), orders: new Int32Array(count),
    revenue: new Float64Array(count), aov: new Float64Array(count),
    r: new Uint8Array(count), f: new Uint8Array(count), m: new Uint8Array(count),
    pAlive: new Float64Array(count).fill(Number.NaN), expected: new Float64Array(count).fill(Number.NaN), clv: new Float64Array(count).fill(Number.NaN),
  };
  for (let j = 0; j < count; j++) {
    const k = view[from + j];
    out.ids.push(ids[k]);
    const tier = tierLabel(lm, k, q.marketplace);
    out.tiers.push(tier.best);
    out.tierDetails.push(tier.full);
    out.segments.push(segmentNames[lm.segments.segmentOf[k]] ?? '');
    out.firstDay[j] = cs.firstDay[k];
    out.lastDay[j] = cs.lastDay[k];
    out.orders[j] = cs.orderCount[k];
    out.revenue[j] = cs.netRevenue[k];
    out.aov[j] = lm.aov[k];
    out.r[j] = lm.rfm.r[k];
    out.f[j] = lm.rfm.f[k];
    out.m[j] = lm.rfm.m[k];
    if (lm.model.pAlive) out.pAlive[j] = lm.model.pAlive[k];
    if (lm.model.expected) out.expected[j] = lm.model.expected[k];
    if (lm.model.clv) out.clv[j] = lm.model.clv[k];
  }
  return out;
}

function rowBuffers(rows: CustomerRows): ArrayBuffer[] {
  return [rows.firstDay, rows.lastDay, rows.orders, rows.revenue, rows.aov, rows.r, rows.f, rows.m, rows.pAlive, rows.expected, rows.clv].map((a) => a.buffer as ArrayBuffer);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * BG/NBD for P(alive) and expected purchases, Gamma-Gamma for the spend behind CLV (INTERFACES.md
 * conventions, anchored at the last purchase in the data). A model that cannot be fitted leaves its
 * columns empty with the reason, never zeros.
 */
async function fitModel(lm: ListModel): Promise<void> {
  const cs = lm.cs;
  const m = lm.model;
  try {
    const summary = summariseCustomers(cs, { calibrationEnd: lm.asOf ?? 0, unit: 'day' });
    // In the fit worker: the list's rows keep coming while the models fit.
    const { bgnbd: bg, gammaGamma: gg } = await fitModelsAside(summary.rfm, spendInput(summary), ['bgnbd', 'gammaGamma'] as const);
    if (!bg.ok) {
      lm.model = { ...m, state: 'failed', problem: `The purchase model (BG/NBD) could not be fitted: ${bg.error}.` };
      return;
    }
    const { r, alpha, a, b } = bg.params;
    const spend = gg.ok ? { p: gg.params.p, q: gg.params.q, v: gg.params.v } : null;
    const forecast = new CustomerForecast(bgNbdModel({ r, alpha, a, b }), summary, spend);
    const expand = (values: Float64Array) => {
      const out = new Float64Array(cs.customers).fill(Number.NaN);
      for (let i = 0; i < summary.customers; i++) out[summary.occasionIndex[i]] = values[i];
      return out;
    };
    lm.model = {
      ...m,
      state: 'ready',
      problem: null,
      clvProblem: gg.ok ? null : `The spend model (Gamma-Gamma) could not be fitted: ${gg.error}.`,
      pAlive: expand(forecast.pAlive()),
      expected: expand(forecast.expectedPurchases(CUSTOMER_MODEL.horizonDays)),
      clv: gg.ok ? expand(forecast.clv(CUSTOMER_MODEL.months, CUSTOMER_MODEL.discountMonthly)) : null,
    };
  } catch (error) {
    lm.model = { ...m, state: 'failed', problem: `The models could not be fitted: ${errorText(error)}.` };
  }
  for (const key of ['pAlive', 'expected', 'clv'] as const) lm.sorted.delete(key);
  lm.view = null;
}

/** Fits the list's models once; concurrent callers wait for the same fit. */
function ensureModel(lm: ListModel): Promise<void> {
  if (lm.model.state !== 'pending') return Promise.resolve();
  lm.fitting ??= fitModel(lm);
  return lm.fitting;
}

// ---------------------------------------------------------------------------------------------------------
// One customer: figures in one currency and the order history with the tier of each order's marketplace.

export interface CustomerOrderLine {
  sku: string | null;
  quantity: number;
  amount: number;
  kind: 'sale' | 'return' | 'cancelled' | 'free';
}

export interface CustomerOrder {
  /** The order id of the export, or null when the file had none (then one order per day and marketplace). */
  orderId: string | null;
  day: number;
  marketplace: string;
  currency: string;
  /** Sales minus returns of the order (cancelled lines excluded). */
  total: number;
  /** The customer's tier under the rule set of the order's marketplace, and that rule in words. */
  tier: string | null;
  tierRule: string | null;
  lines: CustomerOrderLine[];
}

export interface CustomerTier {
  marketplace: string;
  tier: string;
  rule: string;
}

export interface CustomerFacts {
  firstDay: number;
  lastDay: number;
  recencyDays: number;
  purchaseDays: number;
  orders: number;
  grossRevenue: number;
  returns: number;
  netRevenue: number;
  aov: number | null;
  profit: number | null;
  r: number;
  f: number;
  m: number;
  segment: string;
  segmentDescription: string;
  tiers: CustomerTier[];
  pAlive: number | null;
  expected: number | null;
  clv: number | null;
}

export interface CustomerDetail {
  id: string;
  found: boolean;
  /** The currency of `facts`, the customer's currencies, and the day recency is measured to. */
  currency: string | null;
  currencies: string[];
  asOf: number | null;
  /** Null when the customer has no purchase (only returns or cancelled orders). */
  facts: CustomerFacts | null;
  model: CustomerModelInfo | null;
  orders: CustomerOrder[];
  /** Orders in all; `orders` holds the latest MAX_ORDERS_SHOWN. */
  ordersTotal: number;
}

export const MAX_ORDERS_SHOWN = 1000;

const TYPE_WORDS: Record<TierRuleSet['thresholdType'], string> = { orders: 'orders', units: 'units', revenue: 'net revenue', profit: 'profit' };

/** "net revenue in Amazon US over 200 USD" */
export function describeTier(a: TierAssignment, t: number, currency: string | null): string {
  const set = a.ruleSet;
  const where = set.marketplace.trim() === ALL_MARKETPLACES ? 'in all marketplaces' : `in ${set.marketplace}`;
  const unit = set.thresholdType === 'revenue' || set.thresholdType === 'profit' ? ` ${currency ?? ''}`.trimEnd() : '';
  if (t >= 0) return `${TYPE_WORDS[set.thresholdType]} ${where} over ${a.thresholds[t]}${unit}`;
  const lowest = a.thresholds[a.thresholds.length - 1];
  return `${TYPE_WORDS[set.thresholdType]} ${where} not over ${lowest}${unit}, the lowest threshold`;
}

function tierOf(lm: ListModel, k: number, marketplace: string): { tier: string; rule: string } | null {
  if (k < 0) return null;
  for (const a of lm.tiers?.assignments ?? []) {
    const where = a.ruleSet.marketplace;
    if (where.trim() !== ALL_MARKETPLACES && !sameMarketplace(where, marketplace)) continue;
    const t = a.tier[k];
    if (t === TIER_OUTSIDE) continue;
    return { tier: t >= 0 ? a.names[t] : 'No tier', rule: describeTier(a, t, lm.currency) };
  }
  return null;
}

function lineKind(flags: number, quantity: number, amount: number): CustomerOrderLine['kind'] {
  if (flags & FLAG_CANCELLED) return 'cancelled';
  if (flags & FLAG_RETURN || quantity < 0 || amount < 0) return 'return';
  if (amount === 0 && flags & FLAG_FREE_PURCHASE) return 'free';
  return 'sale';
}

async function customerDetail(datasetId: string, id: string, currency?: string | null, segmentMap?: SegmentMapChoice): Promise<CustomerDetail> {
  const data = await loadDataset(datasetId);
  const { columns: c, dictionaries: dict } = data.table;
  const d = dict.customer.indexOf(id);
  const empty: CustomerDetail = { id, found: false, currency: null, currencies: [], asOf: null, facts: null, model: null, orders: [], ordersTotal: 0 };
  if (d < 0) return empty;

  const lines: number[] = [];
  for (let i = 0; i < c.length; i++) if (c.customer[i] === d) lines.push(i);
  const linesPerCurrency = new Map<number, number>();
  for (const i of lines) if (!(c.flags[i] & FLAG_CANCELLED)) linesPerCurrency.set(c.currency[i], (linesPerCurrency.get(c.currency[i]) ?? 0) + 1);
  const currencies = [...linesPerCurrency.entries()].sort((a, b) => b[1] - a[1]).map(([cur]) => dict.currency[cur]);
  const chosen = currency && currencies.includes(currency) ? currency : (currencies[0] ?? null);

  const models = new Map<string, ListModel>();
  const modelIn = async (cur: string) => {
    let lm = models.get(cur);
    if (!lm) {
      lm = await listModel(datasetId, cur, segmentMap);
      models.set(cur, lm);
    }
    return lm;
  };

  let facts: CustomerFacts | null = null;
  let model: CustomerModelInfo | null = null;
  let asOf: number | null = null;
  if (chosen !== null) {
    const lm = await modelIn(chosen);
    await ensureModel(lm);
    const { pAlive: _p, expected: _e, clv: _c, ...info } = lm.model;
    model = info;
    asOf = lm.asOf;
    const k = indexOfCustomer(lm)[d];
    if (k >= 0) facts = factsOf(lm, k);
  }

  // Orders: lines grouped by order id (or, without ids, by day, marketplace and currency), newest first.
  const groups = new Map<string, { day: number; order: number; marketplace: number; currency: number; lines: number[] }>();
  for (const i of lines) {
    const key = c.order[i] >= 0 ? `o${c.order[i]}` : `d${c.day[i]}|${c.marketplace[i]}|${c.currency[i]}`;
    let g = groups.get(key);
    if (!g) {
      g = { day: c.day[i], order: c.order[i], marketplace: c.marketplace[i], currency: c.currency[i], lines: [] };
      groups.set(key, g);
    }
    if (c.day[i] < g.day) g.day = c.day[i];
    g.lines.push(i);
  }
  const sortedGroups = [...groups.values()].sort((a, b) => b.day - a.day || b.order - a.order).slice(0, MAX_ORDERS_SHOWN);
  const orders: CustomerOrder[] = [];
  for (const g of sortedGroups) {
    const cur = dict.currency[g.currency];
    const marketplace = dict.marketplace[g.marketplace];
    const lm = linesPerCurrency.has(g.currency) ? await modelIn(cur) : null;
    const tier = lm ? tierOf(lm, indexOfCustomer(lm)[d], marketplace) : null;
    let total = 0;
    const orderLines = g.lines.map((i): CustomerOrderLine => {
      const kind = lineKind(c.flags[i], c.quantity[i], c.amount[i]);
      if (kind === 'sale' || kind === 'free') total += c.amount[i];
      else if (kind === 'return') total -= Math.abs(c.amount[i]);
      return { sku: c.sku[i] >= 0 ? dict.sku[c.sku[i]] : null, quantity: c.quantity[i], amount: c.amount[i], kind };
    });
    orders.push({
      orderId: g.order >= 0 ? dict.order[g.order] : null, day: g.day, marketplace, currency: cur, total,
      tier: tier?.tier ?? null, tierRule: tier?.rule ?? null, lines: orderLines,
    });
  }
  return { id, found: true, currency: chosen, currencies, asOf, facts, model, orders, ordersTotal: groups.size };
}

function factsOf(lm: ListModel, k: number): CustomerFacts {
  const cs = lm.cs;
  const segment = lm.segments.map.segments[lm.segments.segmentOf[k]];
  const names = lm.data.table.dictionaries.marketplace;
  const tiers: CustomerTier[] = [];
  for (let row = cs.marketStart[k]; row < cs.marketStart[k + 1]; row++) {
    const marketplace = names[cs.market[row]];
    const tier = tierOf(lm, k, marketplace);
    if (tier && !tiers.some((t) => t.rule === tier.rule)) tiers.push({ marketplace, ...tier });
  }
  const pick = (column: Float64Array | null) => (column && Number.isFinite(column[k]) ? column[k] : null);
  return {
    firstDay: cs.firstDay[k],
    lastDay: cs.lastDay[k],
    recencyDays: lm.rfm.recencyDays[k],
    purchaseDays: cs.occasionCount[k],
    orders: cs.orderCount[k],
    grossRevenue: cs.grossRevenue[k],
    returns: cs.returnsValue[k],
    netRevenue: cs.netRevenue[k],
    aov: Number.isFinite(lm.aov[k]) ? lm.aov[k] : null,
    profit: cs.profit ? cs.profit[k] : null,
    r: lm.rfm.r[k],
    f: lm.rfm.f[k],
    m: lm.rfm.m[k],
    segment: segment?.name ?? '',
    segmentDescription: segment?.description ?? '',
    tiers,
    pAlive: pick(lm.model.pAlive),
    expected: pick(lm.model.expected),
    clv: pick(lm.model.clv),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The list as a CSV file (cells neutralised against spreadsheet formulas by core/export/csv.ts).

export const CUSTOMER_CSV_HEADER = [
  'customer', 'currency', 'first_purchase', 'last_purchase', 'orders', 'net_revenue', 'average_order_value', 'r', 'f', 'm',
  'segment', 'tier', 'p_alive', 'expected_purchases_90d', 'clv_12m',
];

const cents = (v: number) => (Number.isFinite(v) ? Math.round(v * 100) / 100 : null);
const fraction = (v: number) => (Number.isFinite(v) ? Math.round(v * 10_000) / 10_000 : null);

function* csvRows(lm: ListModel, q: CustomerQuery, view: Int32Array): Generator<CsvCell[]> {
  const cs = lm.cs;
  const ids = idsOf(lm);
  const segmentNames = lm.segments.map.segments.map((s) => s.name);
  const { pAlive, expected, clv } = lm.model;
  for (let j = 0; j < view.length; j++) {
    const k = view[j];
    yield [
      ids[k], lm.currency, formatDay(cs.firstDay[k]), formatDay(cs.lastDay[k]), cs.orderCount[k], cents(cs.netRevenue[k]), cents(lm.aov[k]),
      lm.rfm.r[k], lm.rfm.f[k], lm.rfm.m[k], segmentNames[lm.segments.segmentOf[k]] ?? '', tierLabel(lm, k, q.marketplace).full,
      pAlive ? fraction(pAlive[k]) : null, expected ? fraction(expected[k]) : null, clv ? cents(clv[k]) : null,
    ];
  }
}

// ---------------------------------------------------------------------------------------------------------

export const customersApi = {
  /** Rows offset..offset+limit of the list as the query sorts and filters it, with the list's facts. */
  async customerRows(query: CustomerQuery, offset: number, limit: number): Promise<CustomerRows> {
    const lm = await listModel(query.datasetId, query.currency, query.segmentMap ?? 'amazon');
    const rows = rowsOf(lm, query, viewOf(lm, query), offset, Math.min(limit, 500));
    return transfer(rows, rowBuffers(rows));
  },

  /** Fits the models behind P(alive), expected purchases and CLV for the list's currency (once per data change). */
  async customerModel(datasetId: string, currency?: string | null): Promise<CustomerModelInfo> {
    const lm = await listModel(datasetId, currency);
    if (lm.model.state === 'pending') {
      // The first search then starts at once (lower-casing a million ids takes some 70 ms).
      lm.lowerIds ??= idsOf(lm).map((id) => id.toLowerCase());
      await ensureModel(lm);
    }
    const { pAlive: _p, expected: _e, clv: _c, ...info } = lm.model;
    return info;
  },

  /** One customer's page; `segmentMap` as in CustomerQuery. */
  async customerDetail(datasetId: string, id: string, currency?: string | null, segmentMap: SegmentMapChoice = 'amazon'): Promise<CustomerDetail> {
    return customerDetail(datasetId, id, currency, segmentMap);
  },

  /** The whole filtered list, in its order, as CSV bytes (UTF-8). */
  async customerCsv(query: CustomerQuery): Promise<{ fileName: string; rows: number; bytes: Uint8Array }> {
    const lm = await listModel(query.datasetId, query.currency, query.segmentMap ?? 'amazon');
    const view = viewOf(lm, query);
    const bytes = new TextEncoder().encode(toCsv(CUSTOMER_CSV_HEADER, csvRows(lm, query, view)));
    const day = lm.asOf === null ? 'empty' : formatDay(lm.asOf);
    const fileName = `customers-${query.datasetId}-${lm.currency ?? 'none'}-${day}.csv`.replace(/[^\w.-]+/g, '_');
    return transfer({ fileName, rows: view.length, bytes }, [bytes.buffer as ArrayBuffer]);
  },
};
