// The one chart attachment: it owns a chart's lifecycle (init, setOption when the option changes, resize,
// dispose). Use as `<div {@attach chart(() => option)}></div>`; the option comes from a pure builder.
// Every chart also gets a small "PNG" control at its top-right corner that saves it as an image.
import { mount, unmount } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import ChartPngButton from './ChartPngButton.svelte';
import { chartCanvas, chartFileName, downloadPng, localDay, optionCanvas, pieWithLegend, type PngButtonProps } from './png.ts';
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

/**
 * Draws one small chart off screen and throws it away, once per page, when the browser is idle. ECharts'
 * first chart compiles much of its code (about 250 ms on a slow laptop); paid here, it does not land in
 * the middle of an import, when the live chart appears.
 */
export function warmUpCharts(): void {
  if (warmed) return;
  warmed = true;
  const run = () => {
    const node = document.createElement('div');
    node.style.cssText = 'position:fixed;left:-10000px;top:0;width:320px;height:200px;';
    node.setAttribute('aria-hidden', 'true');
    document.body.append(node);
    const instance = echarts.init(node, null, { renderer: 'canvas' });
    instance.setOption({
      animation: false, legend: {}, tooltip: { trigger: 'axis' }, grid: { containLabel: true },
      xAxis: { type: 'category', data: ['a', 'b'] }, yAxis: [{ type: 'value' }, { type: 'value' }],
      series: [{ type: 'bar', data: [1, 2] }, { type: 'line', yAxisIndex: 1, data: [2, 1] }],
    });
    instance.dispose();
    node.remove();
  };
  const idle = (globalThis as { requestIdleCallback?: (f: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
  if (idle) idle(run, { timeout: 3000 });
  else setTimeout(run, 500);
}
let warmed = false;

/**
 * `merge`: apply each new option onto the chart's current one (a chart whose series never change, updated
 * many times a second, such as the live import chart) instead of rebuilding it.
 */
export function chart(option: () => EChartsCoreOption, { merge = false }: { merge?: boolean } = {}): Attachment<HTMLElement> {
  return (node) => {
    const instance = echarts.init(node, null, { renderer: 'canvas' });
    let latest: EChartsCoreOption = {};
    const frame = frameOf(node);
    const parent = frame.parentElement;
    const id = (frame.dataset.testid ?? 'chart').replace(/^chart-/, '');
    const props: PngButtonProps = $state({
      top: 0, right: 0, shown: false, chartTitle: titleOf(frame),
      save: async () => {
        const caption = { title: titleOf(frame), subtitle: [chartImages.dataset, localDay()].filter(Boolean).join(' · ') };
        const pie = pieWithLegend(latest, instance.getWidth(), instance.getHeight());
        const canvas = pie ? optionCanvas(pie.option, pie.width, instance.getHeight(), caption) : chartCanvas(instance, caption);
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
    const resize = new ResizeObserver(() => {
      // The observer also reports the first size, which the chart has from its init: a resize would lay
      // the whole chart out again for nothing.
      if (node.clientWidth !== instance.getWidth() || node.clientHeight !== instance.getHeight()) instance.resize();
      place();
    });
    resize.observe(node);
    if (parent) resize.observe(parent);
    // A merged chart is one that appears while work runs (the live import chart): its first option waits a
    // frame after the init, and its drawing another (lazyUpdate), so no one task does all three.
    let ready = !merge;
    if (!ready) {
      requestAnimationFrame(() => {
        ready = true;
        if (!instance.isDisposed()) instance.setOption(latest, { lazyUpdate: true });
      });
    }
    $effect(() => {
      latest = option();
      if (ready) instance.setOption(latest, { notMerge: !merge, lazyUpdate: merge });
      props.chartTitle = titleOf(frame);
      place();
    });
    return () => {
      resize.disconnect();
      if (button) void unmount(button);
      instance.dispose();
    };
  };
}
