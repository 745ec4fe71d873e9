// A reporter's token can never change or retract another reporter's rows, whatever it sends:
// fast-check drives the real push and retraction handlers (src/server/push.ts, retract.ts) on a
// real SQLite store in a temporary folder, for a key that includes the reporter field and one
// that does not (where a row of another reporter can have the very key a request names).
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalFanout } from '../../../src/live/hub.ts';
import { RateLimiter } from '../../../src/live/rate-limit.ts';
import { SqliteStore } from '../../../src/live/sqlite-store.ts';
import { createToken } from '../../../src/live/tokens.ts';
import type { LiveDataset } from '../../../src/live/types.ts';
import { liveSettings, type LiveContext } from '../../../src/server/live.ts';
import { pushRows } from '../../../src/server/push.ts';
import { retractRows } from '../../../src/server/retract.ts';
import { checkTableSchema } from '../../../src/tableschema/index.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function dataset(slug: string, key: string[]): LiveDataset {
  const schema = checkTableSchema({
    fields: [
      { name: 'etablissement', type: 'string' },
      { name: 'service', type: 'string', constraints: { enum: ['A', 'B'] } },
      { name: 'jour', type: 'date', constraints: { required: true } },
      { name: 'lits_occupes', type: 'integer', constraints: { minimum: 0 } },
    ],
  }).schema!;
  return {
    slug,
    title: { en: slug },
    publisher: 'p',
    frequency: 'daily',
    resource: 'r',
    path: 'r.csv',
    tableSchema: schema,
    key,
    reporter: 'etablissement',
    reporters: ['H01', 'H02', 'H03'].map((id) => ({ id, name: `Hospital ${id}` })),
    dateField: 'jour',
    plausibility: { futureDays: 0, rules: [] },
    jump: { factor: 3, fields: ['lits_occupes'] },
    seed: { digest: '', rows: [] },
  };
}

async function context(ds: LiveDataset): Promise<LiveContext> {
  const dir = mkdtempSync(join(tmpdir(), 'isolation-'));
  dirs.push(dir);
  const store = new SqliteStore(join(dir, 'live.sqlite'));
  await store.migrate();
  return { runtime: { builtAt: '', datasets: [ds] }, datasets: new Map([[ds.slug, ds]]), store, events: new LocalFanout(), limiter: new RateLimiter(0), settings: liveSettings({}) };
}

const rowArb = fc.record({
  etablissement: fc.constantFrom('H01', 'H02', 'H03', ''),
  service: fc.constantFrom('A', 'B'),
  jour: fc.constantFrom('2020-11-01', '2020-11-02', '2020-11-03'),
  lits_occupes: fc.integer({ min: 0, max: 100 }),
});
const opArb = fc.record({
  actor: fc.constantFrom<string[]>(['H01'], ['H02'], ['H01', 'H03']),
  kind: fc.constantFrom('push', 'retract'),
  rows: fc.array(rowArb, { minLength: 1, maxLength: 4 }),
  confirm: fc.boolean(),
});

for (const key of [
  ['etablissement', 'service', 'jour'],
  ['service', 'jour'],
]) {
  describe(`key ${key.join(', ')}`, () => {
    it('no request of a reporter-scoped token changes or removes a row of another reporter', async () => {
      const ds = dataset(`iso-${key.length}`, key);
      const ctx = await context(ds);
      const tokens = new Map<string, string>();
      const tokenFor = async (reporters: string[]) => {
        const id = reporters.join(',');
        if (!tokens.has(id)) tokens.set(id, (await createToken(ctx.store, { publisher: 'p', datasets: [ds.slug], reporters })).token);
        return tokens.get(id)!;
      };
      const request = (method: string, token: string, body: unknown, confirm: boolean) =>
        new Request(`http://portal.test/api/datasets/${ds.slug}/rows${confirm ? '?confirm=jumps' : ''}`, {
          method,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
      // Rows of others, keyed, with their values: what must never move.
      const othersOf = async (mine: string[]) =>
        (await ctx.store.readRows(ds.slug, {})).rows
          .filter((r) => !mine.includes(String(r.data.etablissement)))
          .map((r) => JSON.stringify(r.data))
          .sort();
      let changedOwn = 0;

      await fc.assert(
        fc.asyncProperty(fc.array(rowArb, { maxLength: 6 }), fc.array(opArb, { minLength: 1, maxLength: 6 }), async (start, ops) => {
          // Everyone's rows first, written by a dataset-wide token (confirming any jump).
          const all = await createToken(ctx.store, { publisher: 'p', datasets: [ds.slug] });
          const seed = start.filter((r) => r.etablissement !== '');
          if (seed.length) await pushRows(ctx, ds, request('POST', all.token, { rows: seed }, true));
          for (const op of ops) {
            const token = await tokenFor(op.actor);
            const before = await othersOf(op.actor);
            const res =
              op.kind === 'push'
                ? await pushRows(ctx, ds, request('POST', token, { rows: op.rows }, op.confirm))
                : await retractRows(ctx, ds, request('DELETE', token, { keys: op.rows.map((r) => Object.fromEntries(key.map((k) => [k, r[k as keyof typeof r] || 'H01']))), reason: 'test' }, false));
            if (res.status < 300) changedOwn++;
            expect(await othersOf(op.actor), `${op.kind} by ${op.actor.join(',')} answered ${res.status}`).toEqual(before);
            expect([200, 201, 403, 404, 422]).toContain(res.status);
          }
        }),
        { numRuns: 60 },
      );
      // The property would hold trivially if every request were refused.
      expect(changedOwn).toBeGreaterThan(10);
      await ctx.store.close();
    });
  });
}
