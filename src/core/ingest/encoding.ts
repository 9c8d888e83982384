// Bytes to text. Exports come as UTF-8 (with or without a BOM), UTF-16 with a BOM (Excel's "Unicode text"),
// or Windows-1252 (older Excel "CSV" on Windows). The choice never depends on how the bytes were chunked:
// it is made from the BOM, or from a fixed window of bytes starting at the first non-ASCII byte.

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

// TextDecoder and TextEncoder are globals in every browser, worker and Node, but not in the ES library that
// core compiles against (no DOM, no Node types): typed here by the little that is used.
interface TextDecoderLike {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
type TextDecoderConstructor = new (label: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => TextDecoderLike;
type TextEncoderConstructor = new () => { encode(text: string): Uint8Array };
const platform = globalThis as unknown as { TextDecoder: TextDecoderConstructor; TextEncoder: TextEncoderConstructor };

export function newTextDecoder(label: 'utf-8' | 'utf-16le'): TextDecoderLike {
  return new platform.TextDecoder(label, { fatal: false, ignoreBOM: true });
}

/** UTF-8 bytes of a string. */
export function utf8Bytes(text: string): Uint8Array {
  return new platform.TextEncoder().encode(text);
}

/** Bytes after the first non-ASCII byte that decide between UTF-8 and Windows-1252. */
export const ENCODING_WINDOW = 4096;

/** The BOM (if any) and the encoding it names; UTF-16 without a BOM is recognised by its zero bytes. */
export function sniffEncoding(head: Uint8Array): { encoding: TextEncodingName | null; bomLength: number } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // Text in UTF-16 without a BOM: mostly ASCII, so one byte of every pair is zero and the other is not.
  const pairs = Math.floor(Math.min(head.length, 8192) / 2);
  if (pairs >= 4) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < pairs; i++) {
      if (head[2 * i] === 0) evenZero++;
      if (head[2 * i + 1] === 0) oddZero++;
    }
    if (oddZero > pairs * 0.6 && evenZero === 0) return { encoding: 'utf-16le', bomLength: 0 };
    if (evenZero > pairs * 0.6 && oddZero === 0) return { encoding: 'utf-16be', bomLength: 0 };
  }
  return { encoding: null, bomLength: 0 };
}

/**
 * Why the first bytes are not a text export, or null when they may be one. Spreadsheets and archives get
 * a sentence that says what to do.
 */
export function binaryReason(head: Uint8Array, encoding: TextEncodingName | null): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => head[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) {
    return 'this is a ZIP archive, such as an Excel .xlsx workbook, not a text export; open it and save it as CSV first';
  }
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    return 'this is an Excel .xls workbook, not a text export; open it and save it as CSV first';
  }
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'this is a PDF document, not a text export; download the report as CSV or TXT';
  if (starts(0x1f, 0x8b)) return 'this is a gzip-compressed file; unpack it first';
  if (starts(0x50, 0x41, 0x52, 0x31)) return 'this is a Parquet file, not a text export; export it as CSV first';
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return null;
  const n = Math.min(head.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) return 'this is a binary file (for example a spreadsheet or archive), not a text export; save it as CSV first';
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  if (n > 0 && control > n * 0.05) return 'this is a binary file (for example a spreadsheet or archive), not a text export; save it as CSV first';
  return null;
}

/** Whether `bytes` is well-formed UTF-8, a sequence cut off by the end of the window counting as valid. */
export function isUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return false;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return true; // cut off by the window: judged on what is there
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

// Windows-1252 differs from Latin-1 only in 0x80-0x9F (the WHATWG Encoding Standard's index).
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const step = 8192;
  const codes = new Uint16Array(Math.min(step, bytes.length));
  for (let at = 0; at < bytes.length; at += step) {
    const end = Math.min(at + step, bytes.length);
    for (let i = at; i < end; i++) {
      const b = bytes[i];
      codes[i - at] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b;
    }
    parts.push(String.fromCharCode(...codes.subarray(0, end - at)));
  }
  return parts.join('');
}

/**
 * A streaming decoder. `push` may return less text than it was given bytes for (a sequence cut by a chunk
 * boundary, or bytes held until the UTF-8/Windows-1252 decision); `end` returns the rest.
 */
export class StreamDecoder {
  encoding: TextEncodingName;
  /** U+FFFD characters in the output: bytes that were not valid in the chosen encoding. */
  replaced = 0;
  /**
   * How the encoding was settled: `given` (a BOM or the caller), `window` (the ENCODING_WINDOW bytes after
   * the first non-ASCII byte), `short` (at the end, on fewer bytes than the window), or `none` yet (all
   * ASCII so far). A file read in parts compares these to know its parts were decoded alike.
   */
  decision: 'given' | 'window' | 'short' | 'none';
  private decided: boolean;
  private utf8: TextDecoderLike | null = null;
  private utf16: TextDecoderLike | null = null;
  private probe: TextDecoderLike | null = null;
  private held: Uint8Array[] = [];
  private heldLength = 0;
  private oddByte: number | null = null;

