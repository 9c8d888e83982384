// What an import has read so far, for the chart that grows while it runs: order lines and first-seen
// customers by month. Counts only, so no two currencies are ever added together. Fed chunk by chunk
// (50,000 lines, a fraction of a millisecond each); the view is small enough to post with every progress.
import { dayToCivil } from '../ingest/dates.ts';
import type { OrderLineColumns } from './table.ts';

export interface LiveImportView {
  /** `YYYY-MM`, in order, from the first month read to the last. */
  months: string[];
  lines: number[];
  newCustomers: number[];
  customers: number;
}

/**
 * What a later part of a file read in parts saw, for the live chart (its codes are its own until merged):
 * order lines per month (as [month, count]), and each of its customers' first month (-1: not in the part).
 */
export interface PartLive {
  lines: [number, number][];
  firstMonths: Int32Array;
}

export class LiveSummary {
  private readonly lines = new Map<number, number>();
  private readonly fresh = new Map<number, number>();
  private seen = new Uint8Array(1024);
  private customers = 0;
  private readonly firstMonths: number[] = [];

  /**
   * `knownCustomers`: customer codes below it were in the dataset before this import. `noteFirstMonths`:
   * keep every customer's first month (a later part's summary, see part()).
   */
  constructor(private readonly knownCustomers = 0, private readonly noteFirstMonths = false) {}

  add(chunk: OrderLineColumns): void {
    let lastDay = NaN;
    let month = 0;
    for (let i = 0; i < chunk.length; i++) {
      const day = chunk.day[i];
      if (day !== lastDay) {
        lastDay = day;
        const c = dayToCivil(day);
        month = c.year * 12 + c.month - 1;
      }
      this.lines.set(month, (this.lines.get(month) ?? 0) + 1);
      this.mark(chunk.customer[i], month);
    }
  }

  private mark(customer: number, month: number): void {
    if (customer >= this.seen.length) {
      const grown = new Uint8Array(Math.max(customer + 1, this.seen.length * 2));
      grown.set(this.seen);
      this.seen = grown;
    }
    if (this.seen[customer] !== 0) return;
    this.seen[customer] = 1;
    this.customers++;
    if (customer >= this.knownCustomers) this.fresh.set(month, (this.fresh.get(month) ?? 0) + 1);
    if (this.noteFirstMonths) {
      while (this.firstMonths.length < customer) this.firstMonths.push(-1);
      this.firstMonths[customer] = month;
    }
  }

  /** Lines per month so far, as [month, count] (what a later part sends while it reads). */
  monthLines(): [number, number][] {
    return [...this.lines];
  }

  /** A later part's summary (this one made with `noteFirstMonths`). */
  part(): PartLive {
    return { lines: this.monthLines(), firstMonths: Int32Array.from(this.firstMonths) };
  }

  /** Adds a later part, its customers coded through `toMerged`, after every part before it. */
  addPart(part: PartLive, toMerged: (code: number) => number): void {
    for (const [month, n] of part.lines) this.lines.set(month, (this.lines.get(month) ?? 0) + n);
    const { firstMonths } = part;
    for (let code = 0; code < firstMonths.length; code++) if (firstMonths[code] >= 0) this.mark(toMerged(code), firstMonths[code]);
  }

  /** The chart's view; `reading`: lines per month of later parts still being read (see monthLines). */
  view(reading: readonly (readonly [number, number][])[] = []): LiveImportView {
    const lines = new Map(this.lines);
    for (const part of reading) for (const [month, n] of part) lines.set(month, (lines.get(month) ?? 0) + n);
    const keys = [...lines.keys()];
    if (keys.length === 0) return { months: [], lines: [], newCustomers: [], customers: 0 };
    const first = Math.min(...keys);
    const last = Math.max(...keys);
    const view: LiveImportView = { months: [], lines: [], newCustomers: [], customers: this.customers };
    for (let m = first; m <= last; m++) {
      view.months.push(`${String(Math.floor(m / 12)).padStart(4, '0')}-${String((m % 12) + 1).padStart(2, '0')}`);
      view.lines.push(lines.get(m) ?? 0);
      view.newCustomers.push(this.fresh.get(m) ?? 0);
    }
    return view;
  }
}
