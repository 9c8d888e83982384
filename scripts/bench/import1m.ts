// import1M (Chromium): the built app imports the order file through its file input, from the input's change
// event to the import status saying done (the lines are in IndexedDB and the figures read back from them),
// against the same browser's raw read of the same file (stream + count newlines). Long main-thread tasks,
// frame gaps, the JS heaps and the browser's resident memory are watched throughout; then the time to the
// first chart on screen.
import { PARTS_MIN_BYTES, partsForCores } from '../../src/core/ingest/parts.ts';
import type { CsvData } from './data.ts';
import { HeapSampler, openBrowser, ProcessMemorySampler } from './browser.ts';
import { call, IMPORT_PROBE, RAW_READ, READ_PROBE, type ProbeRecord } from './page-scripts.ts';
import { fmtInt, fmtMB, fmtMs, MB, median, round, say } from './stats.ts';

export interface ImportOptions {
  baseUrl: string;
  file: CsvData;
  runs: number;
  /** Timed raw reads per run (after one untimed read that brings the file into the OS cache). */
  rawReads: number;
  timeoutMs: number;
  /** Print the import status every few seconds (for the long runs). */
  progress: boolean;
  /** The core count the page reports (navigator.hardwareConcurrency), which decides how many parts a large file is read in; null: the machine's. */
  cores: number | null;
}

interface RawRead {
  ms: number;
  lines: number;
  bytes: number;
}

export interface ImportRun {
  /** Change event to the import committed (queryable in IndexedDB). */
  importMs: number;
  /** Change event to data-state "done": committed, and the overview's figures computed from it. */
  figuresMs: number;
  rawReadMs: number;
  rawReadsMs: number[];
  rawReadColdMs: number;
  ratio: number;
  firstChartMs: number | null;
  chart: string | null;
  longestTaskMs: number;
  longTasks: number;
  /** [start after the change event, duration] of each long task in that time, ms. */
  longTasksAt: number[][];
  longestTaskAfterImportMs: number;
  /**
   * [start after the change event, duration, of which rendering (style, layout, paint), the scripts that
   * took longest] of each animation frame over 50 ms until done, ms: what ran in the long tasks.
   */
  longFramesAt: [number, number, number, string][];
  maxFrameGapMs: number | null;
  frames: number;
  peakHeapMB: number;
  peakHeapAllMB: number | null;
  peakWorkersHeapMB: number | null;
  workers: number;
  peakRssMB: number;
  peakPssMB: number | null;
  /** Chromium processes seen, and samples of their memory taken. */
  processes: number;
  memorySamples: number;
  customersShown: number | null;
  navigatedToBrand: boolean;
  statusText: string;
  transitions: [string, number][];
  problems: string[];
}

class Events {
  private readonly seen = new Set<string>();
  private readonly waiters = new Map<string, (() => void)[]>();
  fire(name: string): void {
    this.seen.add(name);
    for (const w of this.waiters.get(name) ?? []) w();
    this.waiters.delete(name);
  }
  wait(name: string, timeoutMs: number): Promise<boolean> {
    if (this.seen.has(name)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      const list = this.waiters.get(name) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
      this.waiters.set(name, list);
    });
  }
}

const mb = (bytes: number) => round(bytes / MB);

/**
 * Installed beside the import probe: the page's long animation frames (PerformanceObserver
 * "long-animation-frame", frames over 50 ms) with the scripts that ran in each, so that a long task can be
 * told apart as the chart's drawing, a Svelte update or a progress message, not only timed.
 */
