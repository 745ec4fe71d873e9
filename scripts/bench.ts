// npm run bench [-- --quick] [-- --only build|rebuild|validate|preview|search|live|phone|dashboard|inference|ops|publish] [-- --size N]
// Measures the real portal build against a bare Astro build of the same number of pages, and
// Table Schema validation against raw csv-parse. Prints one markdown table (stdout; progress on
// stderr). Asserts nothing: it exits non-zero only when a build (or a benchmark child) fails.
// See docs/benchmarks.md for what each row means.
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { generateBareAstro, generateBigCsv, generatePortal } from './bench/generate.ts';
import { runMeasured, type Measured } from './bench/measure.ts';
import { inferenceRows } from './bench/inference.ts';
import { dashboardRows } from './bench/dashboard.ts';
import { liveRows } from './bench/live.ts';
import { opsRows } from './bench/ops.ts';
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
const PARTS = ['build', 'rebuild', 'validate', 'preview', 'search', 'live', 'phone', 'dashboard', 'inference', 'ops', 'publish'] as const;
if (only !== undefined && !(PARTS as readonly string[]).includes(only)) {
  console.error(`usage: npm run bench -- [--quick] [--only ${PARTS.join('|')}]`);
  process.exit(2);
}
// --size N: the build rows of one size only (cold, then the copied folder warm, and the bare
// builds of N and 2N pages), for a before/after comparison without the whole half hour; with
// --only publish, publishing into a generated portal of N datasets instead of the example one.
const sizeIndex = args.indexOf('--size');
const oneSize = sizeIndex >= 0 ? Number(args[sizeIndex + 1]) : undefined;
if (oneSize !== undefined && !(Number.isInteger(oneSize) && oneSize > 0)) {
  console.error(`--size: "${args[sizeIndex + 1]}" is not a number of datasets`);
  process.exit(2);
}
const SIZES = oneSize ? [oneSize] : quick ? [100, 200] : [1_000, 10_000];
const CSV_ROWS = quick ? 100_000 : 1_000_000;

// ---------- helpers ----------
const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = benchDir(prefix);
  temps.push(dir);
  return dir;
}
function cleanup(): void {
  removeScratch();
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
/** Wall time and, when known, the CPU time of the whole process tree (steadier on a shared machine). */
const fmtWallCpu = (m: { ms: number; cpuMs: number }): string => (m.cpuMs ? `${fmtS(m.ms)} (CPU ${fmtS(m.cpuMs)})` : fmtS(m.ms));

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

// The builds' scratch folders are removed at the end, not between measures: for a while after
// tens of thousands of files are deleted, creating files costs several times more on ext4 (its
// inode allocator skips recently freed inodes), and a build measured right after removing the
// previous one (20,000 pages) paid for it, some runs 10 s more than others.
const scratch: (() => void)[] = [];
const later = (remove: () => void) => scratch.push(remove);
function removeScratch(): void {
  for (const remove of scratch.splice(0)) remove();
}

interface BuildRun {
  m: Measured;
  pages: number;
}

/** What the build's own lines say: files validated and derived again, and the precompression time. */
function buildSays(output: string): string {
  const parts: string[] = [];
  const unchanged = /(\d[\d,]*) of the files unchanged since an earlier check/.exec(output);
  if (unchanged) parts.push(`${unchanged[1]} files not validated again`);
  const previews = /✓ previews: (\d+) computed \([\d,]+ rows\), (\d+) from cache/.exec(output);
  if (previews) parts.push(`previews ${previews[1]} computed, ${previews[2]} cached`);
  const bundle = /Astro bundle \w+ (reused|built and kept)/.exec(output);
  if (bundle) parts.push(bundle[1] === 'reused' ? 'Astro bundle reused' : 'Astro bundle built');
  const pages = /static pages: (\d+) rendered, (\d+) unchanged, from the cache, in ([\d.]+ s)/.exec(output);
  if (pages) parts.push(`pages ${pages[3]} (${pages[1]} rendered, ${pages[2]} from the cache)`);
  const compressed = /precompressed (\d+) files .*?(\d+) unchanged, from the cache\) in ([\d.]+ s)(?:; (\d+) of them with their pages)?/.exec(output);
  if (compressed) parts.push(`precompress ${compressed[3]} (${compressed[2]} of ${compressed[1]} from the cache${compressed[4] ? `, ${compressed[4]} compressed or linked with their pages` : ''})`);
  return parts.join('; ');
}

