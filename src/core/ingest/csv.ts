// Records out of text, streamed. Lines without a quote take the fast path (split on the delimiter); a line
// with a quote goes through an RFC 4180 state machine that follows PapaParse's reading: a quote opens a
// quoted field only at the start of a field, `""` inside it is one quote, and quotes elsewhere are text.
// Whatever the text pieces' sizes, the records and their line numbers are the same: a record that is not
// complete at the end of a piece waits for the next one.

export type Delimiter = ',' | ';' | '\t' | '|' | 'whitespace';
export type Newline = '\n' | '\r';

export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

/** Longest record accepted, in characters: beyond it the file is not an export (or its quotes are broken). */
export const MAX_RECORD_CHARS = 32 * 1024 * 1024;

export interface RecordSink {
  /** A record's fields and the physical line it starts on (1-based). A blank line arrives as `['']`. */
  record(fields: string[], line: number): void;
  /** A record whose quotes are malformed (text after a closing quote): counted and rejected, never guessed. */
  malformed(line: number, column: number, reason: string): void;
  /**
   * Optional fast lane: a record without quotes, given as `text[start, end)` (no line break), before it is
   * cut into fields. Returns false to have it cut and passed to `record` as usual.
   */
  line?(text: string, start: number, end: number, line: number): boolean;
}

