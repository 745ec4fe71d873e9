// npm run bench [-- --quick] [-- --only build|validate|preview|search|live|phone|dashboard|inference|publish]
// Measures the real portal build against a bare Astro build of the same number of pages, and
// Table Schema validation against raw csv-parse. Prints one markdown table (stdout; progress on
// stderr). Asserts nothing: it exits non-zero only when a build (or a benchmark child) fails.
// See docs/benchmarks.md for what each row means.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { generateBareAstro, generateBigCsv, generatePortal } from './bench/generate.ts';
import { runMeasured, type Measured } from './bench/measure.ts';
import { inferenceRows } from './bench/inference.ts';
import { dashboardRows } from './bench/dashboard.ts';
import { liveRows } from './bench/live.ts';
import { phoneRows } from './bench/phone.ts';
import { previewRows } from './bench/preview.ts';
import { publishRows } from './bench/publish.ts';
import { searchRows } from './bench/search.ts';
import { standardsRows } from './bench/standards.ts';
import { benchDir } from './bench/temp.ts';
import { removeBuilds } from '../src/server/builds.ts';

const ROOT = resolve(import.meta.dirname, '..');
const NODE_MODULES = join(ROOT, 'node_modules');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
const PARTS = ['build', 'validate', 'preview', 'search', 'live', 'phone', 'dashboard', 'inference', 'publish'] as const;
if (only !== undefined && !(PARTS as readonly string[]).includes(only)) {
  console.error(`usage: npm run bench -- [--quick] [--only ${PARTS.join('|')}]`);
  process.exit(2);
}
const SIZES = quick ? [100, 200] : [1_000, 10_000];
const CSV_ROWS = quick ? 100_000 : 1_000_000;

