// Issue 14's scenario: Debian's nginx (deploy/nginx.conf as shipped) in front of TWO real portal
// servers sharing one PostgreSQL. Pages and files through the proxy reach both instances; a row
// pushed to one instance reaches an event subscriber of the other; one instance is killed
// (SIGKILL) while a client keeps reading and pushing through nginx: no read fails, and every push
// that was acknowledged is stored. Needs nginx and DATABASE_URL (.ci/run provides both).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createToken, postgresState, readEvents, type LiveState } from '../helpers/live.ts';
import { haveNginx, portalSite, startNginx, type RunningNginx } from '../helpers/nginx.ts';
import { startServer, type RunningServer } from '../helpers/portal.ts';

const url = process.env.DATABASE_URL;
const skip = !haveNginx ? 'no /usr/sbin/nginx (apt-get install nginx; .ci/run does)' : !url ? 'DATABASE_URL is not set (.ci/run starts PostgreSQL and sets it)' : '';
if (skip) console.log(`nginx-two-instances: skipped: ${skip}`);

let state: LiveState;
let a: RunningServer;
let b: RunningServer;
let nginx: RunningNginx;
let token = '';
let env: Record<string, string> = {};

const SLUG = 'lits-reanimation';
/** Row number `n` of establishment `code` (H00–H99): one day each from 2021-01-01, so each row is new. */
const row = (code: string, n: number) => ({ etablissement: code, jour: new Date(Date.UTC(2021, 0, 1 + n)).toISOString().slice(0, 10), lits_occupes: 3, lits_total: 9 });
const nameOf = (r: { etablissement: string; jour: string }) => `${r.etablissement}/${r.jour}`;

function push(base: string, rows: object[], key?: string) {
  return fetch(`${base}/api/datasets/${SLUG}/rows`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...(key ? { 'Idempotency-Key': key } : {}) },
    body: JSON.stringify({ rows }),
  });
}

/** `path` with a cache-busting parameter (`_`, ignored by the portal) unless it is never cached anyway. */
const bust = (path: string, n: number) => (path.includes('/rows') ? path : `${path}${path.includes('?') ? '&' : '?'}_=${n}`);