/** The text cannot be read on: an unclosed quote at the end of the file, or a record beyond any export's size. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number | null,
    readonly reason: string,
    readonly code: 'unterminated-quote' | 'record-too-long',
  ) {
    super(reason);
    this.name = 'CsvSyntaxError';
  }
}

export class RecordReader {
  private buffer = '';
  /** Length of the unfinished record left by the last read. */
  private unfinished = 0;
  private line = 1;
  private readonly newlineCode: number;
  private readonly delimiterCode: number;

  constructor(
    readonly delimiter: Delimiter,
    readonly newline: Newline,
    private readonly sink: RecordSink,
    /** Parse every record with the state machine (tests prove both paths agree). */
    private readonly slowOnly = false,
  ) {
    this.newlineCode = newline.charCodeAt(0);
    this.delimiterCode = delimiter === 'whitespace' ? -1 : delimiter.charCodeAt(0);
  }

  /**
   * Reads every record that the text so far completes, and returns how many characters are left waiting
   * (0: the text ended a record; more: it ends inside one, such as a quoted field with a line break).
   */
  flush(): number {
    if (this.buffer.length > 0) this.consume(false);
    return this.buffer.length;
  }

  /** The line number the next record starts on. */
  get nextLine(): number {
    return this.line;
  }

  push(text: string): void {
    const waiting = this.buffer.length > 0;
    this.buffer = waiting ? [this.buffer, text].join("") : text;
    // A record cut short is read again from its start when more text comes. Only a line break or a quote
    // can finish it, and reading it again before it has doubled would be quadratic in a huge field; so
    // wait (records are the same, they are only read a little later). Past the size limit, read at once
    // so that the error names the right line.
    if (waiting && this.buffer.length <= MAX_RECORD_CHARS) {
      const cannotFinish = (this.delimiter === 'whitespace' || text.indexOf('"') < 0) && text.indexOf(this.newline) < 0;
      if (cannotFinish || this.buffer.length < 2 * this.unfinished) return;
    }
    this.consume(false);
  }

  end(): void {
    this.consume(true);
  }

  private consume(eof: boolean): void {
    const s = this.buffer;
    const len = s.length;
    const nl = this.newline;
    let pos = 0;
    const quotesMatter = this.delimiter !== 'whitespace';
    let nextQuote = !quotesMatter ? -1 : this.slowOnly ? pos : s.indexOf('"');
    for (;;) {
      if (pos >= len) break;
      let fastEnd: number;
      if (nextQuote < 0) {
        if (eof) fastEnd = len;
        else {
          const last = s.lastIndexOf(nl);
          fastEnd = last < pos ? pos : last + 1;
        }
      } else {
        const last = nextQuote === 0 ? -1 : s.lastIndexOf(nl, nextQuote - 1);
        fastEnd = last < pos ? pos : last + 1;
      }
      if (fastEnd > pos) {
        this.fastLines(s, pos, fastEnd);
        pos = fastEnd;
      }
      if (nextQuote < 0) break;
      const after = this.slowRecord(s, pos, eof);
      if (after < 0) break;
      pos = after;
      if (this.slowOnly) nextQuote = pos < len ? pos : -1;
      else if (nextQuote < pos) nextQuote = s.indexOf('"', pos);
    }
    this.buffer = pos >= len ? '' : s.slice(pos);
    this.unfinished = this.buffer.length;
    if (this.buffer.length > MAX_RECORD_CHARS) this.tooLong();
  }

  private tooLong(): never {
    throw new CsvSyntaxError(this.line, null,
      `a single record is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB, so this is not an order export (or a quote is never closed)`,
      'record-too-long');
  }

  /** Lines [start, end) that hold no quote: each one is a record. */
  private fastLines(s: string, start: number, end: number): void {
    if (this.sink.line && this.delimiter !== 'whitespace') {
      this.laneLines(s, start, end);
      return;
    }
    const nl = this.newline;
    const region = s.slice(start, end);
    const lines = region.split(nl);
    if (region.charCodeAt(region.length - 1) === this.newlineCode) lines.pop();
    const stripCr = nl === '\n';
    const whitespace = this.delimiter === 'whitespace';
    const delimiter = this.delimiter;
    for (let i = 0; i < lines.length; i++) {
      let text = lines[i];
      if (stripCr && text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
      if (text.length > MAX_RECORD_CHARS) this.tooLong();
      let fields: string[];
      if (whitespace) {
        const t = text.trim();
        fields = t === '' ? [''] : t.split(/\s+/);
      } else fields = text.split(delimiter);
      this.sink.record(fields, this.line++);
    }
  }

  /** fastLines through the sink's fast lane: lines are cut into fields only when the lane declines them. */
  private laneLines(s: string, start: number, end: number): void {
    const sink = this.sink;
    const nl = this.newline;
    const stripCr = nl === '\n';
    const delimiter = this.delimiter;
    let a = start;
    while (a < end) {
      let next = s.indexOf(nl, a);
      if (next < 0 || next >= end) next = end;
      let b = next;
      if (stripCr && b > a && s.charCodeAt(b - 1) === 13) b--;
      if (b - a > MAX_RECORD_CHARS) this.tooLong();
      const line = this.line++;
      if (!sink.line!(s, a, b, line)) sink.record(s.slice(a, b).split(delimiter), line);
      a = next + 1;
    }
  }

  /**
   * One record from `start` (its first line holds a quote). Returns where the next record starts, or -1
   * when the record is not complete in the buffer yet.
   */
  private slowRecord(s: string, start: number, eof: boolean): number {
    const len = s.length;
    const nlCode = this.newlineCode;
    const dCode = this.delimiterCode;
    const crlf = this.newline === '\n';
    const fields: string[] = [];
    let i = start;
    let malformed: { column: number; reason: string } | null = null;
    let end = -1; // index just past the record's terminator (or len at the end of the file)
    let nlAt = -2; // the next line break at or after i (-1: none in the buffer; -2: not looked for yet)
    for (;;) {
      if (i >= len) {
        if (!eof) return -1;
        fields.push('');
        end = len;
        break;
      }
      if (s.charCodeAt(i) === 34) {
        let value = '';
        let j = i + 1;
        let closed = -1;
        for (;;) {
          const k = s.indexOf('"', j);
          if (k < 0) {
            if (!eof) return -1;
            throw new CsvSyntaxError(this.line, fields.length + 1,
              'a quoted field is never closed (its opening quote is on this line and no closing quote follows before the end of the file)',
              'unterminated-quote');
          }
          if (k + 1 >= len && !eof) return -1;
          if (s.charCodeAt(k + 1) === 34) {
            value += s.slice(j, k + 1);
            j = k + 2;
            continue;
          }
          value += s.slice(j, k);
          closed = k + 1;
          break;
        }
        i = closed;
        const c = i < len ? s.charCodeAt(i) : -1;
        if (c === dCode) {
          fields.push(value);
          i++;
          continue;
        }
        if (c === nlCode) {
          fields.push(value);
          end = i + 1;
          break;
        }
        if (c === -1) {
          fields.push(value);
          end = len;
          break;
        }
        if (c === 13 && crlf) {
          if (i + 1 >= len && !eof) return -1;
          if (i + 1 >= len || s.charCodeAt(i + 1) === nlCode) {
            fields.push(value);
            end = Math.min(i + 2, len);
            break;
          }
        }
        // Text after the closing quote: the record ends at the next line break outside quotes as PapaParse
        // reads it; its fields are not trusted.
        malformed = { column: fields.length + 1, reason: 'text follows the closing quote of a quoted field' };
        const n = s.indexOf(this.newline, i);
        if (n < 0 && !eof) return -1;
        end = n < 0 ? len : n + 1;
        break;
      }
      // An unquoted field runs to the next delimiter or line break; a quote inside it is text.
      if (nlAt !== -1 && nlAt < i) nlAt = s.indexOf(this.newline, i);
      const n = nlAt;
      const d = s.indexOf(this.delimiter, i);
      if (d >= 0 && (n < 0 || d < n)) {
        fields.push(s.slice(i, d));
        i = d + 1;
        continue;
      }
      if (n < 0 && !eof) return -1;
      let fieldEnd = n < 0 ? len : n;
      if (crlf && fieldEnd > i && s.charCodeAt(fieldEnd - 1) === 13) fieldEnd--;
      fields.push(s.slice(i, fieldEnd));
      end = n < 0 ? len : n + 1;
      break;
    }
    if (end - start > MAX_RECORD_CHARS) this.tooLong();
    const line = this.line;
    let breaks = 0;
    for (let k = s.indexOf(this.newline, start); k >= 0 && k < end; k = s.indexOf(this.newline, k + 1)) breaks++;
    // The record's own terminator is one of the breaks; a record at the very end of the file has none.
    this.line += breaks + (s.charCodeAt(end - 1) === nlCode ? 0 : 1);
    if (malformed) this.sink.malformed(line, malformed.column, malformed.reason);
    else this.sink.record(fields, line);
    return end;
  }
}

