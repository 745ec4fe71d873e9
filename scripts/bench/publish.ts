// Publishing into a running portal (docs/publishing.md): the example content copied, built and
// served by the real server; a publisher token made by `npm run token`; continuous reads (a page,
// /api/search, package_show, catalog.jsonld) from 4 clients while one dataset is published
// through the CKAN write API (package_create, then resource_create with a CSV). Measured: from
// the first request until the dataset's page, the search, the CKAN API and catalog.jsonld all
// show it, and how many reads failed meanwhile. Returns table rows for scripts/bench.ts.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { removeBuilds } from '../../src/server/builds.ts';
import { startBenchServer } from './server.ts';
import { benchDir } from './temp.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const READS = ['/', '/api/search?q=vaccination', '/api/3/action/package_show?id=centres-vaccination', '/catalog.jsonld'];

export async function publishRows(o: { log: (msg: string) => void }): Promise<string[][]> {
  const work = benchDir('publish-');
  const content = join(work, 'content');
  const dist = join(work, 'dist');
  const state = mkdtempSync(join(tmpdir(), 'bench-publish-state-'));
  cpSync(join(ROOT, 'content'), content, { recursive: true });
  const env = { ...process.env, PORTAL_CONTENT: content, PORTAL_DIST: dist, PORTAL_STATE_DIR: state, DATABASE_URL: '', ASTRO_TELEMETRY_DISABLED: '1' };
  try {
    o.log('publish: building the example portal');
    const built = spawnSync(process.execPath, [TSX, join(ROOT, 'scripts', 'build.ts')], { cwd: ROOT, env, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`build failed:\n${built.stdout}${built.stderr}`);
    const tok = spawnSync(process.execPath, [TSX, join(ROOT, 'scripts', 'token.ts'), 'create', '--publisher', 'etalab', '--json'], { cwd: ROOT, env, encoding: 'utf8' });
    const token = (JSON.parse(tok.stdout) as { token: string }).token;
    const server = await startBenchServer(dist, { PORTAL_CONTENT: content, PORTAL_STATE_DIR: state, DATABASE_URL: '' });
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
        body: JSON.stringify({ name: 'bench-publie', title: 'Jeu publié par le banc', notes: 'Publié par npm run bench.', owner_org: 'etalab', groups: [{ name: 'health' }] }),
      });
      if (created.status !== 200) throw new Error(`package_create: ${created.status} ${await created.text()}`);
      const form = new FormData();
      form.set('package_id', 'bench-publie');
      form.set('upload', new Blob(['code,valeur\nA,1\nB,2\n']), 'valeurs.csv');
      const uploaded = await fetch(`${server.url}/api/3/action/resource_create`, { method: 'POST', headers: { Authorization: token }, body: form });
      if (uploaded.status !== 200) throw new Error(`resource_create: ${uploaded.status} ${await uploaded.text()}`);
      const acceptedMs = performance.now() - t0;
      const shows = async () => {
        const [page, search, show, dcat] = await Promise.all([
          fetch(`${server.url}/datasets/bench-publie/`).then((r) => r.status),
          fetch(`${server.url}/api/search?q=bench`).then((r) => r.text()),
          fetch(`${server.url}/api/3/action/package_show?id=bench-publie`).then((r) => r.status),
          fetch(`${server.url}/catalog.jsonld`).then((r) => r.text()),
        ]);
        return page === 200 && search.includes('bench-publie') && show === 200 && dcat.includes('/datasets/bench-publie/');
      };
      const deadline = Date.now() + 600_000;
      while (!(await shows())) {
        if (Date.now() > deadline) throw new Error('the published dataset did not show within 10 minutes');
        await new Promise((r) => setTimeout(r, 100));
      }
      const shownMs = performance.now() - t0;
      stop = true;
      await Promise.all(readers);
      return [
        [
          'publish one dataset into the running example portal (CKAN API)',
          `${(shownMs / 1000).toFixed(1)} s`,
          '',
          `written and answered in ${(acceptedMs / 1000).toFixed(1)} s; page, search, CKAN and catalog.jsonld show it after ${(shownMs / 1000).toFixed(1)} s (a full rebuild, then the reload); ${reads.toLocaleString('en-US')} reads meanwhile, ${failed} failed`,
          '',
          '≤ 10 s, 0 failed (at 10,000 datasets)',
        ],
      ];
    } finally {
      stop = true;
      await server.stop();
    }
  } finally {
    removeBuilds(dist);
    rmSync(work, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await publishRows({ log: (m) => process.stderr.write(`[bench] ${m}\n`) })) console.log(r.filter(Boolean).join(' | '));
}
