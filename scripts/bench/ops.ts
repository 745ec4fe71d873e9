// Operations benchmark rows for `npm run bench -- --only ops` (issue 14): the example content
// served by the real server (scripts/serve.ts), directly and through Debian's nginx with
// deploy/nginx.conf as shipped (placeholders filled, one and two instances), side by side with
// nginx serving the same built files alone. 16 clients (autocannon) per run, each sending
// `Accept-Encoding: br, gzip` like a browser. Then the bytes on the wire before and after
// compression, and the delay of a pushed row's event at a subscriber connected through nginx.
// OPS_DIST=<dist> measures an existing build of the example content.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { removeBuilds } from '../../src/server/builds.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { haveNginx, portalSite, startNginx, type RunningNginx } from '../../tests/helpers/nginx.ts';
import { benchDir } from './temp.ts';
import { startBenchServer, streamMarkers, type BenchServer } from './server.ts';

export interface OpsBenchOptions {
  root: string;
  log: (msg: string) => void;
  /** Seconds per throughput run. */
  seconds: number;
  /** An existing build of the example content (OPS_DIST). */
  dist?: string;
}

const CLIENTS = 16;
const BROWSER = { 'accept-encoding': 'br, gzip' };
const DASHBOARD = 'covid-19';
const HOSPITAL = 'donnees-hospitalieres-covid19';
const LIVE = 'lits-reanimation-etablissements';

interface Run {
  rps: number;
  p99: number;
  failed: number;
  encoding: string;
  bytes: number;
}

/** One autocannon run of `path` on `base`, after a short warm-up. */
async function hammer(base: string, path: string, seconds: number): Promise<Run> {
  const probe = await get(`${base}${path}`, BROWSER);
  if (probe.status !== 200) throw new Error(`${base}${path} answered ${probe.status}`);
  await autocannon({ url: `${base}${path}`, connections: CLIENTS, duration: 1, headers: BROWSER });
  const ac = await autocannon({ url: `${base}${path}`, connections: CLIENTS, duration: seconds, headers: BROWSER });
  return { rps: ac['2xx'] / seconds, p99: ac.latency.p99, failed: ac.non2xx + ac.errors + ac.timeouts, encoding: probe.encoding || 'identity', bytes: probe.bytes };
}

/** The raw answer (no decompression): status, Content-Encoding and body bytes. */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; encoding: string; bytes: number }> {
  return new Promise((done, fail) => {
    http
      .get(url, { headers }, (res) => {
        let bytes = 0;
        res.on('data', (d: Buffer) => (bytes += d.length));
        res.on('end', () => done({ status: res.statusCode ?? 0, encoding: String(res.headers['content-encoding'] ?? ''), bytes }));
      })
      .on('error', fail);
  });
}

const kB = (b: number) => `${(b / 1024).toFixed(1)} kB`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** nginx alone on the build's files: what a static host (or a CDN edge) does with the same bytes. */
function staticSite(dist: string) {
  return (listen: string) => `server {
    listen ${listen};
    root ${join(dist, 'client')};
    gzip_static on;
    location / { try_files $uri $uri/index.html =404; }
}
`;
}

