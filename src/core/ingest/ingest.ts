import Papa from 'papaparse';
import { OrderLineBuilder, CHUNK_LINES } from '../columns/builder.ts';
import { hash52 } from '../columns/hash.ts';
import { FLAG_FREE_PURCHASE, FLAG_RETURN, type Dictionaries, type OrderLineColumns } from '../columns/table.ts';
import { IngestError, type RejectReason, type RejectedLine } from './errors.ts';
import { detectLayout, splitSimple, type FormatId, type Layout } from './formats.ts';
import { parseDay, parseNumber } from './values.ts';

export interface IngestProgress {
  bytes: number;
  totalBytes: number | null;
  lines: number;
  accepted: number;
  rejected: number;
}

export interface IngestOptions {
  fileName: string;
  totalBytes?: number;
  marketplace?: string;
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
}

export interface IngestReport {
  file: string;
  format: FormatId;
  /** Data lines: every one is accepted or rejected. */
  rows: number;
  accepted: number;
  returns: number;
  cancelled: number;
  rejected: number;
  rejectedByReason: Partial<Record<RejectReason, number>>;
  rejects: RejectedLine[];
  blankLines: number;
}

export class IngestCancelled extends Error {
  constructor() {
    super('The import was cancelled; nothing was stored.');
    this.name = 'IngestCancelled';
  }
}

/** Identity of a customer: an email trimmed and lower-cased, any other key trimmed. */
export function normaliseCustomer(raw: string): string {
  const s = raw.trim();
  return s.includes('@') ? s.toLowerCase() : s;
}

/**
 * Streams a file's bytes into order-line column chunks. The text is cut into blocks that end at a line
 * break outside quotes, so that the result does not depend on how the bytes were chunked.
 */
