// The brand view's figures, computed in the analytics worker: refreshed after every import, and when the
// seller picks another period, trend granularity or currency. A slow answer that a newer request has
// overtaken is dropped, so the page never shows the figures of a period it no longer asks for.
import type { Granularity } from '../core/analytics/periods.ts';
import { analytics, type AnalysisResult, type BrandFigures } from '../workers/client.ts';

export class BrandState {
  /** The whole history as the command line reports it. */
  result = $state.raw<AnalysisResult | null>(null);
  figures = $state.raw<BrandFigures | null>(null);
  /** The currency the figures are in; the dataset's other currencies are not added in. */
  currency = $state<string | null>(null);
  currencies = $state.raw<string[]>([]);
  /** `all` (the default, as the command line), `last-30`, `last-90`, `last-365` or `year-YYYY`. */
  period = $state('all');
  granularity = $state<Granularity>('month');
  loading = $state(false);
  loaded = $state(false);
  error = $state<string | null>(null);
  private requests = 0;

  constructor(private readonly datasetId: () => string) {}

  async refresh(currency = this.currency ?? undefined): Promise<void> {
    const ticket = ++this.requests;
    this.loading = true;
    try {
      const summary = await analytics().brandSummary(this.datasetId(), { currency, period: this.period, granularity: this.granularity });
      if (ticket !== this.requests) return;
      this.result = summary.result;
      this.figures = summary.figures;
      this.currency = summary.currency;
      this.currencies = summary.currencies;
      if (summary.figures) this.period = summary.figures.period.key;
      this.error = null;
    } catch (error) {
      if (ticket === this.requests) this.error = `The figures could not be computed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      if (ticket === this.requests) {
        this.loading = false;
        this.loaded = true;
      }
    }
  }

  async choosePeriod(key: string): Promise<void> {
    this.period = key;
    await this.refresh();
  }

  async chooseGranularity(granularity: Granularity): Promise<void> {
    this.granularity = granularity;
    await this.refresh();
  }
}
