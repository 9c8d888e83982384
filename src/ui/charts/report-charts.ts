// The shareable report's charts: the overview's sales trend, segment shares and repeat ladder, drawn off
// the page with the same option builders as the views and handed to the report as PNG data URLs. Their
// data are aggregates only (months, segment sizes, ladder rungs), never a customer.
import type { ReportChart } from '../../core/export/report.ts';
import type { BrandFigures } from '../../state/types.ts';
import { formatMoney, formatMoneyCompact, formatPercent } from '../format.ts';
import { repeatLadderOption } from './options/brand-repeat-ladder.ts';
import { brandSalesTrendOption } from './options/brand-sales-trend.ts';
import { segmentShareOption } from './options/brand-segment-share.ts';
import { optionCanvas } from './png.ts';

/** The report page is 52rem wide: charts are drawn at that width, twice over for sharp print. */
const WIDTH = 800;

export function reportCharts(figures: BrandFigures, currency: string): ReportChart[] {
  const png = (option: Parameters<typeof optionCanvas>[0], height: number) => optionCanvas(option, WIDTH, height).toDataURL('image/png');
  const charts: ReportChart[] = [];
  if (figures.trend.labels.length > 0) {
    charts.push({
      place: 'sales',
      title: 'Sales trend: new and returning customers',
      alt: `Stacked bars of net sales per ${figures.trend.granularity} from new and from returning customers; the table below gives each month's total.`,
      png: png(brandSalesTrendOption(figures.trend, (v) => formatMoney(v, currency), (v) => formatMoneyCompact(v, currency)), 300),
    });
  }
  if (figures.segments.length > 0) {
    charts.push({
      place: 'segments',
      title: 'Segments: share of customers and of sales',
      alt: `Bars of each segment's share of customers and of sales: ${figures.segments.map((s) => `${s.name} ${formatPercent(s.customerShare)} of customers, ${formatPercent(s.salesShare)} of sales`).join('; ')}.`,
      png: png(segmentShareOption(figures.segments), Math.max(200, figures.segments.length * 44 + 50)),
    });
  }
  const rungs = figures.ladder.filter((r) => r.probability !== null);
  if (rungs.length > 0) {
    charts.push({
      place: 'end',
      title: 'Repeat ladder: the chance of one more order',
      alt: `Bars of the share of customers with n orders who placed one more: ${rungs.map((r) => `after ${r.n}, ${formatPercent(r.probability ?? 0)}`).join('; ')}.`,
      png: png(repeatLadderOption(figures.ladder), 240),
    });
  }
  return charts;
}
