// The import core's public surface, for the import worker, the data layer and the command line.
export { ingest, ingestAny, readCustomerSummary, IngestCancelled, MAX_LINES_HELD_FOR_DATE_ORDER } from './ingest.ts';
export type { IngestOptions, IngestProgress, IngestReport, ImportResult } from './ingest.ts';
export { previewFile, PREVIEW_ROWS } from './preview.ts';
export type { FilePreview } from './preview.ts';
export { mappingKey, suggestMapping, detectFormat, normaliseHeaderName, FORMAT_IDS, MAPPING_FIELDS } from './formats.ts';
export type { ColumnMapping, FormatId, Identity } from './formats.ts';
export { dropKnownLines, lineKeysOf, LineKeySet } from './dedupe.ts';
export type { KnownLineKeys } from './dedupe.ts';
export type { CustomerSummaryTable } from './summary.ts';
export { normaliseCustomer, approximateIdentity, saltedSha256 } from './identity.ts';
export type { Pseudonymiser, Sha256 } from './identity.ts';
export { IngestError, AmbiguousDateOrderError } from './errors.ts';
export type { IngestErrorCode, RejectReason, RejectedLine } from './errors.ts';
export type { DateOrder } from './date-text.ts';
export type { DecimalSeparator } from './values.ts';
export type { TextEncodingName } from './encoding.ts';
export type { Delimiter } from './csv.ts';
