// The per-customer summary file (customer, frequency, recency, T[, monetary]) that a warehouse produces with
// one query: not order lines, so it has its own result, columns ready for the models. Its time unit is the
// file's (days or weeks, as the query chose); the caller says which.
import type { RecordSink } from './csv.ts';
import type { IngestOptions, IngestReport } from './ingest.ts';
import { clip, RejectList } from './rejects.ts';
import { normaliseCustomer } from './identity.ts';
import type { SummaryPlan } from './formats.ts';
import { isBlank, type SampleAnalysis } from './sample.ts';
import { AmountReader } from './values.ts';

export interface CustomerSummaryTable {
  length: number;
  /** Customer identities (salted hashes when the import was pseudonymised), one per row, distinct. */
  customer: string[];
  /** Repeat purchase occasions. */
  frequency: Float64Array;
  /** First to last occasion. */
  recency: Float64Array;
  /** First occasion to the end of observation. */
  T: Float64Array;
  /** Mean value of the repeat occasions; NaN where the file has none (or the customer has no repeat). */
  monetary: Float64Array;
  /** Whether the file has a monetary column at all. */
  hasMonetary: boolean;
}

class Grow {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  take(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

export class SummarySink implements RecordSink {
  private readonly plan: SummaryPlan;
  private readonly firstDataLine: number;
  private readonly rejects: RejectList;
  private readonly numbers: AmountReader;
  private readonly seen = new Set<string>();
  private customers: string[] = [];
  private readonly frequency = new Grow();
  private readonly recency = new Grow();
  private readonly T = new Grow();
  private readonly monetary = new Grow();

  constructor(analysis: SampleAnalysis, private readonly report: IngestReport, private readonly options: IngestOptions) {
    this.plan = analysis.summaryPlan!;
    this.firstDataLine = analysis.headerLine + 1;
    this.rejects = new RejectList(report, options.maxRejectsListed ?? 100_000);
    this.numbers = new AmountReader(analysis.decimal);
    report.identity = 'exact';
  }

  malformed(line: number, column: number, reason: string): void {
    if (line < this.firstDataLine) return;
    this.report.rows++;
    this.rejects.add(line, column, 'malformed-quotes', `${reason}, so the line's fields cannot be told apart`);
  }

  record(fields: string[], line: number): void {
    if (line < this.firstDataLine) return;
    if (isBlank(fields)) {
      this.report.blankLines++;
      return;
    }
    const p = this.plan;
    this.report.rows++;
    if (fields.length < p.width) {
      this.rejects.add(line, null, 'wrong-field-count', `the line has ${fields.length} fields, a summary line needs at least ${p.width}`);
      return;
    }
    const customer = normaliseCustomer(fields[p.customer]);
    if (customer === '') {
      this.rejects.add(line, p.customer + 1, 'missing-customer', `${clip(p.header[p.customer])} (column ${p.customer + 1}) is empty`);
      return;
    }
    const read = (column: number, what: string, check: (v: number) => boolean): number | null => {
      const v = this.numbers.read(fields[column]);
      if (v === null || !check(v)) {
        this.rejects.add(line, column + 1, 'bad-summary', `${clip(p.header[column])} (column ${column + 1}) "${clip(fields[column])}" is not ${what}`);
        return null;
      }
      return v;
    };
    const frequency = read(p.frequency, 'a whole number of repeat purchases (0 or more)', (v) => v >= 0 && Number.isInteger(v));
    if (frequency === null) return;
    const recency = read(p.recency, 'a recency of 0 or more', (v) => v >= 0);
    if (recency === null) return;
    const T = read(p.T, `an age T of at least the recency (${recency})`, (v) => v >= recency - 1e-9);
    if (T === null) return;
    if (frequency === 0 && recency !== 0) {
      this.rejects.add(line, p.recency + 1, 'bad-summary', `recency is ${recency} with no repeat purchase (frequency 0), where it must be 0`);
      return;
    }
    let monetary = NaN;
    if (p.monetary >= 0 && p.monetary < fields.length && fields[p.monetary].trim() !== '') {
      const m = read(p.monetary, 'an amount of 0 or more', (v) => v >= 0);
      if (m === null) return;
      monetary = m;
    }
    if (this.seen.has(customer)) {
      this.rejects.add(line, p.customer + 1, 'duplicate-customer', `customer "${clip(customer)}" has a line already; a summary has one line per customer`);
      return;
    }
    this.seen.add(customer);
    this.customers.push(customer);
    this.frequency.push(frequency);
    this.recency.push(recency);
    this.T.push(T);
    this.monetary.push(monetary);
    this.report.accepted++;
    this.report.storedLines++;
  }

  async afterPiece(): Promise<void> {}

  async finish(): Promise<void> {
    const hash = this.options.pseudonymise;
    if (!hash) return;
    const out: string[] = new Array<string>(this.customers.length);
    for (let i = 0; i < this.customers.length; i += 512) {
      const batch = this.customers.slice(i, i + 512);
      const hashed = await Promise.all(batch.map((v) => hash(v)));
      for (let k = 0; k < hashed.length; k++) out[i + k] = String(hashed[k]);
    }
    this.customers = out;
  }

  table(): CustomerSummaryTable {
    return {
      length: this.customers.length,
      customer: this.customers,
      frequency: this.frequency.take(),
      recency: this.recency.take(),
      T: this.T.take(),
      monetary: this.monetary.take(),
      hasMonetary: this.plan.monetary >= 0,
    };
  }
}
