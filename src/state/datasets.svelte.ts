// Deleting one dataset from the page (issue 8). The import worker removes its rows from every store in one
// transaction; then the page reads the list again, moves to another dataset if the chosen one is gone, and
// bumps the data version so that every view (and the analytics worker's dataset cache, whose key is read
// from the stored dataset record) loads afresh.
import { importer } from '../workers/client.ts';

export interface DatasetInfo {
  id: string;
  name: string;
  lines: number;
}

export class DatasetsState {
  busy = $state(false);
  message = $state<{ kind: 'ok' | 'error'; text: string } | null>(null);

  constructor(
    /** The stored datasets, as the picker lists them. */
    private readonly stored: () => DatasetInfo[],
    /** The name of the dataset the page shows (after a deletion: the one it moved to). */
    private readonly chosenName: () => string,
    /** Reloads the list, chooses another dataset if needed and refreshes every view. */
    private readonly onDeleted: () => Promise<void>,
  ) {}

  get list(): DatasetInfo[] {
    return this.stored();
  }

  async remove(dataset: DatasetInfo): Promise<void> {
    this.busy = true;
    this.message = null;
    const shownBefore = this.chosenName();
    try {
      await importer().deleteDataset(dataset.id);
    } catch (error) {
      this.message = { kind: 'error', text: `“${dataset.name}” was not deleted: ${reason(error)}` };
      this.busy = false;
      return;
    }
    const lines = `${dataset.lines.toLocaleString('en-US')} order line${dataset.lines === 1 ? '' : 's'}`;
    try {
      await this.onDeleted();
      const shown = this.chosenName();
      this.message = {
        kind: 'ok',
        text: `Deleted “${dataset.name}” (${lines}). The other datasets were not changed.${shown !== shownBefore ? ` The page now shows “${shown}”.` : ''}`,
      };
    } catch (error) {
      this.message = { kind: 'error', text: `“${dataset.name}” was deleted, but the figures could not be refreshed: ${reason(error)}` };
    } finally {
      this.busy = false;
    }
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