  constructor(encoding: TextEncodingName | null) {
    this.encoding = encoding ?? 'utf-8';
    this.decided = encoding !== null;
    this.decision = encoding !== null ? 'given' : 'none';
  }

  push(bytes: Uint8Array): string {
    if (bytes.length === 0) return '';
    if (this.decided) return this.decode(bytes, true);
    if (this.heldLength === 0) {
      // An ASCII piece reads the same in both encodings and decides nothing. The platform's decoder tells
      // far faster than a byte loop: every multi-byte sequence shortens the text, and every invalid byte
      // becomes a U+FFFD, so a text as long as its bytes without U+FFFD is ASCII.
      this.probe ??= newTextDecoder('utf-8');
      const text = this.probe.decode(bytes);
      if (text.length === bytes.length && text.indexOf('\ufffd') < 0) return text;
      let p = 0;
      while (p < bytes.length && bytes[p] < 0x80) p++;
      if (p === bytes.length) return this.decode(bytes, true); // ASCII reads the same in both
      const ascii = p > 0 ? this.decode(bytes.subarray(0, p), true) : '';
      this.hold(bytes.subarray(p));
      return ascii + this.decideIfReady(false);
    }
    this.hold(bytes);
    return this.decideIfReady(false);
  }

  end(): string {
    const text = this.decided ? '' : this.decideIfReady(true);
    if (this.encoding === 'utf-8') return text + this.count(this.utf8Decoder().decode());
    if (this.encoding === 'windows-1252') return text;
    let tail = this.count(this.utf16Decoder().decode());
    if (this.oddByte !== null) {
      tail += '\ufffd';
      this.replaced++;
      this.oddByte = null;
    }
    return text + tail;
  }

  private hold(bytes: Uint8Array): void {
    this.held.push(bytes.slice());
    this.heldLength += bytes.length;
  }

  private decideIfReady(atEnd: boolean): string {
    if (!atEnd && this.heldLength < ENCODING_WINDOW) return '';
    if (this.heldLength === 0) return ''; // all ASCII to the end: nothing was decided
    this.decision = this.heldLength < ENCODING_WINDOW ? 'short' : 'window';
    const all = new Uint8Array(this.heldLength);
    let at = 0;
    for (const part of this.held) {
      all.set(part, at);
      at += part.length;
    }
    this.held = [];
    this.heldLength = 0;
    this.decided = true;
    this.encoding = isUtf8(all.subarray(0, ENCODING_WINDOW)) ? 'utf-8' : 'windows-1252';
    return this.decode(all, !atEnd);
  }

  private decode(bytes: Uint8Array, stream: boolean): string {
    if (this.encoding === 'windows-1252') return decodeWindows1252(bytes);
    if (this.encoding === 'utf-8') return this.count(this.utf8Decoder().decode(bytes, { stream }));
    // UTF-16: big-endian is swapped into little-endian here, so that only the decoder every platform has
    // (utf-16le) is needed; a byte left over at a chunk's end waits for its partner.
    let input = bytes;
    if (this.encoding === 'utf-16be' || this.oddByte !== null) {
      const start = this.oddByte === null ? 0 : 1;
      const joined = new Uint8Array(bytes.length + start);
      if (this.oddByte !== null) joined[0] = this.oddByte;
      joined.set(bytes, start);
      const even = joined.length - (joined.length % 2);
      this.oddByte = even < joined.length ? joined[even] : null;
      input = joined.subarray(0, even);
      if (this.encoding === 'utf-16be') {
        input = input.slice();
        for (let i = 0; i + 1 < input.length; i += 2) {
          const t = input[i];
          input[i] = input[i + 1];
          input[i + 1] = t;
        }
      }
    } else if (bytes.length % 2 === 1) {
      this.oddByte = bytes[bytes.length - 1];
      input = bytes.subarray(0, bytes.length - 1);
    }
    return this.count(this.utf16Decoder().decode(input, { stream }));
  }

  private count(text: string): string {
    for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) this.replaced++;
    return text;
  }

  private utf8Decoder(): TextDecoderLike {
    this.utf8 ??= newTextDecoder('utf-8');
    return this.utf8;
  }

  private utf16Decoder(): TextDecoderLike {
    this.utf16 ??= newTextDecoder('utf-16le');
    return this.utf16;
  }
}
