// Thin Comlink shell: each view's API module reads whole columns through dataset-cache.ts, runs core, and
// sends back numbers and typed arrays (transferred, never cloned row objects).
import { expose } from 'comlink';
import { brandApi } from './brand-api.ts';
import { cohortsApi } from './cohorts-api.ts';
import { clvApi } from './clv-api.ts';
import { segmentsApi } from './segments-api.ts';
import { tiersApi } from './tiers-api.ts';
import { customersApi } from './customers-api.ts';
// More view APIs are imported above this line and spread into `api` (one entry each).

const api = {
  ...customersApi,
  ...brandApi,
  ...segmentsApi,
  ...tiersApi,
  ...cohortsApi,
  ...clvApi,
};

export type AnalyticsWorkerApi = typeof api;
expose(api);