function build(root: string, dist: string, log: (m: string) => void) {
  log('building the example content for the ops benchmark…');
  const b = spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'scripts', 'build.ts')], {
    cwd: root,
    env: { ...process.env, PORTAL_CONTENT: join(root, 'content'), PORTAL_DIST: dist, ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (b.status !== 0) throw new Error(`build of the example content failed:\n${b.stdout}${b.stderr}`);
}

/** A data file of the hospital dataset, as the dataset page links it. */
function dataFile(dist: string): string {
  const dir = join(dist, 'client', 'datasets', HOSPITAL, 'files');
  const csv = readdirSync(dir).find((f) => f.endsWith('.csv'));
  if (!csv) throw new Error(`no CSV in ${dir}`);
  return `/datasets/${HOSPITAL}/files/${csv}`;
}

/** POST → `rows` event at a subscriber, both through `base` (nginx), one at a time; ms, sorted. */
async function eventDelays(base: string, token: string, n: number): Promise<number[]> {
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const ctrl = new AbortController();
  const stream = await fetch(`${base}/api/datasets/${LIVE}/events`, { signal: ctrl.signal });
  const next = streamMarkers(stream);
  await next(': connected'); // subscribed
  const delays: number[] = [];
  for (let i = 0; i < n; i++) {
    // Days from the dataset's temporal.start, each a new row (later days would be refused as implausible).
    const row = { etablissement: '750712184', jour: new Date(Date.UTC(2021, 0, 1) + i * 86_400_000).toISOString().slice(0, 10), lits_occupes: 100, lits_disponibles: 20 };
    const s = performance.now();
    const got = next('event: rows');
    const res = await fetch(`${base}/api/datasets/${LIVE}/rows`, { method: 'POST', headers, body: JSON.stringify({ rows: [row] }) });
    if (!res.ok) throw new Error(`push through nginx: ${res.status} ${await res.text()}`);
    await got;
    delays.push(performance.now() - s);
  }
  ctrl.abort();
  return delays.sort((a, b) => a - b);
}

export async function opsRows(o: OpsBenchOptions): Promise<string[][]> {
  if (!haveNginx) return [['ops', '', '', 'skipped: no /usr/sbin/nginx (apt-get install nginx)', '', '']];
  const rows: string[][] = [];
  const built = o.dist ? undefined : benchDir('bench-ops-dist-');
  const dist = o.dist ?? built!;
  const state = mkdtempSync(join(tmpdir(), 'bench-ops-state-'));
  const servers: BenchServer[] = [];
  const proxies: RunningNginx[] = [];
  try {
    if (built) build(o.root, dist, o.log);
    const env = { PORTAL_STATE_DIR: state, DATABASE_URL: process.env.DATABASE_URL ?? '', PORTAL_TRUST_PROXY: '1', PORTAL_RATE_LIMIT: '0' };
    const a = await startBenchServer(dist, env);
    servers.push(a);
    const one = await startNginx((listen, cache) => portalSite(listen, [new URL(a.url).host], dist, cache), 'auto');
    proxies.push(one);
    const alone = await startNginx(staticSite(dist), 'auto');
    proxies.push(alone);

    const file = dataFile(dist);
    const targets: { name: string; path: string; static: boolean; target: string }[] = [
      { name: 'dashboard page', path: `/dashboards/${DASHBOARD}/`, static: true, target: '≥ 5,000 req/s, p99 ≤ 100 ms through nginx' },
      { name: `dataset page (${HOSPITAL})`, path: `/datasets/${HOSPITAL}/`, static: true, target: '≥ 5,000 req/s, p99 ≤ 100 ms through nginx' },
      { name: 'data file', path: file, static: true, target: '' },
      { name: 'dashboard API', path: `/api/dashboards/${DASHBOARD}`, static: true, target: '' },
      { name: 'search API', path: '/api/search?q=hopital', static: false, target: '' },
    ];
    for (const t of targets) {
      const fronts: [string, string][] = [
        ['Node directly', a.url],
        ['nginx → Node (deploy/nginx.conf)', one.url],
      ];
      if (t.static) fronts.push(['nginx alone, same files', alone.url]);
      const results: [string, Run][] = [];
      for (const [front, base] of fronts) {
        o.log(`ops: ${t.name}, ${front}…`);
        results.push([front, await hammer(base, t.path, o.seconds)]);
      }
      const nginxAlone = results.find(([f]) => f.startsWith('nginx alone'))?.[1];
      for (const [front, r] of results) {
        rows.push([
          `ops: ${t.name} \`${t.path.length > 60 ? `${t.path.slice(0, 57)}…` : t.path}\`, ${front}, ${CLIENTS} clients`,
          `${o.seconds} s`,
          '',
          `${int(r.rps)} req/s, p99 ${r.p99} ms, ${r.failed} failed; ${r.encoding} ${kB(r.bytes)}`,
          nginxAlone && !front.startsWith('nginx alone') ? `${(r.rps / nginxAlone.rps).toFixed(2)}× of nginx alone` : '',
          front.startsWith('nginx →') ? t.target : '',
        ]);
      }
    }

    // Two instances behind the same nginx (both on this machine's 2 cores).
    const b = await startBenchServer(dist, env);
    servers.push(b);
    const two = await startNginx((listen, cache) => portalSite(listen, [new URL(a.url).host, new URL(b.url).host], dist, cache), 'auto');
    proxies.push(two);
    for (const t of targets.slice(0, 2)) {
      o.log(`ops: ${t.name}, nginx → 2 instances…`);
      const r = await hammer(two.url, t.path, o.seconds);
      rows.push([
        `ops: ${t.name}, nginx → 2 Node instances, ${CLIENTS} clients`,
        `${o.seconds} s`,
        '',
        `${int(r.rps)} req/s, p99 ${r.p99} ms, ${r.failed} failed; ${r.encoding} ${kB(r.bytes)}`,
        '',
        t.target,
      ]);
    }

    // Bytes on the wire: body bytes of the same page as sent to a client without compression, with gzip, with brotli.
    for (const [name, path] of [
      ['home', '/'],
      ['catalog', '/datasets/'],
      ['hospital page', `/datasets/${HOSPITAL}/`],
    ] as const) {
      const plain = await get(`${one.url}${path}`, {});
      const gz = await get(`${one.url}${path}`, { 'accept-encoding': 'gzip' });
      const br = await get(`${one.url}${path}`, { 'accept-encoding': 'br, gzip' });
      rows.push([
        `ops: bytes on the wire, ${name} \`${path}\``,
        '',
        '',
        `identity ${kB(plain.bytes)}, ${gz.encoding || 'identity'} ${kB(gz.bytes)}, ${br.encoding || 'identity'} ${kB(br.bytes)} (through nginx)`,
        `brotli ${(br.bytes / plain.bytes).toFixed(3)}× of identity`,
        '',
      ]);
    }

    // Event delay through nginx: a subscriber and the pushes both through nginx → one instance.
    const tok = spawnSync(process.execPath, [join(o.root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(o.root, 'scripts', 'token.ts'), 'create', '--publisher', 'ministere-sante', '--json'], {
      cwd: o.root,
      env: { ...process.env, PORTAL_DIST: dist, ...env },
      encoding: 'utf8',
    });
    if (tok.status !== 0) throw new Error(`token: ${tok.stderr}`);
    const token = (JSON.parse(tok.stdout) as { token: string }).token;
    o.log('ops: push → event through nginx…');
    const delays = await eventDelays(one.url, token, 200);
    rows.push([
      'ops: push → event at a subscriber, both through nginx, p95 of 200',
      `${delays[Math.floor(delays.length * 0.95)]!.toFixed(1)} ms`,
      '',
      `median ${delays[100]!.toFixed(1)} ms, max ${delays[delays.length - 1]!.toFixed(1)} ms`,
      '',
      '≤ 100 ms',
    ]);
    return rows;
  } finally {
    for (const p of proxies) await p.stop();
    for (const s of servers) await s.stop();
    rmSync(state, { recursive: true, force: true });
    if (built) removeBuilds(built);
  }
}
