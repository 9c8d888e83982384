// The segment view's state: the chosen map and currency, the per-segment figures and the migration between
// two monthly snapshots, all computed in the analytics worker. Results of an older request that arrive
// after a newer one are dropped, so a quick change of map never shows the figures of the previous one.
import type { SegmentMap, SegmentMapProblem } from '../core/analytics/segments.ts';
import { analytics, type SegmentFigures, type SegmentMapChoice, type SegmentMigration } from '../workers/client.ts';

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The map chosen last, kept in this browser like the chosen dataset (a view preference, not data). */
const CHOICE_KEY = 'loyalty-lens:segment-map';

function savedChoice(): SegmentMapChoice {
  const saved = globalThis.localStorage?.getItem(CHOICE_KEY);
  return saved === 'classic' || saved === 'edited' ? saved : 'amazon';
}

export class SegmentsState {
  #choice = $state<SegmentMapChoice>(savedChoice());

  get choice(): SegmentMapChoice {
    return this.#choice;
  }

  set choice(choice: SegmentMapChoice) {
    this.#choice = choice;
    globalThis.localStorage?.setItem(CHOICE_KEY, choice);
  }

  currency = $state<string | null>(null);
  figures = $state.raw<SegmentFigures | null>(null);
  migration = $state.raw<SegmentMigration | null>(null);
  loading = $state(false);
  loaded = $state(false);
  error = $state<string | null>(null);
  migrationError = $state<string | null>(null);
  /** Why the last edit of a map was refused (each problem names the rules at fault). */
  problems = $state.raw<SegmentMapProblem[]>([]);
  saving = $state(false);
  private request = 0;
  private migrationRequest = 0;
  private datasetSeen: string | null = null;

  constructor(private readonly datasetId: () => string) {}

  async refresh(): Promise<void> {
    const datasetId = this.datasetId();
    if (datasetId !== this.datasetSeen) {
      // Another dataset: its currencies and months are not this one's.
      this.datasetSeen = datasetId;
      this.currency = null;
      this.migration = null;
    }
    const mine = ++this.request;
    this.loading = true;
    try {
      const figures = await analytics().segmentFigures(datasetId, { choice: this.choice, currency: this.currency ?? undefined });
      if (mine !== this.request) return;
      this.figures = figures;
      this.choice = figures.choice;
      this.currency = figures.currency;
      this.error = null;
    } catch (error) {
      if (mine === this.request) this.error = `The segments could not be computed: ${reason(error)}`;
      return;
    } finally {
      if (mine === this.request) {
        this.loading = false;
        this.loaded = true;
      }
    }
    if (!this.figures?.empty) await this.showMigration(this.migration?.from, this.migration?.to);
  }

  async choose(choice: SegmentMapChoice): Promise<void> {
    this.choice = choice;
    await this.refresh();
  }

  async chooseCurrency(currency: string): Promise<void> {
    this.currency = currency;
    this.migration = null;
    await this.refresh();
  }

  /** The migration from snapshot `from` to snapshot `to` (indexes into the month labels). */
  async showMigration(from?: number, to?: number): Promise<void> {
    const mine = ++this.migrationRequest;
    try {
      const migration = await analytics().segmentMigration(this.datasetId(), { choice: this.choice, currency: this.currency ?? undefined, from, to });
      if (mine !== this.migrationRequest) return;
      this.migration = migration;
      this.migrationError = null;
    } catch (error) {
      if (mine === this.migrationRequest) this.migrationError = `The monthly snapshots could not be computed: ${reason(error)}`;
    }
  }

  /** Saves an edit of `basedOn`; true when it was accepted (the view then shows the edited map). */
  async saveMap(proposed: SegmentMap, basedOn: SegmentMap): Promise<boolean> {
    this.saving = true;
    try {
      const outcome = await analytics().saveSegmentMap(this.datasetId(), $state.snapshot(proposed) as SegmentMap, $state.snapshot(basedOn) as SegmentMap);
      if (!outcome.ok) {
        this.problems = outcome.problems;
        return false;
      }
      this.problems = [];
      this.choice = 'edited';
      this.migration = null;
      await this.refresh();
      return true;
    } catch (error) {
      this.error = `The edited map could not be saved: ${reason(error)}`;
      return false;
    } finally {
      this.saving = false;
    }
  }

  async deleteEditedMap(): Promise<void> {
    try {
      await analytics().deleteSegmentMap(this.datasetId());
      if (this.choice === 'edited') this.choice = 'amazon';
      this.migration = null;
      await this.refresh();
    } catch (error) {
      this.error = `The edited map could not be deleted: ${reason(error)}`;
    }
  }

  clearProblems(): void {
    this.problems = [];
  }
}
