// Headless Chromium for the browser scenarios, and what the benchmark watches from outside the page.
//
// Each run gets a fresh persistent profile in a temporary directory: an ordinary context of Playwright is
// off the record, and Chromium keeps the IndexedDB of off-the-record profiles in memory, which would flatter
// the import (a seller's browser writes to disk).
//
// Memory is sampled three ways: the page's own performance.memory (in the page, see page-scripts.ts), the JS
// heap of the page and of every worker (and workers of workers) through the DevTools protocol, and the
// resident memory of all the browser's processes from /proc (RSS, and PSS where the kernel gives it, which
// does not count shared pages twice).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM } from './machine.ts';

export const BASE_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--enable-precise-memory-info'];

export interface BenchBrowser {
  context: BrowserContext;
  page: Page;
  profileDir: string;
  /** Uncaught page errors and console errors, for the results (a failing page explains odd figures). */
  problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(extraArgs: string[] = [], viewport = { width: 1366, height: 768 }): Promise<BenchBrowser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'loyalty-lens-bench-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...BASE_ARGS, ...extraArgs],
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message.split('\n')[0]}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text().split('\n')[0]}`);
  });
  return {
    context, page, profileDir, problems,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// JS heaps of the page and its workers, over the DevTools protocol.

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Attaches (non-flattened) to every worker of the page, and to their workers, and asks each for
 * Runtime.getHeapUsage. Nested sessions are reached by wrapping messages in Target.sendMessageToTarget.
 */
export class HeapSampler {
  private nextId = 1_000_000;
  private readonly pending = new Map<number, Pending>();
  /** Session paths (outermost first) of the attached workers, by innermost session id. */
  private readonly workers = new Map<string, string[]>();
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  workersSeen = 0;
  peakPage = 0;
  peakWorkers = 0;
  peakAll = 0;
  samples = 0;
  errors = 0;

  private constructor(private readonly cdp: CDPSession) {}

  static async attach(context: BrowserContext, page: Page): Promise<HeapSampler> {
    const cdp = await context.newCDPSession(page);
    const sampler = new HeapSampler(cdp);
    cdp.on('Target.attachedToTarget', (e) => sampler.attached([e.sessionId], e.targetInfo.type));
    cdp.on('Target.detachedFromTarget', (e) => sampler.workers.delete(e.sessionId ?? ''));
    cdp.on('Target.receivedMessageFromTarget', (e) => sampler.received([e.sessionId], e.message));
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return sampler;
  }

  private attached(path: string[], type: string): void {
    if (type !== 'worker') return;
    this.workers.set(path[path.length - 1], path);
    this.workersSeen++;
    // Workers the worker starts (parsers over byte ranges, say) are its own targets.
    void this.call(path, 'Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false }).catch(() => undefined);
  }

  private received(path: string[], text: string): void {
    let message: { id?: number; method?: string; params?: Record<string, unknown>; result?: unknown; error?: { message: string } };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.method === 'Target.receivedMessageFromTarget') {
      this.received([...path, String(message.params?.sessionId)], String(message.params?.message));
    } else if (message.method === 'Target.attachedToTarget') {
      const info = message.params?.targetInfo as { type?: string } | undefined;
      this.attached([...path, String(message.params?.sessionId)], info?.type ?? '');
    } else if (message.method === 'Target.detachedFromTarget') {
      this.workers.delete(String(message.params?.sessionId));
    } else if (message.id !== undefined && this.pending.has(message.id)) {
      const p = this.pending.get(message.id)!;
      this.pending.delete(message.id);
      if (message.error) p.reject(new Error(message.error.message));
      else p.resolve(message.result);
    }
  }

  private call(path: string[], method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    let message = JSON.stringify({ id, method, params });
    for (let i = path.length - 1; i >= 1; i--) {
      message = JSON.stringify({ id: this.nextId++, method: 'Target.sendMessageToTarget', params: { sessionId: path[i], message } });
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.cdp.send('Target.sendMessageToTarget', { sessionId: path[0], message }).catch((error: Error) => {
        this.pending.delete(id);
        reject(error);
      });
      setTimeout(() => {
        if (this.pending.delete(id)) reject(new Error(`${method} timed out`));
      }, 5_000);
    });
  }

  async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const page = this.cdp.send('Runtime.getHeapUsage').then((r) => r.usedSize).catch(() => 0);
      const workers = [...this.workers.values()].map((path) =>
        this.call(path, 'Runtime.getHeapUsage').then((r) => (r as { usedSize: number }).usedSize).catch(() => {
          this.errors++;
          return 0;
        }));
      const [p, ...w] = await Promise.all([page, ...workers]);
      const sumWorkers = w.reduce((s, x) => s + x, 0);
      this.peakPage = Math.max(this.peakPage, p);
      this.peakWorkers = Math.max(this.peakWorkers, sumWorkers);
      this.peakAll = Math.max(this.peakAll, p + sumWorkers);
      this.samples++;
    } finally {
      this.busy = false;
    }
  }

  start(intervalMs = 100): void {
    this.timer = setInterval(() => void this.sample(), intervalMs);
  }

  reset(): void {
    this.peakPage = this.peakWorkers = this.peakAll = this.samples = 0;
  }

  private stopped = false;

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sample().catch(() => undefined);
    await this.cdp.detach().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Resident memory of the browser's processes (all of them carry --user-data-dir=<the profile>).

function readNumberKb(text: string, key: string): number | null {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : null;
}

export class ProcessMemorySampler {
  private pids: number[] = [];
  private lastScan = 0;
  private timer: NodeJS.Timeout | null = null;
  peakRss = 0;
  peakPss = 0;
  processes = 0;
  samples = 0;

  constructor(private readonly profileDir: string) {}

  private scan(): void {
    const marker = `--user-data-dir=${this.profileDir}`;
    const pids: number[] = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        // Zygote children rewrite their command line as one space-separated string: match a whole argument.
        const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split(/[\0 ]/);
        if (args.includes(marker)) pids.push(Number(name));
      } catch {
        // gone
      }
    }
    this.pids = pids;
    this.processes = Math.max(this.processes, pids.length);
    this.lastScan = Date.now();
  }

  sample(): void {
    if (process.platform !== 'linux') return;
    if (Date.now() - this.lastScan > 1_000) this.scan();
    let rss = 0;
    let pss = 0;
    let pssKnown = true;
    for (const pid of this.pids) {
      try {
        rss += readNumberKb(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS') ?? 0;
        let p: number | null = null;
        try {
          p = readNumberKb(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss');
        } catch {
          p = null;
        }
        if (p === null) pssKnown = false;
        else pss += p;
      } catch {
        // the process ended between the scan and now
      }
    }
    this.samples++;
    this.peakRss = Math.max(this.peakRss, rss);
    if (pssKnown) this.peakPss = Math.max(this.peakPss, pss);
  }

  start(intervalMs = 250): void {
    this.scan();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  reset(): void {
    this.peakRss = this.peakPss = 0;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
  }
}