export async function ingest(source: AsyncIterable<Uint8Array>, options: IngestOptions): Promise<{ report: IngestReport; dictionaries: Dictionaries }> {
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  const builder = new OrderLineBuilder(options.dictionaries, options.chunkLines ?? CHUNK_LINES);
  const marketplace = options.marketplace ?? 'default';
  const currency = options.currency ?? 'USD';
  const maxRejects = options.maxRejectsListed ?? 100_000;

  let layout: Layout | null = null;
  let nextLine = 1; // physical line number of the next record
  let bytes = 0;
  let lastProgress = 0;
  const report: IngestReport = {
    file: options.fileName, format: 'events', rows: 0, accepted: 0, returns: 0, cancelled: 0, rejected: 0,
    rejectedByReason: {}, rejects: [], blankLines: 0,
  };

  // The n-th identical line of a file is a line of its own (a shop can sell the same thing twice in one
  // order); counting occurrences keeps the key stable when the same file is imported again.
  const occurrences = new Map<string, number>();

  const reject = (line: number, reason: RejectReason, detail: string) => {
    report.rejected++;
    report.rejectedByReason[reason] = (report.rejectedByReason[reason] ?? 0) + 1;
    if (report.rejects.length < maxRejects) report.rejects.push({ line, reason, detail });
  };

  const acceptRecord = (fields: string[], line: number) => {
    if (fields.length === 1 && fields[0].trim() === '') {
      report.blankLines++;
      return;
    }
    if (!layout) return;
    report.rows++;
    const c = layout.columns;
    const width = Math.max(c.customer, c.date, c.value, c.quantity ?? 0, c.order ?? 0, c.sku ?? 0) + 1;
    if (fields.length < width) return reject(line, 'wrong-field-count', `expected at least ${width} fields, found ${fields.length}`);
    const customer = normaliseCustomer(fields[c.customer]);
    if (customer === '') return reject(line, 'missing-customer', 'the customer field is empty');
    const day = parseDay(fields[c.date]);
    if (day === null) return reject(line, 'bad-date', `column ${c.date + 1}: "${clip(fields[c.date])}" is not a date`);
    const amount = parseNumber(fields[c.value]);
    if (amount === null) return reject(line, 'bad-value', `column ${c.value + 1}: "${clip(fields[c.value])}" is not a number`);
    let quantity = 1;
    if (c.quantity !== null) {
      const q = parseNumber(fields[c.quantity]);
      if (q === null) return reject(line, 'bad-quantity', `column ${c.quantity + 1}: "${clip(fields[c.quantity])}" is not a number`);
      quantity = q;
    }
    let flags = amount < 0 || quantity < 0 ? FLAG_RETURN : 0;
    if (layout.format === 'cdnow' && amount === 0 && quantity > 0) flags |= FLAG_FREE_PURCHASE;
    if (flags & FLAG_RETURN) report.returns++;
    report.accepted++;
    const content = fields.join('\u001f');
    const seen = occurrences.get(content) ?? 0;
    occurrences.set(content, seen + 1);
    builder.push({
      lineKey: hash52(`${content}\u001e${seen}`),
      day, customer, amount, quantity, flags, currency, marketplace,
      order: c.order === null ? null : fields[c.order].trim() || null,
      sku: c.sku === null ? null : fields[c.sku].trim() || null,
    });
  };

  const handleBlock = (block: string) => {
    if (block === '') return;
    if (!layout) {
      const end = block.search(/\r?\n/);
      const firstLine = end < 0 ? block : block.slice(0, end);
      const found = detectLayout(firstLine);
      if ('error' in found) throw new IngestError(options.fileName, nextLine, null, found.error);
      layout = found;
      report.format = found.format;
      if (found.hasHeader) {
        const rest = end < 0 ? '' : block.slice(end).replace(/^\r?\n/, '');
        nextLine++;
        block = rest;
      }
    }
    const l = layout;
    if (l.delimiter === 'whitespace' || !block.includes('"')) {
      // No quotes in this block: every record is one physical line.
      const lines = block.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      for (const raw of lines) {
        const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        acceptRecord(text.trim() === '' ? [''] : splitSimple(text, l.delimiter), nextLine++);
      }
      return;
    }
    let previousCursor = 0;
    Papa.parse<string[]>(block, {
      delimiter: l.delimiter,
      newline: block.includes('\r\n') ? '\r\n' : '\n',
      step: (result) => {
        const cursor = result.meta.cursor;
        const record = block.slice(previousCursor, cursor);
        const line = nextLine;
        nextLine += countNewlines(record);
        previousCursor = cursor;
        const parseError = result.errors[0];
        if (parseError && parseError.code !== 'UndetectableDelimiter') {
          throw new IngestError(options.fileName, line, null, `${parseError.message.replace(/\.$/, '')} (a quote is probably not closed)`);
        }
        acceptRecord(result.data, line);
      },
    });
    nextLine += countNewlines(block.slice(previousCursor));
  };

  let pending = '';
  let scanFrom = 0;
  let inQuotes = false;
  let boundary = 0;
  for await (const bytesChunk of source) {
    if (options.isCancelled?.()) throw new IngestCancelled();
    bytes += bytesChunk.byteLength;
    if (bytes <= 8192 && looksBinary(bytesChunk)) {
      throw new IngestError(options.fileName, 1, null, 'this is a binary file (for example a spreadsheet or archive), not a text export; save it as CSV first');
    }
    pending += decoder.decode(bytesChunk, { stream: true });
    for (let i = scanFrom; i < pending.length; i++) {
      const ch = pending.charCodeAt(i);
      if (ch === 34) inQuotes = !inQuotes;
      else if (ch === 10 && !inQuotes) boundary = i + 1;
    }
    scanFrom = pending.length;
    if (boundary > 0) {
      handleBlock(pending.slice(0, boundary));
      pending = pending.slice(boundary);
      scanFrom -= boundary;
      boundary = 0;
    }
    for (const chunk of builder.takeFullChunks()) await options.onChunk(chunk);
    const now = Date.now();
    if (options.onProgress && now - lastProgress > 200) {
      lastProgress = now;
      options.onProgress({ bytes, totalBytes: options.totalBytes ?? null, lines: nextLine - 1, accepted: report.accepted, rejected: report.rejected });
    }
  }
  pending += decoder.decode();
  if (inQuotes) {
    throw new IngestError(options.fileName, nextLine, null, 'a quoted field is never closed before the end of the file');
  }
  handleBlock(pending.endsWith('\n') || pending === '' ? pending : pending + '\n');
  if (!layout) throw new IngestError(options.fileName, null, null, 'the file is empty');
  for (const chunk of builder.finish()) await options.onChunk(chunk);
  options.onProgress?.({ bytes, totalBytes: options.totalBytes ?? null, lines: nextLine - 1, accepted: report.accepted, rejected: report.rejected });
  return { report, dictionaries: builder.snapshotDictionaries() };
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  let zeros = 0;
  for (let i = 0; i < n; i++) if (bytes[i] === 0) zeros++;
  // UTF-16 text has a zero in every other byte and starts with a BOM; binaries have zeros without one.
  const utf16Bom = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return zeros > 0 && !utf16Bom;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
