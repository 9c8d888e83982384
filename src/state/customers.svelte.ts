// The customer list and the customer page. The list lives in the analytics worker (customers-api.ts): this
// state keeps the query (sort, filters, search, currency) and the pages of rows the list has on screen,
// a hundred rows a page, so that scrolling through a million customers only ever holds a few thousand rows.
// Answers to an older query that arrive after a newer one are dropped.
import { toCsv } from '../core/export/csv.ts';
import { formatDay } from '../core/ingest/dates.ts';
import {
  analytics, type CustomerDetail, type CustomerListInfo, type CustomerQuery, type CustomerRows, type CustomerSortKey, type SegmentMapChoice,
} from '../workers/client.ts';

export const PAGE_ROWS = 100;
/** Pages kept around the rows on screen; farther ones are dropped and fetched again when scrolled back to. */
const PAGES_KEPT = 30;
/** A pause in typing before the search runs (the worker then scans every id once). */
const SEARCH_DELAY_MS = 100;

/** One row of the list; NaN where a model figure is missing. */
export interface CustomerRow {
  id: string;
  firstDay: number;
  lastDay: number;
  orders: number;
  revenue: number;
  aov: number;
  r: number;
  f: number;
  m: number;
  segment: string;
  /** The best tier, and every tier with its marketplace when several rule sets cover the customer. */
  tier: string;
  tierDetail: string;
  pAlive: number;
  expected: number;
  clv: number;
}

/** Sorting a column the first time: amounts and scores highest first, names and dates from the top. */
const FIRST_DESCENDING: Record<CustomerSortKey, boolean> = {
  id: false, firstDay: false, lastDay: true, orders: true, revenue: true, aov: true, r: true, f: true, m: true,
  segment: false, tier: true, pAlive: true, expected: true, clv: true,
};