const FRAME_PROBE = String.raw`(() => {
  if (window.__benchFrames) return;
  const frames = window.__benchFrames = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const scripts = [...(e.scripts || [])].sort((a, b) => b.duration - a.duration).slice(0, 3).map((s) => {
          const what = s.sourceFunctionName || s.invoker || s.invokerType || 'script';
          const where = s.sourceURL ? ' ' + s.sourceURL.split('/').pop() + ':' + s.sourceCharPosition : '';
          return what + where + ' ' + Math.round(s.duration) + ' ms' + (s.forcedStyleAndLayoutDuration > 1 ? ' (forced layout ' + Math.round(s.forcedStyleAndLayoutDuration) + ' ms)' : '');
        });
        const render = e.renderStart > 0 ? e.startTime + e.duration - e.renderStart : 0;
        frames.push([e.startTime, e.duration, render, scripts.join('; ')]);
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (error) { frames.push([0, 0, 0, 'long-animation-frame not observed: ' + String(error)]); }
})();`;

async function oneRun(options: ImportOptions, run: number): Promise<ImportRun> {
  const { file } = options;
  const browser = await openBrowser();
  const heap = { sampler: null as HeapSampler | null };
  const memory = new ProcessMemorySampler(browser.profileDir);
  try {
    // The raw read: a page of its own in the same browser, one read to warm the OS cache, then timed reads.
    const readerPage = await browser.context.newPage();
    await readerPage.setContent('<input type="file">');
    await readerPage.locator('input').setInputFiles(file.path);
    const reads = (await readerPage.evaluate(call(RAW_READ, options.rawReads + 1))) as RawRead[];
    await readerPage.close();
    for (const r of reads) {
      if (r.bytes !== file.bytes) throw new Error(`the raw read saw ${r.bytes} bytes of ${file.path}, not ${file.bytes}`);
    }
    const [cold, ...timed] = reads;
    const rawReadMs = median(timed.map((r) => r.ms));

    // The app, with the probe installed before its own code.
    const page = browser.page;
    const events = new Events();
    await page.exposeFunction('__benchEvent', (name: string) => events.fire(name));
    await page.addInitScript(IMPORT_PROBE);
    await page.addInitScript(FRAME_PROBE);
    if (options.cores) await page.addInitScript(`Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => ${options.cores} })`);
    await page.goto(`${options.baseUrl}#/import`);
    await page.locator('[data-testid="import-status"][data-state="idle"]').waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.waitForTimeout(300);

    heap.sampler = await HeapSampler.attach(browser.context, page);
    heap.sampler.start(100);
    memory.start(250);

    await page.getByTestId('import-input').setInputFiles(file.path);
    const started = Date.now();
    let finished = false;
    const ticker = options.progress
      ? setInterval(() => {
        if (finished) return;
        void page.getByTestId('import-status').textContent({ timeout: 1_000 })
          .then((text) => say(`  import1M run ${run}: ${((Date.now() - started) / 1000).toFixed(0)} s: ${text?.trim().replace(/\s+/g, ' ')}`))
          .catch(() => undefined);
      }, 10_000)
      : null;
    const ended = await events.wait('done', options.timeoutMs);
    finished = true;
    if (ticker) clearInterval(ticker);
    if (!ended) {
      const text = await page.getByTestId('import-status').textContent({ timeout: 2_000 }).catch(() => null);
      throw new Error(`the import did not finish within ${fmtMs(options.timeoutMs)} (status: ${text?.trim().replace(/\s+/g, ' ')})`);
    }
    let probe = (await page.evaluate(READ_PROBE)) as ProbeRecord;
    const statusText = probe.statusText ?? '';
    if (probe.endState !== 'done') throw new Error(`the import ended in state "${probe.endState}": ${statusText}`);
    const charted = await events.wait('chart', 60_000);
    await heap.sampler.stop();
    memory.stop();
    probe = (await page.evaluate(READ_PROBE)) as ProbeRecord;

    const frames = (await page.evaluate('window.__benchFrames || []')) as [number, number, number, string][];
    // The overview's customer count, when the page is on the overview (the import page has none: waiting
    // for it there cost every run 30 s).
    const metric = page.locator('[data-testid="metric-customers"]').first();
    const customersText = probe.navigatedAt !== null || (await metric.count()) > 0
      ? await metric.getAttribute('data-value', { timeout: 30_000 }).catch(() => null) : null;
    const change = probe.changeAt!;
    const done = probe.doneAt!;
    const chartEnd = probe.chartPaintAt ?? probe.chartAt ?? done;
    const during = probe.longTasks.filter(([start, duration]) => start + duration > change && start < done);
    const after = probe.longTasks.filter(([start]) => start >= done && start <= chartEnd);
    const gaps = probe.frameGaps.filter(([t]) => t > change && t <= done).map(([, gap]) => gap);
    // Queryable: the import is committed in IndexedDB (the page marks data-stored); the figures are then
    // refreshed before data-state turns "done" (figuresMs).
    const stored = probe.storedAt ?? done;
    const importMs = stored - change;
    const result: ImportRun = {
      importMs: round(importMs),
      figuresMs: round(done - change),
      rawReadMs: round(rawReadMs),
      rawReadsMs: timed.map((r) => round(r.ms)),
      rawReadColdMs: round(cold.ms),
      ratio: round(importMs / rawReadMs, 2),
      firstChartMs: charted && probe.chartPaintAt !== null ? round(probe.chartPaintAt - change) : null,
      chart: probe.chartId,
      longestTaskMs: round(during.reduce((m, [, d]) => Math.max(m, d), 0)),
      longTasks: during.length,
      longTasksAt: during.map(([start, duration]) => [round(start - change), round(duration)]),
      longestTaskAfterImportMs: round(after.reduce((m, [, d]) => Math.max(m, d), 0)),
      longFramesAt: frames.filter(([start, duration]) => start + duration > change && start < done)
        .map(([start, duration, render, scripts]) => [round(start - change), round(duration), round(render), scripts]),
      maxFrameGapMs: gaps.length > 0 ? round(Math.max(...gaps)) : null,
      frames: gaps.length,
      peakHeapMB: mb(probe.heapPeak),
      peakHeapAllMB: heap.sampler.samples > 0 ? mb(heap.sampler.peakAll) : null,
      peakWorkersHeapMB: heap.sampler.samples > 0 ? mb(heap.sampler.peakWorkers) : null,
      workers: heap.sampler.workersSeen,
      peakRssMB: mb(memory.peakRss),
      peakPssMB: memory.peakPss > 0 ? mb(memory.peakPss) : null,
      processes: memory.processes,
      memorySamples: memory.samples,
      customersShown: customersText === null ? null : Number(customersText),
      navigatedToBrand: probe.navigatedAt !== null,
      statusText,
      transitions: probe.transitions.map(([s, t]) => [s, round(t)]),
      problems: browser.problems.slice(0, 10),
    };
    if (probe.longTaskError) result.problems.push(`longtask observer: ${probe.longTaskError}`);
    say(`import1M run ${run}: ${fmtInt(file.lines)} lines in ${fmtMs(importMs)}; raw read ${fmtMs(rawReadMs)} (cold ${fmtMs(cold.ms)}); ratio ${result.ratio}; ` +
      `first chart ${result.firstChartMs === null ? 'not seen' : fmtMs(result.firstChartMs)}; longest task ${fmtMs(result.longestTaskMs)} (${during.length} over 50 ms); ` +
      `heap: page ${fmtMB(probe.heapPeak)}, page + ${result.workers} workers ${result.peakHeapAllMB ?? '?'} MB; browser RSS ${fmtMB(memory.peakRss)}` +
      (memory.peakPss > 0 ? `, PSS ${fmtMB(memory.peakPss)}` : ''));
    return result;
  } finally {
    memory.stop();
    await heap.sampler?.stop().catch(() => undefined);
    await browser.close();
  }
}

