// Publishing into a running portal (docs/publishing.md): the example content copied (or, with
// --size N, a generated portal of N datasets, scripts/bench/generate.ts), built and served by the
// real server; a publisher token made by `npm run token`; continuous reads (a page,
// /api/search, package_show, catalog.jsonld) from 4 clients while one dataset is published
// through the CKAN write API (package_create, then resource_create with a CSV). Measured: from
// the first request until the dataset's page, the search, the CKAN API and catalog.jsonld all
// show it, and how many reads failed meanwhile, with the rebuild's phases from the server's log
// (src/publish/rebuild.ts prints each build line with when it came). On the example portal, then a
// large CSV (90 MB) added to that dataset: how the other reads fare while the server checks it,
// against the same reads just before. Returns table rows for scripts/bench.ts.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, openAsBlob, openSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { removeBuilds } from '../../src/server/builds.ts';
import { generatePortal } from './generate.ts';
import { rssOf, tree } from './measure.ts';
import { startBenchServer, type BenchServer } from './server.ts';
import { benchDir } from './temp.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
/** What is published into, what the readers read meanwhile, and who publishes. */
function portalOf(size: number | undefined) {
  if (size === undefined)
    return {
      name: 'the example portal',
      reads: ['/', '/api/search?q=vaccination', '/api/3/action/package_show?id=centres-vaccination', '/catalog.jsonld'],
      publisher: 'etalab',
      sector: 'health',
    };
  return {
    name: `a portal of ${size.toLocaleString('en-US')} datasets`,
    reads: ['/', '/api/search?q=jeu', '/api/3/action/package_show?id=jeu-00000', '/datasets/jeu-00001/', '/catalog.jsonld'],
    publisher: 'sante-publique',
    sector: 'health',
  };
}

/** The rebuild lines the server logged (src/publish/rebuild.ts), "+12.3 s <line>", of the last rebuild. */
function rebuildTimeline(log: string): string[] {
  const blocks = log.split(/^publishing: rebuilt in [\d.]+ s\n/m).slice(1);
  const last = blocks[blocks.length - 1] ?? '';
  return last
    .split('\n')
    .filter((l) => /^ {2}\+[\d.]+ s /.test(l))
    .map((l) => l.trim());
}

/** Where the rebuild spent its time: each phase from the line that ends it, as seconds since the previous one. */
export function rebuildPhases(timeline: string[]): string {
  const PHASES: [RegExp, string][] = [
    [/: valid — /, 'validation'],
    [/✓ previews:/, 'previews'],
    [/Astro bundle \w+ reused/, 'bundle restored'],
    [/^wrote the data files, exports and runtime files/, 'data files, exports, search, runtime files'],
    [/^static pages:/, 'pages (freeze)'],
    [/^precompressed/, 'precompression'],
    [/^serving /, 'switch and prune'],
  ];
  const out: string[] = [];
  let previous = 0;
  for (const entry of timeline) {
    const m = /^\+([\d.]+) s (.*)$/.exec(entry);
    if (!m) continue;
    const phase = PHASES.find(([re]) => re.test(m[2]!));
    if (!phase) continue;
    const at = Number(m[1]);
    out.push(`${phase[1]} ${(at - previous).toFixed(1)} s`);
    previous = at;
  }
  return out.join(', ');
}

/** A CSV of about `bytes` that infers and validates cleanly: a unique code, a day, a département, a count, a rate. */
function writeLargeCsv(path: string, bytes: number): number {
  const fd = openSync(path, 'w');
  let written = writeSync(fd, 'code,jour,departement,valeur,taux\n');
  let rows = 0;
  const day0 = Date.UTC(2020, 2, 18);
  while (written < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++, rows++) {
      const day = new Date(day0 + (rows % 900) * 86_400_000).toISOString().slice(0, 10);
      lines.push(`K${String(rows).padStart(8, '0')},${day},${String((rows % 95) + 1).padStart(2, '0')},${(rows * 7) % 1000},${((rows % 97) / 97).toFixed(3)}`);
    }
    written += writeSync(fd, `${lines.join('\n')}\n`);
  }
  closeSync(fd);
  return rows;
}

