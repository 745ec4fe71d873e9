// Live-data test helpers: a fresh state (SQLite folder, or a PostgreSQL schema of its own
// when DATABASE_URL is set), tokens made with the real `npm run token` script.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createToken as storeTokenIn } from '../../src/live/tokens.ts';
import { openStore } from '../../src/server/live.ts';
import { ROOT } from './portal.ts';

export interface LiveState {
  name: string;
  env: Record<string, string>;
  cleanup: () => Promise<void>;
}

export function sqliteState(): LiveState {
  const dir = mkdtempSync(join(tmpdir(), 'portal-state-'));
  return { name: 'SQLite', env: { PORTAL_STATE_DIR: dir, DATABASE_URL: '' }, cleanup: async () => {} };
}

/** A schema of its own in the DATABASE_URL database, so runs never see each other's rows. */
export async function postgresState(url: string): Promise<LiveState> {
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const dir = mkdtempSync(join(tmpdir(), 'portal-state-'));
  return {
    name: 'PostgreSQL',
    env: { DATABASE_URL: u.toString(), PORTAL_STATE_DIR: dir },
    cleanup: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/**
 * A database of its own on the DATABASE_URL server (what a deployment has: pg_dump and
 * pg_restore work on whole databases), dropped at cleanup.
 */
export async function postgresDatabaseState(url: string): Promise<LiveState> {
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    name: 'PostgreSQL',
    env: { DATABASE_URL: u.toString(), PORTAL_STATE_DIR: mkdtempSync(join(tmpdir(), 'portal-state-')) },
    cleanup: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Run `npm run token -- …args` with this state, against the fixture portal's build (publishers and datasets are checked there). */
export function runTokenCli(state: LiveState, ...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'token.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', PORTAL_DIST: inject('fixtureDist'), ...state.env },
    encoding: 'utf8',
  });
}

/** `npm run token -- …args` with this state; returns stdout. */
export function tokenCli(state: LiveState, ...args: string[]): string {
  const r = runTokenCli(state, ...args);
  if (r.status !== 0) throw new Error(`token ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout.trim();
}

/**
 * A token the command refuses to make (already expired, or scoped to a dataset the portal does
 * not have), written straight into the real store to test how the server answers it.
 */
export async function storeToken(state: LiveState, options: { publisher: string; datasets?: string[]; expires?: string }): Promise<string> {
  const store = await openStore({ ...process.env, DATABASE_URL: '', ...state.env });
  try {
    return (await storeTokenIn(store, options)).token;
  } finally {
    await store.close();
  }
}

export function createToken(state: LiveState, publisher: string, ...more: string[]): { token: string; id: string } {
  return JSON.parse(tokenCli(state, 'create', '--publisher', publisher, '--json', ...more)) as { token: string; id: string };
}

/** Read server-sent events from a response body until `until` says stop (or the timeout). */
export async function readEvents(res: Response, until: (events: { id: string; event: string; data: string }[]) => boolean, timeoutMs = 5000) {
  const events: { id: string; event: string; data: string }[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!until(events)) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      const r = await Promise.race([reader.read(), new Promise<{ done: true; value: undefined }>((d) => setTimeout(() => d({ done: true, value: undefined }), left))]);
      if (r.done) break;
      buf += decoder.decode(r.value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const e = { id: '', event: 'message', data: '' };
        let isEvent = false;
        for (const line of block.split('\n')) {
          if (line.startsWith('id: ')) e.id = line.slice(4);
          else if (line.startsWith('event: ')) e.event = line.slice(7);
          else if (line.startsWith('data: ')) {
            e.data = line.slice(6);
            isEvent = true;
          }
        }
        if (isEvent) events.push(e);
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return events;
}

/** The cookies (as one Cookie header) of a reporting-form session opened by posting `token` through the sign-in form. */
export async function signInForm(base: string, slug: string, token: string, prefix = ''): Promise<{ cookies: string; status: number; setCookies: string[] }> {
  const page = await fetch(`${base}${prefix}/report/${slug}/`);
  const jar = new Map(page.headers.getSetCookie().map((c) => c.split(';')[0]!.split('=') as [string, string]));
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${base}${prefix}/report/${slug}/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    body: new URLSearchParams({ csrf, action: 'signin', token }).toString(),
  });
  const setCookies = res.headers.getSetCookie();
  for (const c of setCookies) {
    const [k, v] = c.split(';')[0]!.split('=') as [string, string];
    if (v) jar.set(k, v);
    else jar.delete(k);
  }
  return { cookies: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), status: res.status, setCookies };
}
