// The shareable report: one self-contained HTML page of aggregates for a consultant to hand to a client.
// It holds no customer row and no identity (only totals, months and segment sizes), no script, and every
// text in it is escaped. Charts come as PNG images (drawn by the page with the app's own chart builders
// and embedded as data: URLs); without them a plain inline-SVG bar chart of sales by month stands in.
// Either way the file opens anywhere, offline.
/** One chart of the report: a PNG as a `data:image/png;base64,` URL and the text a screen reader says for it. */
export interface ReportChart {
  /** Where it goes: beside the monthly sales, the segments, or at the end. */
  place: 'sales' | 'segments' | 'end';
  title: string;
  alt: string;
  png: string;
}

export interface ReportInput {
  storeName: string;
  currency: string;
  period: { first: string | null; asOf: string | null };
  metrics: {
    customers: number; orders: number; totalSales: number; avgSalesPerCustomer: number;
    repeatCustomers: number; repeatOrders: number; repeatPurchaseRate: number; medianRepeatIntervalDays: number | null;
  };
  months: readonly string[];
  monthlySales: ArrayLike<number>;
  segments?: { map: string; counts: Record<string, number> };
  charts?: readonly ReportChart[];
  createdAt: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

function money(value: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);
  } catch {
    return `${Math.round(value).toLocaleString('en-US')} ${currency}`;
  }
}

function barChart(labels: readonly string[], values: ArrayLike<number>, currency: string): string {
  const width = 760;
  const height = 220;
  const max = Math.max(1, ...Array.from(values));
  const step = labels.length > 0 ? width / labels.length : width;
  const bars = labels.map((label, i) => {
    const h = (values[i] / max) * (height - 30);
    const x = i * step + step * 0.15;
    return `<rect x="${x.toFixed(1)}" y="${(height - 20 - h).toFixed(1)}" width="${(step * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="#2f6fdf"><title>${esc(label)}: ${esc(money(values[i], currency))}</title></rect>` +
      (labels.length <= 24 || i % Math.ceil(labels.length / 12) === 0 ? `<text x="${(x + step * 0.35).toFixed(1)}" y="${height - 5}" font-size="10" text-anchor="middle" fill="#5b6270">${esc(label)}</text>` : '');
  });
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Sales by month">${bars.join('')}</svg>`;
}

// The base64 of a PNG starts with its signature (89 50 4E 47 0D 0A 1A 0A): `iVBORw0KGgo`.
const PNG_DATA_URL = /^data:image\/png;base64,iVBORw0KGgo[A-Za-z0-9+/]*={0,2}$/;

function figure(chart: ReportChart, heading: boolean): string {
  // Only a PNG data URL is embedded: nothing else could smuggle markup or a request into the page.
  if (!PNG_DATA_URL.test(chart.png)) throw new Error(`the chart "${chart.title}" is not a PNG image`);
  return `${heading ? `<h2>${esc(chart.title)}</h2>\n` : ''}<figure><img src="${chart.png}" alt="${esc(chart.alt)}"></figure>`;
}

export function buildReportHtml(input: ReportInput): string {
  const m = input.metrics;
  const pct = (f: number) => `${(f * 100).toFixed(1)} %`;
  const tiles: [string, string][] = [
    ['Customers', m.customers.toLocaleString('en-US')],
    ['Orders', m.orders.toLocaleString('en-US')],
    ['Total sales', money(m.totalSales, input.currency)],
    ['Sales per customer', money(m.avgSalesPerCustomer, input.currency)],
    ['Repeat customers', m.repeatCustomers.toLocaleString('en-US')],
    ['Repeat orders', m.repeatOrders.toLocaleString('en-US')],
    ['Repeat purchase rate', pct(m.repeatPurchaseRate)],
    ['Median repeat interval', m.medianRepeatIntervalDays === null ? '—' : `${m.medianRepeatIntervalDays} days`],
  ];
  const rows = input.months.map((month, i) => `<tr><td>${esc(month)}</td><td class="n">${esc(money(input.monthlySales[i], input.currency))}</td></tr>`).join('');
  const segmentRows = input.segments
    ? Object.entries(input.segments.counts).map(([name, n]) => `<tr><td>${esc(name)}</td><td class="n">${n.toLocaleString('en-US')}</td><td class="n">${m.customers ? pct(n / m.customers) : '—'}</td></tr>`).join('')
    : '';
  const charts = input.charts ?? [];
  const at = (place: ReportChart['place'], heading: boolean) => charts.filter((c) => c.place === place).map((c) => figure(c, heading)).join('\n');
  const salesTitle = charts.find((c) => c.place === 'sales')?.title ?? 'Sales by month';
  const segments = input.segments
    ? `<h2>Customer segments (${esc(input.segments.map)} map)</h2>${at('segments', false)}<table><thead><tr><th>Segment</th><th class="n">Customers</th><th class="n">Share</th></tr></thead><tbody>${segmentRows}</tbody></table>`
    : at('segments', true);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Loyalty report: ${esc(input.storeName)}</title>
<style>
body{font-family:system-ui,sans-serif;color:#1d2330;margin:2rem auto;max-width:52rem;padding:0 1rem}
h1{margin:0}.sub{color:#5b6270}.tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:.6rem;margin:1rem 0}
.tile{border:1px solid #e3e6eb;border-radius:8px;padding:.6rem .8rem}.tile b{display:block;font-size:1.3rem}
.tile span{color:#5b6270;font-size:.8rem;text-transform:uppercase}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
td,th{border-bottom:1px solid #e3e6eb;padding:.3rem .5rem;text-align:left}.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:.5rem 0 1rem}figure img{display:block;box-sizing:border-box;width:100%;height:auto;padding:.4rem;border:1px solid #e3e6eb;border-radius:8px}
@media print{figure,table,.tiles{break-inside:avoid}}
</style></head><body>
<h1>Loyalty report: ${esc(input.storeName)}</h1>
<p class="sub">Purchases from ${esc(input.period.first ?? '—')} to ${esc(input.period.asOf ?? '—')}, amounts in ${esc(input.currency)}. Aggregates only: this report holds no customer data. Made with Loyalty Lens on ${esc(input.createdAt)}.</p>
<div class="tiles">${tiles.map(([label, value]) => `<div class="tile"><span>${esc(label)}</span><b>${esc(value)}</b></div>`).join('')}</div>
<h2>${esc(salesTitle)}</h2>
${at('sales', false) || barChart(input.months, input.monthlySales, input.currency)}
<table><thead><tr><th>Month</th><th class="n">Sales</th></tr></thead><tbody>${rows}</tbody></table>
${segments}
${at('end', true)}
</body></html>
`;
}
