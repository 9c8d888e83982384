// The command-line twin's contract (INTERFACES.md section 1): JSON shape, exit codes, plain messages.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function analyze(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/analyze.ts', ...args], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run analyze', () => {
  it('prints input, period and metrics for CDNOW as published (23,570 customers)', () => {
    const run = analyze('../shared/datasets/cdnow/CDNOW_master.txt', '--json');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.input).toMatchObject({ format: 'cdnow', rows: 69_659, accepted: 69_659, rejected: 0 });
    expect(result.period).toMatchObject({ first: '1997-01-01', asOf: '1998-06-30' });
    expect(result.metrics.customers).toBe(23_570);
    expect(result.metrics.repeatPurchaseRate).toBeCloseTo(result.metrics.repeatCustomers / result.metrics.customers, 12);
  });

  it('exits 2 with one sentence naming the file and line for unreadable input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-cli-'));
    const file = join(dir, 'broken.csv');
    writeFileSync(file, 'customer,date,value\na,2024-01-01,"5\n');
    const run = analyze(file, '--json');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^broken\.csv, line 2/);
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('exits 2 for a missing file and 1 for a usage error', () => {
    const missing = analyze('no-such-file.csv');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no-such-file\.csv: the file cannot be opened/);
    expect(analyze().status).toBe(1);
    expect(analyze('x.csv', '--time-travel').status).toBe(1);
  });
});
