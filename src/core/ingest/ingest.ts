// One file's bytes to order-line column chunks (or, for a per-customer summary file, to summary columns).
// Every data line is accepted or rejected with its line, column and reason; the counts add up to the data
// lines, always. The result is the same whatever the byte chunking: every decision that looks ahead is
// taken on the first SAMPLE_CHARS characters, and records wait for their end before they are read.
import { CHUNK_LINES, OrderLineBuilder } from '../columns/builder.ts';
import { Dictionary, ownCopy, RANGE_HASH_START, rangeHash, rangeHashAdd, rangeHashEnd } from '../columns/dictionary.ts';
import { hash52 } from '../columns/hash.ts';
import { FLAG_CANCELLED, FLAG_FREE_PURCHASE, FLAG_RETURN, type Dictionaries, type OrderLineColumns } from '../columns/table.ts';
import { CsvSyntaxError, RecordReader, type Delimiter, type RecordSink } from './csv.ts';
import { dateReading, isoDayAt, readDate, AMBIGUOUS, NOT_A_DATE, PROVES_DMY, PROVES_MDY, type DateOrder } from './date-text.ts';
import { StreamDecoder, type TextEncodingName } from './encoding.ts';
import { AmbiguousDateOrderError, IngestError, type RejectReason, type RejectedLine } from './errors.ts';
import type { ColumnMapping, FormatId, Identity, LinePlan } from './formats.ts';
import { approximateIdentity, normaliseCustomer, type Pseudonymiser } from './identity.ts';
import { analyseSample, isBlank, type DetectOptions, type SampleAnalysis } from './sample.ts';
import { SummarySink, type CustomerSummaryTable } from './summary.ts';
import { IngestCancelled, TextSource } from './text-source.ts';
import { AmountReader, type DecimalSeparator } from './values.ts';
import { clip, RejectList } from './rejects.ts';
import { hashFields, hashRanges, lastKeyState, LineKeySet, repeatKey, repeatKeyAfter, saltedKey, splitHashed } from './line-keys.ts';

export { IngestCancelled } from './text-source.ts';
export { normaliseCustomer } from './identity.ts';

export interface IngestProgress {
  bytes: number;
  totalBytes: number | null;
  lines: number;
  accepted: number;
  rejected: number;
}

export interface IngestOptions extends DetectOptions {
  fileName: string;
  totalBytes?: number;
  /** The marketplace of lines whose export does not name one (Amazon's sales-channel does). */
  marketplace?: string;
  /** The currency of lines whose export does not give one (a currency column or a symbol in the amount). */
  currency?: string;
  /** The dataset's dictionaries so far, so that indexes of this import agree with the stored chunks. */
  dictionaries?: Partial<Dictionaries>;
  chunkLines?: number;
  onChunk: (chunk: OrderLineColumns) => void | Promise<void>;
  onProgress?: (progress: IngestProgress) => void;
  /** Checked between blocks; a cancelled import throws IngestCancelled and stores nothing. */
  isCancelled?: () => boolean;
  /** Keep at most this many rejected lines in the report (all are counted). */
  maxRejectsListed?: number;
  /** Force the text encoding instead of detecting it. */
  encoding?: TextEncodingName;
  /** Store only this function's output for each identity (see saltedSha256 in identity.ts). */
  pseudonymise?: Pseudonymiser;
  /**
   * Mixed into every line key (the page and the CLI pass the dataset's pseudonym salt when pseudonymising):
   * stored keys then reveal nothing of the raw lines. Re-imports dedupe only against keys of the same salt.
   */
  lineKeySalt?: string;
  /** Line keys already stored: such lines are rejected as `duplicate-line`, so a re-import adds nothing twice. */
  knownLineKeys?: { has(key: number): boolean };
  /**
   * The dataset's salt when this import is not pseudonymised but earlier ones were: their salted keys are
   * recognised too. (A pseudonymised import recognises the unsalted keys of earlier plain imports itself.)
   */
  otherLineKeySalt?: string;
  /** `state-machine` reads every line with the quoted-field parser (the fast path's twin, for tests). */
  parser?: 'auto' | 'state-machine';
  /** Characters read ahead to decide the layout (default SAMPLE_CHARS; smaller in tests of the streaming path). */
  sampleChars?: number;
}

/** Why a file read in parts must be read again in one piece (see parts.ts); never shown to the user. */
export class PartFallback extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PartFallback';
  }
}

/**
 * One part of a file read in parts (parts.ts). Part 0 is the file's start, header included; a later part
 * starts on a line boundary and its lines are numbered from 1 (parts.ts adds the lines before it).
 */
export interface PartResult {
  report: IngestReport;
  /**
   * The part's dictionaries (the start dictionaries, then what the part added), still open for coding:
   * parts.ts codes the later parts' values through part 0's.
   */
  coders: OrderLineBuilder['dictionaries'];
  /** Physical lines in the part's text. */
  lines: number;
  /** The keys of the part's lines before repeats were numbered (a key seen twice is one entry). */
  seenKeys: LineKeySet;
  /** Of the keys seen more than once: how many times more. */
  repeats: Map<number, number>;
  /**
   * A later part's stored lines in order: each one's key before repeats were numbered, and the full low hash
   * behind it (see repeatKeyAfter), so that a line repeating one of an earlier part can be renumbered.
   */
  baseKeys: Float64Array | null;
  baseLows: Int32Array | null;
  /** How the part's decoder settled the encoding (see StreamDecoder.decision). */
  decision: StreamDecoder['decision'];
  /** The part's last line ended a record: the next part begins on a record, not inside a quoted field. */
  clean: boolean;
}

/** The lane's plan: lines that depend on no other line, so that a file can also be read in parts. */
export function linesStandAlone(analysis: SampleAnalysis, options: Pick<IngestOptions, 'parser' | 'pseudonymise'>): boolean {
  const p = analysis.plan;
  return p !== null && analysis.kind !== 'summary' && analysis.delimiter !== 'whitespace' && options.parser !== 'state-machine'
    && p.approximate === null && p.fillDown.length === 0 && p.refund < 0 && p.orderTotal < 0 && p.customer >= 0;
}

