// npm run backup / npm run restore: a backup taken while the server runs, restored into an empty
// store, gives back every row (and the tokens: the same token still works).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createToken, postgresState, sqliteState, type LiveState } from '../helpers/live.ts';
import { ROOT, startServer } from '../helpers/portal.ts';

function command(state: LiveState, action: 'backup' | 'restore', file: string) {
  return spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'backup.ts'), action, file], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', ...state.env },
    encoding: 'utf8',
  });
}

const rowsOf = async (url: string) => (await (await fetch(`${url}/api/datasets/lits-reanimation/rows?format=json&limit=10000`)).json()) as { rows: unknown[] };

const states: LiveState[] = [];
afterAll(async () => {
  for (const s of states) await s.cleanup();
});

describe.each([
  ['SQLite', async () => sqliteState()],
  ['PostgreSQL', async () => (process.env.DATABASE_URL ? postgresState(process.env.DATABASE_URL) : undefined)],
])('backup and restore (%s)', (name, makeState) => {
  it('restores every row and token into an empty store', async (ctx) => {
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
    const file = join(mkdtempSync(join(tmpdir(), 'backup-')), 'live.backup');
    const backup = command(before, 'backup', file);
    expect(backup.status, backup.stderr).toBe(0);
    const rows = (await rowsOf(server.url)).rows;
    expect(rows.length).toBeGreaterThan(0);
    await server.stop();

    const after = await makeState();
    states.push(after!);
    const restore = command(after!, 'restore', file);
    expect(restore.status, restore.stderr).toBe(0);
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
    } finally {
      await server.stop();
    }
  });

  it('refuses to restore a file that is not a backup, and changes nothing', async () => {
    if (name !== 'SQLite') return;
    const state = sqliteState();
    const bogus = join(mkdtempSync(join(tmpdir(), 'bogus-')), 'x.backup');
    spawnSync('sh', ['-c', `echo not a database > ${bogus}`]);
    const r = command(state, 'restore', bogus);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is not a usable SQLite backup/);
  });
});
