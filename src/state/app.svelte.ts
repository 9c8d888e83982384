// The one place the page's state objects are made and wired together.
import { BrandState } from './brand.svelte.ts';
import { ImportState } from './import.svelte.ts';
import { Router } from './router.svelte.ts';
import { StorageState } from './storage.svelte.ts';
import { UpdateState } from './updates.svelte.ts';

export const DATASET_ID = 'store';

export class AppState {
  readonly router = new Router();
  readonly brand = new BrandState(DATASET_ID);
  readonly importer = new ImportState(DATASET_ID, () => this.refreshAll());
  readonly storage = new StorageState(() => this.refreshAll());
  readonly updates = new UpdateState();

  /** Recomputes every figure after the stored data changed (an import, a restore, a delete). */
  async refreshAll(): Promise<void> {
    await this.brand.refresh();
  }
}