/** `scripts/build.ts` on a content folder into a new dist folder, with the given cache folder. */
async function buildPortal(what: string, content: string, cache: string): Promise<BuildRun> {
  const dist = tempDir('bench-portal-dist-');
  log(`${what}…`);
  // As `npm run build` starts it: Node with tsx's loader, one process.
  const m = await runMeasured(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORTAL_CONTENT: content, PORTAL_DIST: dist, PORTAL_CACHE: cache, ASTRO_TELEMETRY_DISABLED: '1' },
    marks: { astro: /\bastro(\.js)? build\b/ },
  });
  if (m.status !== 0) fail(what, m);
  const pages = countHtml(dist);
  log(`  ${fmtWallCpu(m)}, peak ${fmtMB(m.peakRss)}, ${fmtInt(pages)} HTML pages`);
  later(() => removeBuilds(dist));
  return { m, pages };
}

/** The result column of a portal build: pages, phases, Astro's own timings, what was reused. */
function buildResult(run: BuildRun): string {
  const astroAt = run.m.marks.astro;
  const phases = astroAt === undefined ? '' : `; validation + previews ${fmtS(astroAt)} (peak ${fmtMB(run.m.peakBefore.astro ?? 0)}), astro build + precompress ${fmtS(run.m.ms - astroAt)}`;
  const astroSays = astroPhases(run.m.output);
  const says = buildSays(run.m.output);
  return `${fmtInt(run.pages)} HTML pages${phases}${astroSays ? `; Astro: ${astroSays}` : ''}${says ? `; ${says}` : ''}`;
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
  later(() => rmSync(project, { recursive: true, force: true }));
  return { m, pages };
}

/**
 * The example portal (content/) copied to a temp folder, built once with an empty cache, then
 * one dataset description changed and built again: the rebuild a publisher waits for.
 */
