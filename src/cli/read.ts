// Files to an order table (or a per-customer summary), through the same ingest core as the page: format
// from the header (or --format / --map), the page's marketplace names, --date-order, --pseudonymise with
// node:crypto, and no line twice across files (an export that overlaps an earlier one adds nothing).
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { concatColumns, type Dictionaries, type OrderLineColumns, type OrderTable } from '../core/columns/table.ts';
import { LineKeySet } from '../core/ingest/dedupe.ts';
import { IngestError } from '../core/ingest/errors.ts';
import type { FormatId } from '../core/ingest/formats.ts';
import { saltedSha256, type Pseudonymiser } from '../core/ingest/identity.ts';
import { ingestAny, type IngestReport } from '../core/ingest/ingest.ts';
import { previewFile } from '../core/ingest/preview.ts';
import type { CustomerSummaryTable } from '../core/ingest/summary.ts';
import type { CliOptions } from './args.ts';

export type Input =
  | { kind: 'orders'; table: OrderTable; reports: IngestReport[] }
  | { kind: 'summary'; summary: CustomerSummaryTable; reports: IngestReport[] };

/** A problem with how files are combined: a usage error (exit 1), not unreadable input. */
export class CombineError extends Error {}

const PREVIEW_BYTES = 1 << 20;

/** The marketplace of lines whose export does not name one: the export's own name, as the page calls it. */
export function defaultMarketplace(format: FormatId | null): string {
  switch (format) {
    case 'amazon': return 'Amazon';
    case 'shopify': return 'Shopify';
    case 'woocommerce': return 'WooCommerce';
    case 'online-retail': return 'Online Retail';
    case 'cdnow': return 'CDNOW';
    default: return 'Store';
  }
}

function openError(name: string, error: unknown): IngestError {
  const code = (error as { code?: string }).code;
  const why = code === 'EISDIR' ? 'it is a folder, not a file'
    : code === 'EACCES' || code === 'EPERM' ? 'permission to read it is denied'
      : code === 'ENOENT' ? 'it does not exist' : 'it is not readable';
  return new IngestError(name, null, null, `the file cannot be opened (${why})`);
}

/** The format the first megabyte shows, for the marketplace name; null when the ingest will say what is wrong. */
function peekFormat(path: string, options: CliOptions): FormatId | null {
  const fd = openSync(path, 'r');
  try {
    const bytes = new Uint8Array(PREVIEW_BYTES);
    const n = readSync(fd, bytes, 0, PREVIEW_BYTES, 0);
    return previewFile(bytes.subarray(0, n), { complete: n < PREVIEW_BYTES, format: options.format, mapping: options.mapping, dateOrder: options.dateOrder }).format;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

async function* bytesOf(path: string, name: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const piece of createReadStream(path, { highWaterMark: 1 << 20 })) yield piece as Uint8Array;
  } catch (error) {
    throw openError(name, error);
  }
}

export function pseudonymiser(salt: string): Pseudonymiser {
  return saltedSha256(salt, (data) => createHash('sha256').update(data).digest());
}

export async function readInputs(options: CliOptions): Promise<Input> {
  const chunks: OrderLineColumns[] = [];
  const reports: IngestReport[] = [];
  const known = new LineKeySet();
  const pseudonymise = options.pseudonymiseSalt === undefined ? undefined : pseudonymiser(options.pseudonymiseSalt);
  let dictionaries: Dictionaries | undefined;
  let summary: CustomerSummaryTable | null = null;
  for (const path of options.files) {
    const name = basename(path);
    let size: number;
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
      size = stat.size;
    } catch (error) {
      throw openError(name, error);
    }
    const result = await ingestAny(bytesOf(path, name), {
      fileName: name,
      totalBytes: size,
      format: options.format,
      mapping: options.mapping,
      dateOrder: options.dateOrder,
      marketplace: defaultMarketplace(size > 0 ? peekFormat(path, options) : null),
      dictionaries,
      knownLineKeys: known,
      pseudonymise,
      lineKeySalt: options.pseudonymiseSalt,
      maxRejectsListed: 20,
      onChunk: (chunk) => {
        chunks.push(chunk);
        for (let i = 0; i < chunk.length; i++) known.add(chunk.lineKey[i]);
      },
    });
    reports.push(result.report);
    if (result.kind === 'summary') summary = result.summary;
    else dictionaries = result.dictionaries;
    if (summary && reports.length > 1) {
      const summaryFile = reports.find((r) => r.format === 'summary')?.file ?? name;
      throw new CombineError(`${summaryFile} is a per-customer summary file; analyse it on its own, not together with other files`);
    }
  }
  if (summary) return { kind: 'summary', summary, reports };
  return { kind: 'orders', table: { columns: concatColumns(chunks), dictionaries: dictionaries! }, reports };
}
