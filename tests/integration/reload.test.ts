// A running server follows `npm run build`: the build is written next to the served one and
// dist/ is switched to it in one step (src/server/builds.ts); the server imports the new build
// and swaps it in (src/server/site.ts). Under continuous load, no request fails and the new
// title shows in the page, the search, the CKAN API and the DCAT catalogue.
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildsFolder } from '../../src/server/builds.ts';
import { createToken, sqliteState, type LiveState } from '../helpers/live.ts';
import { buildPortal, buildPortalAsync, removeDir, ROOT, startServer, type RunningServer } from '../helpers/portal.ts';

const NEW_TITLE = 'Gares rechargées sans redémarrage';
const PATHS = ['/datasets/gares/', '/api/search?q=gares', '/api/3/action/package_show?id=gares', '/catalog.jsonld', '/'];

describe('a running server serves each new build atomically', () => {
  let content: string;
  let dist: string;
  let server: RunningServer;
  const state: LiveState = sqliteState();
  beforeAll(async () => {
    content = mkdtempSync(join(tmpdir(), 'reload-content-'));
    cpSync(join(ROOT, 'tests', 'fixtures', 'portal-valid'), content, { recursive: true });
    const build = buildPortal(content);
    expect(build.status, build.output).toBe(0);
    dist = build.dist;
    server = await startServer(dist, state.env);
  }, 600_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(content, { recursive: true, force: true });
    rmSync(state.env.PORTAL_STATE_DIR!, { recursive: true, force: true });
    if (dist) removeDir(dist);
  });

  it('dist/ is a link to a build in the builds folder next to it', () => {
    expect(lstatSync(dist).isSymbolicLink()).toBe(true);
    expect(readdirSync(buildsFolder(dist))).toHaveLength(1);
  });

  it('a rebuild with a changed title: 0 failed requests under load, and the new title everywhere', async () => {
    const yaml = join(content, 'datasets', 'gares', 'dataset.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('{fr: Gares, en: Stations}', `{fr: "${NEW_TITLE}", en: Stations}`));
    let stop = false;
    const failures: string[] = [];
    let requests = 0;
    const seen = new Set<string>();
    const loop = async (offset: number) => {
      for (let i = offset; !stop; i++) {
        const path = PATHS[i % PATHS.length]!;
        try {
          const res = await fetch(`${server.url}${path}`);
          const body = await res.text();
          requests++;
          if (res.status !== 200) failures.push(`${path}: ${res.status}`);
          else if (body.includes(NEW_TITLE)) seen.add(path);
        } catch (e) {
          failures.push(`${path}: ${(e as Error).message}`);
        }
      }
    };
    const loops = [0, 1, 2, 3].map(loop);
    const build = await buildPortalAsync(content, dist);
    expect(build.status, build.output).toBe(0);
    // The switch is seen by a file-system notification or, at worst, the one-second poll.
    const deadline = Date.now() + 10_000;
    while (seen.size < PATHS.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    stop = true;
    await Promise.all(loops);
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(50);
    expect([...seen].sort()).toEqual([...PATHS].sort());
    // Its search and CKAN indexes were loaded before it was served (src/server/site.ts warmUp).
    expect(server.log()).toMatch(/serving the new build [^\n]*; warmed in \d+ ms\)/);
    // The previous build stays on disk (requests in flight on it may still read it).
    expect(readdirSync(buildsFolder(dist))).toHaveLength(2);
  }, 600_000);

  it('a build refused by validation leaves the served build as it was', async () => {
    const yaml = join(content, 'datasets', 'gares', 'dataset.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('license: CC-BY-4.0', 'license: NOT-A-LICENSE'));
    const build = await buildPortalAsync(content, dist);
    expect(build.status).not.toBe(0);
    expect(readdirSync(buildsFolder(dist))).toHaveLength(2);
    const res = await fetch(`${server.url}/api/3/action/package_show?id=gares`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(NEW_TITLE);
  }, 600_000);

  // Pushes are answered by the HTTP server itself (src/server/push-route.ts), outside the builds'
  // bundles: they must still be checked with the live settings of the build being served.
  it("after a rebuild, pushes are checked with the new build's live settings (jump factor 20 → 1000)", async () => {
    const gares = join(content, 'datasets', 'gares', 'dataset.yaml');
    writeFileSync(gares, readFileSync(gares, 'utf8').replace('license: NOT-A-LICENSE', 'license: CC-BY-4.0'));
    const { token } = createToken(state, 'hopital-test');
    const push = (value: number, jour: string) =>
      fetch(`${server.url}/api/datasets/lits-reanimation/rows`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ rows: [{ etablissement: 'H02', jour, lits_occupes: value, lits_total: 5000 }] }),
      });
    expect((await push(2, '2024-03-01')).status).toBe(201);
    const refused = await push(100, '2024-03-02');
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unconfirmed_jump');

    const yaml = join(content, 'datasets', 'lits-reanimation', 'dataset.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('jump: {factor: 20,', 'jump: {factor: 1000,'));
    const build = await buildPortalAsync(content, dist);
    expect(build.status, build.output).toBe(0);
    let status = 0;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const res = await push(100, '2024-03-02');
      status = res.status;
      if (status === 201) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(201);
  }, 600_000);
});
