// The running import as the page sees it: state, progress with speed and time left, the outcome per file,
// and the questions a file can raise (which columns, which date order) before it is imported.
import type { DateOrder } from '../core/ingest/date-text.ts';
import type { ColumnMapping } from '../core/ingest/formats.ts';
import type { FilePreview } from '../core/ingest/preview.ts';
import { callback, importer, type CostOutcome, type DatasetImportStatus, type ImportOutcome, type ImportProgress, type IngestProgress, type LiveImportView } from '../workers/client.ts';

const LIVE_CHART_MS = 500;

export type ImportPhase = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

/** A file that waits for the user: its columns (unknown header) or its day/month order. */
export type ImportQuestion =
  | { kind: 'mapping'; file: File; message: string; preview: FilePreview }
  | { kind: 'date-order'; file: File; message: string; examples: { line: number; text: string }[]; mapping?: Partial<ColumnMapping> };

export type FileResult =
  | { file: string; outcome: ImportOutcome }
  | { file: string; outcome: { state: 'skipped'; message: string } };

export class ImportState {
  phase = $state<ImportPhase>('idle');
  fileNames = $state.raw<string[]>([]);
  fileIndex = $state(0);
  progress = $state.raw<IngestProgress | null>(null);
  /** The files are stored and queryable; the figures are being refreshed (phase is still 'running'). */
  stored = $state(false);
  /** What the running (or last) import has read so far, for the chart that grows with it. */
  live = $state.raw<LiveImportView | null>(null);
  results = $state.raw<FileResult[]>([]);
  question = $state.raw<ImportQuestion | null>(null);
  message = $state('');
  /** The marketplace typed for files that name none (empty: named after the export). */
  marketplace = $state('');
  /** The setting `pseudonymise` (null until read). */
  pseudonymise = $state<boolean | null>(null);
  status = $state.raw<DatasetImportStatus | null>(null);
  datasets = $state.raw<{ id: string; name: string; lines: number }[]>([]);
  costResult = $state.raw<CostOutcome | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  private liveAt = 0;
  private lastLive: LiveImportView | null = null;
  private queue: File[] = [];
  private cancelRequested = false;
  private changed = false;
  private startedAt = 0;
  private totalBytes = 0;
  private doneBytes = 0;

  constructor(
    private readonly datasetId: () => string,
    private readonly onImported: (datasetId: string) => Promise<void>,
  ) {}

  /** The dataset imports go into (the one chosen in the page). */
  get dataset(): string {
    return this.datasetId();
  }

  /** Share of all bytes read, 0..1. */
  get fraction(): number {
    if (this.phase === 'done' || this.stored) return 1;
    const p = this.progress;
    if (!p || this.totalBytes === 0) return 0;
    if (this.fileNames.length === 0) return p.totalBytes ? Math.min(1, p.bytes / p.totalBytes) : 0;
    return Math.min(1, (this.doneBytes + p.bytes) / this.totalBytes);
  }

  get linesPerSecond(): number | null {
    const p = this.progress;
    const seconds = (performance.now() - this.startedAt) / 1000;
    return p && seconds > 0.2 ? p.lines / seconds : null;
  }

  get secondsLeft(): number | null {
    const f = this.fraction;
    const seconds = (performance.now() - this.startedAt) / 1000;
    return f > 0.02 && f < 1 ? (seconds / f) * (1 - f) : null;
  }

  async start(files: File[]): Promise<void> {
    if (this.phase === 'running' || this.question || files.length === 0) return;
    this.queue = [...files];
    this.fileNames = files.map((f) => f.name);
    this.fileIndex = 0;
    this.results = [];
    this.cancelRequested = false;
    this.changed = false;
    this.startedAt = performance.now();
    this.totalBytes = files.reduce((s, f) => s + f.size, 0);
    this.doneBytes = 0;
    this.live = null;
    this.stored = false;
    this.message = `Reading ${files.length === 1 ? files[0].name : `${files.length} files`}…`;
    await this.run();
  }

  /** The mapping screen's answer: import the file with these columns (saved for its header). */
  async useMapping(mapping: Partial<ColumnMapping>): Promise<void> {
    const q = this.question;
    if (q?.kind !== 'mapping') return;
    await this.resume(q.file, { mapping });
  }

  /** The date question's answer: import the file again with this day/month order. */
  async useDateOrder(dateOrder: DateOrder): Promise<void> {
    const q = this.question;
    if (q?.kind !== 'date-order') return;
    await this.resume(q.file, { mapping: q.mapping, dateOrder });
  }