/**
 * Reads one part of an order-line file (see parts.ts). `head` is the file's first bytes (at least the
 * sample) when the part is not the file's start: the layout is decided from them exactly as for the whole
 * file, and `source` is then the part's own bytes, beginning on a line. Throws PartFallback when the part
 * cannot be read apart from the lines before it (a date that settles or awaits the day/month order, a
 * plan whose lines depend on each other).
 */
export async function ingestPart(source: AsyncIterable<Uint8Array>,
  options: IngestOptions & { head?: AsyncIterable<Uint8Array>; /** The part ends the file. */ last?: boolean }): Promise<PartResult> {
  const later = options.head !== undefined;
  if (options.pseudonymise) throw new PartFallback('a pseudonymised import is read in one piece');
  const opened = await TextSource.open(later ? options.head! : source, options, options.sampleChars);
  // Part 0 decides the layout from its own start, which must then be the file's whole sample.
  if (!later && opened.sampleEof) throw new PartFallback('the first part is shorter than the sample');
  const analysis = analyseSample(opened.sample, opened.sampleEof, options);
  if (analysis.error || analysis.kind === 'summary' || !linesStandAlone(analysis, options)) throw new PartFallback('the file is not read in parts');
  if (analysis.newline !== '\n') throw new PartFallback('parts are cut at line feeds, and this file ends its lines otherwise');
  const report = newReport(options, analysis, opened.source);
  const sink = new OrderLineSink(analysis, report, options, later ? 'later' : 'first');
  const reader = new RecordReader(analysis.delimiter, analysis.newline, sink);
  let decoder: StreamDecoder | null = null;
  let clean = true;
  let bytesRead = 0;
  const progress = progressReporter(options, () => (later ? bytesRead : opened.source.bytes), reader, report);
  try {
    if (later) {
      const partDecoder = new StreamDecoder(opened.source.decision === 'given' ? opened.source.encoding : null);
      decoder = partDecoder;
      await readAll(decodedText(source, partDecoder, options, (n) => void (bytesRead += n)), reader, sink, progress);
    } else {
      if (options.last) throw new PartFallback('the first part is never the last');
      await readAll(textOf(opened), reader, sink, progress);
    }
    if (options.last) reader.end();
    else clean = reader.flush() === 0;
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new PartFallback(`the part cannot be read alone (${error.reason})`);
    throw error;
  }
  report.replacedCharacters = decoder ? decoder.replaced : opened.source.replacedCharacters;
  if (decoder) report.encoding = decoder.encoding;
  await sink.finish();
  if (options.isCancelled?.()) throw new IngestCancelled();
  progress(true);
  return {
    report, coders: sink.coders, lines: reader.nextLine - 1, seenKeys: sink.lineKeys,
    repeats: sink.repeats, baseKeys: sink.baseKeys && Float64Array.from(sink.baseKeys), baseLows: sink.baseLows && Int32Array.from(sink.baseLows),
    decision: decoder ? decoder.decision : opened.source.decision, clean,
  };
}

export interface IngestReport {
  file: string;
  format: FormatId;
  /** The format's flavour: `all-orders` / `buyer-email` (Amazon), `line-items` / `orders` (WooCommerce), `mapped`... */
  variant: string;
  /** Data lines: every one is accepted or rejected. */
  rows: number;
  accepted: number;
  returns: number;
  cancelled: number;
  rejected: number;
  rejectedByReason: Partial<Record<RejectReason, number>>;
  rejects: RejectedLine[];
  blankLines: number;
  /** `approximate` when customers were told apart by ship-to address or name: every figure built on it is. */
  identity: Identity;
  /** Only salted hashes of the identities were stored. */
  pseudonymised: boolean;
  encoding: TextEncodingName;
  bom: boolean;
  /** Characters not valid in the encoding (stored as U+FFFD). */
  replacedCharacters: number;
  delimiter: Delimiter;
  header: string[];
  /** The header's key for saved column mappings (see mappingKey). */
  mappingKey: string;
  mapping: Partial<ColumnMapping> | null;
  /** Day/month order of slash dates, and whether it was given or proven by a date such as 25/04/2024. */
  dateOrder: DateOrder | null;
  dateOrderSource: 'option' | 'data' | null;
  decimalSeparator: DecimalSeparator;
  /** Refund lines added for order-level refunds (Shopify's Refunded Amount, WooCommerce's refunded total). */
  refunds: number;
  /** Lines stored: accepted lines plus refund lines (passed to onChunk), or a summary's customers. */
  storedLines: number;
  currencies: string[];
  marketplaces: string[];
  /** First and last day (days since 1970-01-01) of the accepted lines, or null. */
  firstDay: number | null;
  lastDay: number | null;
}

export type ImportResult =
  | { kind: 'orders'; report: IngestReport; dictionaries: Dictionaries }
  | { kind: 'summary'; report: IngestReport; summary: CustomerSummaryTable };

/** Lines held while the day/month order is open; beyond them the file is called ambiguous. */
export const MAX_LINES_HELD_FOR_DATE_ORDER = 1_000_000;

/**
 * Streams a file's bytes into order-line column chunks. Throws IngestError when the file cannot be read
 * (with code `summary-file` for a per-customer summary: use ingestAny or readCustomerSummary), and
 * AmbiguousDateOrderError when its dates read both day-first and month-first and no `dateOrder` is given.
 */
export async function ingest(source: AsyncIterable<Uint8Array>, options: IngestOptions): Promise<{ report: IngestReport; dictionaries: Dictionaries }> {
  const result = await run(source, options, 'orders');
  if (result.kind !== 'orders') throw new Error('unreachable');
  return { report: result.report, dictionaries: result.dictionaries };
}

/** Order lines or a per-customer summary, whichever the file is. */
export async function ingestAny(source: AsyncIterable<Uint8Array>, options: IngestOptions): Promise<ImportResult> {
  return run(source, options, 'any');
}

/** A per-customer summary file (customer, frequency, recency, T[, monetary]). */
export async function readCustomerSummary(
  source: AsyncIterable<Uint8Array>,
  options: Omit<IngestOptions, 'onChunk'> & { onChunk?: IngestOptions['onChunk'] },
): Promise<{ report: IngestReport; summary: CustomerSummaryTable }> {
  const result = await run(source, { ...options, onChunk: options.onChunk ?? (() => undefined) }, 'summary');
  if (result.kind !== 'summary') throw new Error('unreachable');
  return { report: result.report, summary: result.summary };
}

