// The one chart attachment: it owns a chart's lifecycle (init, setOption when the option changes, resize,
// dispose). Use as `<div {@attach chart(() => option)}></div>`; the option comes from a pure builder.
// Every chart also gets a small "PNG" control at its top-right corner that saves it as an image.
import { mount, unmount } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import ChartPngButton from './ChartPngButton.svelte';
import { chartCanvas, chartFileName, downloadPng, localDay, optionCanvas, pieWithLegend, type PngButtonProps } from './png.ts';
import type { EChartsType } from 'echarts/core';
import { echarts, type EChartsCoreOption } from './registry.ts';

/** The chosen dataset's name, for the file names and captions of chart images (App keeps it current). */
export const chartImages = $state({ dataset: '' });

// A chart whose nearest heading does not say what it shows on its own.
const TITLE_PREFIX: Record<string, string> = { tiers: 'Customers per tier' };

/** The element that stands for the chart in the page: its `chart-*` handle, or the attached node. */
function frameOf(node: HTMLElement): HTMLElement {
  return node.closest<HTMLElement>('[data-testid^="chart-"]') ?? node;
}

/** The last heading before the chart in its section: what the chart is called on the page. */
function titleOf(frame: HTMLElement): string {
  const scope = frame.closest('section, article') ?? document.body;
  let heading = '';
  for (const h of scope.querySelectorAll('h1, h2, h3')) {
    if (h.compareDocumentPosition(frame) & Node.DOCUMENT_POSITION_FOLLOWING) heading = (h.textContent ?? '').replace(/\s+/g, ' ').trim();
  }
  const id = (frame.dataset.testid ?? '').replace(/^chart-/, '');
  const prefix = TITLE_PREFIX[id];
  return prefix ? `${prefix}: ${heading}` : heading || 'Chart';
}

interface PreparedChart {
  /** The chart's own element, off the page until a chart attachment takes it. */
  host: HTMLElement;
  /** Null until the first idle moment. */
  instance: EChartsType | null;
  /** Stops drawing the drafts. */
  stop: () => void;
}

/** Charts made ahead of time, by the name a chart attachment asks for (`reuse`). */
const prepared = new Map<string, PreparedChart>();
/** The names of the kept charts that are on the page now. */
const inUse = new Set<string>();

/**
 * Makes the chart `name` off the page ahead of time and draws `drafts` into it one by one, each when the
 * browser is idle. A chart attachment with `reuse: name` takes it over instead of creating one, and gives it
 * back when it goes. For a chart that appears while work holds both cores (the live import chart): a new
 * ECharts chart builds its canvases, axes and legend on its first drawing, and the page's first chart
 * compiles much of ECharts' code (about 250 ms on a slow laptop); drawn here a few dozen times, its code is
 * also optimised by the time the real data comes, so a data update costs a few milliseconds. `size`: the
 * size it will have on the page, read before each drawing (null: not known now). At that size, taking it
 * over needs no resize, which would repaint the drafts and lay the chart out once more.
 */
