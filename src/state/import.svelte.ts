// The running import as the page sees it: state, progress with speed and time left, outcome per file.
import { callback, importer, type ImportOutcome, type IngestProgress } from '../workers/client.ts';

export type ImportPhase = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

export class ImportState {
  phase = $state<ImportPhase>('idle');
  fileNames = $state.raw<string[]>([]);
  fileIndex = $state(0);
  progress = $state.raw<IngestProgress | null>(null);
  outcomes = $state.raw<ImportOutcome[]>([]);
  message = $state('');
  private startedAt = 0;
  private totalBytes = 0;
  private doneBytes = 0;

  constructor(
    private readonly datasetId: () => string,
    private readonly onImported: (datasetId: string) => Promise<void>,
  ) {}

  /** Share of all bytes read, 0..1. */
  get fraction(): number {
    if (this.phase === 'done') return 1;
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
    if (this.phase === 'running' || files.length === 0) return;
    this.phase = 'running';
    this.fileNames = files.map((f) => f.name);
    this.fileIndex = 0;
    this.progress = null;
    this.outcomes = [];
    this.message = `Reading ${files.length === 1 ? files[0].name : `${files.length} files`}…`;
    this.startedAt = performance.now();
    this.totalBytes = files.reduce((s, f) => s + f.size, 0);
    this.doneBytes = 0;
    const sizes = files.map((f) => f.size);
    try {
      const outcomes = await importer().importFiles(
        files,
        { datasetId: this.datasetId() },
        callback((index: number, p: IngestProgress) => {
          if (index !== this.fileIndex) {
            this.doneBytes = sizes.slice(0, index).reduce((s, b) => s + b, 0);
            this.fileIndex = index;
          }
          this.progress = p;
        }),
      );
      this.outcomes = outcomes;
      const failed = outcomes.find((o) => o.state !== 'done');
      if (outcomes.some((o) => o.state === 'done')) await this.onImported(this.datasetId());
      if (!failed) {
        const lines = outcomes.reduce((s, o) => s + (o.state === 'done' ? o.report.accepted : 0), 0);
        this.phase = 'done';
        const seconds = (performance.now() - this.startedAt) / 1000;
        this.message = `Imported ${lines.toLocaleString('en-US')} order lines in ${seconds.toFixed(1)} s.`;
      } else {
        this.phase = failed.state;
        this.message = failed.message;
      }
    } catch (error) {
      this.phase = 'error';
      this.message = `The import failed: ${error instanceof Error ? error.message : String(error)}`;
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

  /** The CDNOW data set bundled with the app (the one the published model values refer to). */
  async loadCdnow(): Promise<void> {
    await this.runDemo('Loading the CDNOW data…', async () => {
      const url = new URL('data/cdnow.txt', document.baseURI).href;
      const { datasetId, outcome } = await importer().loadCdnow(url, callback((_file: number, p: IngestProgress) => {
        this.progress = p;
      }));
      if (outcome.state !== 'done') throw new Error(outcome.message);
      await this.onImported(datasetId);
      return `Loaded CDNOW: ${outcome.report.accepted.toLocaleString('en-US')} purchases of 23,570 customers (1997-1998).`;
    });
  }

  private async runDemo(startMessage: string, work: () => Promise<string>): Promise<void> {
    if (this.phase === 'running') return;
    this.phase = 'running';
    this.fileNames = [];
    this.outcomes = [];
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
  }

  async cancel(): Promise<void> {
    if (this.phase === 'running') await importer().cancel();
  }
}
