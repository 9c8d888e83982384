// The shareable report (aggregates only) built from the brand figures and saved as one HTML file.
import { buildReportHtml, type ReportChart } from '../core/export/report.ts';
import { analytics, type BrandFigures } from '../workers/client.ts';

/** Draws the report's charts (the page does it: state draws nothing). */
export type ReportChartsDrawer = (figures: BrandFigures, currency: string) => ReportChart[];

export class ReportState {
  busy = $state(false);
  message = $state<{ kind: 'ok' | 'error'; text: string } | null>(null);

  constructor(private readonly dataset: () => { id: string; name: string }) {}

  async exportReport(drawCharts?: ReportChartsDrawer): Promise<void> {
    this.busy = true;
    this.message = null;
    try {
      const { id, name } = this.dataset();
      const summary = await analytics().brandSummary(id);
      if (!summary.result || !summary.currency) {
        this.message = { kind: 'error', text: 'There is nothing to report yet: import orders first.' };
        return;
      }
      const html = buildReportHtml({
        storeName: name, currency: summary.currency, period: summary.result.period, metrics: summary.result.metrics,
        months: summary.months, monthlySales: summary.monthlySales, segments: summary.result.segments,
        charts: drawCharts && summary.figures ? drawCharts(summary.figures, summary.currency) : undefined, createdAt: new Date().toISOString().slice(0, 10),
      });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
      link.download = `loyalty-report-${new Date().toISOString().slice(0, 10)}.html`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      this.message = { kind: 'ok', text: `Report saved (figures in ${summary.currency}; no customer data in it).` };
    } catch (error) {
      this.message = { kind: 'error', text: `The report could not be made: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      this.busy = false;
    }
  }
}
