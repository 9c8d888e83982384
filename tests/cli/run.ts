// Runs the command line as a user does (a child process, so exit status, stdout and stderr are the real
// ones) and writes small input files into a temporary folder.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DATASETS = new URL('../../../shared/datasets/', import.meta.url).pathname;
export const FIXTURES = new URL('../fixtures/ingest/', import.meta.url).pathname;

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function analyze(...args: string[]): Run {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/analyze.ts', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** As analyze, without blocking: many runs at once. */
export function analyzeAsync(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'src/cli/analyze.ts', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 }, (_error, stdout, stderr) => {
      resolve({ status: child.exitCode, stdout, stderr });
    });
  });
}

/** The parsed --json output of a run that must succeed. */
export function analyzeJson(...args: string[]) {
  const run = analyze(...args, '--json');
  if (run.status !== 0) throw new Error(`analyze exited ${run.status}: ${run.stderr}`);
  return { result: JSON.parse(run.stdout), stderr: run.stderr };
}

/** A new temporary folder with the given files written into it; returns the folder. */
export function filesIn(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'll-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A stack trace line of our code (`at main (…/analyze.ts:12:3)`), which bad input must never print. */
export const STACK_LINE = /\bat .*\.ts:\d+/;