/** The nth of 100 quantiles of sorted values (0 when empty). */
function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Reads from 4 clients for as long as `during` runs: each read's latency (ms) and how many failed.
 * The server's memory (its own, and with the processes it started) sampled every 50 ms.
 */
async function readsWhile(server: BenchServer, reads: readonly string[], during: () => Promise<void>) {
  const latencies: number[] = [];
  let failed = 0;
  let stop = false;
  let ownPeak = 0;
  let treePeak = 0;
  const sample = setInterval(() => {
    ownPeak = Math.max(ownPeak, rssOf(server.pid));
    treePeak = Math.max(
      treePeak,
      tree(server.pid).reduce((sum, pid) => sum + rssOf(pid), 0),
    );
  }, 50);
  const reader = async (offset: number) => {
    for (let i = offset; !stop; i++) {
      const t = performance.now();
      try {
        const res = await fetch(`${server.url}${reads[i % reads.length]}`);
        await res.arrayBuffer();
        if (res.status !== 200) failed++;
      } catch {
        failed++;
      }
      latencies.push(performance.now() - t);
    }
  };
  const readers = [0, 1, 2, 3].map(reader);
  try {
    await during();
  } finally {
    stop = true;
    clearInterval(sample);
    await Promise.all(readers);
  }
  latencies.sort((a, b) => a - b);
  return { latencies, failed, ownPeak, treePeak };
}

/**
 * A 90 MB CSV added to the dataset published before (resource_create: its schema inferred, then
 * the write checked like a build checks it), with reads going on: their latency against 5 s of
 * the same reads just before, and the server's memory meanwhile.
 */
