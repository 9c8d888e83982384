/** A file that cannot be read at all. The message is one plain sentence naming the file, line and column. */
export class IngestError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly column: number | null,
    readonly reason: string,
  ) {
    const where = line === null ? '' : column === null ? `, line ${line}` : `, line ${line}, column ${column}`;
    super(`${file}${where}: ${reason}`);
    this.name = 'IngestError';
  }
}

/** Why a data line was not accepted. Counted per reason in the report, listed with its line number. */
export type RejectReason =
  | 'missing-customer'
  | 'bad-date'
  | 'bad-value'
  | 'bad-quantity'
  | 'wrong-field-count'
  | 'duplicate-line';

export interface RejectedLine {
  line: number;
  reason: RejectReason;
  detail: string;
}