export async function importScenario(options: ImportOptions): Promise<Record<string, unknown>> {
  const runs: ImportRun[] = [];
  for (let i = 1; i <= options.runs; i++) runs.push(await oneRun(options, i));
  const importMs = median(runs.map((r) => r.importMs));
  const rawReadMs = median(runs.flatMap((r) => r.rawReadsMs));
  const charts = runs.map((r) => r.firstChartMs).filter((x): x is number => x !== null);
  const max = (f: (r: ImportRun) => number | null) => {
    const xs = runs.map(f).filter((x): x is number => x !== null);
    return xs.length > 0 ? Math.max(...xs) : null;
  };
  const notes = [
    `${runs.length === 1 ? 'one run' : `median of ${runs.length} runs`} for importMs and firstChartMs; rawReadMs is the median of ${options.rawReads} timed reads per run ` +
      'after one read that warms the OS cache; longestTaskMs and the memory figures are the highest of the runs.',
    'importMs: from the file input\'s change event to the import committed in IndexedDB and queryable (import-status data-stored="true"); figuresMs: to data-state="done", after the overview\'s figures were computed from the stored lines (a fresh persistent profile per run, so IndexedDB is on disk).',
    'longestTaskMs: PerformanceObserver "longtask" entries of the page between the change event and done (0 = no task over 50 ms); maxFrameGapMs: the longest gap between animation frames in that time.',
    'runs[].longFramesAt: the "long-animation-frame" entries of that time with the scripts that ran longest in each (what made a long task long).',
    'peakHeapMB: the page\'s performance.memory.usedJSHeapSize (main thread only); peakHeapAllMB: the page plus every worker (DevTools Runtime.getHeapUsage, sampled every 100 ms); peakRssMB/peakPssMB: all Chromium processes.',
  ];
  if (options.cores) notes.push(`The page was told it had ${options.cores} cores (navigator.hardwareConcurrency), so a file of ${PARTS_MIN_BYTES / 2 ** 20} MB or more was read in ${partsForCores(options.cores)} part(s) whatever the machine has.`);
  if (runs.some((r) => r.navigatedToBrand)) {
    notes.push('The app draws its charts on #/brand only: when the import finished, the benchmark moved the page there itself (from inside the page, at once); firstChartMs (change event to the first chart canvas on screen, two frames later) includes that navigation.');
  }
  const result: Record<string, unknown> = {
    lines: options.file.lines,
    bytes: options.file.bytes,
    rawReadMs: round(rawReadMs),
    importMs: round(importMs),
    ratio: round(importMs / rawReadMs, 2),
    figuresMs: round(median(runs.map((r) => r.figuresMs))),
    longestTaskMs: max((r) => r.longestTaskMs),
    peakHeapMB: max((r) => r.peakHeapMB),
    firstChartMs: charts.length > 0 ? round(median(charts)) : null,
    peakHeapAllMB: max((r) => r.peakHeapAllMB),
    peakWorkersHeapMB: max((r) => r.peakWorkersHeapMB),
    peakRssMB: max((r) => r.peakRssMB),
    peakPssMB: max((r) => r.peakPssMB),
    maxFrameGapMs: max((r) => r.maxFrameGapMs),
    longestTaskAfterImportMs: max((r) => r.longestTaskAfterImportMs),
    emulatedCores: options.cores,
    customersInFile: options.file.customers,
    customersShown: runs[runs.length - 1].customersShown,
    linesPerSecond: Math.round(options.file.lines / (importMs / 1000)),
    file: options.file.path,
    seed: options.file.seed,
    runs,
    note: notes.join(' '),
  };
  say(`import1M: ${fmtInt(options.file.lines)} lines (${fmtMB(options.file.bytes)}): import ${fmtMs(importMs)} (figures at ${fmtMs(result.figuresMs as number)}), raw read ${fmtMs(rawReadMs)}, ratio ${result.ratio}, ` +
    `first chart ${result.firstChartMs === null ? 'not seen' : fmtMs(result.firstChartMs as number)}, longest task ${result.longestTaskMs} ms, ` +
    `peak heap page ${result.peakHeapMB} MB / all threads ${result.peakHeapAllMB} MB, browser RSS ${result.peakRssMB} MB`);
  return result;
}
