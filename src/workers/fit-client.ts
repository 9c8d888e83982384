// The analytics worker's side of the fit worker. A fit of 100,000 customers takes a few hundred
// milliseconds of optimiser work; run in the analytics worker it would hold every other view's query
// behind it. The fit worker is started on the first fit and kept. Where no worker can be started (Node: the
// tests and the command line, or a browser without nested workers) the fits run here, as before.
import { wrap, type Remote } from 'comlink';
import { fitModels, type FitModelName, type ModelFits, type RfmInput, type SpendInput } from '../core/clv/index.ts';
import type { FitWorkerApi } from './fit.worker.ts';

interface FitWorker {
  worker: Worker;
  remote: Remote<FitWorkerApi>;
  /** Rejects if the worker script cannot load or dies. */
  broken: Promise<never>;
}

class FitWorkerBroken extends Error {}

let fitWorker: FitWorker | null = null;
let canStart = typeof Worker !== 'undefined';

function start(): FitWorker {
  const worker = new Worker(new URL('./fit.worker.ts', import.meta.url), { type: 'module', name: 'fit' });
  const broken = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => reject(new FitWorkerBroken(event.message || 'the fit worker failed')), { once: true });
  });
  // Observed by Promise.race below; without a fit in flight nobody else needs to hear of it.
  broken.catch(() => undefined);
  return { worker, remote: wrap<FitWorkerApi>(worker), broken };
}

/** The fits of `which`, in the fit worker when there is one. */
export async function fitModelsAside<K extends FitModelName>(
  rfm: RfmInput, spend: Pick<SpendInput, 'customers' | 'x' | 'mean'>, which: readonly K[],
): Promise<Pick<ModelFits, K>> {
  const plainSpend = { customers: spend.customers, x: spend.x, mean: spend.mean };
  if (canStart) {
    try {
      fitWorker ??= start();
      return (await Promise.race([fitWorker.remote.fitModels(rfm, plainSpend, [...which]), fitWorker.broken])) as Pick<ModelFits, K>;
    } catch (error) {
      // A fit that failed inside a working worker is the caller's error; a worker that cannot run is not.
      if (fitWorker && !(error instanceof FitWorkerBroken)) throw error;
      fitWorker?.worker.terminate();
      fitWorker = null;
      canStart = false;
    }
  }
  return fitModels(rfm, plainSpend, which);
}
