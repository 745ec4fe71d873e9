// npm run backup / npm run restore: a backup taken while the server runs, restored into an empty
// store (an empty database with PostgreSQL), gives back every row, token, audit entry and the
// event-id sequence (the same token still works, new rows get later ids).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openStore } from '../../src/server/live.ts';
import { createToken, postgresDatabaseState, sqliteState, type LiveState } from '../helpers/live.ts';
import { ROOT, startServer } from '../helpers/portal.ts';

function command(state: LiveState, action: 'backup' | 'restore', file: string) {
  return spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'backup.ts'), action, file], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', ...state.env },
    encoding: 'utf8',
  });
}

/** Everything the store holds for the fixture's datasets: rows, tokens, audit log, last event id. */
async function contents(state: LiveState) {
  const store = await openStore({ ...process.env, DATABASE_URL: '', ...state.env });
  try {
    const datasets: Record<string, unknown> = {};
    for (const slug of ['lits-reanimation', 'cantines', 'gares']) {
      datasets[slug] = { rows: await store.readRows(slug, {}), audit: await store.readAudit(slug), lastSeq: await store.lastSeq(slug) };
    }
    return { datasets, tokens: await store.listTokens() };
  } finally {
    await store.close();
  }
}

const rowsOf = async (url: string) => (await (await fetch(`${url}/api/datasets/lits-reanimation/rows?format=json&limit=10000`)).json()) as { rows: unknown[] };

const states: LiveState[] = [];
afterAll(async () => {
  for (const s of states) await s.cleanup();
});

describe.each([
  ['SQLite', async () => sqliteState()],
  ['PostgreSQL', async () => (process.env.DATABASE_URL ? postgresDatabaseState(process.env.DATABASE_URL) : undefined)],
])('backup and restore (%s)', (name, makeState) => {
  it('restores every row, token and audit entry into an empty store, and over a used one', async (ctx) => {
    const before = await makeState();
    if (!before) {
      console.log(`backup ${name}: skipped: DATABASE_URL is not set`);
      return ctx.skip();
    }
    states.push(before);
    const { token } = createToken(before, 'hopital-test', '--dataset', 'lits-reanimation');
    let server = await startServer(inject('fixtureDist'), before.env);
    const push = await fetch(`${server.url}/api/datasets/lits-reanimation/rows`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ rows: [{ etablissement: 'H01', jour: '2020-11-05', lits_occupes: 5, lits_total: 10 }] }),
    });
    expect(push.status).toBe(201);
    // A correction: two versions of the row in the audit log.
    const correction = await fetch(`${server.url}/api/datasets/lits-reanimation/rows`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ rows: [{ etablissement: 'H01', jour: '2020-11-05', lits_occupes: 6, lits_total: 10 }], reason: 'typo' }),
    });
    expect(correction.status).toBe(201);
    const file = join(mkdtempSync(join(tmpdir(), 'backup-')), 'live.backup');
    const backup = command(before, 'backup', file);
    expect(backup.status, backup.stderr).toBe(0);
    const rows = (await rowsOf(server.url)).rows;
    expect(rows.length).toBeGreaterThan(0);
    await server.stop();
    const stored = await contents(before);

    const after = await makeState();
    states.push(after!);
    const restore = command(after!, 'restore', file);
    expect(restore.status, restore.stderr).toBe(0);
    const restored = await contents(after!);
    expect(restored).toEqual(stored);
    expect(restored.tokens.length).toBeGreaterThan(0);
    expect((restored.datasets['lits-reanimation'] as { audit: unknown[] }).audit.length).toBeGreaterThan(rows.length);
    server = await startServer(inject('fixtureDist'), after!.env);
    try {
      expect((await rowsOf(server.url)).rows).toEqual(rows);
      // The token came back with the rows: it still authenticates.
      const again = await fetch(`${server.url}/api/datasets/lits-reanimation/rows`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ rows: [{ etablissement: 'H01', jour: '2020-11-06', lits_occupes: 6, lits_total: 10 }] }),
      });
      expect(again.status).toBe(201);
      // The event-id sequence came back too: the new row comes after every restored one.
      const lits = (await contents(after!)).datasets['lits-reanimation'] as { lastSeq: number };
      expect(lits.lastSeq).toBeGreaterThan((stored.datasets['lits-reanimation'] as { lastSeq: number }).lastSeq);
    } finally {
      await server.stop();
    }
    // Restoring again over a store in use since puts it back exactly as backed up.
    const over = command(after!, 'restore', file);
    expect(over.status, over.stderr).toBe(0);
    expect(await contents(after!)).toEqual(stored);
  });

  it('refuses to restore a file that is not a backup, and changes nothing', async (ctx) => {
    const state = await makeState();
    if (!state) return ctx.skip();
    states.push(state);
    const before = await contents(state);
    const bogus = join(mkdtempSync(join(tmpdir(), 'bogus-')), 'x.backup');
    spawnSync('sh', ['-c', `echo not a database > ${bogus}`]);
    const r = command(state, 'restore', bogus);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(name === 'SQLite' ? /is not a usable SQLite backup/ : /restore failed: pg_restore failed: .*not appear to be a valid archive/);
    expect(await contents(state)).toEqual(before);
  });
});
