// The command-line twin (INTERFACES.md section 1): the same core code as the page, on Node.
// Exit status 0 on success, 1 for a usage error (flags, the tier rule file, --customers path), 2 for input
// that cannot be read, with one plain sentence naming the file, the line and what is wrong. Never a stack
// trace for bad input.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseTierRuleSets, type TierRuleSet } from '../core/analytics/tiers.ts';
import { AmbiguousDateOrderError, IngestError } from '../core/ingest/errors.ts';
import { parseArgs, UsageError, USAGE, type CliOptions } from './args.ts';
import { CombineError, readInputs } from './read.ts';
import { formatReadable } from './readable.ts';
import { buildResult } from './result.ts';

function reason(error: unknown): string {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
}

function readTierRules(file: string): TierRuleSet[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--tiers: ${file} cannot be read (${reason(error)})`, false);
  }
  const parsed = parseTierRuleSets(text, { hasCosts: false });
  if (!parsed.ok) throw new UsageError(`--tiers ${file} holds rules that cannot be used:\n${parsed.errors.map((e) => `  ${e}`).join('\n')}`, false);
  return parsed.ruleSets;
}

/** The sentence for a file whose day/month order is open: on the command line the answer is a flag. */
export function dateOrderMessage(error: AmbiguousDateOrderError): string {
  const where = error.line === null ? '' : `, line ${error.line}`;
  const example = error.examples[0]?.text;
  return `${error.file}${where}: the dates${example ? ` (such as "${example}")` : ''} read both as day/month and as month/day, and no date in the file settles which; pass --date-order dmy (day/month) or --date-order mdy (month/day).`;
}

async function run(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
    if (options.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const tierRules = options.tiersFile === undefined ? undefined : readTierRules(options.tiersFile);
    const input = await readInputs(options);
    const result = buildResult(input, options, tierRules);
    if (options.customersFile !== undefined && result.customersCsv !== null) {
      try {
        writeFileSync(options.customersFile, result.customersCsv);
      } catch (error) {
        throw new UsageError(`--customers: ${options.customersFile} cannot be written (${reason(error)})`, false);
      }
    }
    for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
    process.stdout.write(options.json ? `${JSON.stringify(result.json, null, 2)}\n` : `${formatReadable(result.json)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(error.showUsage ? `${error.message}\n\n${USAGE}\n` : `${error.message}\n`);
      return 1;
    }
    if (error instanceof CombineError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof AmbiguousDateOrderError) {
      process.stderr.write(`${dateOrderMessage(error)}\n`);
      return 2;
    }
    if (error instanceof IngestError) {
      const hint = error.code === 'unknown-format' || error.code === 'missing-columns'
        ? ' (on the command line: --map customer=COL,date=COL,value=COL, or --format)' : '';
      process.stderr.write(`${error.message.replace(/\s+/g, ' ')}${hint}\n`);
      return 2;
    }
    // Not bad input but a fault of this program: one line, and the details only when asked for.
    process.stderr.write(`analyze: unexpected failure (${(error as Error)?.message ?? String(error)}); this is a bug, please report it${process.env.LL_DEBUG ? `\n${(error as Error)?.stack}` : ''}\n`);
    return 3;
  }
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

process.exitCode = await run(process.argv.slice(2));