export function prepareChart(name: string, drafts: EChartsCoreOption[], size: () => ChartSize | null): void {
  if (prepared.has(name) || inUse.has(name) || drafts.length === 0) return;
  const host = document.createElement('div');
  const entry: PreparedChart = { host, instance: null, stop: () => undefined };
  let stopped = false;
  let next = 0;
  const idle = (globalThis as { requestIdleCallback?: (f: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
  const later = (f: () => void) => (idle ? idle(f, { timeout: 3000 }) : setTimeout(f, 50));
  const step = () => {
    if (stopped) return;
    const want = size();
    const instance = (entry.instance ??= echarts.init(host, null, { renderer: 'canvas', ...(want ?? { width: 800, height: 220 }) }));
    if (want && (want.width !== instance.getWidth() || want.height !== instance.getHeight())) {
      instance.setOption(drafts[next], { lazyUpdate: true });
      instance.resize(want);
    } else {
      instance.setOption(drafts[next]);
    }
    next++;
    if (next < drafts.length) later(step);
  };
  entry.stop = () => {
    stopped = true;
  };
  prepared.set(name, entry);
  later(step);
}

export interface ChartSize {
  width: number;
  height: number;
}

/** The prepared chart `name`, placed in `node` to fill it (null when there is none drawn yet). */
function takePrepared(name: string, node: HTMLElement): { host: HTMLElement; instance: EChartsType } | null {
  const entry = prepared.get(name);
  if (!entry) return null;
  prepared.delete(name);
  entry.stop();
  if (!entry.instance || entry.instance.isDisposed()) return null;
  entry.host.style.cssText = FILL;
  node.append(entry.host);
  return { host: entry.host, instance: entry.instance };
}

const FILL = 'width:100%;height:100%;';

function fillingHost(): HTMLDivElement {
  const host = document.createElement('div');
  host.style.cssText = FILL;
  return host;
}

/**
 * `merge`: apply each new option onto the chart's current one (a chart whose series never change, updated
 * many times a second, such as the live import chart) instead of rebuilding it. `reuse`: the name of a
 * chart made ahead of time (`prepareChart`) to take over; when there is none, one is created, and either
 * way it is kept for the next attachment of that name when this one goes.
 */
export function chart(option: () => EChartsCoreOption, { merge = false, reuse }: { merge?: boolean; reuse?: string } = {}): Attachment<HTMLElement> {
  return (node) => {
    const taken = reuse ? takePrepared(reuse, node) : null;
    if (reuse) inUse.add(reuse);
    // A chart to keep lives in an element of its own, which can leave the page without it.
    const host = taken?.host ?? (reuse ? node.appendChild(fillingHost()) : node);
    const instance = taken?.instance ?? echarts.init(host, null, { renderer: 'canvas' });
    let latest: EChartsCoreOption = {};
    const frame = frameOf(node);
    const parent = frame.parentElement;
    const props: PngButtonProps = $state({
      top: 0, right: 0, shown: false, chartTitle: titleOf(frame),
      save: async () => {
        const caption = { title: titleOf(frame), subtitle: [chartImages.dataset, localDay()].filter(Boolean).join(' · ') };
        const pie = pieWithLegend(latest, instance.getWidth(), instance.getHeight());
        const canvas = pie ? optionCanvas(pie.option, pie.width, instance.getHeight(), caption) : chartCanvas(instance, caption);
        // Read when saving: a chart may get its handle after it was created (the live import chart).
        const id = (frame.dataset.testid ?? 'chart').replace(/^chart-/, '');
        await downloadPng(canvas, chartFileName([chartImages.dataset, id, frame.dataset.marketplace ?? '']));
      },
    });
    // The control sits beside the chart's element, absolutely placed over its top-right corner.
    if (parent && getComputedStyle(parent).position === 'static') parent.style.position = 'relative';
    const place = () => {
      if (!parent) return;
      props.shown = frame.offsetWidth > 0 && frame.offsetParent === parent;
      props.top = frame.offsetTop + 2;
      props.right = Math.max(0, parent.clientWidth - frame.offsetLeft - frame.offsetWidth) + 2;
    };
    const button = parent ? mount(ChartPngButton, { target: parent, anchor: frame, props }) : null;
    // A merged chart is one that appears while work runs (the live import chart): its first option waits a
    // frame after the init, and its drawing another (lazyUpdate), so no one task does all three. A prepared
    // chart has had its init: its first option waits for the observer's first report, so that the chart is
    // laid out once, at its size on the page (with the resize when that differs from the prepared size).
    let ready = !merge;
    const resize = new ResizeObserver(() => {
      // The observer also reports the first size, which the chart has from its init: a resize would lay
      // the whole chart out again for nothing.
      const resized = node.clientWidth !== instance.getWidth() || node.clientHeight !== instance.getHeight();
      if (!ready && taken) {
        ready = true;
        instance.setOption(latest, { lazyUpdate: true });
      }
      // 'auto': a prepared chart was made at a given size, which it would otherwise keep.
      if (resized) instance.resize({ width: 'auto', height: 'auto' });
      place();
    });
    resize.observe(node);
    if (parent) resize.observe(parent);
    if (!ready && !taken) {
      requestAnimationFrame(() => {
        ready = true;
        if (!instance.isDisposed()) instance.setOption(latest, { lazyUpdate: true });
      });
    }
    // The control is placed when the observer reports sizes, after a layout; placing it here as well would
    // force a layout in the middle of every update (each progress report of an import).
    $effect(() => {
      latest = option();
      if (ready) instance.setOption(latest, { notMerge: !merge, lazyUpdate: merge });
      props.chartTitle = titleOf(frame);
    });
    // A heading may change without the chart (the live import chart's "Read so far" when the import ends).
    const headings = new MutationObserver(() => {
      props.chartTitle = titleOf(frame);
    });
    for (const h of (frame.closest('section, article') ?? document.body).querySelectorAll('h1, h2, h3')) {
      headings.observe(h, { subtree: true, childList: true, characterData: true });
    }
    return () => {
      headings.disconnect();
      resize.disconnect();
      if (button) void unmount(button);
      if (reuse) inUse.delete(reuse);
      if (instance.isDisposed()) return;
      if (!reuse || prepared.has(reuse)) {
        instance.dispose();
        return;
      }
      // Kept off the page for the next chart of this name (a second import draws into it at once).
      host.remove();
      prepared.set(reuse, { host, instance, stop: () => undefined });
    };
  };
}