  /** Leaves the waiting file out and goes on with the others. */
  async skipQuestion(): Promise<void> {
    const q = this.question;
    if (!q) return;
    this.question = null;
    this.results = [...this.results, { file: q.file.name, outcome: { state: 'skipped', message: `${q.file.name} was not imported (you skipped it).` } }];
    await this.run();
  }

  private async resume(file: File, answer: { mapping?: Partial<ColumnMapping>; dateOrder?: DateOrder }): Promise<void> {
    this.question = null;
    this.doneBytes -= file.size;
    this.queue.unshift(file);
    await this.run(answer);
  }

  private async run(answer?: { mapping?: Partial<ColumnMapping>; dateOrder?: DateOrder }): Promise<void> {
    this.phase = 'running';
    this.progress = null;
    while (this.queue.length > 0 && !this.cancelRequested) {
      const file = this.queue[0];
      this.fileIndex = this.fileNames.indexOf(file.name);
      const request = { datasetId: this.datasetId(), marketplace: this.marketplace.trim() || undefined, ...answer };
      answer = undefined;
      let outcome: ImportOutcome;
      try {
        [outcome] = await importer().importFiles([file], request, callback((_index: number, p: ImportProgress) => {
          this.progress = p;
          // The chart follows at most twice a second: each redraw costs the page a few tens of ms.
          const now = performance.now();
          if (p.live) this.lastLive = p.live;
          if (p.live && p.live.months.length > 0 && (this.live === null || now - this.liveAt >= LIVE_CHART_MS)) {
            this.live = p.live;
            this.liveAt = now;
          }
        }), navigator.hardwareConcurrency);
      } catch (error) {
        outcome = { state: 'error', message: `${file.name}: the import failed: ${error instanceof Error ? error.message : String(error)}`, file: file.name, line: null, column: null };
      }
      this.queue.shift();
      this.doneBytes += file.size;
      this.progress = null;
      if (this.lastLive && this.lastLive.months.length > 0) this.live = this.lastLive;
      this.lastLive = null;
      if (outcome.state === 'needs-mapping' || outcome.state === 'needs-date-order') {
        this.question = outcome.state === 'needs-mapping'
          ? { kind: 'mapping', file, message: outcome.message, preview: outcome.preview }
          : { kind: 'date-order', file, message: outcome.message, examples: outcome.examples, mapping: request.mapping };
        this.phase = 'idle';
        this.message = outcome.state === 'needs-mapping'
          ? `Waiting for you: which columns of ${file.name} hold the customer, the date and the amount?`
          : `Waiting for you: are the dates in ${file.name} day first or month first?`;
        await this.afterChange();
        return;
      }
      if (outcome.state === 'done' || outcome.state === 'summary') this.changed = true;
      this.results = [...this.results, { file: file.name, outcome }];
      if (outcome.state === 'cancelled') break;
    }
    await this.finish();
  }

  private async finish(): Promise<void> {
    this.queue = [];
    if (this.changed && !this.cancelRequested) {
      this.stored = true;
      this.message = 'Stored. Updating the figures…';
    }
    await this.afterChange();
    const outcomes = this.results.map((r) => r.outcome);
    const stopped = outcomes.find((o) => o.state === 'cancelled') ?? outcomes.find((o) => o.state === 'error');
    if (stopped && (stopped.state === 'cancelled' || stopped.state === 'error')) {
      this.phase = stopped.state;
      this.message = stopped.message;
      return;
    }
    if (this.cancelRequested) {
      this.phase = 'cancelled';
      this.message = 'The import was cancelled; the files after the cancel were not read.';
      return;
    }
    this.phase = 'done';
    this.message = doneMessage(outcomes, (performance.now() - this.startedAt) / 1000);
  }

