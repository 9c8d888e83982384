// What the figures were measured on: they mean little without the machine, and a shared machine is noisy,
// so the load average at the start is recorded too.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { MB } from './stats.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Machine {
  cpu: string;
  cores: number;
  memoryMB: number;
  os: string;
  node: string;
  chromium: string;
  chromiumPath: string;
  loadAverage: number[];
  commit: string | null;
  /** Files of the working tree that differ from the commit (the benchmark measures the tree as it is). */
  uncommittedChanges: number | null;
}

function run(cmd: string, args: string[]): string | null {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

function osName(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const m = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text);
    if (m) return `${m[1]} (${os.platform()} ${os.release()})`;
  } catch {
    // not Linux
  }
  return `${os.type()} ${os.release()}`;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  // Debian's /usr/bin/chromium is a shell wrapper; its --version prints "Chromium 1xx... built on Debian".
  const chromium = run(CHROMIUM, ['--version'])?.split('\n').find((l) => /chrom/i.test(l)) ?? 'unknown';
  const commit = run('git', ['rev-parse', '--short', 'HEAD']);
  const status = run('git', ['status', '--porcelain']);
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryMB: Math.round(os.totalmem() / MB),
    os: osName(),
    node: process.version,
    chromium: chromium.trim(),
    chromiumPath: CHROMIUM,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    commit,
    uncommittedChanges: status === null ? null : status.split('\n').filter((l) => l.trim() !== '').length,
  };
}
