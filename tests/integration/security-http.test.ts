// Hostile input against the real server (scripts/serve.ts around the built fixture portal):
// one `it` per rule of the HTTP wrapper (docs/security.md, "HTTP: headers, downloads, limits, sessions").
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createToken, signInForm, sqliteState, type LiveState } from '../helpers/live.ts';
import { buildPortal, removeDir, startServer, type RunningServer } from '../helpers/portal.ts';

const SLUG = 'lits-reanimation';
const SECURITY_FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'portal-security');
let state: LiveState;
let proxyState: LiveState;
let server: RunningServer;
let proxied: RunningServer;
let token = '';
let port = 0;

beforeAll(async () => {
  state = sqliteState();
  proxyState = sqliteState();
  token = createToken(state, 'hopital-test').token;
  server = await startServer(inject('fixtureDist'), {
    ...state.env,
    PORTAL_RATE_LIMIT: '0',
    PORTAL_MAX_FORM_BODY: '4096',
    PORTAL_REQUEST_TIMEOUT: '1.5',
    PORTAL_SSE_MAX_PER_CLIENT: '4',
    PORTAL_SSE_MAX_QUEUE: '65536',
    PORTAL_SSE_HEARTBEAT: '0.3',
  });
  port = Number(new URL(server.url).port);
  // Behind a (pretend) reverse proxy: forwarded headers believed, a small global stream cap.
  proxied = await startServer(inject('fixtureDist'), { ...proxyState.env, PORTAL_TRUST_PROXY: '1', PORTAL_SSE_MAX: '2', PORTAL_SSE_MAX_PER_CLIENT: '2' });
});

afterAll(async () => {
  await server?.stop();
  await proxied?.stop();
  await state?.cleanup();
  await proxyState?.cleanup();
});

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** Inline scripts a browser would run (not JSON data blocks). */
function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/(?:ld\+)?json")[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
}

/** A raw HTTP exchange: what the server sent until it closed the connection (or `waitMs`). */
function raw(request: string | Buffer, options: { waitMs?: number; trickle?: Buffer[]; everyMs?: number } = {}): Promise<{ text: string; closedAfterMs: number | undefined }> {
  return new Promise((done) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let closedAfterMs: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      closedAfterMs = Date.now() - started;
      clearInterval(timer);
      done({ text, closedAfterMs });
    });
    socket.write(request);
    const pieces = [...(options.trickle ?? [])];
    if (pieces.length) timer = setInterval(() => (pieces.length && !socket.destroyed ? socket.write(pieces.shift()!) : undefined), options.everyMs ?? 200);
    setTimeout(() => {
      clearInterval(timer);
      if (closedAfterMs === undefined) {
        socket.destroy();
      }
    }, options.waitMs ?? 5000);
  });
}

/** Push rows as the publisher; rows for `n` distinct keys. */
const rows = (n: number, start = 0) =>
  Array.from({ length: n }, (_, i) => ({
    etablissement: `H${String((start + i) % 100).padStart(2, '0')}`,
    jour: new Date(Date.UTC(2021, 0, 1 + Math.floor((start + i) / 100))).toISOString().slice(0, 10),
    lits_occupes: i % 50,
    lits_total: 50,
  }));
