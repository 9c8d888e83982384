// The page's side of the workers: each is started once and wrapped by Comlink. Only the workers' types are
// imported here, so their code (and Dexie, PapaParse) never lands in the main bundle.
import { proxy, wrap, type Remote } from 'comlink';
import type { AnalyticsWorkerApi } from './analytics.worker.ts';
import type { ImportWorkerApi } from './import.worker.ts';

let importWorker: Remote<ImportWorkerApi> | null = null;
let analyticsWorker: Remote<AnalyticsWorkerApi> | null = null;

export function importer(): Remote<ImportWorkerApi> {
  importWorker ??= wrap<ImportWorkerApi>(new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' }));
  return importWorker;
}

export function analytics(): Remote<AnalyticsWorkerApi> {
  analyticsWorker ??= wrap<AnalyticsWorkerApi>(new Worker(new URL('./analytics.worker.ts', import.meta.url), { type: 'module', name: 'analytics' }));
  return analyticsWorker;
}

/** Wraps a callback so that a worker can call it back (progress a few times a second). */
export const callback = proxy;

export type { ImportOutcome, ImportRequest } from '../data/import-file.ts';
export type { CostOutcome, CostReject } from '../data/import-costs.ts';
export type { DatasetImportStatus, ImportedFile } from '../data/import-status.ts';
export type { IngestProgress } from '../core/ingest/ingest.ts';
export type { ImportProgress } from '../data/import-file.ts';
export type { LiveImportView } from '../core/columns/live-summary.ts';
export type { BrandSummary } from './brand-api.ts';
export type { BrandFigures, BrandRequest, PeriodRange } from './brand-api.ts';
export type { CohortGranularity, CohortsFigures, CohortsSummary, FirstProductRow } from './cohorts-api.ts';
export type { AnalysisResult } from '../core/analytics/analysis.ts';
export type { SegmentFigures, SegmentMapChoice, SegmentMapSave, SegmentMigration } from './segments-api.ts';
export type { MarketplaceTiers, TierApply, TierProblem, TierView } from './tiers-api.ts';
export type {
  CustomerDetail, CustomerFacts, CustomerListInfo, CustomerModelInfo, CustomerOrder, CustomerOrderLine, CustomerQuery, CustomerRows, CustomerSortKey, CustomerTier,
} from './customers-api.ts';
export type {
  AudienceName, ClvFit, ClvFitRequest, ClvValidation, ClvWhatIf, ModelFitView, ParameterEstimate, TimeUnit, TransactionModelName, WarmPiece, WhatIfRequest,
} from './clv-api.ts';
