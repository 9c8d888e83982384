// `npm run bench`: the performance scenarios of PRODUCT.md ("Performance") on data generated with a fixed
// seed, in headless Chromium against the built app (import1M, customers1M) and in Node where a scenario has
// no browser part (recompute100k, fit100k). Prints readable lines as it goes and writes bench-results.json
// (INTERFACES.md section 2) after every scenario, so that a run cut short still leaves its figures.
//
//   npm run bench [-- --quick] [-- --build] [-- --only import1M,fit100k] [-- --cores 8]
//
//   --quick   a tenth of every size, in under two minutes
//   --build   build the current sources into bench-data/dist and measure that (default: dist/ when it
//             is newer than src/; built into dist/ when missing, into bench-data/dist when older)
//   --only    run only the named scenarios
//   --cores   the core count the page reports in import1M (navigator.hardwareConcurrency), which decides
//             how many parts the file is read in: to measure the parts on a machine with fewer cores
//
// A scenario whose engine or page is missing is reported as { "error": "why" }; the others still run.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { customersScenario } from './bench/customers.ts';
import { BENCH_SEED, orderLinesCsv } from './bench/data.ts';
import { fitModels } from './bench/fit.ts';
import { importScenario } from './bench/import1m.ts';
import { describeMachine } from './bench/machine.ts';
import { recompute } from './bench/recompute.ts';
import { ensureBuild, startPreview, type Preview } from './bench/server.ts';
import { errorMessage, fmtInt, fmtMs, say } from './bench/stats.ts';

const SCENARIOS = ['import1M', 'customers1M', 'recompute100k', 'fit100k'] as const;
type ScenarioName = (typeof SCENARIOS)[number];

function parseArgs(argv: string[]): { quick: boolean; build: boolean; only: Set<ScenarioName>; cores: number | null } {
  let quick = false;
  let cores: number | null = null;
  let build = false;
  let only = new Set<ScenarioName>(SCENARIOS);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--build') build = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const list = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i] ?? '';
      const names = list.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
      if (unknown.length > 0) usage(`unknown scenario ${unknown.join(', ')} (the scenarios are ${SCENARIOS.join(', ')})`);
      only = new Set(names as ScenarioName[]);
    } else if (arg === '--cores' || arg.startsWith('--cores=')) {
      const value = Number(arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i]);
      if (!Number.isInteger(value) || value < 1 || value > 256) usage('--cores takes a whole number of cores, 1 to 256');
      cores = value;
    } else if (arg === '--help' || arg === '-h') usage(null);
    else usage(`unknown option ${arg}`);
  }
  return { quick, build, only, cores };
}