export function rowsOf(page: CustomerRows): CustomerRow[] {
  const rows: CustomerRow[] = [];
  for (let j = 0; j < page.count; j++) {
    rows.push({
      id: page.ids[j], firstDay: page.firstDay[j], lastDay: page.lastDay[j], orders: page.orders[j], revenue: page.revenue[j], aov: page.aov[j],
      r: page.r[j], f: page.f[j], m: page.m[j], segment: page.segments[j], tier: page.tiers[j], tierDetail: page.tierDetails[j],
      pAlive: page.pAlive[j], expected: page.expected[j], clv: page.clv[j],
    });
  }
  return rows;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function download(blob: Blob, fileName: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

export type ExportStatus = { kind: 'ok' | 'error'; text: string } | null;

export class CustomersState {
  sort = $state<CustomerSortKey>('revenue');
  descending = $state(true);
  segment = $state<string | null>(null);
  tier = $state<string | null>(null);
  marketplace = $state<string | null>(null);
  search = $state('');
  currency = $state<string | null>(null);
  info = $state.raw<CustomerListInfo | null>(null);
  /** Goes up when the order or the filters of the rows change (the list goes back to its top). */
  generation = $state(0);
  loading = $state(false);
  loaded = $state(false);
  error = $state<string | null>(null);
  fitting = $state(false);
  exporting = $state(false);
  exportStatus = $state<ExportStatus>(null);
  readonly detail: CustomerDetailState;

  private rowsVersion = $state(0);
  private pages = new Map<number, CustomerRow[]>();
  private inFlight = new Set<number>();
  private request = 0;
  /** The query of the rows held, and the request that brought them (pages of it may still arrive). */
  private asked: CustomerQuery | null = null;
  private askedRequest = 0;
  private range = { start: 0, end: 0 };
  private datasetSeen: string | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  /** `segmentMap`: the Segments view's choice of map, which the list's Segment column follows. */
  constructor(private readonly datasetId: () => string, private readonly segmentMap: () => SegmentMapChoice = () => 'amazon') {
    this.detail = new CustomerDetailState(datasetId, segmentMap);
  }

  /** The segment map the list follows (the Segments view's choice). */
  get segmentMapChoice(): SegmentMapChoice {
    return this.segmentMap();
  }

  /** Customers the filters keep (the list's length). */
  get matched(): number {
    return this.info?.matched ?? 0;
  }

  get filtered(): boolean {
    return this.segment !== null || this.tier !== null || this.marketplace !== null || this.search.trim() !== '';
  }

  /** Row i of the list, or undefined while its page is on its way. */
  rowAt(i: number): CustomerRow | undefined {
    void this.rowsVersion;
    return this.pages.get(Math.floor(i / PAGE_ROWS))?.[i % PAGE_ROWS];
  }

  private query(): CustomerQuery {
    return {
      datasetId: this.datasetId(), currency: this.currency, sort: this.sort, descending: this.descending,
      segment: this.segment, tier: this.tier, marketplace: this.marketplace, search: this.search.trim(), segmentMap: this.segmentMap(),
    };
  }

  /** After the data changed (an import, another dataset, tier rules saved elsewhere): the same query again. */
  async refresh(): Promise<void> {
    const datasetId = this.datasetId();
    if (datasetId !== this.datasetSeen) {
      // Another dataset: its currencies, segments and tiers are not this one's.
      this.datasetSeen = datasetId;
      this.currency = null;
      this.segment = this.tier = this.marketplace = null;
      this.search = '';
    }
    await this.requery(true);
    await this.fitIfNeeded();
  }

  async setSort(key: CustomerSortKey): Promise<void> {
    if (this.sort === key) this.descending = !this.descending;
    else {
      this.sort = key;
      this.descending = FIRST_DESCENDING[key];
    }
    await this.requery(true);
  }

  async setFilter(which: 'segment' | 'tier' | 'marketplace', value: string | null): Promise<void> {
    this[which] = value || null;
    await this.requery(true);
  }

  async clearFilters(): Promise<void> {
    clearTimeout(this.searchTimer);
    this.segment = this.tier = this.marketplace = null;
    this.search = '';
    await this.requery(true);
  }

  /** Runs the search after a short pause in typing; a failure shows in `error`. */
  setSearch(text: string): void {
    this.search = text;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.requery(true), SEARCH_DELAY_MS);
  }

  async setCurrency(currency: string): Promise<void> {
    this.currency = currency;
    this.marketplace = this.tier = null;
    await this.requery(true);
    await this.fitIfNeeded();
  }

  /**
   * Asks for the current query and replaces the rows when the answer comes: from the top (a new order or
   * filter), or where the list is (new figures for the same rows).
   */
  private async requery(fromTop: boolean): Promise<void> {
    const mine = ++this.request;
    const asked = this.query();
    const first = fromTop ? 0 : Math.floor(this.range.start / PAGE_ROWS);
    const last = fromTop ? 0 : Math.floor(Math.max(this.range.end - 1, this.range.start) / PAGE_ROWS);
    this.loading = true;
    try {
      const pages = new Map<number, CustomerRow[]>();
      let info: CustomerListInfo | null = null;
      for (let p = first; p <= last; p++) {
        const page = await analytics().customerRows(asked, p * PAGE_ROWS, PAGE_ROWS);
        if (mine !== this.request) return;
        pages.set(p, rowsOf(page));
        info = page.info;
      }
      if (this.segment !== null && info && !info.segmentNames.includes(this.segment)) {
        // Another segment map was chosen since: its segments have other names, so the filter goes.
        this.segment = null;
        await this.requery(true);
        return;
      }
      this.asked = asked;
      this.askedRequest = mine;
      this.pages = pages;
      this.inFlight = new Set();
      this.info = info;
      this.currency = info?.currency ?? null;
      if (fromTop) this.generation++;
      this.rowsVersion++;
      this.error = null;
    } catch (error) {
      if (mine === this.request) this.error = `The customer list could not be loaded: ${reason(error)}`;
    } finally {
      if (mine === this.request) {
        this.loading = false;
        this.loaded = true;
      }
    }
  }

  /** The list shows rows start..end-1: fetches the pages they are on. */
  show(start: number, end: number): void {
    this.range = { start, end };
    if (!this.asked) return;
    for (let p = Math.floor(start / PAGE_ROWS); p <= Math.floor(Math.max(end - 1, start) / PAGE_ROWS); p++) {
      if (!this.pages.has(p) && !this.inFlight.has(p)) void this.loadPage(p);
    }
  }

  private async loadPage(p: number): Promise<void> {
    const mine = this.askedRequest;
    const asked = this.asked!;
    this.inFlight.add(p);
    try {
      const page = await analytics().customerRows(asked, p * PAGE_ROWS, PAGE_ROWS);
      if (mine !== this.askedRequest) return;
      this.pages.set(p, rowsOf(page));
      this.dropFarPages();
      this.rowsVersion++;
    } catch (error) {
      if (mine === this.askedRequest) this.error = `Rows of the customer list could not be loaded: ${reason(error)}`;
    } finally {
      if (mine === this.askedRequest) this.inFlight.delete(p);
    }
  }

  private dropFarPages(): void {
    if (this.pages.size <= PAGES_KEPT) return;
    const here = Math.floor(this.range.start / PAGE_ROWS);
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - here) - Math.abs(a - here));
    for (const p of far.slice(0, this.pages.size - PAGES_KEPT)) this.pages.delete(p);
  }

  /** P(alive), expected purchases and CLV come from models fitted once per data change, after the rows show. */
  private async fitIfNeeded(): Promise<void> {
    if (this.info?.model.state !== 'pending') return;
    const currency = this.currency;
    this.fitting = true;
    try {
      await analytics().customerModel(this.datasetId(), currency);
      if (currency === this.currency) await this.requery(false);
    } catch (error) {
      this.error = `The purchase model could not be fitted: ${reason(error)}`;
    } finally {
      this.fitting = false;
    }
  }

  /** Saves the whole filtered list, in its order, as a CSV file (made in the worker, cells neutralised). */
  async exportCsv(): Promise<void> {
    if (!this.asked) return;
    this.exporting = true;
    this.exportStatus = null;
    try {
      const { fileName, rows, bytes } = await analytics().customerCsv(this.asked);
      download(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'text/csv;charset=utf-8' }), fileName);
      this.exportStatus = { kind: 'ok', text: `Saved ${fileName}: ${rows.toLocaleString('en-US')} customers.` };
    } catch (error) {
      this.exportStatus = { kind: 'error', text: `The list could not be exported: ${reason(error)}` };
    } finally {
      this.exporting = false;
    }
  }
}

