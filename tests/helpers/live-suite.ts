// The live-data API suite, run once per store (tests/integration/live-sqlite.test.ts,
// live-postgres.test.ts): the real server, a real database, tokens from the real CLI.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer, type RunningServer } from './portal.ts';
import { createToken, readEvents, signInForm, storeToken, tokenCli, type LiveState } from './live.ts';

const SLUG = 'lits-reanimation';
const SEEDED = 4;

export function liveApiSuite(makeState: () => Promise<LiveState>) {
  let state: LiveState;
  let server: RunningServer;
  let token = '';
  let openapi: Record<string, any>;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);

  beforeAll(async () => {
    state = await makeState();
    token = createToken(state, 'hopital-test').token;
    server = await startServer(inject('fixtureDist'), { ...state.env, PORTAL_RATE_LIMIT: '600' });
    openapi = await (await fetch(`${server.url}/api/openapi.json`)).json();
    ajv.addSchema(openapi, 'openapi');
  });

  afterAll(async () => {
    await server?.stop();
    await state?.cleanup();
  });

  const url = (p = '') => `${server.url}/api/datasets/${SLUG}/${p}`;
  const push = (body: unknown, headers: Record<string, string> = {}, tok: string | null = token) =>
    fetch(url('rows'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(tok ? { Authorization: `Bearer ${tok}` } : {}), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
  /** The answer's body matches the OpenAPI document's schema for that operation and status. */
  async function checked(res: Response, method: 'get' | 'post', status: number) {
    const text = await res.text();
    expect(res.status, text).toBe(status);
    const op = openapi.paths['/api/datasets/{slug}/rows'][method];
    expect(op.responses[String(status)], `rows ${method} documents ${status}`).toBeDefined();
    const validate = ajv.getSchema(`openapi#/${pointer('paths', '/api/datasets/{slug}/rows', method, 'responses', String(status), 'content', 'application/json', 'schema')}`)!;
    const body = JSON.parse(text);
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    return body;
  }
  const allRows = async () => (await (await fetch(url('rows?limit=10000'))).json()).rows as Record<string, unknown>[];

  describe('reading', () => {
    it('the published file is the starting content, in JSON pages and complete CSV', async () => {
      const page = await checked(await fetch(url('rows?limit=2')), 'get', 200);
      expect(page.total).toBeGreaterThanOrEqual(SEEDED);
      expect(page.rows[0]).toEqual({ etablissement: 'H01', jour: '2020-11-01', lits_occupes: 12, lits_total: 20 });
      expect(page.next).toBe(`/api/datasets/${SLUG}/rows?limit=2&offset=2`);
      const csv = await fetch(url('rows?format=csv'));
      expect(csv.headers.get('content-type')).toContain('text/csv');
      const lines = (await csv.text()).trim().split('\r\n');
      expect(lines[0]).toBe('etablissement,jour,lits_occupes,lits_total');
      expect(lines).toContain('H02,2020-11-03,7,10');
    });

    it('filters on key fields and a date range; bad parameters are a 400', async () => {
      const r = await checked(await fetch(url('rows?etablissement=H02&from=2020-11-02&to=2020-11-30')), 'get', 200);
      expect(r.rows).toEqual([{ etablissement: 'H02', jour: '2020-11-03', lits_occupes: 7, lits_total: 10 }]);
      const bad = await checked(await fetch(url('rows?lits_occupes=3&from=yesterday')), 'get', 400);
      expect(bad.error.code).toBe('invalid_parameter');
      expect(bad.error.details.map((d: any) => d.field).sort()).toEqual(['from', 'lits_occupes']);
    });

    it('unknown, non-live and path-traversal slugs are a 404 in the one error shape', async () => {
      for (const slug of ['nope', 'cantines', '..%2F..%2Fetc%2Fpasswd', '%2e%2e']) {
        const res = await fetch(`${server.url}/api/datasets/${slug}/rows`);
        expect(res.status).toBe(404);
        if (!slug.includes('%2e')) expect((await res.json()).error.code).toBe('not_found');
      }
    });
  });

  describe('pushing', () => {
    it('stores JSON rows (201 after commit), and a push of an existing key updates it', async () => {
      const body = await checked(
        await push({
          rows: [
            { etablissement: 'H10', jour: '2020-12-01', lits_occupes: 3, lits_total: 8 },
            { etablissement: 'H10', jour: '2020-12-02', lits_occupes: '4', lits_total: '8' },
          ],
        }),
        'post',
        201,
      );
      expect(body).toEqual({ accepted: 2 });
      await checked(await push({ rows: [{ etablissement: 'H10', jour: '2020-12-01', lits_occupes: 5, lits_total: 8 }] }), 'post', 201);
      const rows = (await (await fetch(url('rows?etablissement=H10'))).json()).rows;
      expect(rows).toEqual([
        { etablissement: 'H10', jour: '2020-12-01', lits_occupes: 5, lits_total: 8 },
        { etablissement: 'H10', jour: '2020-12-02', lits_occupes: 4, lits_total: 8 },
      ]);
      const arrived = (await (await fetch(url('rows?etablissement=H10'))).json()).lastArrival;
      expect(Date.now() - Date.parse(arrived)).toBeLessThan(60_000);
    });

    it('stores CSV rows; a wrong header is a 422 naming the column', async () => {
      const ok = await push('etablissement;jour;lits_occupes;lits_total\nH11;2020-12-01;1;2\nH11;2020-12-02;;2\n', { 'Content-Type': 'text/csv' });
      expect(await checked(ok, 'post', 201)).toEqual({ accepted: 2 });
      const bad = await checked(await push('etablissement,day,lits_occupes\nH11,2020-12-03,1\n', { 'Content-Type': 'text/csv; charset=utf-8' }), 'post', 422);
      expect(bad.error.details).toContainEqual({ row: 1, field: 'day', message: expect.stringContaining('is not a field') });
      expect(bad.error.details).toContainEqual({ row: 1, field: 'jour', message: 'column "jour" is missing' });
    });

    it('rows that break the schema: 422 with {row, field, message}, nothing stored', async () => {
      const before = await allRows();
      const res = await checked(
        await push({
          rows: [
            { etablissement: 'H12', jour: '2020-12-01', lits_occupes: 1 },
            { etablissement: 'X', jour: '2020-13-01', lits_occupes: -1, extra: 1 },
          ],
        }),
        'post',
        422,
      );
      expect(res.error.code).toBe('invalid_rows');
      expect(res.error.details).toEqual([
        { row: 2, field: 'etablissement', message: '"X" does not match the pattern H[0-9]{2}' },
        { row: 2, field: 'jour', message: expect.stringContaining('is not a date') },
        { row: 2, field: 'lits_occupes', message: '"-1" is less than the minimum 0' },
        { row: 2, field: 'extra', message: '"extra" is not a field of the schema' },
      ]);
      expect(await allRows()).toEqual(before);
    });

    it('tokens: missing or unknown 401, another publisher or dataset 403, revoked or expired 401', async () => {
      expect((await checked(await push({ rows: [] }, {}, null), 'post', 401)).error.code).toBe('unauthorized');
      expect((await checked(await push({ rows: [] }, {}, 'cdp_wrong'), 'post', 401)).error.code).toBe('unauthorized');
      const other = createToken(state, 'mairie-test').token;
      expect((await checked(await push({ rows: [] }, {}, other), 'post', 403)).error.code).toBe('forbidden');
      const scoped = await storeToken(state, { publisher: 'hopital-test', datasets: ['autre'] });
      await checked(await push({ rows: [] }, {}, scoped), 'post', 403);
      const mine = createToken(state, 'hopital-test', '--dataset', SLUG);
      await checked(await push({ rows: [] }, {}, mine.token), 'post', 201);
      expect(tokenCli(state, 'list')).toContain(mine.id);
      expect(tokenCli(state, 'list')).not.toContain(mine.token);
      tokenCli(state, 'revoke', mine.id);
      expect((await checked(await push({ rows: [] }, {}, mine.token), 'post', 401)).error.message).toMatch(/revoked/);
      const expired = await storeToken(state, { publisher: 'hopital-test', expires: '2000-01-01T00:00:00.000Z' });
      expect((await checked(await push({ rows: [] }, {}, expired), 'post', 401)).error.message).toMatch(/expired/);
    });

    it('Idempotency-Key: a replay returns the first answer and stores nothing; another body is a 409', async () => {
      const body = { rows: [{ etablissement: 'H13', jour: '2020-12-01', lits_occupes: 1, lits_total: 2 }] };
      const first = await push(body, { 'Idempotency-Key': 'k-1' });
      expect(first.status).toBe(201);
      const again = await push(body, { 'Idempotency-Key': 'k-1' });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await again.json()).toEqual({ accepted: 1 });
      const conflict = await checked(await push({ rows: [] }, { 'Idempotency-Key': 'k-1' }), 'post', 409);
      expect(conflict.error.code).toBe('idempotency_conflict');
    });

    it('a body over the limit is a 413; a wrong content type a 415', async () => {
      const huge = JSON.stringify({ rows: [{ etablissement: 'H14', jour: '2020-12-01', note: 'x'.repeat(1_100_000) }] });
      expect((await checked(await push(huge), 'post', 413)).error.code).toBe('payload_too_large');
      expect((await checked(await push('a=b', { 'Content-Type': 'application/x-www-form-urlencoded' }), 'post', 415)).error.code).toBe('unsupported_media_type');
    });

    it('too many requests with one token: 429 with Retry-After; other tokens are not affected', async () => {
      const busy = createToken(state, 'hopital-test').token;
      const answers = await Promise.all(Array.from({ length: 130 }, () => push({ rows: [] }, {}, busy)));
      const limited = answers.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await checked(limited[0]!, 'post', 429);
      expect((await push({ rows: [] })).status).toBe(201);
    });
  });

  describe('events', () => {
    it('a subscriber gets pushed rows at once, and Last-Event-ID resumes without loss', async () => {
      const controller = new AbortController();
      const stream = await fetch(url('events'), { signal: controller.signal });
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const started = Date.now();
      const waiting = readEvents(stream, (e) => e.length >= 1);
      await new Promise((r) => setTimeout(r, 100));
      await push({ rows: [{ etablissement: 'H20', jour: '2020-12-01', lits_occupes: 9, lits_total: 10 }] });
      const [event] = await waiting;
      controller.abort();
      expect(Date.now() - started).toBeLessThan(3000);
      expect(event!.event).toBe('rows');
      expect(JSON.parse(event!.data).rows).toEqual([{ etablissement: 'H20', jour: '2020-12-01', lits_occupes: 9, lits_total: 10 }]);
      // Rows pushed while nobody listened come first on resume.
      await push({ rows: [{ etablissement: 'H21', jour: '2020-12-01', lits_occupes: 1, lits_total: 2 }] });
      await push({ rows: [{ etablissement: 'H22', jour: '2020-12-01', lits_occupes: 1, lits_total: 2 }] });
      const resumed = await fetch(url('events'), { headers: { 'Last-Event-ID': event!.id } });
      const events = await readEvents(resumed, (e) => e.flatMap((x) => JSON.parse(x.data).rows).length >= 2);
      expect(events.flatMap((x) => JSON.parse(x.data).rows.map((r: any) => r.etablissement))).toEqual(['H21', 'H22']);
    });

    it('a retraction reaches subscribers at once as its own event, in order, and Last-Event-ID replays it', async () => {
      const row = { etablissement: 'H23', jour: '2020-12-02', lits_occupes: 3, lits_total: 10 };
      const controller = new AbortController();
      const stream = await fetch(url('events'), { signal: controller.signal });
      const waiting = readEvents(stream, (e) => e.length >= 2);
      await new Promise((r) => setTimeout(r, 100));
      expect((await push({ rows: [row] })).status).toBe(201);
      const retract = await fetch(url('rows'), {
        method: 'DELETE',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ keys: [{ etablissement: 'H23', jour: '2020-12-02' }], reason: 'entered twice' }),
      });
      expect(await retract.json()).toEqual({ retracted: 1 });
      const [written, retracted] = await waiting;
      controller.abort();
      expect([written?.event, retracted?.event]).toEqual(['rows', 'retracted']);
      // The row as it was, so that a page finds what to remove.
      expect(JSON.parse(retracted!.data).rows).toEqual([row]);
      expect(Number(retracted!.id)).toBeGreaterThan(Number(written!.id));
      // Written again after the retraction: a later id. Resumed from before the first write: the
      // retraction, then the new row (the retracted write is no longer there to replay).
      expect((await push({ rows: [{ ...row, lits_occupes: 4 }] })).status).toBe(201);
      const resumed = await fetch(url('events'), { headers: { 'Last-Event-ID': String(Number(written!.id) - 1) } });
      const events = await readEvents(resumed, (e) => e.length >= 2);
      expect(events.map((e) => e.event)).toEqual(['retracted', 'rows']);
      expect(JSON.parse(events[1]!.data).rows).toEqual([{ ...row, lits_occupes: 4 }]);
      expect(Number(events[1]!.id)).toBeGreaterThan(Number(retracted!.id));
    });
  });

  describe('pages', () => {
    it('the reporting status lists reporters, the late ones marked, and the last arrival', async () => {
      const html = await (await fetch(`${server.url}/reporting/`)).text();
      expect(html).toContain('<h1>État des déclarations</h1>');
      expect(html).toMatch(/data-reporter="H01" data-state="never"/);
      expect(html).toMatch(/data-reporter="H10" data-state="on-time"/);
      expect((await fetch(`${server.url}/en/reporting/`)).status).toBe(200);
    });

    it('the reporting form asks for a token, then renders inputs from the Table Schema', async () => {
      const signin = await fetch(`${server.url}/report/${SLUG}/`);
      expect(signin.status).toBe(200);
      expect(await signin.text()).toContain('name="token" type="password"');
      const { cookies, status, setCookies } = await signInForm(server.url, SLUG, token);
      expect(status).toBe(303);
      expect(setCookies.join('\n')).toMatch(/portal_report_session=.*HttpOnly.*SameSite=Strict/i);
      const form = await (await fetch(`${server.url}/report/${SLUG}/`, { headers: { cookie: cookies } })).text();
      expect(form).toMatch(/<input id="f-jour" name="jour" type="date"/);
      expect(form).toMatch(/<input id="f-lits_occupes" name="lits_occupes" type="number"[^>]*min="0"/);
      // Without the CSRF value, nothing is stored.
      const forged = await fetch(`${server.url}/report/${SLUG}/`, {
        method: 'POST',
        headers: { cookie: cookies, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'action=submit&etablissement=H30&jour=2020-12-01',
      });
      expect(forged.status).toBe(403);
      expect((await fetch(url('rows?etablissement=H30'))).ok && (await (await fetch(url('rows?etablissement=H30'))).json()).total).toBe(0);
    });
  });
}