interface StreamSink extends RecordSink {
  afterPiece(): Promise<void>;
  finish(): Promise<void>;
}

async function run(source: AsyncIterable<Uint8Array>, options: IngestOptions, expect: 'orders' | 'summary' | 'any'): Promise<ImportResult> {
  const file = options.fileName;
  const opened = await TextSource.open(source, options, options.sampleChars);
  const analysis = analyseSample(opened.sample, opened.sampleEof, options);
  if (analysis.error) {
    const e = analysis.error;
    throw new IngestError(file, e.line, e.column, e.reason, e.code);
  }
  const report = newReport(options, analysis, opened.source);
  if (analysis.kind === 'summary') {
    if (expect === 'orders') {
      throw new IngestError(file, analysis.headerLine, null,
        'this is a per-customer summary file (customer, frequency, recency, T), not order lines; import it as a summary', 'summary-file');
    }
    const sink = new SummarySink(analysis, report, options);
    await stream(opened, analysis, sink, report, options);
    return { kind: 'summary', report, summary: sink.table() };
  }
  if (expect === 'summary') {
    throw new IngestError(file, analysis.headerLine, null, `this is a ${analysis.format} export, not a per-customer summary file`, 'not-summary-file');
  }
  const sink = new OrderLineSink(analysis, report, options);
  await stream(opened, analysis, sink, report, options);
  return { kind: 'orders', report, dictionaries: sink.dictionaries() };
}

/** A file's text piece by piece: what TextSource.open read ahead, then the rest. */
async function* textOf(opened: { source: TextSource; pieces: string[] }): AsyncGenerator<string> {
  yield* opened.pieces;
  yield* opened.source.rest();
}

/** A later part's bytes as text, through the decoder the file's head settled on (`counted`: bytes read). */
async function* decodedText(source: AsyncIterable<Uint8Array>, decoder: StreamDecoder, options: IngestOptions, counted: (bytes: number) => void): AsyncGenerator<string> {
  for await (const bytes of source) {
    if (options.isCancelled?.()) throw new IngestCancelled();
    counted(bytes.length);
    yield decoder.push(bytes);
  }
  yield decoder.end();
}

/** Every piece into the reader; after each, the sink passes on the chunks it completed. */
async function readAll(texts: AsyncIterable<string>, reader: RecordReader, sink: StreamSink, progress: (force: boolean) => void): Promise<void> {
  for await (const text of texts) {
    reader.push(text);
    await sink.afterPiece();
    progress(false);
  }
}

async function stream(
  opened: { source: TextSource; pieces: string[] },
  analysis: SampleAnalysis,
  sink: StreamSink,
  report: IngestReport,
  options: IngestOptions,
): Promise<void> {
  const reader = new RecordReader(analysis.delimiter, analysis.newline, sink, options.parser === 'state-machine');
  const progress = progressReporter(options, () => opened.source.bytes, reader, report);
  try {
    await readAll(textOf(opened), reader, sink, progress);
    reader.end();
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new IngestError(options.fileName, error.line, error.column, error.reason, error.code);
    throw error;
  }
  report.replacedCharacters = opened.source.replacedCharacters;
  await sink.finish();
  if (options.isCancelled?.()) throw new IngestCancelled();
  progress(true);
}

/** Progress reports at most every 200 ms (or when forced): bytes and lines read, lines accepted and rejected. */
function progressReporter(options: IngestOptions, bytes: () => number, reader: RecordReader, report: IngestReport): (force: boolean) => void {
  let last = 0;
  return (force) => {
    if (!options.onProgress) return;
    const now = Date.now();
    if (!force && now - last < 200) return;
    last = now;
    options.onProgress({
      bytes: bytes(), totalBytes: options.totalBytes ?? null, lines: reader.nextLine - 1, accepted: report.accepted, rejected: report.rejected,
    });
  };
}

function newReport(options: IngestOptions, a: SampleAnalysis, source: TextSource): IngestReport {
  return {
    file: options.fileName, format: a.format ?? 'events', variant: a.plan?.variant ?? a.format ?? 'events',
    rows: 0, accepted: 0, returns: 0, cancelled: 0, rejected: 0, rejectedByReason: {}, rejects: [], blankLines: 0,
    identity: a.plan?.identity ?? 'exact', pseudonymised: options.pseudonymise !== undefined,
    encoding: source.encoding, bom: source.bom, replacedCharacters: 0, delimiter: a.delimiter, header: a.header.map(ownCopy),
    mappingKey: a.mappingKey, mapping: a.mapping, dateOrder: options.dateOrder ?? null,
    dateOrderSource: options.dateOrder ? 'option' : null, decimalSeparator: a.decimal, refunds: 0, storedLines: 0,
    currencies: [], marketplaces: [], firstDay: null, lastDay: null,
  };
}

const LOWER_STATUS = /^wc-/;
/** Lines with more fields than this take the general path. */
const LANE_MAX_FIELDS = 512;

/**
 * A field that most lines repeat (currency, marketplace), read in the lane: the text seen last and what it
 * was read as, so that a repeat costs one comparison and no string.
 */
class LastField {
  private text: string | null = null;
  private value = '';

  constructor(private readonly readValue: (raw: string) => string) {}

  read(text: string, start: number, end: number): string {
    const last = this.text;
    if (last !== null && last.length === end - start && text.startsWith(last, start)) return this.value;
    this.text = ownCopy(text.slice(start, end));
    this.value = this.readValue(this.text);
    return this.value;
  }
}

/** The most line keys the key set is sized for before any is read (see OrderLineSink's constructor). */
const LINE_KEYS_AHEAD = 1 << 22;

/** Lines the lane holds before storing them together (see flushLane). */
const LANE_BATCH = 128;

