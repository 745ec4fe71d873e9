// Durability and hostile input, through the real server and a real SQLite file
// (and PostgreSQL too when DATABASE_URL is set).
import fc from 'fast-check';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort, startServer, type RunningServer } from '../helpers/portal.ts';
import { createToken, postgresState, sqliteState, tokenCli, type LiveState } from '../helpers/live.ts';
import { openStore } from '../../src/server/live.ts';

const SLUG = 'lits-reanimation';
const stores: [string, () => Promise<LiveState>][] = [['SQLite', async () => sqliteState()]];
if (process.env.DATABASE_URL) stores.push(['PostgreSQL', () => postgresState(process.env.DATABASE_URL!)]);
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

for (const [name, makeState] of stores) {
  describe(`${name}: durability`, () => {
    it('concurrent clients push, the server is killed with SIGKILL and restarted: every 201 row is stored exactly once, and in the audit log', async () => {
      const state = await makeState();
      cleanups.push(state.cleanup);
      const { token } = createToken(state, 'hopital-test');
      const port = await freePort();
      const env = { ...state.env, PORTAL_RATE_LIMIT: '0' };
      let server = await startServer(inject('fixtureDist'), env, port);
      const acked: string[] = [];
      let stop = false;
      const client = async (c: number) => {
        for (let i = 0; !stop; i++) {
          const day = new Date(Date.UTC(2021, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
          const etab = `H${String(50 + c).padStart(2, '0')}`;
          try {
            const res = await fetch(`${server.url}/api/datasets/${SLUG}/rows`, {
              method: 'POST',
              headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
              body: JSON.stringify({ rows: [{ etablissement: etab, jour: day, lits_occupes: i, lits_total: 100 }] }),
            });
            if (res.status === 201) acked.push(JSON.stringify([etab, day]));
          } catch {
            return; // the server died mid-request: the row may or may not be stored, but it got no 201
          }
        }
      };
      const clients = Array.from({ length: 8 }, (_, c) => client(c));
      // Kill mid-stream once enough rows were acknowledged (by count, not by time: CI machines are slow and shared).
      const deadline = Date.now() + 30_000;
      while (acked.length < 25 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await server.kill('SIGKILL');
      stop = true;
      await Promise.all(clients);
      expect(acked.length).toBeGreaterThan(20);
      server = await startServer(inject('fixtureDist'), env, port);
      try {
        const body = await (await fetch(`${server.url}/api/datasets/${SLUG}/rows?limit=10000`)).json();
        const keys = (body.rows as { etablissement: string; jour: string }[]).map((r) => JSON.stringify([r.etablissement, r.jour]));
        expect(new Set(keys).size).toBe(keys.length);
        const stored = new Set(keys);
        expect(acked.filter((k) => !stored.has(k))).toEqual([]);
        // The published rows were seeded once, not again at the restart.
        expect(keys.filter((k) => k.includes('"H01"'))).toHaveLength(2);
        // The audit log lost no acknowledged write either: the data as known now, rebuilt from
        // it alone, holds every acknowledged row, and equals the current rows.
        const asOf = await (await fetch(`${server.url}/api/datasets/${SLUG}/rows?limit=10000&asOf=${new Date().toISOString()}`)).json();
        expect(asOf.rows).toEqual(body.rows);
      } finally {
        await server.stop();
      }
      const store = await openStore({ ...process.env, ...state.env });
      try {
        const audit = await store.readAudit(SLUG);
        const written = new Set(audit.filter((a) => a.action === 'write' && a.token !== null).map((a) => a.key));
        expect(acked.filter((k) => !written.has(k))).toEqual([]);
      } finally {
        await store.close();
      }
    }, 60_000);
  });
}

describe('hostile input (fast-check)', () => {
  let server: RunningServer;
  let state: LiveState;
  let token = '';
  let revoked = '';

  const DOCUMENTED = new Set([400, 401, 403, 404, 409, 413, 415, 422, 429]);
  const csvOf = async () => (await fetch(`${server.url}/api/datasets/${SLUG}/rows?format=csv`)).text();

  it('every bad request gets a documented 4xx in the one error shape; the server stays up; rows are unchanged', async () => {
    state = sqliteState();
    ({ token } = createToken(state, 'hopital-test'));
    const r = createToken(state, 'hopital-test');
    revoked = r.token;
    tokenCli(state, 'revoke', r.id);
    server = await startServer(inject('fixtureDist'), { ...state.env, PORTAL_RATE_LIMIT: '0', PORTAL_MAX_BODY: '65536' });
    const before = await csvOf();
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const badBody = fc.oneof(
      fc.string().map((s) => ({ type: 'application/json', body: s })),
      fc
        .constantFrom('{', '{"rows": 1}', '{"rows": [1]}', '{"rows": [], "x": 1}', 'null', '[]', `{"rows": [${deep(5000)}]}`, `{"rows": [{"etablissement": ${deep(100)}}]}`)
        .map((body) => ({ type: 'application/json', body })),
      fc
        .array(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 })), { minLength: 1, maxLength: 5 })
        .map((rows) => ({ type: 'application/json', body: JSON.stringify({ rows }) })),
      fc
        .record({ etablissement: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), jour: fc.oneof(fc.string(), fc.integer()), lits_occupes: fc.oneof(fc.string(), fc.double(), fc.boolean()) })
        .map((row) => ({ type: 'application/json', body: JSON.stringify({ rows: [{ ...row, lits_total: -1 }] }) })),
      fc.string().map((s) => ({ type: 'text/csv', body: `wrong,header\n${s}` })),
      fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data', '', 'application/x-www-form-urlencoded').map((type) => ({ type, body: '{"rows": []}' })),
      fc.constant({ type: 'application/json', body: JSON.stringify({ rows: [{ etablissement: 'H01', jour: '2020-11-01', n: 'x'.repeat(70_000) }] }) }),
    );
    const auth = fc.constantFrom<string | null>(null, 'cdp_nope', 'Basic abc', revoked, token);
    const slug = fc.constantFrom(SLUG, SLUG, '..%2F..%2Fetc', '%2e%2e%2fportal', 'cantines', 'x'.repeat(300), 'lits-reanimation%00');
    await fc.assert(
      fc.asyncProperty(badBody, auth, slug, async (b, a, s) => {
        const headers: Record<string, string> = {};
        if (b.type) headers['Content-Type'] = b.type;
        if (a) headers.Authorization = a.startsWith('Basic') ? a : `Bearer ${a}`;
        const res = await fetch(`${server.url}/api/datasets/${s}/rows`, { method: 'POST', headers, body: b.body });
        const text = await res.text();
        if (res.status === 201) return; // an accidentally valid (empty) body from a valid token is fine
        expect(DOCUMENTED.has(res.status), `${res.status}: ${text}`).toBe(true);
        // An encoded "../" leaves the API route before Astro routes it: the static server's 404 page answers
        // (unless the body is over the limit, refused in the JSON shape before any routing).
        if (s.includes('%2e%2e') && res.status !== 413) {
          expect(res.status).toBe(404);
          return;
        }
        const err = JSON.parse(text).error;
        expect(typeof err.code).toBe('string');
        expect(typeof err.message).toBe('string');
        expect(Array.isArray(err.details)).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect((await fetch(`${server.url}/`)).status).toBe(200);
    expect(await csvOf()).toBe(before);
    await server.stop();
  }, 120_000);
});