function usage(problem: string | null): never {
  if (problem) console.error(problem);
  console.error('usage: npm run bench [-- --quick] [-- --build] [-- --only import1M,customers1M,recompute100k,fit100k] [-- --cores N]');
  process.exit(problem ? 1 : 0);
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
process.chdir(ROOT);
const RESULTS = 'bench-results.json';

const options = parseArgs(process.argv.slice(2));
const scale = options.quick ? 10 : 1;
const sizes = {
  importLines: 1_000_000 / scale,
  listCustomers: 1_000_000 / scale,
  nodeCustomers: 100_000 / scale,
};
const seed = BENCH_SEED;

const machine = describeMachine();
say(`Loyalty Lens benchmark${options.quick ? ' (--quick: a tenth of the sizes)' : ''}, seed ${seed}`);
say(`machine: ${machine.cpu}, ${machine.cores} cores, ${fmtInt(machine.memoryMB)} MB memory, ${machine.os}`);
say(`Node ${machine.node}; ${machine.chromium} (${machine.chromiumPath}); load average ${machine.loadAverage.join(' ')}`);
say(`code: commit ${machine.commit ?? 'unknown'}${machine.uncommittedChanges ? ` with ${machine.uncommittedChanges} uncommitted changes` : ''}`);

const startedAt = new Date();
const results: Record<string, unknown> = {};
const meta: Record<string, unknown> = {
  startedAt: startedAt.toISOString(),
  finishedAt: null,
  quick: options.quick,
  seed,
  sizes,
  machine,
  build: null,
  durationsMs: {} as Record<string, number>,
};

function save(): void {
  const ordered: Record<string, unknown> = {};
  for (const name of SCENARIOS) if (name in results) ordered[name] = results[name];
  ordered.targets = targets();
  ordered.benchmark = meta;
  writeFileSync(RESULTS, `${JSON.stringify(ordered, null, 2)}\n`);
}

type Figures = Record<string, unknown> | undefined;
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** PRODUCT.md's targets against the figures (met: null when the figure is missing). */
function targets(): Record<string, unknown> {
  const imp = results.import1M as Figures;
  const rec = results.recompute100k as Figures;
  const fit = results.fit100k as Figures;
  const list = results.customers1M as Figures;
  const check = (value: number | null, limit: number, what: string, below = true) => ({
    target: `${below ? '<' : '<='} ${limit}`, value, met: value === null ? null : below ? value < limit : value <= limit, of: what,
  });
  const bgGg = num(fit?.bgnbdMs) !== null && num(fit?.gammaGammaMs) !== null ? num(fit?.bgnbdMs)! + num(fit?.gammaGammaMs)! : null;
  const out: Record<string, unknown> = {
    importRatio: check(num(imp?.ratio), 8, 'import1M.ratio', false),
    importLongestTaskMs: check(num(imp?.longestTaskMs), 50, 'import1M.longestTaskMs'),
    importFirstChartMs: check(num(imp?.firstChartMs), 2000, 'import1M.firstChartMs', false),
    importPeakHeapMB: check(num(imp?.peakHeapAllMB) ?? num(imp?.peakHeapMB), 1024, 'import1M.peakHeapAllMB (page and workers; peakHeapMB when missing)'),
    recomputeMs: check(num(rec?.ms), 200, 'recompute100k.ms'),
    fitBgNbdPlusGammaGammaMs: check(bgGg, 2000, 'fit100k.bgnbdMs + fit100k.gammaGammaMs'),
    scrollFrameMs: check(num(list?.scrollFrameMs), 16.7, 'customers1M.scrollFrameMs'),
    sortMs: check(num(list?.sortMs), 300, 'customers1M.sortMs'),
    filterMs: check(num(list?.filterMs), 300, 'customers1M.filterMs'),
  };
  if (options.quick) out.note = 'a --quick run: the targets are for the full sizes, so these verdicts only hint';
  return out;
}

async function scenario(name: ScenarioName, run: () => Promise<Record<string, unknown>>): Promise<void> {
  if (!options.only.has(name)) return;
  say(`— ${name} —`);
  const t0 = performance.now();
  try {
    results[name] = await run();
  } catch (error) {
    results[name] = { error: errorMessage(error) };
    say(`${name}: ${errorMessage(error)}`);
  }
  (meta.durationsMs as Record<string, number>)[name] = Math.round(performance.now() - t0);
  save();
}

let preview: Preview | null = null;
let previewProblem: string | null = null;
async function app(): Promise<string> {
  if (previewProblem) throw new Error(previewProblem);
  if (preview) return preview.baseUrl;
  try {
    const build = ensureBuild(options.build);
    meta.build = build;
    preview = await startPreview(build.outDir);
    return preview.baseUrl;
  } catch (error) {
    previewProblem = `the app could not be built or served: ${errorMessage(error)}`;
    throw new Error(previewProblem);
  }
}

const stopPreview = () => {
  preview?.stop();
  preview = null;
};
process.on('SIGINT', () => {
  stopPreview();
  process.exit(130);
});

try {
  save();
  await scenario('import1M', async () => {
    const baseUrl = await app();
    const file = await orderLinesCsv(sizes.importLines, seed);
    return importScenario({
      baseUrl, file, runs: 5, rawReads: 3, cores: options.cores,
      timeoutMs: options.quick ? 120_000 : 900_000, progress: !options.quick,
    });
  });
  await scenario('customers1M', async () => {
    const baseUrl = await app();
    return customersScenario({
      baseUrl, customers: sizes.listCustomers, seed, timeoutMs: options.quick ? 120_000 : 1_200_000, scrollSeconds: options.quick ? 2 : 4,
    });
  });
  await scenario('recompute100k', () => recompute(sizes.nodeCustomers, seed, 5));
  await scenario('fit100k', () => fitModels(sizes.nodeCustomers, seed, 5));
} finally {
  stopPreview();
}

meta.finishedAt = new Date().toISOString();
save();

say('— summary —');
for (const name of SCENARIOS) {
  if (!(name in results)) continue;
  const r = results[name] as Record<string, unknown>;
  if ('error' in r) {
    say(`${name}: error: ${String(r.error)}`);
    continue;
  }
  const keys: Record<ScenarioName, string[]> = {
    import1M: ['lines', 'bytes', 'rawReadMs', 'importMs', 'ratio', 'longestTaskMs', 'peakHeapMB', 'peakHeapAllMB', 'peakRssMB', 'firstChartMs'],
    recompute100k: ['customers', 'ms'],
    fit100k: ['customers', 'bgnbdMs', 'paretoNbdMs', 'gammaGammaMs'],
    customers1M: ['customers', 'scrollFrameMs', 'sortMs', 'filterMs'],
  };
  say(`${name}: ${keys[name].map((k) => `${k} ${r[k] === null || r[k] === undefined ? '-' : String(r[k])}`).join(', ')}`);
}
const verdicts = targets();
const missed = Object.entries(verdicts).filter(([, v]) => typeof v === 'object' && v !== null && (v as { met: boolean | null }).met === false).map(([k]) => k);
const met = Object.entries(verdicts).filter(([, v]) => typeof v === 'object' && v !== null && (v as { met: boolean | null }).met === true).map(([k]) => k);
say(`targets met: ${met.join(', ') || 'none'}; missed: ${missed.join(', ') || 'none'}${options.quick ? ' (quick run: sizes are a tenth)' : ''}`);
say(`wrote ${RESULTS} in ${fmtMs(Date.now() - startedAt.getTime())}`);
