// Code that runs inside the page. It is kept as plain JavaScript text, not TypeScript functions handed to
// page.evaluate: tsx compiles this project's scripts with esbuild, which may wrap functions in helpers
// (`__name`) that do not exist in the page.

/**
 * Installed with addInitScript before the app's own code. Watches the import from the file input's change
 * event: the import status's data-state (a MutationObserver, so the time is taken when the page changes
 * it, not when the benchmark next looks), long tasks (PerformanceObserver 'longtask'), the gaps between
 * animation frames, the page's JS heap (performance.memory, precise with --enable-precise-memory-info) and
 * the first chart canvas on screen. The app draws its charts on #/brand only, so when the import ends
 * without a chart on screen the probe moves to #/brand itself, at once, from inside the page.
 */
export const IMPORT_PROBE = String.raw`(() => {
  if (window.__bench) return;
  const b = window.__bench = {
    changeAt: null, storedAt: null, doneAt: null, endState: null, statusText: null, transitions: [], chartAt: null, chartPaintAt: null, chartId: null,
    navigatedAt: null, navigateToBrand: true, longTasks: [], longTaskError: null, heapPeak: 0, heapAtChange: 0,
    heapSamples: 0, frameGaps: [], frameCount: 0,
  };
  const notify = (name) => { try { if (window.__benchEvent) window.__benchEvent(name); } catch (e) { /* the benchmark went away */ } };
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) b.longTasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) { b.longTaskError = String(e); }
  const heap = () => {
    const m = performance.memory;
    if (m) { if (m.usedJSHeapSize > b.heapPeak) b.heapPeak = m.usedJSHeapSize; b.heapSamples++; }
  };
  setInterval(heap, 50);
  const stateNow = () => {
    const el = document.querySelector('[data-testid="import-status"]');
    return el ? el.getAttribute('data-state') : null;
  };
  const chartOnScreen = () => {
    for (const c of document.querySelectorAll('[data-testid^="chart-"] canvas')) {
      const r = c.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight) return c.closest('[data-testid^="chart-"]').getAttribute('data-testid');
    }
    return null;
  };
  let lastState = null;
  const check = () => {
    if (b.changeAt === null) return;
    const now = performance.now();
    const state = stateNow();
    if (state !== null && state !== lastState) { b.transitions.push([state, now - b.changeAt]); lastState = state; }
    if (b.storedAt === null) {
      const status = document.querySelector('[data-testid="import-status"]');
      if (status && status.getAttribute('data-stored') === 'true') { b.storedAt = now; b.transitions.push(['stored', now - b.changeAt]); }
    }
    if (b.doneAt === null && (state === 'done' || state === 'error' || state === 'cancelled')) {
      b.doneAt = now; b.endState = state; heap();
      const el = document.querySelector('[data-testid="import-status"]');
      b.statusText = el ? el.textContent.trim().replace(/\s+/g, ' ') : '';
      notify('done');
    }
    if (b.chartAt === null) {
      const id = chartOnScreen();
      if (id !== null) {
        b.chartAt = now; b.chartId = id;
        // The canvas exists from the chart's init; its first drawing is on a following frame.
        requestAnimationFrame(() => requestAnimationFrame(() => { b.chartPaintAt = performance.now(); notify('chart'); }));
      }
    }
    if (b.doneAt !== null && b.endState === 'done' && b.chartAt === null && b.navigateToBrand && b.navigatedAt === null && !location.hash.startsWith('#/brand')) {
      b.navigatedAt = now;
      location.hash = '#/brand';
    }
  };
  let observer = null;
  const frame = (t) => {
    if (b.lastFrame !== undefined) b.frameGaps.push([t, t - b.lastFrame]);
    b.lastFrame = t; b.frameCount++;
    check();
    if (b.chartPaintAt === null && (b.doneAt === null || performance.now() - b.doneAt < 60000)) requestAnimationFrame(frame);
  };
  document.addEventListener('change', (e) => {
    const t = e.target;
    if (b.changeAt !== null || !t || !t.matches || !t.matches('[data-testid="import-input"]')) return;
    b.changeAt = performance.now();
    heap(); b.heapAtChange = b.heapPeak;
    observer = new MutationObserver(check);
    observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-stored', 'class', 'style'] });
    requestAnimationFrame(frame);
  }, true);
})();`;

/**
 * The browser's raw read of a file from an `<input type=file>`: stream it and count the newline bytes, a
 * plain loop over each chunk (what any importer must do at least once). Called with the number of reads.
 */
export const RAW_READ = String.raw`async (reads) => {
  const file = document.querySelector('input[type=file]').files[0];
  const out = [];
  for (let r = 0; r < reads; r++) {
    const t0 = performance.now();
    const reader = file.stream().getReader();
    let lines = 0, bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
    }
    out.push({ ms: performance.now() - t0, lines, bytes });
  }
  return out;
}`;

/** The probe's record, as the benchmark reads it back. */
export interface ProbeRecord {
  changeAt: number | null;
  /** When the import status first said data-stored="true" (committed, figures not yet refreshed). */
  storedAt: number | null;
  doneAt: number | null;
  endState: string | null;
  /** The import status's text when the import ended. */
  statusText: string | null;
  transitions: [string, number][];
  chartAt: number | null;
  chartPaintAt: number | null;
  chartId: string | null;
  navigatedAt: number | null;
  longTasks: [number, number][];
  longTaskError: string | null;
  heapPeak: number;
  heapAtChange: number;
  heapSamples: number;
  /** [frame time, gap since the previous frame] from the change event on. */
  frameGaps: [number, number][];
  frameCount: number;
}

