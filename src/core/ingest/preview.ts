// The mapping screen's view of a file: from its first bytes, what the import would decide (encoding,
// delimiter, header, format) and 20 rows to show, with what is still open (an unknown header, an
// ambiguous day/month order) said plainly rather than guessed.
import type { Delimiter, Newline } from './csv.ts';
import { dateReading, readDate, NOT_A_DATE, type DateOrder } from './date-text.ts';
import { binaryReason, sniffEncoding, StreamDecoder, type TextEncodingName } from './encoding.ts';
import { IngestError, type IngestErrorCode } from './errors.ts';
import { suggestMapping, type ColumnMapping, type FormatId, type Identity } from './formats.ts';
import { analyseSample, dateEvidence, type DetectOptions } from './sample.ts';
import { SAMPLE_CHARS } from './text-source.ts';
import type { DecimalSeparator } from './values.ts';

export const PREVIEW_ROWS = 20;

export interface FilePreview {
  encoding: TextEncodingName;
  bom: boolean;
  delimiter: Delimiter;
  newline: Newline;
  /** The header's fields; empty for a file without a header (the CDNOW sample). */
  header: string[];
  /** The key a mapping for this header is saved under. */
  mappingKey: string;
  /** The recognised format (or the one given), null when the header needs a mapping. */
  format: FormatId | null;
  variant: string | null;
  kind: 'orders' | 'summary' | null;
  identity: Identity | null;
  /** The mapping applied (given, or saved for this header). */
  mapping: Partial<ColumnMapping> | null;
  /** The mapping screen's first guess, from the header's names. */
  suggestedMapping: Partial<ColumnMapping>;
  /** The first rows after the header, as text (show them as text, never as markup), and their lines. */
  rows: string[][];
  rowLines: number[];
  decimalSeparator: DecimalSeparator;
  /** The day/month order the rows prove (or the one given), and whether the rows leave it open. */
  dateOrder: DateOrder | null;
  dateOrderAmbiguous: boolean;
  /** An ambiguous date to show when asking. */
  dateExample: { line: number; text: string } | null;
  /** Why the file cannot be imported as it is (an unknown header, missing columns), or null. */
  problem: string | null;
  problemCode: IngestErrorCode | null;
  /** Whether `bytes` held the whole file. */
  complete: boolean;
}

/**
 * A preview of a file from its first bytes (the page passes the first megabyte or so; `complete` says
 * whether that is the whole file). Throws IngestError only for what no choice can fix: an empty or
 * binary file.
 */
export function previewFile(bytes: Uint8Array, options: DetectOptions & { complete?: boolean; fileName?: string; encoding?: TextEncodingName } = {}): FilePreview {
  const fileName = options.fileName ?? 'the file';
  const complete = options.complete ?? true;
  if (bytes.length === 0) throw new IngestError(fileName, null, null, 'the file is empty (0 bytes)', 'empty');
  const sniffed = sniffEncoding(bytes);
  const encoding = options.encoding ?? sniffed.encoding;
  const bomLength = options.encoding && options.encoding !== sniffed.encoding ? 0 : sniffed.bomLength;
  const binary = binaryReason(bytes, encoding);
  if (binary) throw new IngestError(fileName, 1, null, binary, 'binary');
  const decoder = new StreamDecoder(encoding);
  let text = decoder.push(bytes.subarray(bomLength));
  if (complete) text += decoder.end();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const sample = text.slice(0, SAMPLE_CHARS);
  const eof = complete && text.length <= SAMPLE_CHARS;
  const a = analyseSample(sample, eof, options);
  if (a.error && (a.error.code === 'empty' || a.error.code === 'unterminated-quote' || a.error.code === 'record-too-long')) {
    throw new IngestError(fileName, a.error.line, a.error.column, a.error.reason, a.error.code);
  }
  const suggestedMapping = suggestMapping(a.header);
  let dates = a.dates;
  if (!a.plan) {
    // No plan yet: the suggested date column, else the first column that reads as dates.
    let column = suggestedMapping.date ? a.header.indexOf(suggestedMapping.date) : -1;
    const reading = dateReading();
    for (let c = 0; column < 0 && c < a.header.length; c++) {
      let dated = 0;
      for (const r of a.records) if (c < r.length && readDate(r[c], null, reading).kind !== NOT_A_DATE) dated++;
      if (a.records.length > 0 && dated * 2 >= a.records.length) column = c;
    }
    if (column >= 0) dates = dateEvidence(a.records, a.recordLines, column);
  }
  return {
    encoding: decoder.encoding,
    bom: bomLength > 0,
    delimiter: a.delimiter,
    newline: a.newline,
    header: a.header,
    mappingKey: a.mappingKey,
    format: a.format,
    variant: a.plan?.variant ?? (a.kind === 'summary' ? 'summary' : null),
    kind: a.kind,
    identity: a.plan?.identity ?? (a.kind === 'summary' ? 'exact' : null),
    mapping: a.mapping,
    suggestedMapping,
    rows: a.records.slice(0, PREVIEW_ROWS),
    rowLines: a.recordLines.slice(0, PREVIEW_ROWS),
    decimalSeparator: a.decimal,
    dateOrder: options.dateOrder ?? dates.order,
    dateOrderAmbiguous: !options.dateOrder && dates.order === null && dates.ambiguous,
    dateExample: dates.example,
    problem: a.error?.reason ?? null,
    problemCode: a.error?.code ?? null,
    complete,
  };
}
