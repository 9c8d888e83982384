// Result types the views show, re-exported so that ui never reaches past state into the workers.
export type { AnalysisResult, ImportOutcome } from '../workers/client.ts';
