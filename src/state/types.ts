// Result types the views show, re-exported so that ui never reaches past state into the workers.
export type { AnalysisResult, ImportOutcome } from '../workers/client.ts';
export type { CostOutcome, CostReject, DatasetImportStatus, ImportedFile } from '../workers/client.ts';
export type { CustomerDetail, CustomerFacts, CustomerListInfo, CustomerModelInfo, CustomerOrder, CustomerSortKey, CustomerTier } from '../workers/client.ts';
export type { SegmentFigures, SegmentMapChoice, SegmentMigration, MarketplaceTiers, TierProblem, TierView } from '../workers/client.ts';
export type { BrandFigures, PeriodRange, CohortGranularity, CohortsFigures, FirstProductRow } from '../workers/client.ts';
export type { AudienceName, ClvFit, ClvValidation, ClvWhatIf, ModelFitView, ParameterEstimate, TimeUnit, TransactionModelName } from '../workers/client.ts';
