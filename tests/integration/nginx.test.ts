// deploy/nginx.conf, as shipped (only its placeholders filled), with Debian's nginx in front of
// the real server: a page, a file with Range, and an event that arrives through the proxy at
// once (unbuffered). Skipped where there is no /usr/sbin/nginx.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createToken, sqliteState, type LiveState } from '../helpers/live.ts';
import { freePort, ROOT, startServer, type RunningServer } from '../helpers/portal.ts';

const NGINX = '/usr/sbin/nginx';
let state: LiveState;
let server: RunningServer;
let nginx: ChildProcess | undefined;
let prefix = '';
let proxy = '';

beforeAll(async () => {
  if (!existsSync(NGINX)) return;
  state = sqliteState();
  server = await startServer(inject('fixtureDist'), { ...state.env, PORTAL_TRUST_PROXY: '1', PORTAL_RATE_LIMIT: '0' });
  prefix = mkdtempSync(join(tmpdir(), 'portal-nginx-'));
  const port = await freePort();
  const site = readFileSync(join(ROOT, 'deploy', 'nginx.conf'), 'utf8')
    .replaceAll('__UPSTREAMS__', `server 127.0.0.1:${new URL(server.url).port};`)
    .replaceAll('__LISTEN__', `127.0.0.1:${port}`)
    .replaceAll('__SERVER_NAME__', 'localhost')
    .replaceAll('__DIST__', inject('fixtureDist'))
    .replaceAll('__TLS__', '');
  writeFileSync(join(prefix, 'portal.conf'), site);
  // The part of nginx.conf a distribution ships (events, http, temp paths), in the temp folder.
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}daemon off;\nworker_processes 1;\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/error.log;\nevents { worker_connections 256; }\nhttp {\n  access_log off;\n  client_body_temp_path ${prefix}/body;\n  proxy_temp_path ${prefix}/proxy;\n  fastcgi_temp_path ${prefix}/fastcgi;\n  uwsgi_temp_path ${prefix}/uwsgi;\n  scgi_temp_path ${prefix}/scgi;\n  include ${prefix}/portal.conf;\n}\n`,
  );
  nginx = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  nginx.stderr!.on('data', (d) => (log += d));
  proxy = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${log}${existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : ''}`);
    try {
      await fetch(`${proxy}/healthz`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`nginx did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});

afterAll(async () => {
  nginx?.kill('SIGTERM');
  await server?.stop();
  await state?.cleanup();
  if (prefix) rmSync(prefix, { recursive: true, force: true });
});

describe.skipIf(!existsSync(NGINX))('deploy/nginx.conf in front of the real server', () => {
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
});
