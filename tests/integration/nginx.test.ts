// deploy/nginx.conf, as shipped (only its placeholders filled), with Debian's nginx in front of
// the real server: a page, a file with Range, and an event that arrives through the proxy at
// once (unbuffered). Skipped where there is no /usr/sbin/nginx.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createToken, sqliteState, type LiveState } from '../helpers/live.ts';
import { haveNginx, portalSite, startNginx, type RunningNginx } from '../helpers/nginx.ts';
import { startServer, type RunningServer } from '../helpers/portal.ts';

let state: LiveState;
let server: RunningServer;
let nginx: RunningNginx | undefined;
let proxy = '';

beforeAll(async () => {
  if (!haveNginx) return;
  state = sqliteState();
  server = await startServer(inject('fixtureDist'), { ...state.env, PORTAL_TRUST_PROXY: '1', PORTAL_RATE_LIMIT: '0' });
  nginx = await startNginx((listen, cache) => portalSite(listen, [new URL(server.url).host], inject('fixtureDist'), cache));
  proxy = nginx.url;
});

afterAll(async () => {
  await nginx?.stop();
  await server?.stop();
  await state?.cleanup();
});

describe.skipIf(!haveNginx)('deploy/nginx.conf in front of the real server', () => {
  it('passes pages through with their compression and headers, and files with Range', async () => {
    const page = await new Promise<http.IncomingMessage>((done, fail) => http.get(`${proxy}/datasets/cantines/`, { headers: { 'Accept-Encoding': 'br' } }, done).on('error', fail));
    page.resume();
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['content-security-policy']).toBeTruthy();
    const full = Buffer.from(await (await fetch(`${proxy}/datasets/lits-reanimation/files/lits.csv`)).arrayBuffer());
    const part = await fetch(`${proxy}/datasets/lits-reanimation/files/lits.csv`, { headers: { Range: 'bytes=5-14' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(full.subarray(5, 15))).toBe(true);
    expect((await fetch(`${proxy}/metrics`)).status).toBe(404);
  });

  it('delivers an event through the proxy as soon as the row is pushed', async () => {
    const { token } = createToken(state, 'hopital-test');
    const abort = new AbortController();
    const res = await fetch(`${proxy}/api/datasets/lits-reanimation/events`, { signal: abort.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read(); // the retry hint and ": connected", sent at once
    const started = Date.now();
    const push = await fetch(`${server.url}/api/datasets/lits-reanimation/rows`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ rows: [{ etablissement: 'H42', jour: '2021-03-01', lits_occupes: 3, lits_total: 9 }] }),
    });
    expect(push.status).toBe(201);
    let text = '';
    while (!text.includes('H42')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    abort.abort();
    expect(text).toContain('H42');
    // Buffered, it would wait for nginx's 4–8 KB buffer to fill, or the stream to end.
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('caches what the portal marks public, per encoding, and never live rows or requests with credentials', async () => {
    const raw = (path: string, headers: Record<string, string> = {}) =>
      new Promise<http.IncomingMessage>((done, fail) => http.get(`${proxy}${path}`, { headers }, done).on('error', fail)).then((res) => (res.resume(), res));
    await raw('/datasets/gares/', { 'Accept-Encoding': 'br' });
    const br = await raw('/datasets/gares/', { 'Accept-Encoding': 'br' });
    expect(br.headers['x-cache-status']).toBe('HIT');
    expect(br.headers['content-encoding']).toBe('br');
    // The whole-catalog exports, which a publish changes at once, are never a plain HIT: each
    // request revalidates them with their ETag (or gets the copy a background revalidation is
    // refreshing), so a new dataset reaches harvesters behind the cache within seconds.
    await raw('/catalog.jsonld');
    expect((await raw('/catalog.jsonld')).headers['x-cache-status']).not.toBe('HIT');
    // The gzip reader gets gzip, not the brotli copy cached first (Vary: Accept-Encoding).
    const gz = await raw('/datasets/gares/', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await raw('/datasets/gares/');
    expect(plain.headers['content-encoding']).toBeUndefined();
    // Live rows: a push shows at once through the proxy (no-store is never cached).
    const rows = async () => ((await (await fetch(`${proxy}/api/datasets/lits-reanimation/rows?format=json&limit=10000`)).json()) as { rows: { etablissement: string }[] }).rows;
    expect((await rows()).some((r) => r.etablissement === 'H57')).toBe(false);
    const { token } = createToken(state, 'hopital-test');
    const push = await fetch(`${proxy}/api/datasets/lits-reanimation/rows`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ rows: [{ etablissement: 'H57', jour: '2021-03-02', lits_occupes: 3, lits_total: 9 }] }),
    });
    expect(push.status).toBe(201);
    expect((await rows()).some((r) => r.etablissement === 'H57')).toBe(true);
    const withToken = await raw('/datasets/gares/', { Authorization: `Bearer ${token}` });
    expect(withToken.headers['x-cache-status']).toBe('BYPASS');
  });
});
