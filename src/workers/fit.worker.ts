// Thin Comlink shell: the lifetime-value models' maximum-likelihood fits, in a worker of their own that the
// analytics worker starts (fit-client.ts), so that the other views' figures do not wait for a fit.
import { expose } from 'comlink';
import { fitModels } from '../core/clv/index.ts';

const api = { fitModels };

export type FitWorkerApi = typeof api;
expose(api);
