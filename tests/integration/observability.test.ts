// Health, readiness, metrics and the access log of the real server on the fixture build.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createToken, sqliteState, type LiveState } from '../helpers/live.ts';
import { startServer, type RunningServer } from '../helpers/portal.ts';

let state: LiveState;
let server: RunningServer;

beforeAll(async () => {
  state = sqliteState();
  server = await startServer(inject('fixtureDist'), { ...state.env, PORTAL_RATE_LIMIT: '0' });
});
afterAll(async () => {
  await server?.stop();
  await state?.cleanup();
});

describe('health and readiness', () => {
  it('/healthz says the process is up; /readyz checks content, search, store and events', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('cache-control')).toBe('no-store');
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { content: { ok: true }, search: { ok: true }, store: { ok: true }, events: { ok: true } } });
  });

  it('/readyz answers 503 and names the store when it cannot be opened, while /healthz stays up', async () => {
    const broken = sqliteState();
    // A file where the state folder should be: the store cannot open.
    const file = join(broken.env.PORTAL_STATE_DIR!, 'not-a-folder');
    writeFileSync(file, '');
    const other = await startServer(inject('fixtureDist'), { ...broken.env, PORTAL_STATE_DIR: file });
    try {
      const ready = await fetch(`${other.url}/readyz`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean }> };
      expect(body.status).toBe('not_ready');
      expect(body.checks.store!.ok).toBe(false);
      expect(body.checks.content!.ok).toBe(true);
      expect((await fetch(`${other.url}/healthz`)).status).toBe(200);
    } finally {
      await other.stop();
      await broken.cleanup();
    }
  });
});

describe('metrics and access log', () => {
  it('counts requests, pushes and open streams, and logs the token id but never the token', async () => {
    const { token, id } = createToken(state, 'hopital-test');
    const row = { etablissement: 'H09', jour: '2021-02-01', lits_occupes: 1, lits_total: 2 };
    const accepted = await fetch(`${server.url}/api/datasets/lits-reanimation/rows?token=${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ rows: [row] }),
    });
    expect(accepted.status).toBe(201);
    expect(accepted.headers.get('x-portal-token-id')).toBeNull();
    const refused = await fetch(`${server.url}/api/datasets/lits-reanimation/rows`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer wrong' }, body: '[]' });
    expect(refused.status).toBe(401);
    const stream = new AbortController();
    const events = await fetch(`${server.url}/api/datasets/lits-reanimation/events`, { signal: stream.signal });
    expect(events.status).toBe(200);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    stream.abort();
    expect(metrics).toMatch(/portal_http_requests_total\{route="rows",method="POST",status="201",app="portal"\} 1/);
    expect(metrics).toMatch(/portal_pushes_total\{outcome="accepted",status="201",app="portal"\} 1/);
    expect(metrics).toMatch(/portal_pushes_total\{outcome="refused",status="401",app="portal"\} 1/);
    expect(metrics).toMatch(/portal_event_streams_open\{app="portal"\} 1/);
    expect(metrics).toMatch(/portal_http_request_duration_seconds_bucket\{[^}]*route="rows"/);
    expect(metrics).toContain('portal_build_info{');

    await new Promise((r) => setTimeout(r, 100));
    const lines = server
      .log()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const push = lines.find((l) => l.method === 'POST' && l.status === 201)!;
    expect(push).toMatchObject({ route: 'rows', tokenId: id, target: '/api/datasets/lits-reanimation/rows?token=…' });
    expect(typeof push.durationMs).toBe('number');
    expect(push.bytes).toBeGreaterThan(0);
    expect(server.log()).not.toContain(token);
  });

  it('serves /metrics with PORTAL_METRICS_TOKEN only to its holder', async () => {
    const other = await startServer(inject('fixtureDist'), { ...state.env, PORTAL_METRICS_TOKEN: 'metrics-secret' });
    try {
      expect((await fetch(`${other.url}/metrics`)).status).toBe(403);
      expect((await fetch(`${other.url}/metrics`, { headers: { Authorization: 'Bearer metrics-secret' } })).status).toBe(200);
    } finally {
      await other.stop();
    }
  });
});