/** Every current row (establishment/day), read from `base`. */
async function storedNames(base: string): Promise<Set<string>> {
  const res = await fetch(`${base}/api/datasets/${SLUG}/rows?format=json&limit=10000`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { rows: { etablissement: string; jour: string }[] };
  return new Set(body.rows.map(nameOf));
}

beforeAll(async () => {
  if (skip) return;
  state = await postgresState(url!);
  env = { ...state.env, PORTAL_TRUST_PROXY: '1', PORTAL_RATE_LIMIT: '0' };
  // One after the other: the first creates the tables, the second finds them.
  a = await startServer(inject('fixtureDist'), env);
  b = await startServer(inject('fixtureDist'), env);
  nginx = await startNginx((listen, cache) => portalSite(listen, [new URL(a.url).host, new URL(b.url).host], inject('fixtureDist'), cache));
  token = createToken(state, 'hopital-test').token;
});

afterAll(async () => {
  await nginx?.stop();
  await a?.stop();
  await b?.stop();
  await state?.cleanup();
});

describe.skipIf(Boolean(skip))('nginx in front of two instances sharing one PostgreSQL', () => {
  it('serves pages and data files through the proxy from both instances', async () => {
    const paths = ['/', '/datasets/', '/datasets/cantines/', '/datasets/lits-reanimation/files/lits.csv', `/api/datasets/${SLUG}/rows?format=csv`];
    const direct = await (await fetch(`${a.url}/datasets/lits-reanimation/files/lits.csv`)).text();
    for (let round = 0; round < 4; round++) {
      for (const path of paths) {
        // A query of its own each time, so that nginx's cache does not answer for the instances.
        const res = await fetch(`${nginx.url}${bust(path, round)}`);
        expect(res.status, path).toBe(200);
        const body = await res.text();
        if (path.endsWith('lits.csv')) expect(body).toBe(direct);
      }
    }
    // Round robin: each instance logged some of these requests (one JSON access-log line each).
    const served = (s: RunningServer) =>
      s
        .log()
        .split('\n')
        .filter((l) => l.includes('"target":"/datasets/cantines/?_=')).length;
    expect(served(a)).toBeGreaterThan(0);
    expect(served(b)).toBeGreaterThan(0);
  });

  it('a row pushed to one instance reaches an event subscriber of the other, and both read it', async () => {
    const subscriber = await fetch(`${b.url}/api/datasets/${SLUG}/events`);
    expect(subscriber.status).toBe(200);
    const events = readEvents(subscriber, (e) => e.some((x) => x.data.includes('H88')), 5000);
    await new Promise((r) => setTimeout(r, 200)); // the stream is open on B
    const res = await push(a.url, [row('H88', 0)]);
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await storedNames(b.url)).has('H88/2021-01-01')).toBe(true);
    const got = await events;
    expect(got.map((e) => e.data).join('\n')).toContain('H88');
  });

  it('an event-stream reader whose instance dies resumes through nginx on the other, missing nothing', async () => {
    const open = (lastId?: string) => fetch(`${nginx.url}/api/datasets/${SLUG}/events`, { headers: lastId ? { 'Last-Event-ID': lastId } : {} });
    const openStreams = async (s: RunningServer) => Number(/^portal_event_streams_open(?:\{[^}]*\})? (\d+)/m.exec(await (await fetch(`${s.url}/metrics`)).text())?.[1]);
    const first = await open();
    expect(first.status).toBe(200);
    const holder = (await openStreams(a)) > 0 ? a : b;
    expect(await openStreams(holder)).toBe(1);
    const seen = readEvents(first, (e) => e.some((x) => x.data.includes('"H61"')), 5000);
    await new Promise((r) => setTimeout(r, 200));
    expect((await push(nginx.url, [row('H61', 0)])).status).toBe(201);
    const before = await seen;
    const lastId = before.at(-1)!.id;
    // The instance holding the stream dies; a row is pushed (to the other) while the reader is away.
    await holder.kill('SIGKILL');
    expect((await push(nginx.url, [row('H61', 1)])).status).toBe(201);
    const resumed = await open(lastId);
    expect(resumed.status).toBe(200);
    const after = await readEvents(resumed, (e) => e.some((x) => x.data.includes('2021-01-02')), 5000);
    const data = after.map((e) => e.data).join('\n');
    expect(data).toContain('2021-01-02');
    expect(data).not.toContain('2021-01-01'); // not sent twice
    // The killed instance comes back on its port for the next test.
    const restarted = await startServer(inject('fixtureDist'), env, Number(new URL(holder.url).port));
    if (holder === a) a = restarted;
    else b = restarted;
  }, 90_000);

  it('keeps answering through nginx when one instance is killed, loses no acknowledged push, and takes it back restarted', async () => {
    const paths = ['/', '/datasets/cantines/', '/datasets/lits-reanimation/files/lits.csv', '/api/search?q=lits', `/api/datasets/${SLUG}/rows?format=json`];
    const failedGets: string[] = [];
    let getsAfterKill = 0;
    let killed = false;
    let running = true;
    const reader = async (offset: number) => {
      for (let i = offset; running; i++) {
        const path = paths[i % paths.length]!;
        try {
          const res = await fetch(`${nginx.url}${bust(path, i)}`);
          await res.arrayBuffer();
          if (res.status !== 200) failedGets.push(`${path}: ${res.status}`);
          else if (killed) getsAfterKill++;
        } catch (e) {
          failedGets.push(`${path}: ${(e as Error).message}`);
        }
      }
    };
    const acknowledged: string[] = [];
    const refused: { i: number; name: string; why: string }[] = [];
    let pushesAfterKill = 0;
    const pusher = async () => {
      for (let i = 0; running; i++) {
        const pushed = row('H77', i);
        const name = nameOf(pushed);
        try {
          const res = await push(nginx.url, [pushed], `kill-test-${i}`);
          await res.arrayBuffer();
          if (res.ok) {
            acknowledged.push(name);
            if (killed) pushesAfterKill++;
          } else refused.push({ i, name, why: String(res.status) });
        } catch (e) {
          refused.push({ i, name, why: (e as Error).message });
        }
      }
    };
    const clients = [reader(0), reader(1), reader(2), reader(3), pusher()];
    await new Promise((r) => setTimeout(r, 1500));
    await a.kill('SIGKILL');
    killed = true;
    await new Promise((r) => setTimeout(r, 2500));
    running = false;
    await Promise.all(clients);

    console.log(
      `nginx-two-instances: ${getsAfterKill} GETs after the kill, 0 failed; ${acknowledged.length} pushes acknowledged (${pushesAfterKill} after the kill), ${refused.length} refused${refused.length ? `: ${refused.map((r) => `${r.name} ${r.why}`).join('; ')}` : ''}`,
    );
    expect(failedGets).toEqual([]);
    expect(getsAfterKill).toBeGreaterThan(20);
    expect(pushesAfterKill).toBeGreaterThan(0);
    // Refused: only the pushes already sent to the dead instance (the one in flight, or one sent on
    // a kept-alive connection to it before nginx noticed), each a 502 (nginx never re-sends a
    // POST), a few at most. docs/deploying.md tells the client to re-send with the same
    // Idempotency-Key: each is then stored, once.
    expect(refused.length).toBeLessThanOrEqual(3);
    for (const r of refused) {
      expect(r.why, r.name).toBe('502');
      const again = await push(nginx.url, [row('H77', r.i)], `kill-test-${r.i}`);
      expect(again.ok, `${r.name}: ${again.status}`).toBe(true);
      acknowledged.push(r.name);
    }
    const stored = await storedNames(b.url);
    expect(acknowledged.filter((n) => !stored.has(n))).toEqual([]);

    // Restarted on its port, the killed instance gets requests again within nginx's fail_timeout (5 s).
    a = await startServer(inject('fixtureDist'), env, Number(new URL(a.url).port));
    const restarted = Date.now();
    for (let i = 0; !a.log().includes('"target":"/datasets/gares/?_=') && Date.now() - restarted < 10_000; i++) {
      expect((await fetch(`${nginx.url}/datasets/gares/?_=${i}`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(a.log()).toContain('"target":"/datasets/gares/?_=');
    console.log(`nginx-two-instances: the restarted instance got requests again after ${Date.now() - restarted} ms`);
    expect(Date.now() - restarted).toBeLessThan(7_000);

    // Both instances down: pages nginx has cached are still served (proxy_cache_use_stale).
    expect((await fetch(`${nginx.url}/datasets/cantines/`)).status).toBe(200);
    await a.kill('SIGKILL');
    await b.kill('SIGKILL');
    const cached = await fetch(`${nginx.url}/datasets/cantines/`);
    expect(cached.status).toBe(200);
    expect(await cached.text()).toContain('</html>');
    expect((await fetch(`${nginx.url}/api/datasets/${SLUG}/rows?format=json`)).status).toBe(502);
  }, 90_000);
});
