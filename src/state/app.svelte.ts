// The one place the page's state objects are made and wired together.
import { importer } from '../workers/client.ts';
import { BrandState } from './brand.svelte.ts';
import { CohortsState } from './cohorts.svelte.ts';
import { ClvState } from './clv.svelte.ts';
import { CustomersState } from './customers.svelte.ts';
import type { DatasetInfo } from './datasets.svelte.ts';
import { ImportState } from './import.svelte.ts';
import { ReportState } from './report.svelte.ts';
import { Router } from './router.svelte.ts';
import { SegmentsState } from './segments.svelte.ts';
import { StorageState } from './storage.svelte.ts';
import { TiersState } from './tiers.svelte.ts';
import { UpdateState } from './updates.svelte.ts';

/** The seller's own data; the demo data live in datasets of their own ('sample', 'cdnow'). */
export const DEFAULT_DATASET = 'store';
const ACTIVE_KEY = 'loyalty-lens:dataset';

export type { DatasetInfo };

export class AppState {
  readonly router = new Router();
  dataset = $state(localStorage.getItem(ACTIVE_KEY) ?? DEFAULT_DATASET);
  datasets = $state.raw<DatasetInfo[]>([]);
  readonly brand = new BrandState(() => this.dataset);
  readonly importer = new ImportState(() => this.dataset, (id) => this.afterImport(id));
  readonly storage = new StorageState(() => this.afterStorageChange(), {
    // The empty "My store" the picker shows before anything is stored has nothing to delete.
    list: () => this.datasets.filter((d) => d.lines > 0 || d.id !== DEFAULT_DATASET),
    chosenName: () => this.datasetName,
  });
  readonly updates = new UpdateState();
  readonly report = new ReportState(() => ({ id: this.dataset, name: this.datasetName }));
  /** Goes up whenever the stored data change (import, restore, delete) or another dataset is chosen. */
  version = $state(0);
  // More view states are added below this line (one line each).
  readonly customers = new CustomersState(() => this.dataset, () => this.segments.choice);
  readonly segments = new SegmentsState(() => this.dataset);
  readonly tiers = new TiersState(() => this.dataset);
  readonly cohorts = new CohortsState(() => this.dataset);
  readonly clv = new ClvState(() => this.dataset);

  get datasetName(): string {
    return this.datasets.find((d) => d.id === this.dataset)?.name ?? 'My store';
  }

  async start(): Promise<void> {
    await this.refreshDatasets();
    await this.brand.refresh();
  }

  async choose(id: string): Promise<void> {
    this.dataset = id;
    localStorage.setItem(ACTIVE_KEY, id);
    this.version++;
    await this.brand.refresh(undefined);
  }

  async refreshDatasets(): Promise<void> {
    const list = await importer().datasets();
    if (!list.some((d) => d.id === DEFAULT_DATASET)) list.unshift({ id: DEFAULT_DATASET, name: 'My store', lines: 0 });
    this.datasets = list;
    if (!list.some((d) => d.id === this.dataset)) {
      // The chosen dataset is gone (deleted, or not in a restored backup): the first one with orders takes its place.
      this.dataset = list.find((d) => d.lines > 0)?.id ?? DEFAULT_DATASET;
      localStorage.setItem(ACTIVE_KEY, this.dataset);
    }
  }

  private async afterImport(datasetId: string): Promise<void> {
    await this.refreshDatasets();
    if (datasetId !== this.dataset) await this.choose(datasetId);
    else {
      this.version++;
      await this.brand.refresh();
    }
  }

  private async afterStorageChange(): Promise<void> {
    await this.refreshDatasets();
    this.version++;
    await this.brand.refresh();
  }
}