/** Every complete record of `text` (and the last one too when `eof`), with line numbers. For small samples. */
export function readRecords(text: string, delimiter: Delimiter, newline: Newline, eof: boolean, limit = Infinity):
  { records: string[][]; lines: number[]; malformed: number; unterminated: boolean } {
  const records: string[][] = [];
  const lines: number[] = [];
  let malformed = 0;
  let unterminated = false;
  const reader = new RecordReader(delimiter, newline, {
    record(fields, line) {
      if (records.length < limit) {
        records.push(fields);
        lines.push(line);
      }
    },
    malformed() {
      malformed++;
    },
  });
  try {
    reader.push(text);
    if (eof) reader.end();
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    unterminated = true;
  }
  return { records, lines, malformed, unterminated };
}

/** The line ending of a text: LF (CRLF included) unless the text has carriage returns and no line feed. */
export function detectNewline(sample: string): Newline {
  return sample.includes('\n') || !sample.includes('\r') ? '\n' : '\r';
}

/**
 * The delimiter that cuts the first records into the same number of fields (more than one): the header
 * and the lines after it agree on it. Runs of spaces (the CDNOW files) when no candidate appears at all.
 */
export function detectDelimiter(sample: string, newline: Newline): Delimiter {
  const head = sample.slice(0, 64 * 1024);
  let best: Delimiter | null = null;
  let bestScore = -1;
  for (const candidate of DELIMITERS) {
    const { records } = readRecords(head, candidate, newline, false, 30);
    const rows = records.filter((r) => !(r.length === 1 && r[0].trim() === ''));
    if (rows.length === 0) {
      const single = readRecords(head, candidate, newline, true, 2).records[0];
      if (single && single.length > 1 && single.length > bestScore) [best, bestScore] = [candidate, single.length];
      continue;
    }
    const width = rows[0].length;
    if (width < 2) continue;
    const agreeing = rows.filter((r) => r.length === width).length / rows.length;
    // Agreement first (a product name with commas in a tab-separated file must not win), then width.
    const score = Math.round(agreeing * 10) * 10_000 + width;
    if (score > bestScore) [best, bestScore] = [candidate, score];
  }
  if (best) return best;
  return 'whitespace';
}
