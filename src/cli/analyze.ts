// The command-line twin (INTERFACES.md section 1): the same core code as the page, on Node.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { analyzeTable, type AnalysisOptions } from '../core/analytics/analysis.ts';
import { concatColumns, type Dictionaries, type OrderLineColumns } from '../core/columns/table.ts';
import { IngestError } from '../core/ingest/errors.ts';
import { ingest, type IngestReport } from '../core/ingest/ingest.ts';
import { parseIsoDay } from '../core/ingest/dates.ts';

const USAGE = 'usage: npm run --silent analyze -- FILE [FILE...] [--as-of YYYY-MM-DD] [--json]';

class UsageError extends Error {}

interface CliOptions {
  files: string[];
  json: boolean;
  analysis: AnalysisOptions;
}

function parseArgs(argv: string[]): CliOptions {
  const files: string[] = [];
  const analysis: AnalysisOptions = {};
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    const day = (v: string) => {
      const d = parseIsoDay(v);
      if (d === null) throw new UsageError(`${arg} takes a date as YYYY-MM-DD, not "${v}"`);
      return d;
    };
    if (arg === '--json') json = true;
    else if (arg === '--as-of') analysis.asOf = day(value());
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else files.push(arg);
  }
  if (files.length === 0) throw new UsageError('no input file given');
  return { files, json, analysis };
}

async function readFiles(files: string[]) {
  const chunks: OrderLineColumns[] = [];
  const reports: IngestReport[] = [];
  let dictionaries: Dictionaries | undefined;
  for (const file of files) {
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      throw new IngestError(basename(file), null, null, 'the file cannot be opened (it does not exist or is not readable)');
    }
    const result = await ingest(createReadStream(file, { highWaterMark: 1 << 20 }), {
      fileName: basename(file),
      totalBytes: size,
      dictionaries,
      onChunk: (chunk) => void chunks.push(chunk),
    });
    dictionaries = result.dictionaries;
    reports.push(result.report);
  }
  return { table: { columns: concatColumns(chunks), dictionaries: dictionaries! }, reports };
}

async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      return 1;
    }
    throw error;
  }
  try {
    const { table, reports } = await readFiles(options.files);
    const result = analyzeTable(table, reports, options.analysis);
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(`${formatReadable(result)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof IngestError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function formatReadable(result: ReturnType<typeof analyzeTable>): string {
  const rows: string[] = [];
  rows.push(`input    ${result.input.format}: ${result.input.rows} rows, ${result.input.accepted} accepted, ${result.input.rejected} rejected`);
  rows.push(`period   ${result.period.first} .. ${result.period.asOf}`);
  for (const [name, value] of Object.entries(result.metrics)) rows.push(`${name.padEnd(26)} ${value}`);
  return rows.join('\n');
}

process.exitCode = await main();
