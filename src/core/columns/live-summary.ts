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

export class LiveSummary {
  private readonly lines = new Map<number, number>();
  private readonly fresh = new Map<number, number>();
  private seen = new Uint8Array(1024);
  private customers = 0;

  /** `knownCustomers`: customer codes below it were in the dataset before this import. */
  constructor(private readonly knownCustomers = 0) {}

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
      const customer = chunk.customer[i];
      if (customer >= this.seen.length) {
        const grown = new Uint8Array(Math.max(customer + 1, this.seen.length * 2));
        grown.set(this.seen);
        this.seen = grown;
      }
      if (this.seen[customer] === 0) {
        this.seen[customer] = 1;
        this.customers++;
        if (customer >= this.knownCustomers) this.fresh.set(month, (this.fresh.get(month) ?? 0) + 1);
      }
    }
  }

  view(): LiveImportView {
    const keys = [...this.lines.keys()];
    if (keys.length === 0) return { months: [], lines: [], newCustomers: [], customers: 0 };
    const first = Math.min(...keys);
    const last = Math.max(...keys);
    const view: LiveImportView = { months: [], lines: [], newCustomers: [], customers: this.customers };
    for (let m = first; m <= last; m++) {
      view.months.push(`${String(Math.floor(m / 12)).padStart(4, '0')}-${String((m % 12) + 1).padStart(2, '0')}`);
      view.lines.push(this.lines.get(m) ?? 0);
      view.newCustomers.push(this.fresh.get(m) ?? 0);
    }
    return view;
  }
}