const push = (body: unknown, base = server.url) =>
  fetch(`${base}/api/datasets/${SLUG}/rows`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

describe('HTTP rules of the real server', () => {
  it('1. one server entry: scripts/serve.ts serves the build, says where, and a SIGKILL ends the server itself', async () => {
    expect(server.log()).toContain(`Portal served at http://127.0.0.1:${port}/`);
    const extra = await startServer(inject('fixtureDist'), sqliteState().env);
    expect((await fetch(`${extra.url}/`)).status).toBe(200);
    await extra.kill('SIGKILL');
    expect(() => process.kill(extra.pid, 0)).toThrow();
    await expect(fetch(`${extra.url}/`)).rejects.toThrow();
  });

  it('2. security headers on every kind of response; a strict CSP the pages satisfy; HSTS only over HTTPS', async () => {
    for (const path of [
      '/',
      '/datasets/?q=lits',
      `/datasets/${SLUG}/`,
      `/datasets/${SLUG}/lits.csv`,
      '/catalog.jsonld',
      '/api/search?q=lits',
      '/no-such-page/',
      `/report/${SLUG}/`,
      '/_astro/../index.html',
    ]) {
      const res = await fetch(`${server.url}${path}`, { headers: { 'X-Forwarded-Proto': 'https' } });
      if (path === '/no-such-page/') expect(res.status).toBe(404);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('permissions-policy'), path).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\)/);
      expect(res.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(res.headers.get('referrer-policy'), path).toBe(path.startsWith('/report/') ? 'same-origin' : 'strict-origin-when-cross-origin');
      // Plain HTTP from an untrusted client: X-Forwarded-Proto is not believed.
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/frame-ancestors 'none'|sandbox/);
      if (res.headers.get('content-type')?.startsWith('text/html')) {
        expect(csp).toContain("object-src 'none'");
        const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'))!;
        expect(scriptSrc).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
        for (const script of inlineScripts(await res.text())) expect(scriptSrc, `${path}: ${script.slice(0, 60)}`).toContain(sha256(script));
      }
    }
    // The on-demand catalog really has inline scripts to allow; the dataset page, whose charts are
    // server-rendered SVG with module scripts from /_astro/, has none left.
    expect(inlineScripts(await (await fetch(`${server.url}/datasets/${SLUG}/`)).text())).toEqual([]);
    expect(inlineScripts(await (await fetch(`${server.url}/datasets/?q=lits`)).text()).length).toBeGreaterThan(0);
    // Behind a trusted proxy that says HTTPS, or reached at the portal's public https address: HSTS.
    expect((await fetch(`${proxied.url}/`, { headers: { 'X-Forwarded-Proto': 'https' } })).headers.get('strict-transport-security')).toMatch(/^max-age=/);
    expect((await fetch(`${proxied.url}/`)).headers.get('strict-transport-security')).toBeNull();
    const atPublic = await raw('GET / HTTP/1.1\r\nHost: test.example.org\r\nConnection: close\r\n\r\n');
    expect(atPublic.text).toMatch(/strict-transport-security: max-age=/i);
  });

  describe('3. publisher files are never active content on the portal origin', () => {
    let dist = '';
    let files: RunningServer;
    beforeAll(async () => {
      const build = buildPortal(SECURITY_FIXTURE);
      if (build.status !== 0) throw new Error(`build failed:\n${build.output}`);
      dist = build.dist;
      files = await startServer(dist, sqliteState().env);
    });
    afterAll(async () => {
      await files?.stop();
      removeDir(dist);
    });

    /** The address the dataset page links to (/datasets/<slug>/files/<path> once files move there). */
    async function fileUrl(name: string): Promise<string> {
      const page = await (await fetch(`${files.url}/datasets/hostile/`)).text();
      const href = [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!).find((h) => h.endsWith(`/${name}`));
      expect(href, `the page links to ${name}`).toBeDefined();
      return `${files.url}${href}`;
    }

    it.each(['report.html', 'map.svg'])('%s: a sandboxed download, never a document of the portal', async (name) => {
      const res = await fetch(await fileUrl(name));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${name.replace('.', '\\.')}"`));
      expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toContain('<script>');
    });

    it('a CSV is shown inline with our media type, still sandboxed; the page itself is not', async () => {
      const csv = await fetch(await fileUrl('data.csv'));
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toBeNull();
      expect(csv.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
      const page = await fetch(`${files.url}/datasets/hostile/`);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    });

    it('the rule holds for any address under /datasets/<slug>/files/ and for encoded names', async () => {
      const res = await fetch(`${files.url}/datasets/hostile/report%2Ehtml`);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      const missing = await fetch(`${files.url}/datasets/hostile/files/nothing.html`);
      expect(missing.status).toBeGreaterThanOrEqual(400);
      expect(missing.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    });
  });

  describe('4. one body limit and timeout policy for every endpoint', () => {
    it('a declared body above the limit is refused before it is sent (API: the JSON error shape)', async () => {
      const answer = await new Promise<{ status: number; body: string }>((done, fail) => {
        const req = http.request(
          `${server.url}/api/datasets/${SLUG}/rows`,
          { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Content-Length': String(300 * 1024 * 1024) } },
          (res) => {
            let body = '';
            res.on('data', (d) => (body += d));
            res.on('end', () => done({ status: res.statusCode!, body }));
          },
        );
        req.on('error', fail);
        req.flushHeaders();
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).error.code).toBe('payload_too_large');
    });

    it('a streamed body is counted and cut at the limit (CKAN POST too)', async () => {
      for (const path of [`/api/datasets/${SLUG}/rows`, '/api/3/action/package_search']) {
        let sent = 0;
        const answer = await new Promise<{ status: number; body: string }>((done, fail) => {
          const req = http.request(
            `${server.url}${path}`,
            { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Transfer-Encoding': 'chunked' } },
            (res) => {
              let body = '';
              res.on('data', (d) => (body += d));
              res.on('end', () => done({ status: res.statusCode!, body }));
            },
          );
          // The server may close the connection while we still write: an error then is expected, a missing answer is not.
          req.on('error', (e) => setTimeout(() => fail(e), 1000));
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          const more = () => {
            while (sent < 4 * 1024 * 1024 && !req.destroyed) {
              sent += chunk.length;
              if (!req.write(chunk)) return void req.once('drain', more);
            }
            req.end();
          };
          more();
        });
        expect(answer.status, path).toBe(413);
        expect(JSON.parse(answer.body).error.code).toBe('payload_too_large');
      }
    });

    it('the form has its own, smaller limit and a readable page in the reader’s language', async () => {
      for (const [prefix, text] of [
        ['', 'Trop de données envoyées'],
        ['/en', 'Too much data sent'],
      ] as const) {
        const res = await fetch(`${server.url}${prefix}/report/${SLUG}/`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: `action=submit&etablissement=${'H'.repeat(8000)}`,
        });
        expect(res.status).toBe(413);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expect(await res.text()).toContain(text);
      }
    });

    it('a client that sends its body slowly is cut off within the request timeout; an event stream is not', async () => {
      const head = `POST /api/datasets/${SLUG}/rows HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\nContent-Length: 1000\r\n\r\n`;
      const slow = await raw(head, { trickle: Array.from({ length: 40 }, () => Buffer.from('          ')), everyMs: 200, waitMs: 8000 });
      expect(slow.closedAfterMs).toBeDefined();
      expect(slow.closedAfterMs!).toBeLessThan(4000);
      expect(slow.text).toMatch(/^HTTP\/1\.1 408/);
      // Slow headers, too.
      const slowHeaders = await raw('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', { trickle: Array.from({ length: 40 }, (_, i) => Buffer.from(`X-Slow-${i}: 1\r\n`)), everyMs: 200, waitMs: 8000 });
      expect(slowHeaders.closedAfterMs!).toBeLessThan(4000);
      // The stream is a long response, not a long request: heartbeats keep coming after the timeout.
      const res = await fetch(`${server.url}/api/datasets/${SLUG}/events`);
      const reader = res.body!.getReader();
      const started = Date.now();
      let last = '';
      while (Date.now() - started < 3500) {
        const { value, done } = await reader.read();
        if (done) break;
        last = new TextDecoder().decode(value);
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(3500);
      expect(last).toContain('heartbeat');
      await reader.cancel();
    });
  });

  describe('5. event streams: capped, and a reader that stops reading is dropped', () => {
    it('caps open streams per client (429) and in all (503), with Retry-After in the JSON error shape', async () => {
      const open: AbortController[] = [];
      const openStream = async (ip: string) => {
        const abort = new AbortController();
        open.push(abort);
        return fetch(`${proxied.url}/api/datasets/${SLUG}/events`, { headers: { 'X-Forwarded-For': ip }, signal: abort.signal });
      };
      expect((await openStream('203.0.113.1')).status).toBe(200);
      expect((await openStream('203.0.113.1')).status).toBe(200);
      const perClient = await openStream('203.0.113.1');
      expect(perClient.status).toBe(429);
      expect(perClient.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await perClient.json()).error.code).toBe('too_many_streams');
      const global = await openStream('203.0.113.2');
      expect(global.status).toBe(503);
      expect(global.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await global.json()).error.code).toBe('server_busy');
      for (const a of open) a.abort();
      await new Promise((r) => setTimeout(r, 300));
      // Closed streams free their places.
      const again = await openStream('203.0.113.2');
      expect(again.status).toBe(200);
      for (const a of open) a.abort();
    });

    it('paused readers are closed once their unread bytes pass the cap; the server keeps serving', async () => {
      const paused = [0, 1].map(() => {
        const s = net.connect(port, '127.0.0.1');
        s.on('error', () => {});
        s.write(`GET /api/datasets/${SLUG}/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
        s.pause();
        return s;
      });
      await new Promise((r) => setTimeout(r, 300));
      const batch = rows(5000);
      const dropped = () => (server.log().match(/event stream closed: its reader left \d+ bytes unread/g) ?? []).length;
      for (let i = 0; i < 60 && dropped() < 2; i++) expect((await push({ rows: batch })).status).toBe(201);
      expect(dropped()).toBeGreaterThanOrEqual(2);
      for (const s of paused) s.destroy();
      // A reader that reads still gets every event.
      const res = await fetch(`${server.url}/api/datasets/${SLUG}/events`);
      const reader = res.body!.getReader();
      await reader.read();
      await push({ rows: rows(1, 9000) });
      let got = '';
      while (!got.includes('event: rows')) got += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
    }, 120_000);
  });

  describe('6. report-form sessions', () => {
    it('a sign-in link is refused: no session, the token leaves the address at once', async () => {
      const res = await fetch(`${server.url}/report/${SLUG}/?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/report/${SLUG}/?signin=link`);
      expect(res.headers.getSetCookie().join('\n')).not.toMatch(/portal_report_session=[^;]/);
      expect(res.headers.getSetCookie().join('\n')).not.toContain(token);
      const page = await (await fetch(`${server.url}/report/${SLUG}/?signin=link`)).text();
      expect(page).toContain('Les liens de connexion ne sont pas acceptés');
    });

    it('the token is checked before a session exists; the cookie holds an opaque id for the reporting pages only', async () => {
      const wrong = await signInForm(server.url, SLUG, 'cdp_forged-token');
      expect(wrong.status).toBe(401);
      expect(wrong.setCookies.join('\n')).not.toMatch(/portal_report_session=[^;]/);
      const { status, setCookies, cookies } = await signInForm(server.url, SLUG, token);
      expect(status).toBe(303);
      const session = setCookies.filter((c) => c.startsWith('portal_report_session='));
      expect(session.map((c) => /Path=([^;]+)/.exec(c)![1]).sort()).toEqual(['/en/report/', '/report/']);
      for (const c of session) {
        expect(c).toMatch(/; HttpOnly/);
        expect(c).toMatch(/; SameSite=Strict/);
        expect(c).toMatch(/; Max-Age=28800/);
        expect(c).not.toMatch(/; Secure/);
        expect(c).not.toContain(token);
      }
      expect(setCookies.join('\n')).not.toMatch(/Path=\/;|Path=\/$/m);
      const page = await (await fetch(`${server.url}/report/${SLUG}/`, { headers: { cookie: cookies } })).text();
      expect(page).toContain('30 minutes sans activité');
      expect(page).toContain('8 heures après la connexion');
      const en = await (await fetch(`${server.url}/en/report/${SLUG}/`, { headers: { cookie: cookies } })).text();
      expect(en).toContain('30 minutes without activity');
    });

    it('Secure when the request came over HTTPS (trusted proxy)', async () => {
      const proxyToken = createToken(proxyState, 'hopital-test').token;
      const page = await fetch(`${proxied.url}/report/${SLUG}/`, { headers: { 'X-Forwarded-Proto': 'https' } });
      const csrfCookie = page.headers.getSetCookie().find((c) => c.startsWith('portal_csrf='))!;
      expect(csrfCookie).toMatch(/; Secure/);
      const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
      const res = await fetch(`${proxied.url}/report/${SLUG}/`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'X-Forwarded-Proto': 'https', 'Content-Type': 'application/x-www-form-urlencoded', cookie: csrfCookie.split(';')[0]! },
        body: new URLSearchParams({ csrf, action: 'signin', token: proxyToken }).toString(),
      });
      expect(res.status).toBe(303);
      expect(res.headers.getSetCookie().find((c) => c.startsWith('portal_report_session='))).toMatch(/; Secure/);
    });

    it('sign-out ends the session on the server: the old cookie no longer works', async () => {
      const { cookies } = await signInForm(server.url, SLUG, token);
      const page = await (await fetch(`${server.url}/report/${SLUG}/`, { headers: { cookie: cookies } })).text();
      expect(page).toContain('name="action" value="signout"');
      const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
      const out = await fetch(`${server.url}/report/${SLUG}/`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookies, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `csrf=${csrf}&action=signout`,
      });
      expect(out.status).toBe(303);
      expect(out.headers.getSetCookie().join('\n')).toMatch(/portal_report_session=; Path=\/report\/; Max-Age=0/);
      // Replaying the cookie the browser was told to forget: the session is gone.
      const replay = await (await fetch(`${server.url}/report/${SLUG}/`, { headers: { cookie: cookies } })).text();
      expect(replay).toContain('name="token" type="password"');
      const submit = await fetch(`${server.url}/report/${SLUG}/`, {
        method: 'POST',
        headers: { cookie: cookies, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `csrf=${csrf}&action=submit&etablissement=H77&jour=2020-12-01&lits_occupes=1&lits_total=2`,
      });
      expect(submit.status).toBe(401);
    });

    it('a post from another origin is refused even with the right CSRF value; X-Forwarded-Host is not believed', async () => {
      const { cookies } = await signInForm(server.url, SLUG, token);
      const page = await (await fetch(`${server.url}/report/${SLUG}/`, { headers: { cookie: cookies } })).text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
      for (const headers of [{ Origin: 'https://evil.example' }, { Origin: 'https://evil.example', 'X-Forwarded-Host': 'evil.example' }] as Record<string, string>[]) {
        const res = await fetch(`${server.url}/report/${SLUG}/`, {
          method: 'POST',
          headers: { ...headers, cookie: cookies, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: `csrf=${csrf}&action=submit&etablissement=H78&jour=2020-12-01&lits_occupes=1&lits_total=2`,
        });
        expect(res.status).toBe(403);
      }
      const same = await fetch(`${server.url}/report/${SLUG}/`, {
        method: 'POST',
        headers: { Origin: server.url, cookie: cookies, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `csrf=${csrf}&action=submit&etablissement=H78&jour=2020-12-01&lits_occupes=1&lits_total=2`,
      });
      expect(same.status).toBe(201);
    });

    it('a session ends after the idle time', async () => {
      const idleState = sqliteState();
      const idleToken = createToken(idleState, 'hopital-test').token;
      const idle = await startServer(inject('fixtureDist'), { ...idleState.env, PORTAL_SESSION_IDLE: '0.02' });
      try {
        const { cookies } = await signInForm(idle.url, SLUG, idleToken);
        expect(await (await fetch(`${idle.url}/report/${SLUG}/`, { headers: { cookie: cookies } })).text()).toContain('value="signout"');
        await new Promise((r) => setTimeout(r, 1500));
        expect(await (await fetch(`${idle.url}/report/${SLUG}/`, { headers: { cookie: cookies } })).text()).toContain('name="token" type="password"');
      } finally {
        await idle.stop();
      }
    });
  });

  it('7. CORS: public reads for everyone, writes for nobody else', async () => {
    for (const path of [
      '/api/search?q=lits',
      '/api/3/action/package_list',
      `/api/datasets/${SLUG}/rows`,
      '/catalog.jsonld',
      '/catalog.ttl',
      '/feed.xml',
      `/datasets/${SLUG}/lits.csv`,
      `/datasets/${SLUG}/dataset.jsonld`,
    ]) {
      expect((await fetch(`${server.url}${path}`, { headers: { Origin: 'https://elsewhere.example' } })).headers.get('access-control-allow-origin'), path).toBe('*');
    }
    const pushed = await push({ rows: rows(1, 9100) });
    expect(pushed.status).toBe(201);
    expect(pushed.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(`${server.url}/report/${SLUG}/`)).headers.get('access-control-allow-origin')).toBeNull();
    const writePreflight = await fetch(`${server.url}/api/datasets/${SLUG}/rows`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
    });
    expect(writePreflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(writePreflight.headers.get('access-control-allow-methods')).toBeNull();
    const formPreflight = await fetch(`${server.url}/report/${SLUG}/`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(formPreflight.headers.get('access-control-allow-origin')).toBeNull();
    const readPreflight = await fetch(`${server.url}/api/datasets/${SLUG}/events`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'last-event-id' },
    });
    expect(readPreflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(readPreflight.headers.get('access-control-allow-headers')).toMatch(/Last-Event-ID/i);
  });

  describe('8. smaller defects', () => {
    it('/api/search with invalid percent-encoding answers the JSON error shape', async () => {
      const res = await fetch(`${server.url}/api/search?q=%FF%FE`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await res.json()).error.code).toBe('invalid_parameter');
    });

    it('package_search does not reach Object.prototype through sort or facet names', async () => {
      const sort = await fetch(`${server.url}/api/3/action/package_search?sort=${encodeURIComponent('__proto__ desc')}`);
      expect(sort.status).toBe(400);
      expect((await sort.json()).success).toBe(false);
      for (const name of ['__proto__', 'constructor', 'toString']) {
        const facet = await fetch(`${server.url}/api/3/action/package_search?facet.field=${encodeURIComponent(JSON.stringify([name, 'tags']))}`);
        expect(facet.status).toBe(200);
        const body = await facet.json();
        expect(body.success).toBe(true);
        expect(Object.keys(body.result.facets)).toEqual(['tags']);
      }
      const sortCtor = await fetch(`${server.url}/api/3/action/package_search?sort=${encodeURIComponent('constructor asc')}`);
      expect(sortCtor.status).toBe(400);
    });

    it('the CKAN help link of every answer resolves (help_show)', async () => {
      const { help } = await (await fetch(`${server.url}/api/3/action/package_show?id=${SLUG}`)).json();
      const path = new URL(help).pathname + new URL(help).search;
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.success).toBe(true);
      expect(body.result).toMatch(/package_show|dataset/i);
      expect((await fetch(`${server.url}/api/3/action/help_show?name=__proto__`)).status).toBe(404);
    });

    it('state files are readable by the portal’s user only', () => {
      const dir = state.env.PORTAL_STATE_DIR!;
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      for (const f of ['live.sqlite', 'live.sqlite-wal', 'live.sqlite-shm']) expect(statSync(join(dir, f)).mode & 0o777, f).toBe(0o600);
    });
  });
});
