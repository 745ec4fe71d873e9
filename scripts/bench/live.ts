// Live-data ingestion benchmark: the real server on loopback with a real store (SQLite, and
// PostgreSQL when DATABASE_URL is set). One request of 10,000 rows; single-row requests from
// 16 concurrent clients (autocannon); delay from a POST to its event reaching a subscriber, and
// with PostgreSQL also across two processes (push to one, subscriber on the other).
// Returns table rows for scripts/bench.ts (run, time, peak RSS, result, ratio, target).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { startBenchServer, streamMarkers } from './server.ts';
import { benchDir } from './temp.ts';
import { removeBuilds } from '../../src/server/builds.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

// Days count from the fixture's temporal.start and stay before today: later or earlier rows are
// refused as implausible (src/live/plausibility.ts). Each phase takes its own range of days.
const row = (etab: number, day: number) => ({
  etablissement: `H${String(etab % 100).padStart(2, '0')}`,
  jour: new Date(Date.UTC(2020, 10, 1) + (day % 2000) * 86_400_000).toISOString().slice(0, 10),
  // No sudden jumps (the fixture declares live.jump): values stay within a factor of 2.
  lits_occupes: 10 + (day % 10),
  lits_total: 60,
});

async function measureStore(name: string, dist: string, env: Record<string, string>): Promise<string[][]> {
  const token = createToken(dist, env);
  const server = await startBenchServer(dist, { ...env, PORTAL_RATE_LIMIT: '0', PORTAL_MAX_BODY: String(16 * 1024 * 1024) });
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const rowsUrl = `${server.url}/api/datasets/lits-reanimation/rows`;
  try {
    await fetch(`${server.url}/api/datasets/lits-reanimation/rows?limit=1`); // open and seed the store
    const batch = JSON.stringify({ rows: Array.from({ length: 10_000 }, (_, i) => row(i, Math.floor(i / 100))) });
    const t0 = performance.now();
    const res = await fetch(rowsUrl, { method: 'POST', headers, body: batch });
    const batchMs = performance.now() - t0;
    if (res.status !== 201) throw new Error(`batch: ${res.status} ${await res.text()}`);
    let n = 0;
    const ac = await autocannon({
      url: rowsUrl,
      connections: 16,
      duration: 5,
      method: 'POST',
      headers,
      requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ rows: [row(n, 200 + Math.floor(n++ / 100))] }) }) }],
    });
    const delays = await postToEvent(rowsUrl, server.url, headers, 1_500);
    const p95 = delays[Math.floor(delays.length * 0.95)]!;
    const ok2xx = ac['2xx'];
    return [
      [`live ${name}: one request of 10,000 rows`, `${(batchMs / 1000).toFixed(2)} s`, '', `${Math.round(10_000 / (batchMs / 1000)).toLocaleString('en')} rows/s`, '', '≥ 20,000 rows/s (SQLite)'],
      [
        `live ${name}: single-row requests, 16 clients, 5 s`,
        '5 s',
        '',
        `${Math.round(ok2xx / 5).toLocaleString('en')} req/s (${ac.non2xx} non-2xx, p99 ${ac.latency.p99} ms)`,
        '',
        '≥ 1,000 req/s (SQLite)',
      ],
      [`live ${name}: POST → event at a subscriber, p95 of 200`, `${p95.toFixed(1)} ms`, '', `median ${delays[100]!.toFixed(1)} ms`, '', '≤ 100 ms'],
    ];
  } finally {
    await server.stop();
  }
}

/**
 * POST → event delay, one at a time, through a real event-stream subscriber of `subscriberBase`
 * (the server pushed to, or another process on the same database); 200 rows from day `firstDay`.
 * The delays in ms, sorted.
 */
async function postToEvent(rowsUrl: string, subscriberBase: string, headers: Record<string, string>, firstDay: number): Promise<number[]> {
  const delays: number[] = [];
  const ctrl = new AbortController();
  const stream = await fetch(`${subscriberBase}/api/datasets/lits-reanimation/events`, { signal: ctrl.signal });
  const next = streamMarkers(stream);
  // Subscribed once the server says so.
  await next(': connected');
  for (let i = 0; i < 200; i++) {
    const s = performance.now();
    const got = next('event: rows');
    const res = await fetch(rowsUrl, { method: 'POST', headers, body: JSON.stringify({ rows: [row(i, firstDay + i)] }) });
    if (res.status !== 201) throw new Error(`push: ${res.status} ${await res.text()}`);
    await got;
    delays.push(performance.now() - s);
  }
  ctrl.abort();
  return delays.sort((a, b) => a - b);
}

/** Two processes on one PostgreSQL database: push to A, the subscriber on B (events by LISTEN/NOTIFY). */
async function measureTwoProcesses(dist: string, env: Record<string, string>): Promise<string[][]> {
  const token = createToken(dist, env);
  const serverEnv = { ...env, PORTAL_RATE_LIMIT: '0' };
  const [a, b] = await Promise.all([startBenchServer(dist, serverEnv), startBenchServer(dist, serverEnv)]);
  try {
    await fetch(`${a.url}/api/datasets/lits-reanimation/rows?limit=1`); // open and seed the store
    const delays = await postToEvent(`${a.url}/api/datasets/lits-reanimation/rows`, b.url, { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, 1_700);
    const p95 = delays[Math.floor(delays.length * 0.95)]!;
    return [[`live PostgreSQL, two processes: POST to A → event at B's subscriber, p95 of 200`, `${p95.toFixed(1)} ms`, '', `median ${delays[100]!.toFixed(1)} ms`, '', '≤ 100 ms']];
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}

function createToken(dist: string, env: Record<string, string>): string {
  const tok = spawnSync(process.execPath, [TSX, join(ROOT, 'scripts', 'token.ts'), 'create', '--publisher', 'hopital-test', '--json'], {
    env: { ...process.env, PORTAL_DIST: dist, ...env },
    encoding: 'utf8',
  });
  if (tok.status !== 0) throw new Error(`token create failed: ${tok.stderr}`);
  return (JSON.parse(tok.stdout) as { token: string }).token;
}

/** Build the fixture portal, then measure each configured store. */
export async function liveRows(): Promise<string[][]> {
  const dist = benchDir('bench-live-dist-');
  const state = mkdtempSync(join(tmpdir(), 'bench-live-state-'));
  try {
    const b = spawnSync(process.execPath, [TSX, join(ROOT, 'scripts', 'build.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORTAL_CONTENT: join(ROOT, 'tests', 'fixtures', 'portal-valid'), PORTAL_DIST: dist, ASTRO_TELEMETRY_DISABLED: '1' },
      encoding: 'utf8',
    });
    if (b.status !== 0) throw new Error(`fixture build failed:\n${b.stdout}${b.stderr}`);
    const rows = await measureStore('SQLite', dist, { PORTAL_STATE_DIR: state, DATABASE_URL: '' });
    if (process.env.DATABASE_URL) {
      const env = { PORTAL_STATE_DIR: state, DATABASE_URL: process.env.DATABASE_URL };
      rows.push(...(await measureStore('PostgreSQL', dist, env)), ...(await measureTwoProcesses(dist, env)));
    }
    return rows;
  } finally {
    removeBuilds(dist);
    rmSync(state, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await liveRows()) console.log(r.filter(Boolean).join(' | '));
}