async function exampleRebuild(): Promise<string[][]> {
  const content = tempDir('bench-example-content-');
  const cache = tempDir('bench-example-cache-');
  cpSync(join(ROOT, 'content'), content, { recursive: true });
  const first = await buildPortal('example portal, first build', content, cache);
  const datasets = join(content, 'datasets');
  const slug = readdirSync(datasets).sort()[0]!;
  const yaml = join(datasets, slug, 'dataset.yaml');
  const text = readFileSync(yaml, 'utf8');
  // The first words of the description (per-language block, or a single line) get a prefix.
  const NOTE = 'Changé pour le banc d’essai. ';
  const changed = /^description:\n\s+[a-z-]+: [|>][-+]?\n\s+/m.test(text)
    ? text.replace(/^description:\n\s+[a-z-]+: [|>][-+]?\n\s+/m, (m) => m + NOTE)
    : text.replace(/^description: (?![|>])/m, (m) => m + NOTE);
  if (changed === text) throw new Error(`bench: no description: line in ${yaml}`);
  writeFileSync(yaml, changed);
  const again = await buildPortal(`example portal, rebuild after one description change (${slug})`, content, cache);
  return [
    ['example portal, first build (empty cache)', fmtWallCpu(first.m), fmtMB(first.m.peakRss), buildResult(first), '', ''],
    [`example portal, rebuild after one description change`, fmtWallCpu(again.m), fmtMB(again.m.peakRss), buildResult(again), `${fmtX(again.m.ms / first.m.ms)} of the first build`, '≤ 3 s'],
  ];
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

const results = new Map<number, BuildRun>();
if (only === undefined || only === 'build') {
  let warmRow: string[] | undefined;
  for (const n of SIZES) {
    // The floor: a bare Astro build of as many pages as the portal makes (two languages), and of n.
    const bare = await bareBuild(n);
    const bare2 = await bareBuild(2 * n);
    const content = tempDir(`bench-portal-content-${n}-`);
    const cache = tempDir(`bench-portal-cache-${n}-`);
    log(`generating a portal of ${fmtInt(n)} datasets in ${content}`);
    generatePortal(content, n);
    // A cold build: an empty cache (PORTAL_CACHE) of its own.
    const portal = await buildPortal(`portal build, ${fmtInt(n)} datasets`, content, cache);
    results.set(n, portal);
    const isTarget = n === SIZES[SIZES.length - 1];
    rows.push([
      `portal build, ${fmtInt(n)} datasets`,
      fmtWallCpu(portal.m),
      fmtMB(portal.m.peakRss),
      buildResult(portal),
      `time ${fmtX(portal.m.ms / bare2.m.ms)}, CPU ${fmtX(portal.m.cpuMs / bare2.m.cpuMs)}, memory ${fmtX(portal.m.peakRss / bare2.m.peakRss)} of bare ${fmtInt(2 * n)} pages`,
      n === 10_000 ? '≤ 60 s, ≤ 1 GB; time ≤ 3× bare' : '(target applies at 10,000)',
    ]);
    for (const [b, pages] of [
      [bare, n],
      [bare2, 2 * n],
    ] as const)
      rows.push([
        `bare Astro build, ${fmtInt(pages)} trivial pages`,
        fmtWallCpu(b.m),
        fmtMB(b.m.peakRss),
        `${fmtInt(b.pages)} HTML pages${astroPhases(b.m.output) ? `; Astro: ${astroPhases(b.m.output)}` : ''}`,
        '1×',
        '',
      ]);
    if (isTarget) {
      // The same content copied elsewhere (new paths, new modification times), same cache.
      const copy = tempDir(`bench-portal-copy-${n}-`);
      cpSync(content, copy, { recursive: true });
      const warm = await buildPortal(`portal build, ${fmtInt(n)} datasets, copied content folder (warm cache)`, copy, cache);
      warmRow = [
        `portal build, ${fmtInt(n)} datasets, copied content folder, warm`,
        fmtWallCpu(warm.m),
        fmtMB(warm.m.peakRss),
        buildResult(warm),
        `${fmtX(warm.m.ms / portal.m.ms)} of the cold build`,
        'nothing validated or derived again',
      ];
      later(() => rmSync(copy, { recursive: true, force: true }));
    }
    later(() => rmSync(content, { recursive: true, force: true }));
    later(() => rmSync(cache, { recursive: true, force: true }));
  }
  if (warmRow) rows.push(warmRow);
}
if ((only === undefined || only === 'build') && !oneSize) {
  const [small, large] = SIZES as [number, number];
  const a = results.get(small)!;
  const b = results.get(large)!;
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
  rows.push(...(await exampleRebuild()));
  log(`open-standards export, ${fmtInt(large)} datasets…`);
  rows.push(...(await standardsRows(large, b.m.ms)));
}

// The example portal's first build and rebuild alone (also part of `build`).
if (only === 'rebuild') rows.push(...(await exampleRebuild()));

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
if (only === undefined || only === 'publish') rows.push(...(await publishRows({ log, size: oneSize })));
if (only === undefined || only === 'dashboard') rows.push(...(await dashboardRows({ root: ROOT, log, runs: quick ? 1 : 3, pushes: quick ? 20 : 30 })));
// PHONE_DIST measures an existing build of the example content (before/after comparisons).
if (only === undefined || only === 'phone') rows.push(...(await phoneRows({ root: ROOT, log, dist: process.env.PHONE_DIST })));
// OPS_DIST measures an existing build of the example content; nginx is Debian's (/usr/sbin/nginx).
if (only === undefined || only === 'ops') rows.push(...(await opsRows({ root: ROOT, log, seconds: quick ? 3 : 5, dist: process.env.OPS_DIST })));
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