async function largeUploadRow(server: BenchServer, token: string, reads: readonly string[], work: string, log: (msg: string) => void): Promise<string[]> {
  const file = join(work, 'grand.csv');
  const rows = writeLargeCsv(file, 90 * 1024 * 1024);
  const mb = statSync(file).size / 1024 / 1024;
  log(`publish: ${mb.toFixed(0)} MB CSV (${rows.toLocaleString('en-US')} rows) added with resource_create under continuous reads`);
  const before = await readsWhile(server, reads, () => new Promise((r) => setTimeout(r, 5000)));
  let answeredMs = 0;
  const during = await readsWhile(server, reads, async () => {
    const form = new FormData();
    form.set('package_id', 'bench-publie');
    form.set('upload', await openAsBlob(file), 'grand.csv');
    const t0 = performance.now();
    const res = await fetch(`${server.url}/api/3/action/resource_create`, { method: 'POST', headers: { Authorization: token }, body: form });
    const body = await res.text();
    answeredMs = performance.now() - t0;
    if (res.status !== 200) throw new Error(`resource_create of the large CSV: ${res.status} ${body.slice(0, 2000)}`);
  });
  rmSync(file, { force: true });
  const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`);
  const p99Before = percentile(before.latencies, 99);
  const p99During = percentile(during.latencies, 99);
  return [
    `add a ${mb.toFixed(0)} MB CSV to a dataset of the running example portal (resource_create, schema inferred), reads meanwhile`,
    `${(answeredMs / 1000).toFixed(1)} s`,
    `${(during.ownPeak / 1024 / 1024).toFixed(0)} MB`,
    `accepted and answered in ${(answeredMs / 1000).toFixed(1)} s (${rows.toLocaleString('en-US')} rows); reads meanwhile: ${during.latencies.length.toLocaleString('en-US')}, ${during.failed} failed, p50 ${ms(percentile(during.latencies, 50))}, p99 ${ms(p99During)}, max ${ms(during.latencies.at(-1) ?? 0)}; the same reads in the 5 s before: p50 ${ms(percentile(before.latencies, 50))}, p99 ${ms(p99Before)}; server process peak ${(during.ownPeak / 1024 / 1024).toFixed(0)} MB (${(before.ownPeak / 1024 / 1024).toFixed(0)} MB before), with the processes it started ${(during.treePeak / 1024 / 1024).toFixed(0)} MB`,
    `reads p99 ${(p99During / Math.max(1, p99Before)).toFixed(1)}× of before`,
    'reads p99 ≤ 1 s meanwhile, 0 failed',
  ];
}

export async function publishRows(o: { log: (msg: string) => void; size?: number }): Promise<string[][]> {
  // BENCH_PUBLISH_DIR: a folder kept between runs (its content, cache and builds), so a second
  // run measures again without generating and building cold; the dataset published before is removed.
  const kept = process.env.BENCH_PUBLISH_DIR;
  const work = kept ? resolve(kept) : benchDir('publish-');
  const content = join(work, 'content');
  const dist = join(work, 'dist');
  const cache = join(work, 'cache');
  const state = mkdtempSync(join(tmpdir(), 'bench-publish-state-'));
  const portal = portalOf(o.size);
  if (kept && existsSync(content)) rmSync(join(content, 'datasets', 'bench-publie'), { recursive: true, force: true });
  else if (o.size === undefined) cpSync(join(ROOT, 'content'), content, { recursive: true });
  else {
    o.log(`publish: generating ${portal.name}`);
    generatePortal(content, o.size);
  }
  const env = { ...process.env, PORTAL_CONTENT: content, PORTAL_DIST: dist, PORTAL_STATE_DIR: state, PORTAL_CACHE: cache, DATABASE_URL: '', ASTRO_TELEMETRY_DISABLED: '1' };
  try {
    o.log(`publish: building ${portal.name}`);
    const buildStarted = performance.now();
    const built = spawnSync(process.execPath, [TSX, join(ROOT, 'scripts', 'build.ts')], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (built.status !== 0) throw new Error(`build failed:\n${built.stdout}${built.stderr}`);
    o.log(`publish: built in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s`);
    const tok = spawnSync(process.execPath, [TSX, join(ROOT, 'scripts', 'token.ts'), 'create', '--publisher', portal.publisher, '--json'], { cwd: ROOT, env, encoding: 'utf8' });
    const token = (JSON.parse(tok.stdout) as { token: string }).token;
    let serverLog = '';
    // When the server said it serves a new build (src/server/site.ts): the rest is its loading of that build's runtime files on first use.
    let switchedAt = 0;
    const server = await startBenchServer(dist, { PORTAL_CONTENT: content, PORTAL_STATE_DIR: state, PORTAL_CACHE: cache, DATABASE_URL: '' }, '/', (text) => {
      serverLog += text;
      if (/^serving the new build /m.test(text)) switchedAt = performance.now();
    });
    const READS = portal.reads;
    let stop = false;
    let reads = 0;
    let failed = 0;
    const reader = async (offset: number) => {
      for (let i = offset; !stop; i++) {
        try {
          const res = await fetch(`${server.url}${READS[i % READS.length]}`);
          await res.arrayBuffer();
          reads++;
          if (res.status !== 200) failed++;
        } catch {
          failed++;
        }
      }
    };
    try {
      const readers = [0, 1, 2, 3].map(reader);
      o.log('publish: package_create + resource_create under continuous reads');
      const t0 = performance.now();
      const created = await fetch(`${server.url}/api/3/action/package_create`, {
        method: 'POST',
        headers: { Authorization: token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'bench-publie', title: 'Jeu publié par le banc (quetzal)', notes: 'Publié par npm run bench.', owner_org: portal.publisher, groups: [{ name: portal.sector }] }),
      });
      if (created.status !== 200) throw new Error(`package_create: ${created.status} ${await created.text()}`);
      const form = new FormData();
      form.set('package_id', 'bench-publie');
      form.set('upload', new Blob(['code,valeur\nA,1\nB,2\n']), 'valeurs.csv');
      const uploaded = await fetch(`${server.url}/api/3/action/resource_create`, { method: 'POST', headers: { Authorization: token }, body: form });
      if (uploaded.status !== 200) throw new Error(`resource_create: ${uploaded.status} ${await uploaded.text()}`);
      const acceptedMs = performance.now() - t0;
      // When each of the four first showed it (ms after the first write).
      const firstShown: Record<'page' | 'search' | 'ckan' | 'dcat', number | undefined> = { page: undefined, search: undefined, ckan: undefined, dcat: undefined };
      const shows = async () => {
        const [page, search, show, dcat] = await Promise.all([
          fetch(`${server.url}/datasets/bench-publie/`).then((r) => r.status),
          fetch(`${server.url}/api/search?q=quetzal`).then((r) => r.text()),
          fetch(`${server.url}/api/3/action/package_show?id=bench-publie`).then((r) => r.status),
          fetch(`${server.url}/catalog.jsonld`).then((r) => r.text()),
        ]);
        const now = performance.now() - t0;
        const seen = { page: page === 200, search: search.includes('bench-publie'), ckan: show === 200, dcat: dcat.includes('/datasets/bench-publie/') };
        for (const k of Object.keys(seen) as (keyof typeof seen)[]) if (seen[k]) firstShown[k] ??= now;
        return Object.values(seen).every(Boolean);
      };
      const deadline = Date.now() + 600_000;
      while (!(await shows())) {
        if (Date.now() > deadline) throw new Error('the published dataset did not show within 10 minutes');
        await new Promise((r) => setTimeout(r, 100));
      }
      const shownMs = performance.now() - t0;
      // Then the rebuild that includes it, served (the publish layer hands over to it: src/server/publish-layer.ts), the reads going on.
      while (!/^publishing: the build now serves bench-publie/m.test(serverLog)) {
        if (Date.now() > deadline) throw new Error('the rebuild was not served within 10 minutes');
        await new Promise((r) => setTimeout(r, 50));
      }
      const rebuiltMs = performance.now() - t0;
      const afterRebuild = await shows();
      stop = true;
      await Promise.all(readers);
      if (!afterRebuild) throw new Error('the published dataset was no longer shown once the rebuild was served');
      // The rebuild that made it visible has logged its lines by now (the server logs, then switches).
      const timeline = rebuildTimeline(serverLog);
      const builds = serverLog.match(/^publishing: rebuilt in [\d.]+ s$/gm) ?? [];
      o.log(
        `publish: the server's log of the rebuilds:\n${serverLog
          .split('\n')
          .filter((l) => /^publishing|^ {2}\+/.test(l))
          .join('\n')}`,
      );
      const phases = rebuildPhases(timeline);
      const large = o.size === undefined ? await largeUploadRow(server, token, READS, work, o.log) : undefined;
      return [
        [
          `publish one dataset into ${o.size === undefined ? 'the running example portal' : `a running ${portal.name.replace(/^a /, '')}`} (CKAN API)`,
          `${(shownMs / 1000).toFixed(1)} s`,
          '',
          `written and answered in ${(acceptedMs / 1000).toFixed(1)} s; page, search, CKAN and catalog.jsonld show it after ${(shownMs / 1000).toFixed(1)} s (each first: ${Object.entries(firstShown)
            .map(([k, v]) => `${k} ${((v ?? shownMs) / 1000).toFixed(1)} s`)
            .join(
              ', ',
            )}); the rebuild that includes it served after ${(rebuiltMs / 1000).toFixed(1)} s (${builds.length} rebuild${builds.length === 1 ? '' : 's'}${switchedAt ? `, switched at ${((switchedAt - t0) / 1000).toFixed(1)} s` : ''})${phases ? `; last rebuild: ${phases}` : ''}; ${reads.toLocaleString('en-US')} reads meanwhile, ${failed} failed`,
          '',
          '≤ 10 s, 0 failed (at 10,000 datasets)',
        ],
        ...(large ? [large] : []),
      ];
    } finally {
      stop = true;
      await server.stop();
    }
  } finally {
    if (!kept) {
      removeBuilds(dist);
      rmSync(work, { recursive: true, force: true });
    }
    rmSync(state, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--size');
  const size = i >= 0 ? Number(process.argv[i + 1]) : undefined;
  for (const r of await publishRows({ log: (m) => process.stderr.write(`[bench] ${m}\n`), size })) console.log(r.filter(Boolean).join(' | '));
}
