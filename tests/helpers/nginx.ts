// Debian's nginx with deploy/nginx.conf as shipped, only its placeholders filled, in a temporary
// prefix on a free loopback port: what an operator installs, in front of the real servers.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from './portal.ts';

export const NGINX = '/usr/sbin/nginx';
export const haveNginx = existsSync(NGINX);

/** The upstream line docs/deploying.md gives for one instance (address "127.0.0.1:4321"). */
export function upstreamLine(address: string): string {
  return `server ${address} max_fails=2 fail_timeout=5s;`;
}

/** deploy/nginx.conf with its placeholders filled for a loopback test or benchmark. */
export function portalSite(listen: string, instances: string[], dist: string, cache: string): string {
  return readFileSync(join(ROOT, 'deploy', 'nginx.conf'), 'utf8')
    .replaceAll('__UPSTREAMS__', instances.map(upstreamLine).join(' '))
    .replaceAll('__LISTEN__', listen)
    .replaceAll('__SERVER_NAME__', 'localhost')
    .replaceAll('__DIST__', dist)
    .replaceAll('__TLS__', '')
    .replaceAll('__CACHE__', cache);
}

export interface RunningNginx {
  url: string;
  /** What nginx wrote to its error log so far. */
  errors: () => string;
  stop: () => Promise<void>;
}

/**
 * Start nginx with `site` (a server block, given the address to listen on and a cache folder) inside the http block a distribution ships (events,
 * temp paths), all in a temporary prefix; resolves once `/healthz` (or any answer) comes back.
 * `workers`: worker processes ("auto" for one per core).
 */
export async function startNginx(site: (listen: string, cache: string) => string, workers = '1'): Promise<RunningNginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'portal-nginx-'));
  const port = await freePort();
  writeFileSync(join(prefix, 'portal.conf'), site(`127.0.0.1:${port}`, join(prefix, 'cache')));
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}daemon off;\nworker_processes ${workers};\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/error.log;\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n  include /etc/nginx/mime.types;\n  client_body_temp_path ${prefix}/body;\n  proxy_temp_path ${prefix}/proxy;\n  fastcgi_temp_path ${prefix}/fastcgi;\n  uwsgi_temp_path ${prefix}/uwsgi;\n  scgi_temp_path ${prefix}/scgi;\n  include ${prefix}/portal.conf;\n}\n`,
  );
  const child = spawn(NGINX, ['-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  const errors = () => `${log}${existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : ''}`;
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((done) => {
      const finish = () => (rmSync(prefix, { recursive: true, force: true }), done());
      if (child.exitCode !== null || child.signalCode !== null) return finish();
      child.once('exit', finish);
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${errors()}`);
    try {
      await fetch(`${url}/healthz`);
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`nginx did not start: ${errors()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, errors, stop };
}

/** An address through nginx: its status and what its cache did (X-Cache-Status: MISS, HIT, …). */
export async function cacheStatus(base: string, path: string): Promise<[number, string | null]> {
  const res = await fetch(`${base}${path}`);
  await res.arrayBuffer();
  return [res.status, res.headers.get('x-cache-status')];
}