/** The lane's lines read but not yet stored: where their fields are in `text`, and what was read from them. */
class LaneBatch {
  size = 0;
  text = '';
  touched = 0;
  readonly line = new Int32Array(LANE_BATCH);
  readonly base = new Float64Array(LANE_BATCH);
  readonly low = new Int32Array(LANE_BATCH);
  readonly customerStart = new Int32Array(LANE_BATCH);
  readonly customerEnd = new Int32Array(LANE_BATCH);
  readonly customerHash = new Int32Array(LANE_BATCH);
  readonly orderStart = new Int32Array(LANE_BATCH);
  readonly orderEnd = new Int32Array(LANE_BATCH);
  readonly orderHash = new Int32Array(LANE_BATCH);
  readonly skuStart = new Int32Array(LANE_BATCH);
  readonly skuEnd = new Int32Array(LANE_BATCH);
  readonly day = new Int32Array(LANE_BATCH);
  readonly quantity = new Float64Array(LANE_BATCH);
  readonly amount = new Float64Array(LANE_BATCH);
  readonly flags = new Uint8Array(LANE_BATCH);
  readonly currency: string[] = new Array<string>(LANE_BATCH).fill('');
  readonly marketplace: string[] = new Array<string>(LANE_BATCH).fill('');
}

/** Whether `text[start, end)` is empty or starts and ends with a visible ASCII character (trim leaves it). */
function tidy(text: string, start: number, end: number): boolean {
  if (start === end) return true;
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end - 1);
  return first > 32 && first < 127 && last > 32 && last < 127;
}

class OrderLineSink implements StreamSink {
  private readonly plan: LinePlan;
  private readonly builder: OrderLineBuilder;
  private readonly rejects: RejectList;
  private readonly amounts: AmountReader;
  private readonly reading = dateReading();
  private readonly firstDataLine: number;
  private readonly defaultCurrency: string;
  private readonly defaultMarketplace: string;
  private readonly columnNames: string[];
  private dateOrder: DateOrder | null;

  // Line identity: the n-th repeat of the same key gets a key of its own, stable across re-imports.
  readonly lineKeys: LineKeySet;
  readonly repeats = new Map<number, number>();
  // A later part of a file read in parts notes every stored line's key before repeats were numbered.
  readonly baseKeys: number[] | null;
  readonly baseLows: number[] | null;
  private lastBase = 0;
  private lastLow = 0;

  // Order-level fields (Shopify fills them on an order's first line only) and the refund of the order.
  private previousOrder: string | null = null;
  private readonly filled: string[] = [];
  private refundDue = false;
  private refundText = '';
  private totalText = '';
  private fullyRefunded = false;

  // Lines held while the day/month order is open (see hold()).
  private holding = false;
  private held: OrderLineColumns[] = [];
  private chunksTaken = 0;
  private altPositions: number[] = [];
  private altDays: number[] = [];
  private ambiguousExamples: { line: number; text: string }[] = [];
  private stored = 0;
  // The first and last day of the lines so far if the order turns out month-first (report.firstDay and
  // lastDay hold them read day-first).
  private firstIfMonthFirst = Infinity;
  private lastIfMonthFirst = -Infinity;

  private readonly currencies = new Set<string>();
  private readonly marketplaces = new Set<string>();

  // Pseudonymised import: the builder codes raw identities; chunks are recoded to hashed ones on the way out.
  private readonly finalCustomers: Dictionary | null;
  private rawToFinal: number[] = [];

  // The fast lane (see line()): field bounds of the line at hand, and the last currency and marketplace
  // texts with what they were read as.
  private readonly lane: boolean;
  private readonly starts = new Int32Array(LANE_MAX_FIELDS);
  private readonly ends = new Int32Array(LANE_MAX_FIELDS);
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly keySalt: string | null;
  private readonly laneCurrency: LastField;
  private readonly laneMarketplace: LastField;
  private readonly batch = new LaneBatch();

  constructor(analysis: SampleAnalysis, private readonly report: IngestReport, private readonly options: IngestOptions,
    /** Reading one part of a file (ingestPart): the first, or a later one whose lines are all data. */
    private readonly part: 'first' | 'later' | null = null) {
    this.plan = analysis.plan!;
    this.firstDataLine = part === 'later' ? 1 : analysis.headerLine + 1;
    this.baseKeys = part === 'later' ? [] : null;
    this.baseLows = part === 'later' ? [] : null;
    this.dateOrder = options.dateOrder ?? analysis.dates.order;
    if (!options.dateOrder && analysis.dates.order) {
      report.dateOrder = analysis.dates.order;
      report.dateOrderSource = 'data';
    }
    this.amounts = new AmountReader(analysis.decimal);
    this.rejects = new RejectList(report, options.maxRejectsListed ?? 100_000);
    this.defaultCurrency = options.currency ?? this.plan.defaultCurrency ?? 'USD';
    this.defaultMarketplace = options.marketplace ?? 'default';
    this.columnNames = this.plan.header.length > 0 ? [...this.plan.header] : [];
    this.delimiter = analysis.delimiter;
    this.delimiterCode = analysis.delimiter.charCodeAt(0);
    this.laneCurrency = new LastField((raw) => raw.trim().toUpperCase() || this.defaultCurrency);
    this.laneMarketplace = new LastField((raw) => raw.trim() || this.defaultMarketplace);
    this.keySalt = options.lineKeySalt ?? null;
    // Sized for the file's lines (an order line is rarely under 64 bytes), so that it seldom grows while
    // full; never more than 4M keys ahead (a 64 MB table), so that a huge file's table grows with its lines
    // instead of being twice their size from the start (a 248 MB file of 84-byte lines had 16M slots, 128 MB,
    // for 3M keys).
    this.lineKeys = new LineKeySet(Math.min((options.totalBytes ?? 0) / 64, LINE_KEYS_AHEAD));
    // Plans whose lines depend on other lines (filled-down order fields, order-level refunds) or whose
    // identity is built from several columns take the general path for every line.
    this.lane = linesStandAlone(analysis, options);
    const start = options.dictionaries;
    if (options.pseudonymise) {
      this.finalCustomers = new Dictionary(start?.customer);
      this.builder = new OrderLineBuilder({ ...start, customer: [] }, options.chunkLines ?? CHUNK_LINES);
    } else {
      this.finalCustomers = null;
      this.builder = new OrderLineBuilder(start, options.chunkLines ?? CHUNK_LINES);
    }
    const d = this.builder.dictionaries;
    for (const dictionary of [d.customer, d.order, d.sku]) dictionary.copyLater();
  }

  get coders(): OrderLineBuilder['dictionaries'] {
    return this.builder.dictionaries;
  }

