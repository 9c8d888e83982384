// Storage as the seller sees it: space used and available, persistence, the datasets (delete one), backup,
// restore, delete everything.
import { importer } from '../workers/client.ts';
import { DatasetsState, type DatasetInfo } from './datasets.svelte.ts';

export class StorageState {
  usage = $state<number | null>(null);
  quota = $state<number | null>(null);
  persisted = $state<boolean | null>(null);
  busy = $state(false);
  message = $state<{ kind: 'ok' | 'error'; text: string } | null>(null);

  readonly datasets: DatasetsState;

  constructor(
    private readonly onChanged: () => Promise<void>,
    datasets: { list: () => DatasetInfo[]; chosenName: () => string },
  ) {
    this.datasets = new DatasetsState(datasets.list, datasets.chosenName, async () => {
      await this.onChanged();
      await this.refresh();
    });
  }

  async refresh(): Promise<void> {
    if (!navigator.storage) return;
    const estimate = await navigator.storage.estimate();
    this.usage = estimate.usage ?? null;
    this.quota = estimate.quota ?? null;
    this.persisted = await navigator.storage.persisted();
  }

  async requestPersistence(): Promise<void> {
    this.persisted = await navigator.storage.persist();
    this.message = this.persisted
      ? { kind: 'ok', text: 'The browser will keep your data until you delete it.' }
      : { kind: 'error', text: 'The browser declined for now; it may still clear the data when the disk is nearly full. Keep a backup.' };
  }

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.message = null;
    try {
      await work();
    } catch (error) {
      this.message = { kind: 'error', text: error instanceof Error ? error.message : String(error) };
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }

  backup(passphrase: string): Promise<void> {
    return this.run(async () => {
      const blob = await importer().backup(passphrase);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `loyalty-lens-backup-${new Date().toISOString().slice(0, 10)}${passphrase ? '-encrypted' : ''}.llbackup`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      this.message = { kind: 'ok', text: `Backup saved (${passphrase ? 'encrypted' : 'not encrypted'}).` };
    });
  }

  restore(file: File, passphrase: string): Promise<void> {
    return this.run(async () => {
      const result = await importer().restore(file, passphrase);
      if (!result.ok) {
        this.message = { kind: 'error', text: `${file.name}: ${result.message} Your current data was not changed.` };
        return;
      }
      await this.onChanged();
      this.message = { kind: 'ok', text: `Restored ${file.name}.` };
    });
  }

  deleteEverything(): Promise<void> {
    return this.run(async () => {
      await importer().deleteEverything();
      await this.onChanged();
      this.message = { kind: 'ok', text: 'Everything was deleted from this browser.' };
    });
  }
}
