// The write actions' rate limit (PORTAL_PUBLISH_RATE_LIMIT) with a PostgreSQL store: the token
// buckets are the push limiter's shared table, so two server processes on the same database
// count the same writes. .ci/run starts PostgreSQL and sets DATABASE_URL.
import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createToken, postgresState, type LiveState } from '../helpers/live.ts';
import { distDir, removeDir, ROOT, startServer, type RunningServer } from '../helpers/portal.ts';

const url = process.env.DATABASE_URL;
if (!url) console.log('publish-rate-postgres: skipped: DATABASE_URL is not set (.ci/run starts PostgreSQL and sets it)');

describe.skipIf(!url)('publishing rate limit shared by processes on one PostgreSQL database', () => {
  let state: LiveState;
  let content: string;
  let dist: string;
  const servers: RunningServer[] = [];
  beforeAll(async () => {
    state = await postgresState(url!);
    content = mkdtempSync(join(tmpdir(), 'publish-rate-'));
    cpSync(join(ROOT, 'tests', 'fixtures', 'portal-valid'), content, { recursive: true });
    dist = distDir();
    cpSync(realpathSync(inject('fixtureDist')), dist, { recursive: true });
    // 6 a minute: bursts of one write, then one every 10 s.
    for (let i = 0; i < 2; i++) servers.push(await startServer(dist, { ...state.env, PORTAL_CONTENT: content, PORTAL_PUBLISH_RATE_LIMIT: '6' }));
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await state?.cleanup();
    if (content) rmSync(content, { recursive: true, force: true });
    if (dist) removeDir(dist);
  });

  it('a write through one process uses the turn of the other: 429 with Retry-After in CKAN shape', async () => {
    const { token } = createToken(state, 'mairie-test');
    const patch = (server: RunningServer) =>
      fetch(`${server.url}/api/3/action/package_patch`, { method: 'POST', headers: { Authorization: token, 'Content-Type': 'application/json' }, body: '{"id":"absent","title":"x"}' });
    expect((await patch(servers[0]!)).status).toBe(404);
    const limited = await patch(servers[1]!);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ success: false, error: { __type: 'Rate Limit Error' } });
    // Counted per token: another token of the same publisher still writes.
    const other = createToken(state, 'mairie-test').token;
    expect(
      (await fetch(`${servers[1]!.url}/api/3/action/package_patch`, { method: 'POST', headers: { Authorization: other, 'Content-Type': 'application/json' }, body: '{"id":"absent"}' })).status,
    ).toBe(404);
  });
});
