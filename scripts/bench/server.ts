// The built app, served the way the browser tests serve it (tests/e2e/global-setup.ts): `vite preview` of
// a production build on a free port of 127.0.0.1.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fmtMs, say } from './stats.ts';

const VITE = 'node_modules/vite/bin/vite.js';

/** The newest modification time under a directory (for the "dist is older than src" warning). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export interface Build {
  outDir: string;
  built: boolean;
  buildMs: number | null;
  /** Why this build: dist/ as it was, or why the sources were built. */
  reason: string;
}

/**
 * The build to measure: dist/ when it is there and newer than every file under src/; built into dist/ when
 * missing. When dist/ is older than the sources (or with `fresh`), the current sources are built into
 * bench-data/dist instead, so that the benchmark never swaps dist/ under a test run that is using it.
 */
export function ensureBuild(fresh: boolean): Build {
  const hasDist = existsSync(join('dist', 'index.html'));
  const stale = hasDist && existsSync('src') && newest('src') > statSync(join('dist', 'index.html')).mtimeMs;
  if (hasDist && !stale && !fresh) {
    say('using the build in dist/');
    return { outDir: 'dist', built: false, buildMs: null, reason: 'dist/ is newer than every file in src/' };
  }
  const outDir = hasDist ? 'bench-data/dist' : 'dist';
  const why = !hasDist ? 'dist/ is missing' : fresh ? '--build' : 'dist/ is older than the newest file in src/';
  say(`building the app into ${outDir}/ (${why})…`);
  const t0 = performance.now();
  const result = spawnSync(process.execPath, [VITE, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0 || !existsSync(join(outDir, 'index.html'))) throw new Error(`vite build failed (exit status ${result.status})`);
  const buildMs = performance.now() - t0;
  say(`built in ${fmtMs(buildMs)}`);
  return { outDir, built: true, buildMs: Math.round(buildMs), reason: why };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Preview {
  baseUrl: string;
  stop(): void;
}

export async function startPreview(outDir: string): Promise<Preview> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [VITE, 'preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const baseUrl = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview exited early: ${log.trim()}`);
    try {
      if ((await fetch(baseUrl)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`vite preview did not answer on ${baseUrl} within 30 s: ${log.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  say(`serving ${outDir}/ at ${baseUrl}`);
  return { baseUrl, stop: () => void child.kill() };
}
