// The cohorts view's figures, computed in the analytics worker, and the seller's acquisition cost (CAC):
// the payback period follows a CAC edit at once, from the cohort table already here (no worker call).
import { paybackPeriods } from '../core/analytics/cohorts.ts';
import { analytics, type CohortGranularity, type CohortsFigures } from '../workers/client.ts';

export type CohortMetric = 'retention' | 'revenue' | 'ltv';

export class CohortsState {
  figures = $state.raw<CohortsFigures | null>(null);
  currency = $state<string | null>(null);
  currencies = $state.raw<string[]>([]);
  /** Customers told apart by ship-to address: every figure is approximate. */
  approximate = $state(false);
  granularity = $state<CohortGranularity>('month');
  /** What the heatmap table shows. */
  metric = $state<CohortMetric>('retention');
  /** Acquisition cost per customer for every cohort, in `currency`; null until the seller enters one. */
  cac = $state<number | null>(null);
  /** Per-cohort costs by cohort label, overriding `cac`. */
  cacByCohort = $state<Record<string, number>>({});
  loading = $state(false);
  loaded = $state(false);
  error = $state<string | null>(null);
  private requests = 0;
  private shownFor = '';

  constructor(private readonly datasetId: () => string) {}

  /** The cost that applies to each cohort (NaN where none is entered). */
  readonly cohortCac = $derived.by(() => {
    const table = this.figures?.table;
    if (!table) return new Float64Array(0);
    return Float64Array.from(table.labels, (label) => this.cacByCohort[label] ?? this.cac ?? Number.NaN);
  });

  /** Payback period of each cohort (0 = the acquisition period; -1 = not paid back yet or no cost entered). */
  readonly payback = $derived(this.figures ? paybackPeriods(this.figures.table, this.cohortCac) : new Int32Array(0));

  /** Recomputes unless the figures already shown are for this dataset version (a visit to the view). */
  async sync(version: number): Promise<void> {
    if (this.shownFor === `${this.datasetId()}:${version}`) return;
    await this.refresh(version);
  }

  async refresh(version = -1, currency = this.currency ?? undefined): Promise<void> {
    const ticket = ++this.requests;
    const dataset = this.datasetId();
    this.loading = true;
    try {
      const summary = await analytics().cohortsSummary(dataset, { currency, granularity: this.granularity });
      if (ticket !== this.requests) return;
      if (summary.currency !== this.currency) {
        // A cost typed in one currency means nothing in another.
        this.cac = null;
        this.cacByCohort = {};
      }
      this.figures = summary.figures;
      this.currency = summary.currency;
      this.currencies = summary.currencies;
      this.approximate = summary.approximate;
      this.shownFor = version >= 0 ? `${dataset}:${version}` : '';
      this.error = null;
    } catch (error) {
      if (ticket === this.requests) this.error = `The cohorts could not be computed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      if (ticket === this.requests) {
        this.loading = false;
        this.loaded = true;
      }
    }
  }

  async chooseCurrency(currency: string, version: number): Promise<void> {
    await this.refresh(version, currency);
  }

  async chooseGranularity(granularity: CohortGranularity, version: number): Promise<void> {
    this.granularity = granularity;
    await this.refresh(version);
  }

  setCohortCac(label: string, cost: number | null): void {
    const next = { ...this.cacByCohort };
    if (cost === null) delete next[label];
    else next[label] = cost;
    this.cacByCohort = next;
  }
}
