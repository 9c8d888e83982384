// The brand view's figures, computed in the analytics worker and refreshed after every import.
import { analytics, type AnalysisResult } from '../workers/client.ts';

export class BrandState {
  result = $state.raw<AnalysisResult | null>(null);
  months = $state.raw<string[]>([]);
  monthlySales = $state.raw<Float64Array>(new Float64Array(0));
  /** The currency the figures are in; the dataset's other currencies are not added in. */
  currency = $state<string | null>(null);
  currencies = $state.raw<string[]>([]);
  loading = $state(false);
  loaded = $state(false);
  error = $state<string | null>(null);

  constructor(private readonly datasetId: () => string) {}

  async refresh(currency = this.currency ?? undefined): Promise<void> {
    this.loading = true;
    try {
      const summary = await analytics().brandSummary(this.datasetId(), currency);
      this.result = summary.result;
      this.months = summary.months;
      this.monthlySales = summary.monthlySales;
      this.currency = summary.currency;
      this.currencies = summary.currencies;
      this.error = null;
    } catch (error) {
      this.error = `The figures could not be computed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.loading = false;
      this.loaded = true;
    }
  }
}