  /** Refreshes the figures once after files went in. */
  private async afterChange(): Promise<void> {
    if (this.changed) {
      this.changed = false;
      try {
        await this.onImported(this.datasetId());
      } catch (error) {
        this.error = `The figures could not be refreshed: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    await this.refreshStatus();
  }

  /** The dataset's files, identity, costs and summary file; the list of datasets; the privacy setting. */
  async refreshStatus(): Promise<void> {
    try {
      const [status, datasets, pseudonymise] = await Promise.all([
        importer().datasetStatus(this.datasetId()), importer().datasets(), importer().pseudonymise(),
      ]);
      this.status = status;
      this.datasets = datasets;
      this.pseudonymise = pseudonymise;
    } catch (error) {
      this.error = `The dataset could not be read: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  async setPseudonymise(on: boolean): Promise<void> {
    await this.guard(async () => {
      await importer().setPseudonymise(on);
      this.pseudonymise = on;
    });
  }

  async chooseDataset(id: string): Promise<void> {
    await this.guard(async () => {
      await this.onImported(id);
      await this.refreshStatus();
    });
  }

  async createDataset(name: string): Promise<void> {
    await this.guard(async () => {
      const id = await importer().createDataset(name);
      await this.onImported(id);
      await this.refreshStatus();
    });
  }

  async importCosts(file: File, currency: string): Promise<void> {
    await this.guard(async () => {
      this.costResult = null;
      this.costResult = await importer().importCosts(file, this.datasetId(), currency);
      if (this.costResult.state === 'done') await this.onImported(this.datasetId());
      await this.refreshStatus();
    });
  }

  async removeCosts(): Promise<void> {
    await this.guard(async () => {
      await importer().removeCosts(this.datasetId());
      this.costResult = null;
      await this.onImported(this.datasetId());
      await this.refreshStatus();
    });
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      await work();
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }

  /** The seeded sample store (several marketplaces and currencies), generated in the import worker. */
  async loadSample(): Promise<void> {
    await this.runDemo('Building the sample store…', async () => {
      const result = await importer().loadSample(callback((fraction: number) => {
        this.progress = { bytes: fraction, totalBytes: 1, lines: 0, accepted: 0, rejected: 0 };
      }));
      await this.onImported(result.datasetId);
      return `Loaded the sample store: ${result.lines.toLocaleString('en-US')} order lines of demo data.`;
    });
  }

  /** The CDNOW sample bundled with the app: the papers' 1/10 sample, on which their model values are published. */
  async loadCdnow(): Promise<void> {
    await this.runDemo('Loading the CDNOW sample…', async () => {
      const url = new URL('data/cdnow-sample.txt', document.baseURI).href;
      const { datasetId, outcome } = await importer().loadCdnow(url, callback((_file: number, p: IngestProgress) => {
        this.progress = p;
      }));
      if (outcome.state !== 'done') throw new Error('message' in outcome ? outcome.message : 'the bundled file is not order lines');
      await this.onImported(datasetId);
      return `Loaded CDNOW, the 1/10 sample of the lifetime-value papers: ${outcome.report.accepted.toLocaleString('en-US')} purchases of 2,357 customers (1997-1998).`;
    });
  }

  private async runDemo(startMessage: string, work: () => Promise<string>): Promise<void> {
    if (this.phase === 'running' || this.question) return;
    this.phase = 'running';
    this.fileNames = [];
    this.results = [];
    this.progress = null;
    this.message = startMessage;
    this.startedAt = performance.now();
    this.totalBytes = 1;
    this.doneBytes = 0;
    try {
      this.message = await work();
      this.phase = 'done';
    } catch (error) {
      this.phase = 'error';
      this.message = `The demo data could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
    }
    await this.refreshStatus();
  }

  async cancel(): Promise<void> {
    if (this.phase !== 'running') return;
    this.cancelRequested = true;
    await importer().cancel();
  }
}

function doneMessage(outcomes: FileResult['outcome'][], seconds: number): string {
  let lines = 0;
  let duplicates = 0;
  let skipped = 0;
  const parts: string[] = [];
  for (const o of outcomes) {
    if (o.state === 'done') {
      lines += o.report.accepted;
      duplicates += o.duplicates;
    } else if (o.state === 'summary') parts.push(`Stored the customer summary of ${o.report.file} (${o.customers.toLocaleString('en-US')} customers) for the lifetime-value models.`);
    else if (o.state === 'skipped') skipped++;
  }
  const done = outcomes.some((o) => o.state === 'done');
  if (done) parts.unshift(`Imported ${lines.toLocaleString('en-US')} order line${lines === 1 ? '' : 's'} in ${seconds.toFixed(1)} s.`);
  if (duplicates > 0) parts.push(`${duplicates.toLocaleString('en-US')} lines were already stored and were skipped, so nothing counts twice.`);
  if (skipped > 0) parts.push(`${skipped} file${skipped === 1 ? ' was' : 's were'} skipped.`);
  return parts.join(' ') || 'Nothing was imported.';
}
