// The one place the page's state objects are made and wired together.
import { BrandState } from './brand.svelte.ts';
import { ImportState } from './import.svelte.ts';
import { Router } from './router.svelte.ts';

export const DATASET_ID = 'store';

export class AppState {
  readonly router = new Router();
  readonly brand = new BrandState(DATASET_ID);
  readonly importer = new ImportState(DATASET_ID, () => this.brand.refresh());
}