  dictionaries(): Dictionaries {
    const d = this.builder.snapshotDictionaries();
    if (this.finalCustomers) d.customer = this.finalCustomers.values;
    return d;
  }

  private columnLabel(index: number): string {
    const name = this.columnNames[index];
    return name ? `${clip(name)} (column ${index + 1})` : `column ${index + 1}`;
  }

  malformed(line: number, column: number, reason: string): void {
    this.flushLane();
    if (line < this.firstDataLine) return;
    this.report.rows++;
    this.rejects.add(line, column, 'malformed-quotes', `${reason}, so the line's fields cannot be told apart`);
  }

  /**
   * The fast lane: a line without quotes, read in place. It gives the same stored line and the same report
   * as record() (a property test holds them together), but cuts no field out of the text and codes
   * strings straight from it. Any line it is not sure of (blank, short, padded, upper-case email, a date or
   * number not in the plain form, a line to reject) it declines, and record() reads it.
   */
  line(text: string, start: number, end: number, line: number): boolean {
    if (!this.lane || line < this.firstDataLine || start === end) return false;
    const p = this.plan;
    const starts = this.starts;
    const ends = this.ends;
    const delimiter = this.delimiter;
    // A line keyed by all its fields (any CSV but the marketplaces' own exports) is cut and hashed in one
    // pass over its characters.
    let n = 0;
    let key = -1;
    let keyLow = 0;
    if (p.keyColumns === null) {
      n = splitHashed(text, start, end, this.delimiterCode, starts, ends, LANE_MAX_FIELDS);
      if (n < 0) return false;
      key = lastKeyState.key;
      keyLow = lastKeyState.low;
    } else {
      for (let a = start; ; n++) {
        if (n === LANE_MAX_FIELDS) return false;
        let d = text.indexOf(delimiter, a);
        if (d < 0 || d > end) d = end;
        starts[n] = a;
        ends[n] = d;
        if (d === end) {
          n++;
          break;
        }
        a = d + 1;
      }
    }
    if (n < p.width || n === 1 || starts[0] === ends[0] || text.charCodeAt(start) <= 32) return false;

    // Customer: exact identity, already in its normal form.
    const cs = starts[p.customer];
    const ce = ends[p.customer];
    if (cs === ce || !tidy(text, cs, ce)) return false;
    let at = false;
    let lowerEmail = true;
    let customerHash = RANGE_HASH_START;
    for (let i = cs; i < ce; i++) {
      const c = text.charCodeAt(i);
      customerHash = rangeHashAdd(customerHash, c);
      if (c === 64) at = true;
      else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 43 || c === 45)) lowerEmail = false;
    }
    if (at ? !lowerEmail : text.charCodeAt(ce - 1) === 48) return false;

    const day = isoDayAt(text, starts[p.date], ends[p.date]);
    if (Number.isNaN(day)) return false;

    const amounts = this.amounts;
    let quantity = 1;
    if (p.quantity >= 0 && p.quantity < n) {
      quantity = amounts.plainAt(text, starts[p.quantity], ends[p.quantity]);
      if (Number.isNaN(quantity)) return false;
    }
    const valueColumn = p.amount >= 0 ? p.amount : p.unitPrice;
    const value = amounts.plainAt(text, starts[valueColumn], ends[valueColumn]);
    if (Number.isNaN(value)) return false;
    let amount = value;
    if (p.amount < 0) {
      amount = quantity * value;
      if (p.discount >= 0 && p.discount < n && starts[p.discount] !== ends[p.discount]) {
        const d = amounts.plainAt(text, starts[p.discount], ends[p.discount]);
        if (Number.isNaN(d)) return false;
        amount -= d;
      }
      amount = Math.round(amount * 1e6) / 1e6;
    }

    const os = p.order >= 0 && p.order < n ? starts[p.order] : 0;
    const oe = p.order >= 0 && p.order < n ? ends[p.order] : 0;
    if (!tidy(text, os, oe)) return false;
    const ss = p.sku >= 0 && p.sku < n ? starts[p.sku] : 0;
    const se = p.sku >= 0 && p.sku < n ? ends[p.sku] : 0;
    if (!tidy(text, ss, se)) return false;

    let flags = 0;
    for (let k = 0; k < p.statuses.length; k++) {
      const c = p.statuses[k];
      if (c < n && p.cancelValues.has(text.slice(starts[c], ends[c]).trim().toLowerCase().replace(LOWER_STATUS, ''))) flags |= FLAG_CANCELLED;
    }
    if (p.cancelledAt >= 0 && p.cancelledAt < n && text.slice(starts[p.cancelledAt], ends[p.cancelledAt]).trim() !== '') flags |= FLAG_CANCELLED;
    if (amount < 0 || quantity < 0 || (p.returnPrefix !== null && oe > os && text.startsWith(p.returnPrefix, os))) flags |= FLAG_RETURN;
    if (p.freePurchase && amount === 0 && quantity > 0) flags |= FLAG_FREE_PURCHASE;

    // Every reason to decline is behind: from here on the line is the lane's. It waits in the batch, which
    // codes and stores its lines in order (flushLane) before any other line is read.
    const currency = p.currency >= 0 && p.currency < n ? this.laneCurrency.read(text, starts[p.currency], ends[p.currency]) : this.laneCurrency.read('', 0, 0);
    const marketplace = p.marketplace >= 0 && p.marketplace < n
      ? this.laneMarketplace.read(text, starts[p.marketplace], ends[p.marketplace]) : this.laneMarketplace.read('', 0, 0);
    if (key < 0) {
      key = hashRanges(text, starts, ends, n, p.keyColumns);
      keyLow = lastKeyState.low;
    }
    const b = this.batch;
    if (b.size > 0 && b.text !== text) this.flushLane();
    const k = b.size++;
    b.text = text;
    b.line[k] = line;
    b.base[k] = key;
    b.low[k] = keyLow;
    b.customerStart[k] = cs;
    b.customerEnd[k] = ce;
    b.customerHash[k] = rangeHashEnd(customerHash);
    b.orderStart[k] = os;
    b.orderEnd[k] = oe;
    b.orderHash[k] = oe > os ? rangeHash(text, os, oe) : 0;
    b.skuStart[k] = ss;
    b.skuEnd[k] = se;
    b.day[k] = day;
    b.quantity[k] = quantity;
    b.amount[k] = amount;
    b.flags[k] = flags;
    b.currency[k] = currency;
    b.marketplace[k] = marketplace;
    if (b.size === LANE_BATCH) this.flushLane();
    return true;
  }

  /**
   * Stores the lines waiting in the lane's batch, in order, exactly as line() once did one by one. Finding
   * a line's key among the keys seen and its customer and order among the dictionaries' values is bound by
   * memory latency; touching the whole batch's table slots first, in tight loops, lets those cache misses
   * overlap instead of coming one after the other.
   */
  private flushLane(): void {
    const b = this.batch;
    const count = b.size;
    if (count === 0) return;
    b.size = 0;
    const d = this.builder.dictionaries;
    const keys = this.lineKeys;
    let touched = 0;
    for (let k = 0; k < count; k++) touched += keys.touch(b.base[k]);
    for (let k = 0; k < count; k++) touched += d.customer.touchSlot(b.customerHash[k]);
    for (let k = 0; k < count; k++) if (b.orderEnd[k] > b.orderStart[k]) touched += d.order.touchSlot(b.orderHash[k]);
    for (let k = 0; k < count; k++) touched += d.customer.touchValue(b.customerHash[k]);
    b.touched = touched;

    const text = b.text;
    const report = this.report;
    const known = this.options.knownLineKeys;
    for (let k = 0; k < count; k++) {
      report.rows++;
      let key = b.base[k];
      this.lastBase = key;
      this.lastLow = b.low[k];
      if (!keys.add(key)) {
        const repeat = (this.repeats.get(key) ?? 0) + 1;
        this.repeats.set(key, repeat);
        key = repeatKeyAfter(key, b.low[k], repeat);
      }
      const unsalted = key;
      if (this.keySalt !== null) key = this.salted(key);
      if (known && this.isKnown(unsalted, key)) {
        this.rejects.add(b.line[k], null, 'duplicate-line', 'this line was already imported (same order line in an earlier file)');
        continue;
      }
      const os = b.orderStart[k];
      const oe = b.orderEnd[k];
      const ss = b.skuStart[k];
      const se = b.skuEnd[k];
      const flags = b.flags[k];
      const day = b.day[k];
      this.builder.pushCoded(day, d.customer.codeRangeHashed(text, b.customerStart[k], b.customerEnd[k], b.customerHash[k]),
        oe > os ? d.order.codeRangeHashed(text, os, oe, b.orderHash[k]) : -1, se > ss ? d.sku.codeRange(text, ss, se) : -1,
        b.quantity[k], b.amount[k], d.currency.code(b.currency[k]), d.marketplace.code(b.marketplace[k]), flags, key);
      this.noteStored(day, day, b.currency[k], b.marketplace[k]);
      report.accepted++;
      if (flags & FLAG_RETURN) report.returns++;
      if (flags & FLAG_CANCELLED) report.cancelled++;
    }
  }

  record(fields: string[], line: number): void {
    this.flushLane();
    if (line < this.firstDataLine) return;
    if ((fields.length === 1 || fields[0].length === 0 || fields[0].charCodeAt(0) <= 32) && isBlank(fields)) {
      this.report.blankLines++;
      return;
    }
    const report = this.report;
    const p = this.plan;
    report.rows++;
    if (fields.length < p.width) {
      this.rejects.add(line, null, 'wrong-field-count', `the line has ${fields.length} field${fields.length === 1 ? '' : 's'}, the columns used need at least ${p.width}`);
      return;
    }
    const orderText = p.order >= 0 && p.order < fields.length ? fields[p.order].trim() : '';
    if (p.order >= 0 && orderText !== this.previousOrder) this.startOrder(fields, orderText);
    else if (p.fillDown.length > 0) this.fillDown(fields);

    let flags = 0;
    for (let k = 0; k < p.statuses.length; k++) {
      const s = p.statuses[k];
      if (s < fields.length && p.cancelValues.has(fields[s].trim().toLowerCase().replace(LOWER_STATUS, ''))) flags |= FLAG_CANCELLED;
    }
    if (p.cancelledAt >= 0 && p.cancelledAt < fields.length && fields[p.cancelledAt].trim() !== '') flags |= FLAG_CANCELLED;
    const cancelled = (flags & FLAG_CANCELLED) !== 0;

    let customer: string;
    if (p.approximate) {
      const [postal, city, country] = p.approximate;
      customer = approximateIdentity(fields[postal], city >= 0 ? fields[city] ?? '' : '', country >= 0 ? fields[country] ?? '' : '');
      if (customer === '') {
        this.rejects.add(line, postal + 1, 'missing-customer', `${this.columnLabel(postal)} is empty, and the approximate identity needs the ship postal code`);
        return;
      }
    } else {
      customer = normaliseCustomer(fields[p.customer]);
      if (customer === '') {
        this.rejects.add(line, p.customer + 1, 'missing-customer', `${this.columnLabel(p.customer)} is empty`);
        return;
      }
    }

    const dateText = fields[p.date];
    const r = readDate(dateText, this.dateOrder, this.reading);
    if (r.kind === NOT_A_DATE) {
      const why = dateText.trim() === '' ? 'is empty' : this.dateOrder
        ? `"${clip(dateText)}" is not a date (the file's order is ${this.dateOrder === 'dmy' ? 'day/month' : 'month/day'})`
        : `"${clip(dateText)}" is not a date`;
      this.rejects.add(line, p.date + 1, 'bad-date', `${this.columnLabel(p.date)} ${why}`);
      return;
    }
    if (r.kind === PROVES_DMY || r.kind === PROVES_MDY) this.settleDateOrder(r.kind === PROVES_DMY ? 'dmy' : 'mdy');

    const amounts = this.amounts;
    let quantity = 1;
    if (p.quantity >= 0 && p.quantity < fields.length) {
      const q = amounts.read(fields[p.quantity]);
      if (q === null) {
        if (!(cancelled && fields[p.quantity].trim() === '')) {
          this.rejects.add(line, p.quantity + 1, 'bad-quantity', `${this.columnLabel(p.quantity)} "${clip(fields[p.quantity])}" is not a number`);
          return;
        }
        quantity = 0;
      } else quantity = q;
    }
    let amount: number;
    const valueColumn = p.amount >= 0 ? p.amount : p.unitPrice;
    const value = amounts.read(fields[valueColumn]);
    const symbolCurrency = amounts.currency;
    if (value === null) {
      if (!(cancelled && fields[valueColumn].trim() === '')) {
        const text = fields[valueColumn];
        const status = p.statuses.map((s) => (s < fields.length ? fields[s].trim() : '')).filter((t) => t !== '');
        const why = text.trim() !== '' ? `"${clip(text)}" is not an amount`
          : status.length > 0 ? `is empty (status ${status.map((t) => `"${clip(t)}"`).join(', ')}: no price yet)` : 'is empty';
        this.rejects.add(line, valueColumn + 1, 'bad-value', `${this.columnLabel(valueColumn)} ${why}`);
        return;
      }
      amount = 0;
    } else if (p.amount >= 0) amount = value;
    else {
      amount = quantity * value;
      if (p.discount >= 0 && p.discount < fields.length && fields[p.discount].trim() !== '') {
        const d = amounts.read(fields[p.discount]);
        if (d === null) {
          this.rejects.add(line, p.discount + 1, 'bad-value', `${this.columnLabel(p.discount)} "${clip(fields[p.discount])}" is not an amount`);
          return;
        }
        amount -= d;
      }
      // Cents, not binary fractions: 6 x 2.55 is 15.3, not 15.299999999999999.
      amount = Math.round(amount * 1e6) / 1e6;
    }

    if (amount < 0 || quantity < 0 || (p.returnPrefix !== null && orderText.startsWith(p.returnPrefix))) flags |= FLAG_RETURN;
    if (p.freePurchase && amount === 0 && quantity > 0) flags |= FLAG_FREE_PURCHASE;

    let currency = p.currency >= 0 && p.currency < fields.length ? fields[p.currency].trim().toUpperCase() : '';
    if (currency === '') currency = symbolCurrency ?? this.defaultCurrency;
    let marketplace = p.marketplace >= 0 && p.marketplace < fields.length ? fields[p.marketplace].trim() : '';
    if (marketplace === '') marketplace = this.defaultMarketplace;

    let refund = 0;
    if (this.refundDue && !cancelled) {
      const due = this.refundAmount();
      if (due === null) {
        this.rejects.add(line, this.plan.refund + 1, 'bad-value', `${this.columnLabel(this.plan.refund)} "${clip(this.refundText)}" is not an amount, so the order's refund is not known`);
        return;
      }
      refund = due;
    }

    const unsalted = this.lineKey(fields);
    const key = this.salted(unsalted);
    if (this.isKnown(unsalted, key)) {
      this.rejects.add(line, null, 'duplicate-line', 'this line was already imported (same order line in an earlier file)');
      return;
    }

    if (r.kind === AMBIGUOUS) this.hold(r.altDay, line, dateText);
    this.push(r.day, r.kind === AMBIGUOUS ? r.altDay : r.day, customer, orderText, p.sku >= 0 && p.sku < fields.length ? fields[p.sku].trim() : '', quantity, amount, currency, marketplace, flags, key);
    report.accepted++;
    if (flags & FLAG_RETURN) report.returns++;
    if (cancelled) report.cancelled++;

    if (this.refundDue) {
      this.refundDue = false;
      if (refund > 0) this.addRefund(refund, line, r.day, r.kind === AMBIGUOUS ? r.altDay : r.day, dateText, customer, orderText, currency, marketplace);
    }
  }

  /** `altDay` is the line's day if the open day/month order turns out month-first (else equal to `day`). */
  private push(day: number, altDay: number, customer: string, order: string, sku: string, quantity: number, amount: number,
    currency: string, marketplace: string, flags: number, key: number): void {
    this.builder.push({
      lineKey: key, day, customer, quantity, amount, flags, currency, marketplace,
      order: order === '' ? null : order, sku: sku === '' ? null : sku,
    });
    this.noteStored(day, altDay, currency, marketplace);
  }

  private noteStored(day: number, altDay: number, currency: string, marketplace: string): void {
    const report = this.report;
    this.stored++;
    report.storedLines++;
    if (this.baseKeys) {
      this.baseKeys.push(this.lastBase);
      this.baseLows!.push(this.lastLow);
    }
    if (report.firstDay === null || day < report.firstDay) report.firstDay = day;
    if (report.lastDay === null || day > report.lastDay) report.lastDay = day;
    if (this.dateOrder === null) {
      if (altDay < this.firstIfMonthFirst) this.firstIfMonthFirst = altDay;
      if (altDay > this.lastIfMonthFirst) this.lastIfMonthFirst = altDay;
    }
    if (!this.currencies.has(currency)) {
      this.currencies.add(currency);
      report.currencies.push(currency);
    }
    if (!this.marketplaces.has(marketplace)) {
      this.marketplaces.add(marketplace);
      report.marketplaces.push(marketplace);
    }
  }

  private startOrder(fields: string[], orderText: string): void {
    const p = this.plan;
    this.previousOrder = orderText;
    for (const c of p.fillDown) this.filled[c] = c < fields.length ? fields[c] : '';
    if (p.refund >= 0 || p.orderTotal >= 0) {
      this.refundText = p.refund >= 0 && p.refund < fields.length ? fields[p.refund] : '';
      this.totalText = p.orderTotal >= 0 && p.orderTotal < fields.length ? fields[p.orderTotal] : '';
      this.fullyRefunded = p.statuses.some((s) => s < fields.length && fields[s].trim().toLowerCase().replace(LOWER_STATUS, '') === 'refunded');
      this.refundDue = true;
    }
  }

  private fillDown(fields: string[]): void {
    for (const c of this.plan.fillDown) {
      if (c >= fields.length) continue;
      if (fields[c].trim() === '') fields[c] = this.filled[c] ?? '';
    }
  }

  /** The refund of the current order (0 when none), or null when its text is not an amount. */
  private refundAmount(): number | null {
    let refund: number | null = 0;
    if (this.refundText.trim() !== '') refund = this.amounts.read(this.refundText);
    if (refund === null) return null;
    if (refund === 0 && this.fullyRefunded && this.totalText.trim() !== '') refund = this.amounts.read(this.totalText) ?? 0;
    return Math.abs(refund);
  }

  /** An order-level refund becomes one return line of the order, so it reduces the customer's value. */
  private addRefund(refund: number, line: number, day: number, altDay: number, dateText: string, customer: string, order: string, currency: string, marketplace: string): void {
    const unsalted = hash52(`refund\u001f${order}\u001f${refund}`);
    const key = this.salted(unsalted);
    if (this.isKnown(unsalted, key)) return;
    if (altDay !== day) this.hold(altDay, line, dateText);
    this.push(day, altDay, customer, order, '', 0, -refund, currency, marketplace, FLAG_RETURN, key);
    this.report.refunds++;
  }

  /**
   * A pseudonymised import stores salted line keys: a key is a hash of the raw line, customer identity
   * included, so without the dataset's salt it could be matched against a guessed line.
   */
  /**
   * Whether the dataset holds the line already, stored by an import made either way: with this import's key,
   * or with the key an import pseudonymised differently (or not at all) would have stored.
   */
  private isKnown(unsalted: number, key: number): boolean {
    const known = this.options.knownLineKeys;
    if (!known) return false;
    if (known.has(key)) return true;
    if (this.keySalt !== null) return known.has(unsalted);
    const other = this.options.otherLineKeySalt;
    return other !== undefined && known.has(saltedKey(other, unsalted));
  }

  private salted(key: number): number {
    return this.keySalt === null ? key : saltedKey(this.keySalt, key);
  }

  private lineKey(fields: string[]): number {
    const columns = this.plan.keyColumns;
    const h = hashFields(fields, columns);
    this.lastBase = h;
    this.lastLow = lastKeyState.low;
    if (this.lineKeys.add(h)) return h;
    const n = (this.repeats.get(h) ?? 0) + 1;
    this.repeats.set(h, n);
    return repeatKey(fields, columns, n);
  }

  // Day/month order. A line such as 03/04/2024 is stored day-first while the order is open, with its
  // month-first day noted; chunks are held back until a date such as 25/04/2024 settles the order (then
  // the noted days are swapped in if month-first) or the file ends unsettled (then nothing is emitted and
  // AmbiguousDateOrderError asks the caller).
  private hold(altDay: number, line: number, text: string): void {
    if (this.part === 'later') throw new PartFallback('a date awaits the day/month order');
    this.holding = true;
    this.altPositions.push(this.stored);
    this.altDays.push(altDay);
    if (this.ambiguousExamples.length < 5) this.ambiguousExamples.push({ line, text: clip(text.trim()) });
  }

  private settleDateOrder(order: DateOrder): void {
    if (this.dateOrder !== null) return;
    if (this.part === 'later') throw new PartFallback('a date settles the day/month order');
    this.dateOrder = order;
    this.report.dateOrder = order;
    this.report.dateOrderSource = 'data';
    if (!this.holding) return;
    // Chunks filled since the last piece are still in the builder: hold them too, so that all are found.
    const full = this.builder.takeFullChunks();
    this.chunksTaken += full.length;
    this.held.push(...full);
    if (order === 'mdy') {
      const size = this.options.chunkLines ?? CHUNK_LINES;
      const firstHeld = this.chunksTaken - this.held.length;
      for (let k = 0; k < this.altPositions.length; k++) {
        const pos = this.altPositions[k];
        const chunkIndex = Math.floor(pos / size) - firstHeld;
        const chunk = chunkIndex < this.held.length ? this.held[chunkIndex] : this.builder.filling;
        chunk.day[pos % size] = this.altDays[k];
      }
      this.report.firstDay = this.firstIfMonthFirst;
      this.report.lastDay = this.lastIfMonthFirst;
    }
    this.holding = false;
    this.altPositions = [];
    this.altDays = [];
  }

  private ambiguityError(): AmbiguousDateOrderError {
    const ex = this.ambiguousExamples;
    const first = ex[0];
    return new AmbiguousDateOrderError(this.options.fileName, ex,
      `the dates (such as "${clip(first?.text ?? '')}") read both as day/month and as month/day, and no date in the file settles which; choose the date order (day/month or month/day) and import again`);
  }

  async afterPiece(): Promise<void> {
    this.flushLane();
    this.settleValues();
    const full = this.builder.takeFullChunks();
    this.chunksTaken += full.length;
    if (this.holding) {
      this.held.push(...full);
      if (this.held.length * (this.options.chunkLines ?? CHUNK_LINES) > MAX_LINES_HELD_FOR_DATE_ORDER) throw this.ambiguityError();
      return;
    }
    await this.emit(full);
  }

  async finish(): Promise<void> {
    this.flushLane();
    this.settleValues();
    if (this.holding) throw this.part ? new PartFallback('the day/month order is still open') : this.ambiguityError();
    const rest = this.builder.finish();
    this.chunksTaken += rest.length;
    await this.emit(rest);
  }

  /** The dictionaries' new values made to stand alone, so that they do not hold the piece of text read. */
  private settleValues(): void {
    const d = this.builder.dictionaries;
    d.customer.settle();
    d.order.settle();
    d.sku.settle();
  }

  private async emit(chunks: OrderLineColumns[]): Promise<void> {
    const all = this.held.length > 0 ? [...this.held, ...chunks] : chunks;
    this.held = [];
    for (const chunk of all) {
      if (this.finalCustomers) await this.recodeCustomers(chunk);
      await this.options.onChunk(chunk);
    }
  }

  private async recodeCustomers(chunk: OrderLineColumns): Promise<void> {
    const raw = this.builder.dictionaries.customer.values;
    const hash = this.options.pseudonymise!;
    const final = this.finalCustomers!;
    for (let i = this.rawToFinal.length; i < raw.length; i += 512) {
      if (this.options.isCancelled?.()) throw new IngestCancelled();
      const batch = raw.slice(i, i + 512);
      const hashed = await Promise.all(batch.map((v) => hash(v)));
      for (let k = 0; k < hashed.length; k++) this.rawToFinal[i + k] = final.code(String(hashed[k]));
    }
    for (let j = 0; j < chunk.length; j++) chunk.customer[j] = this.rawToFinal[chunk.customer[j]];
  }
}
