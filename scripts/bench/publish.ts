// Publishing into a running portal (docs/publishing.md): the example content copied (or, with
// --size N, a generated portal of N datasets, scripts/bench/generate.ts), built and served by the
// real server; a publisher token made by `npm run token`; continuous reads (a page,
// /api/search, package_show, catalog.jsonld) from 4 clients while one dataset is published
// through the CKAN write API (package_create, then resource_create with a CSV). Measured: from
// the first request until the dataset's page, the search, the CKAN API and catalog.jsonld all
// show it, and how many reads failed meanwhile, with the rebuild's phases from the server's log
// (src/publish/rebuild.ts prints each build line with when it came). Returns table rows for
// scripts/bench.ts.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { removeBuilds } from '../../src/server/builds.ts';
import { generatePortal } from './generate.ts';
import { startBenchServer } from './server.ts';
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
