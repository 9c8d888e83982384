/** What kind of failure stopped a file, for callers that react to it (the page asks for a date order). */
export type IngestErrorCode =
  | 'empty'
  | 'binary'
  | 'unterminated-quote'
  | 'record-too-long'
  | 'unknown-format'
  | 'missing-columns'
  | 'ambiguous-date-order'
  | 'summary-file'
  | 'not-summary-file'
  | 'unreadable';

/** A file that cannot be read at all. The message is one plain sentence naming the file, line and column. */
export class IngestError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly column: number | null,
    readonly reason: string,
    readonly code: IngestErrorCode = 'unreadable',
  ) {
    const where = line === null ? '' : column === null ? `, line ${line}` : `, line ${line}, column ${column}`;
    super(`${file}${where}: ${reason}`);
    this.name = 'IngestError';
  }
}

/**
 * The file's dates read both day-first and month-first (`03/04/2024`) and nothing in it settles which:
 * the caller asks the user and imports again with `dateOrder`. Nothing was passed to onChunk.
 */
export class AmbiguousDateOrderError extends IngestError {
  constructor(
    file: string,
    /** A few of the ambiguous dates, with their lines, to show when asking. */
    readonly examples: readonly { line: number; text: string }[],
    reason: string,
  ) {
    super(file, examples[0]?.line ?? null, null, reason, 'ambiguous-date-order');
    this.name = 'AmbiguousDateOrderError';
  }
}

/** Why a data line was not accepted. Counted per reason in the report, listed with its line number. */
export type RejectReason =
  | 'missing-customer'
  | 'bad-date'
  | 'bad-value'
  | 'bad-quantity'
  | 'wrong-field-count'
  | 'malformed-quotes'
  | 'duplicate-line'
  | 'duplicate-customer'
  | 'bad-summary';

export interface RejectedLine {
  line: number;
  /** 1-based column of the field at fault, or null when the line as a whole is (field count, quotes). */
  column: number | null;
  reason: RejectReason;
  /** One plain sentence; customer text in it is quoted as text, never markup. */
  detail: string;
}