// ---------- helpers ----------
const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = benchDir(prefix);
  temps.push(dir);
  return dir;
}
function cleanup(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);
const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
const fmtS = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const fmtMB = (b: number): string => (b ? `${fmtInt(b / 1048576)} MB` : 'n/a');
const fmtX = (r: number): string => (Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a');

function version(pkg: string): string {
  try {
    return JSON.parse(readFileSync(join(NODE_MODULES, pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'missing';
  }
}

function countHtml(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile() && entry.name.endsWith('.html')) n++;
  return n;
}

function fail(what: string, m: Measured): never {
  console.error(`\n[bench] ${what} failed (exit ${m.status}). Its output:\n`);
  console.error(m.output);
  cleanup();
  process.exit(1);
}

/**
 * Astro's own phase timings from its log: the server (SSR) bundle, the client bundle, and the
 * rendering of static pages ("prerendering static routes" with an adapter, "generating static
 * routes" without; a bare build also prints "N page(s) built in X").
 */
function astroPhases(output: string): string {
  const phases: string[] = [];
  let section: 'ssr' | 'client' | 'pages' | undefined;
  for (const raw of output.split('\n')) {
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
    if (/Building server entrypoints/.test(line)) section = 'ssr';
    else if (/building client/.test(line)) section = 'client';
    else if (/(prerendering|generating) static routes/.test(line)) section = 'pages';
    const done = /✓ (?:Completed|built) in ([\d.]+m?s)/.exec(line);
    if (done && section) {
      phases.push(`${{ ssr: 'server bundle', client: 'client bundle', pages: 'pages' }[section]} ${done[1]}`);
      section = undefined;
    }
  }
  return phases.join(', ');
}

interface BuildRun {
  m: Measured;
  pages: number;
}

async function portalBuild(n: number): Promise<BuildRun> {
  const content = tempDir(`bench-portal-content-${n}-`);
  const dist = tempDir(`bench-portal-dist-${n}-`);
  log(`generating a portal of ${fmtInt(n)} datasets in ${content}`);
  generatePortal(content, n);
  log(`portal build, ${fmtInt(n)} datasets…`);
  const m = await runMeasured(process.execPath, [join(NODE_MODULES, 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'build.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORTAL_CONTENT: content, PORTAL_DIST: dist, ASTRO_TELEMETRY_DISABLED: '1' },
    marks: { astro: /\bastro(\.js)? build\b/ },
  });
  if (m.status !== 0) fail(`portal build of ${fmtInt(n)} datasets`, m);
  const pages = countHtml(dist);
  log(`  ${fmtS(m.ms)}, peak ${fmtMB(m.peakRss)}, ${fmtInt(pages)} HTML pages`);
  rmSync(content, { recursive: true, force: true });
  removeBuilds(dist);
  return { m, pages };
}

async function bareBuild(n: number): Promise<BuildRun> {
  const project = tempDir(`bench-bare-astro-${n}-`);
  generateBareAstro(project, n, NODE_MODULES);
  log(`bare Astro build, ${fmtInt(n)} pages…`);
  const m = await runMeasured(join(NODE_MODULES, '.bin', 'astro'), ['build', '--root', project], {
    cwd: project,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (m.status !== 0) fail(`bare Astro build of ${fmtInt(n)} pages`, m);
  const pages = countHtml(join(project, 'dist'));
  log(`  ${fmtS(m.ms)}, peak ${fmtMB(m.peakRss)}, ${fmtInt(pages)} HTML pages`);
  rmSync(project, { recursive: true, force: true });
  return { m, pages };
}

interface WorkerRun {
  rows: number;
  errors: number;
  ms: number;
  peakRss: number;
}

async function validateRun(mode: 'raw' | 'validate' | 'validate-pk', csv: string): Promise<WorkerRun> {
  log(`${mode} of ${fmtInt(CSV_ROWS)} rows…`);
  const m = await runMeasured(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'bench', 'validate-worker.ts'), mode, csv], {
    cwd: ROOT,
  });
  if (m.status !== 0) fail(`validation benchmark (${mode})`, m);
  const line = m.output.trim().split('\n').pop() ?? '';
  const r = JSON.parse(line) as { rows: number; errors: number; ms: number; maxRss: number };
  // The /proc sampler may miss a very short peak; the child's own maxRSS never does.
  const peakRss = Math.max(m.peakRss, r.maxRss);
  log(`  ${fmtS(r.ms)}, ${fmtInt(r.rows / (r.ms / 1000))} rows/s, peak ${fmtMB(peakRss)}`);
  return { rows: r.rows, errors: r.errors, ms: r.ms, peakRss };
}

// ---------- run ----------
const rows: string[][] = [];
const startLoad = loadavg()[0]!;

if (only === undefined || only === 'build') {
  const results = new Map<number, { portal: BuildRun; bare: BuildRun }>();
  for (const n of SIZES) {
    const bare = await bareBuild(n);
    const portal = await portalBuild(n);
    results.set(n, { portal, bare });
    const astroAt = portal.m.marks.astro;
    const phases = astroAt === undefined ? '' : `validation ${fmtS(astroAt)} (peak ${fmtMB(portal.m.peakBefore.astro ?? 0)}), astro build ${fmtS(portal.m.ms - astroAt)}`;
    const astroSays = astroPhases(portal.m.output);
    const isTarget = n === SIZES[SIZES.length - 1];
    rows.push([
      `portal build, ${fmtInt(n)} datasets`,
      fmtS(portal.m.ms),
      fmtMB(portal.m.peakRss),
      `${fmtInt(portal.pages)} HTML pages; ${phases}${astroSays ? `; Astro: ${astroSays}` : ''}`,
      `time ${fmtX(portal.m.ms / bare.m.ms)}, memory ${fmtX(portal.m.peakRss / bare.m.peakRss)} of bare`,
      isTarget ? 'time ≤ 2×, memory ≤ 1.5×' : `(target applies at ${fmtInt(SIZES[SIZES.length - 1]!)})`,
    ]);
    rows.push([
      `bare Astro build, ${fmtInt(n)} trivial pages`,
      fmtS(bare.m.ms),
      fmtMB(bare.m.peakRss),
      `${fmtInt(bare.pages)} HTML pages${astroPhases(bare.m.output) ? `; Astro: ${astroPhases(bare.m.output)}` : ''}`,
      '1×',
      '',
    ]);
  }
  const [small, large] = SIZES as [number, number];
  const a = results.get(small)!.portal;
  const b = results.get(large)!.portal;
  const perA = a.m.ms / small;
  const perB = b.m.ms / large;
  const marginal = (b.m.ms - a.m.ms) / (large - small);
  rows.push([
    `portal build, time per dataset`,
    `${perA.toFixed(1)} ms at ${fmtInt(small)}, ${perB.toFixed(1)} ms at ${fmtInt(large)}`,
    `${(a.m.peakRss / small / 1024).toFixed(0)} kB, ${(b.m.peakRss / large / 1024).toFixed(0)} kB per dataset`,
    `marginal ${marginal.toFixed(1)} ms per extra dataset`,
    `${fmtX(perB / perA)} (per-dataset time at ${fmtInt(large)} vs ${fmtInt(small)})`,
    '≈ 1× or less (linear)',
  ]);
  log(`open-standards export, ${fmtInt(large)} datasets…`);
  rows.push(...(await standardsRows(large, b.m.ms)));
}

if (only === 'preview') {
  const dir = tempDir('bench-preview-');
  const csv = join(dir, 'big.csv');
  await generateBigCsv(csv, CSV_ROWS);
  const raw = await validateRun('raw', csv);
  rows.push(...(await previewRows({ root: ROOT, csv, rows: CSV_ROWS, rawSpeed: raw.rows / (raw.ms / 1000), log })));
}

if (only === undefined || only === 'validate') {
  const dir = tempDir('bench-validate-');
  const csv = join(dir, 'big.csv');
  log(`generating a ${fmtInt(CSV_ROWS)}-row CSV in ${csv}`);
  await generateBigCsv(csv, CSV_ROWS);
  const raw = await validateRun('raw', csv);
  const val = await validateRun('validate', csv);
  const pk = await validateRun('validate-pk', csv);
  const speed = (r: WorkerRun): number => r.rows / (r.ms / 1000);
  const errs = (r: WorkerRun): string => (r.errors ? `; ${fmtInt(r.errors)} errors (unexpected)` : '; 0 errors');
  rows.push([`validate ${fmtInt(CSV_ROWS)}-row CSV`, fmtS(val.ms), fmtMB(val.peakRss), `${fmtInt(speed(val))} rows/s${errs(val)}`, `${fmtX(speed(val) / speed(raw))} of raw speed`, '≥ 0.5×']);
  rows.push([`raw csv-parse of the same file`, fmtS(raw.ms), fmtMB(raw.peakRss), `${fmtInt(speed(raw))} rows/s`, '1×', '']);
  rows.push(...(await previewRows({ root: ROOT, csv, rows: CSV_ROWS, rawSpeed: speed(raw), log })));
  rows.push([`validate + primaryKey uniqueness (1 column)`, fmtS(pk.ms), fmtMB(pk.peakRss), `${fmtInt(speed(pk))} rows/s${errs(pk)}`, `${fmtX(speed(pk) / speed(raw))} of raw speed`, '']);
}
if (only === undefined || only === 'inference') {
  const dir = tempDir('bench-inference-');
  const csv = join(dir, 'big.csv');
  log(`generating a ${fmtInt(CSV_ROWS)}-row CSV in ${csv}`);
  await generateBigCsv(csv, CSV_ROWS);
  const raw = await validateRun('raw', csv);
  rows.push(...(await inferenceRows({ root: ROOT, csv, rows: CSV_ROWS, rawSpeed: raw.rows / (raw.ms / 1000), log })));
}
if (only === undefined || only === 'search') {
  rows.push(...(await searchRows({ root: ROOT, sizes: quick ? [2_000, 10_000] : [10_000, 100_000], log })));
}
if (only === undefined || only === 'live') rows.push(...(await liveRows()));
if (only === undefined || only === 'publish') rows.push(...(await publishRows({ log })));
if (only === undefined || only === 'dashboard') rows.push(...(await dashboardRows({ root: ROOT, log, runs: quick ? 1 : 2, pushes: quick ? 20 : 30 })));
// PHONE_DIST measures an existing build of the example content (before/after comparisons).
if (only === undefined || only === 'phone') rows.push(...(await phoneRows({ root: ROOT, log, dist: process.env.PHONE_DIST })));
cleanup();

// ---------- print ----------
const cpu = cpus();
const head = [
  `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 1073741824).toFixed(1)} GB RAM; ` +
    `load average ${startLoad.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end`,
  `Node ${process.version}; astro ${version('astro')}, @astrojs/node ${version('@astrojs/node')}, csv-parse ${version('csv-parse')}, ` +
    `ajv ${version('ajv')}, zod ${version('zod')}, better-sqlite3 ${version('better-sqlite3')}, pg ${version('pg')}${quick ? '; --quick run' : ''}; ${new Date().toISOString().slice(0, 16)}Z`,
];
const table = [['run', 'time', 'peak RSS', 'result', 'ratio', 'target'], ...rows];
const widths = table[0]!.map((_, i) => Math.max(3, ...table.map((r) => r[i]!.length)));
const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(['', ...head, '', line(table[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...table.slice(1).map(line)].join('\n'));