export class CustomerDetailState {
  id = $state<string | null>(null);
  detail = $state.raw<CustomerDetail | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  exportStatus = $state<ExportStatus>(null);
  private request = 0;

  constructor(private readonly datasetId: () => string, private readonly segmentMap: () => SegmentMapChoice = () => 'amazon') {}

  async load(id: string, currency?: string | null): Promise<void> {
    const mine = ++this.request;
    if (id !== this.id) this.detail = null;
    this.id = id;
    this.loading = true;
    this.exportStatus = null;
    try {
      const detail = await analytics().customerDetail(this.datasetId(), id, currency, this.segmentMap());
      if (mine !== this.request) return;
      this.detail = detail;
      this.error = null;
    } catch (error) {
      if (mine === this.request) this.error = `This customer could not be loaded: ${reason(error)}`;
    } finally {
      if (mine === this.request) this.loading = false;
    }
  }

  /** The order history as CSV, one row per order line (cells neutralised against spreadsheet formulas). */
  exportOrders(): void {
    const d = this.detail;
    if (!d) return;
    try {
      const rows = d.orders.flatMap((o) => o.lines.map((l) => [
        d.id, o.orderId, formatDay(o.day), o.marketplace, o.currency, o.tier, l.sku, l.quantity, l.amount, l.kind,
      ]));
      const csv = toCsv(['customer', 'order', 'date', 'marketplace', 'currency', 'tier', 'sku', 'quantity', 'amount', 'kind'], rows);
      const fileName = `orders-${d.id}.csv`.replace(/[^\w.@-]+/g, '_');
      download(new Blob([csv], { type: 'text/csv;charset=utf-8' }), fileName);
      this.exportStatus = { kind: 'ok', text: `Saved ${fileName}: ${rows.length.toLocaleString('en-US')} order lines.` };
    } catch (error) {
      this.exportStatus = { kind: 'error', text: `The orders could not be exported: ${reason(error)}` };
    }
  }
}
