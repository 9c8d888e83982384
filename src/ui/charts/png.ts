// Charts as PNG images, for a slide or a client's e-mail: the chart drawn at twice its size on white,
// optionally under a caption (its title, and the dataset and day it comes from). The caption is drawn as
// canvas text, so customer-supplied words in it (a marketplace's name) stay words.
import type { EChartsType } from 'echarts/core';
import { echarts, type EChartsCoreOption } from './registry.ts';
import { AXIS_TEXT } from './theme.ts';

export const PNG_PIXEL_RATIO = 2;

/** The props of ChartPngButton.svelte. */
export interface PngButtonProps {
  /** Offsets from the top and right edges of the chart's parent, in pixels. */
  top: number;
  right: number;
  shown: boolean;
  /** What the chart shows, for the button's accessible name. */
  chartTitle: string;
  save: () => Promise<void>;
}

export interface ImageCaption {
  title: string;
  subtitle: string;
}

const PAD = 16;
const TITLE_PX = 15;
const SUBTITLE_PX = 12;
const LINE_GAP = 6;
const BELOW_CAPTION = 10;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Lower-case ASCII letters, digits and single dashes: safe in a file name on every system. */
export function fileSlug(text: string, max = 48): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '').slice(0, max).replace(/-+$/, '');
}

/** `my-store-sales-trend.png`: the parts slugged, the empty ones left out. */
export function chartFileName(parts: readonly string[]): string {
  const slugs = parts.map((part) => fileSlug(part)).filter((slug) => slug !== '');
  return `${slugs.length > 0 ? slugs.join('-') : 'chart'}.png`;
}

/** The text cut with an ellipsis to fit `width` pixels in the context's current font. */
function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (ctx.measureText(flat).width <= width) return flat;
  let low = 0;
  let high = flat.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (ctx.measureText(`${flat.slice(0, mid)}…`).width <= width) low = mid;
    else high = mid - 1;
  }
  return `${flat.slice(0, low)}…`;
}

/** The chart as it is drawn now, on white, at PNG_PIXEL_RATIO, under its caption when one is given. */
export function chartCanvas(instance: EChartsType, caption?: ImageCaption): HTMLCanvasElement {
  const drawn = instance.renderToCanvas({ pixelRatio: PNG_PIXEL_RATIO, backgroundColor: '#ffffff' });
  if (!caption) return drawn;
  const width = instance.getWidth();
  const height = instance.getHeight();
  const head = PAD + TITLE_PX + LINE_GAP + SUBTITLE_PX + BELOW_CAPTION;
  const canvas = document.createElement('canvas');
  canvas.width = (width + 2 * PAD) * PNG_PIXEL_RATIO;
  canvas.height = (head + height + PAD) * PNG_PIXEL_RATIO;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw images');
  ctx.scale(PNG_PIXEL_RATIO, PNG_PIXEL_RATIO);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width + 2 * PAD, head + height + PAD);
  ctx.textBaseline = 'top';
  ctx.direction = 'ltr';
  ctx.fillStyle = '#1d2330';
  ctx.font = `600 ${TITLE_PX}px ${FONT}`;
  ctx.fillText(fitText(ctx, caption.title, width), PAD, PAD);
  ctx.fillStyle = '#5b6270';
  ctx.font = `${SUBTITLE_PX}px ${FONT}`;
  ctx.fillText(fitText(ctx, caption.subtitle, width), PAD, PAD + TITLE_PX + LINE_GAP);
  ctx.drawImage(drawn, PAD, head, width, height);
  return canvas;
}

/**
 * An option drawn off the page at a fixed size (no animation), as a canvas: how the shareable report gets
 * its charts without showing them.
 */
export function optionCanvas(option: EChartsCoreOption, width: number, height: number, caption?: ImageCaption): HTMLCanvasElement {
  const host = document.createElement('div');
  const instance = echarts.init(host, null, { renderer: 'canvas', width, height });
  try {
    instance.setOption({ ...option, animation: false });
    return chartCanvas(instance, caption);
  } finally {
    instance.dispose();
  }
}

const LEGEND_WIDTH = 220;

interface PieSeries {
  type: 'pie';
  center?: unknown;
  data?: { name?: string; value?: number }[];
}

/**
 * A pie drawn without a legend (its names are in a table beside it on the page) gets one in its image,
 * with each slice's count, so that the picture says what it shows on a slide: the option to draw and the
 * image's width, or null for any other chart.
 */
export function pieWithLegend(option: EChartsCoreOption, width: number, height: number): { option: EChartsCoreOption; width: number } | null {
  const series = (Array.isArray(option.series) ? option.series : [option.series]) as PieSeries[];
  if (option.legend || series.length !== 1 || series[0]?.type !== 'pie') return null;
  const pie = series[0];
  const counts = new Map((pie.data ?? []).map((d) => [d.name ?? '', d.value ?? 0]));
  const side = Math.min(width, height);
  return {
    width: side + LEGEND_WIDTH,
    option: {
      ...option,
      legend: {
        orient: 'vertical', left: side + 8, top: 'middle', itemWidth: 12, itemHeight: 10, itemGap: 8,
        textStyle: { ...AXIS_TEXT, fontSize: 12, width: LEGEND_WIDTH - 40, overflow: 'truncate' },
        formatter: (name: string) => `${name}  ${(counts.get(name) ?? 0).toLocaleString('en-US')}`,
      },
      series: [{ ...pie, center: [side / 2, '50%'] }],
    },
  };
}

/** Saves a canvas as a PNG file through the browser's download. */
export async function downloadPng(canvas: HTMLCanvasElement, fileName: string): Promise<void> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not encode the image');
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** Today in the seller's own calendar, as YYYY-MM-DD. */
export function localDay(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