export const READ_PROBE = 'JSON.parse(JSON.stringify(window.__bench))';

// ---------------------------------------------------------------------------------------------------------
// The customer list.

/** Ids of the rows on screen, to see when the list has changed. */
const ROW_IDS = String.raw`() => [...document.querySelectorAll('[data-testid="customer-row"]')].slice(0, 30).map((r) => r.getAttribute('data-customer') || r.textContent).join('|')`;

/**
 * Waits until the rows differ from `before`, then for the next frame (the change is on screen). Resolves
 * with the time, or null after `timeoutMs`.
 */
const WAIT_CHANGE = String.raw`(before, timeoutMs) => new Promise((resolve) => {
  const ids = ${ROW_IDS};
  const deadline = performance.now() + timeoutMs;
  let finished = false;
  const finish = (value) => { if (!finished) { finished = true; observer.disconnect(); resolve(value); } };
  const test = () => {
    if (finished) return;
    if (ids() !== before) requestAnimationFrame(() => finish(performance.now()));
    else if (performance.now() > deadline) finish(null);
  };
  const observer = new MutationObserver(test);
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  const poll = () => { test(); if (!finished) setTimeout(poll, 50); };
  poll();
})`;

/** Scrolls the list for `seconds`, `step` pixels a frame (down, then back up), recording frame gaps. */
export const SCROLL_LIST = String.raw`async ({ seconds, step }) => {
  const row = document.querySelector('[data-testid="customer-row"]');
  if (!row) return { error: 'no customer row on screen' };
  let el = row.parentElement;
  while (el && el !== document.body && el !== document.documentElement) {
    const s = getComputedStyle(el);
    if (/(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 1) break;
    el = el.parentElement;
  }
  const scroller = el && el !== document.body && el !== document.documentElement ? el : (document.scrollingElement || document.documentElement);
  const max = scroller.scrollHeight - scroller.clientHeight;
  if (max <= 0) return { error: 'the customer list does not scroll' };
  const gaps = [];
  const seen = new Set();
  let last = null, dir = 1, frames = 0;
  const end = performance.now() + seconds * 1000;
  await new Promise((resolve) => {
    const frame = (t) => {
      if (last !== null) gaps.push(t - last);
      last = t; frames++;
      if (frames % 10 === 0) { const r = document.querySelector('[data-testid="customer-row"]'); if (r) seen.add(r.getAttribute('data-customer')); }
      if (t > end) return resolve();
      let next = scroller.scrollTop + dir * step;
      if (next >= max) { next = max; dir = -1; } else if (next <= 0) { next = 0; dir = 1; }
      scroller.scrollTop = next;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  return { gaps, scrollHeight: scroller.scrollHeight, distinctTopRows: seen.size,
    rowsInDom: document.querySelectorAll('[data-testid="customer-row"]').length,
    scroller: scroller === document.scrollingElement ? 'document' : scroller.tagName.toLowerCase() + (scroller.className ? '.' + String(scroller.className).split(' ')[0] : '') };
}`;

/**
 * Clicks the list's sort control for a column and times until the rows change. Prefers a
 * data-testid="customer-sort-*" control, then column headers, choosing one about money or orders.
 */
export const SORT_LIST = String.raw`async ({ index, timeoutMs }) => {
  const ids = ${ROW_IDS};
  const waitChange = ${WAIT_CHANGE};
  const candidates = [
    ...document.querySelectorAll('[data-testid^="customer-sort"]'),
    ...document.querySelectorAll('[role="columnheader"] button, th button'),
    ...document.querySelectorAll('[role="columnheader"][aria-sort], th[aria-sort]'),
  ];
  if (candidates.length === 0) return { error: 'the customer list has no sort control (data-testid="customer-sort-*", or a button in a column header)' };
  const preferred = candidates.filter((c) => /(revenue|sales|spend|value|clv|orders|monetary)/i.test(c.textContent + ' ' + (c.getAttribute('data-testid') || '')));
  const pool = preferred.length > 0 ? preferred : candidates;
  const control = pool[index % pool.length];
  const before = ids();
  const t0 = performance.now();
  control.click();
  const t1 = await waitChange(before, timeoutMs);
  if (t1 === null) return { error: 'the rows did not change within ' + timeoutMs + ' ms of clicking the sort control "' + control.textContent.trim() + '"' };
  return { ms: t1 - t0, control: control.textContent.trim() || control.getAttribute('data-testid') };
}`;

/** Types a query into the customer search (as one input event) and times until the rows change. */
export const FILTER_LIST = String.raw`async ({ query, timeoutMs }) => {
  const ids = ${ROW_IDS};
  const waitChange = ${WAIT_CHANGE};
  const input = document.querySelector('[data-testid="customer-search"]');
  if (!input) return { error: 'the customer list has no search field (data-testid="customer-search")' };
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const before = ids();
  const t0 = performance.now();
  setValue.call(input, query);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
  const t1 = await waitChange(before, timeoutMs);
  if (t1 === null) return { error: 'the rows did not change within ' + timeoutMs + ' ms of searching for "' + query + '"' };
  return { ms: t1 - t0, rows: document.querySelectorAll('[data-testid="customer-row"]').length };
}`;

/** A few customer ids from the rows on screen (to search for pieces of them). */
export const SOME_CUSTOMER_IDS = String.raw`[...document.querySelectorAll('[data-testid="customer-row"]')].map((r) => r.getAttribute('data-customer')).filter(Boolean).slice(0, 20)`;

/** Runs a function's source with one JSON argument, as an expression for page.evaluate. */
export function call(source: string, arg: unknown): string {
  return `(${source})(${JSON.stringify(arg)})`;
}
