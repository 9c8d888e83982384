// A file's bytes as text: binary files refused on their first bytes, the encoding found, and the first
// SAMPLE_CHARS characters read ahead so that the layout, the decimal separator and the date order are
// decided from the same text whatever the chunk sizes.
import { binaryReason, sniffEncoding, StreamDecoder, type TextEncodingName } from './encoding.ts';
import { IngestError } from './errors.ts';

/** Characters read ahead to decide the layout. */
export const SAMPLE_CHARS = 1 << 20;
const HEAD_BYTES = 8192;

export class IngestCancelled extends Error {
  constructor() {
    super('The import was cancelled; nothing was stored.');
    this.name = 'IngestCancelled';
  }
}

export interface TextSourceOptions {
  fileName: string;
  encoding?: TextEncodingName;
  isCancelled?: () => boolean;
}

export class TextSource {
  /** Bytes read from the source so far. */
  bytes = 0;
  private done = false;

  private constructor(
    private readonly iterator: AsyncIterator<Uint8Array>,
    private readonly decoder: StreamDecoder,
    readonly bom: boolean,
    private readonly isCancelled: (() => boolean) | undefined,
  ) {}

  get encoding(): TextEncodingName {
    return this.decoder.encoding;
  }

  /** How the encoding was settled so far (see StreamDecoder.decision). */
  get decision(): StreamDecoder['decision'] {
    return this.decoder.decision;
  }

  /** Characters that were not valid in the file's encoding (shown as U+FFFD). */
  get replacedCharacters(): number {
    return this.decoder.replaced;
  }

  /**
   * Opens a byte stream: refuses binaries and empty files, and reads ahead `sampleChars` characters.
   * `pieces` is everything decoded so far (at least the sample), a piece per source chunk, so that what
   * follows sees the source's own boundaries; `sampleEof` says the sample is the whole file.
   */
  static async open(source: AsyncIterable<Uint8Array>, options: TextSourceOptions, sampleChars = SAMPLE_CHARS):
    Promise<{ source: TextSource; pieces: string[]; sample: string; sampleEof: boolean }> {
    const iterator = source[Symbol.asyncIterator]();
    const parts: Uint8Array[] = [];
    let headLength = 0;
    let eof = false;
    let bytes = 0;
    while (headLength < HEAD_BYTES) {
      if (options.isCancelled?.()) throw new IngestCancelled();
      const next = await iterator.next();
      if (next.done) {
        eof = true;
        break;
      }
      bytes += next.value.byteLength;
      parts.push(next.value);
      headLength += next.value.byteLength;
    }
    const head = concat(parts, headLength);
    if (head.length === 0) throw new IngestError(options.fileName, null, null, 'the file is empty (0 bytes)', 'empty');
    const sniffed = sniffEncoding(head);
    const encoding = options.encoding ?? sniffed.encoding;
    const bomLength = options.encoding && options.encoding !== sniffed.encoding ? 0 : sniffed.bomLength;
    const binary = binaryReason(head, encoding);
    if (binary) throw new IngestError(options.fileName, 1, null, binary, 'binary');
    const decoder = new StreamDecoder(encoding);
    const text = new TextSource(iterator, decoder, bomLength > 0, options.isCancelled);
    text.bytes = bytes;
    text.done = eof;
    const pieces: string[] = [];
    let decoded = 0;
    let skip = bomLength;
    for (const part of parts) {
      if (skip >= part.length) {
        skip -= part.length;
        continue;
      }
      const piece = decoder.push(skip > 0 ? part.subarray(skip) : part);
      skip = 0;
      pieces.push(piece);
      decoded += piece.length;
    }
    while (decoded < sampleChars && !text.done) {
      const piece = await text.next();
      pieces.push(piece);
      decoded += piece.length;
    }
    if (text.done) pieces.push(decoder.end());
    // A second BOM, or one of an encoding that was forced: not part of the header.
    const first = pieces.findIndex((p) => p.length > 0);
    if (first >= 0 && pieces[first].charCodeAt(0) === 0xfeff) pieces[first] = pieces[first].slice(1);
    const all = pieces.join('');
    return { source: text, pieces, sample: all.slice(0, sampleChars), sampleEof: text.done && all.length <= sampleChars };
  }

  /** The text after what `open` returned, piece by piece; the decoder's tail comes last. */
  async *rest(): AsyncGenerator<string> {
    while (!this.done) {
      const piece = await this.next();
      if (this.done) {
        const tail = piece + this.decoder.end();
        if (tail.length > 0) yield tail;
        return;
      }
      if (piece.length > 0) yield piece;
    }
  }

  private async next(): Promise<string> {
    if (this.isCancelled?.()) throw new IngestCancelled();
    const next = await this.iterator.next();
    if (next.done) {
      this.done = true;
      return '';
    }
    this.bytes += next.value.byteLength;
    return this.decoder.push(next.value);
  }
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
