// Reporting you can trust (issue 10): reporter-scoped tokens, through the real server and the
// real token command, run once per store like the live API suite (tests/helpers/live-suite.ts).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer, type RunningServer } from './portal.ts';
import { createToken, runTokenCli, signInForm, type LiveState } from './live.ts';

const SLUG = 'lits-reanimation';

export function reportingSuite(makeState: () => Promise<LiveState>) {
  let state: LiveState;
  let server: RunningServer;

  beforeAll(async () => {
    state = await makeState();
    server = await startServer(inject('fixtureDist'), { ...state.env, PORTAL_RATE_LIMIT: '600' });
  });

  afterAll(async () => {
    await server?.stop();
    await state?.cleanup();
  });

  const url = (p = '') => `${server.url}/api/datasets/${SLUG}/${p}`;
  const push = (token: string, rows: unknown[]) =>
    fetch(url('rows'), { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify({ rows }) });
  const rowsOf = async (query: string) => (await (await fetch(url(`rows?${query}`))).json()).rows as Record<string, unknown>[];

  describe('reporters', () => {
    it('token create --reporter: unknown ids refused with the closest one, exit status 2', () => {
      const typo = runTokenCli(state, 'create', '--publisher', 'hopital-test', '--dataset', SLUG, '--reporter', 'H01,H2');
      expect(typo.status).toBe(2);
      expect(typo.stderr).toContain('--reporter: no reporter "H2" in dataset "lits-reanimation" (did you mean "H02"?). Its reporters: H01, H02, H03.');
      const noDataset = runTokenCli(state, 'create', '--publisher', 'hopital-test', '--reporter', 'H01');
      expect(noDataset.status).toBe(2);
      expect(noDataset.stderr).toContain('--reporter needs exactly one --dataset');
    });

    it('a single-reporter token fills the reporter itself; a row of another reporter is a 403 naming both', async () => {
      const nord = createToken(state, 'hopital-test', '--dataset', SLUG, '--reporter', 'H01').token;
      const ok = await push(nord, [{ jour: '2020-11-05', lits_occupes: 3, lits_total: 20 }]);
      expect(ok.status, await ok.clone().text()).toBe(201);
      expect(await rowsOf('etablissement=H01&jour=2020-11-05')).toEqual([{ etablissement: 'H01', jour: '2020-11-05', lits_occupes: 3, lits_total: 20 }]);
      const before = await rowsOf('etablissement=H02');
      const res = await push(nord, [
        { etablissement: 'H01', jour: '2020-11-06', lits_occupes: 1 },
        { etablissement: 'H02', jour: '2020-11-01', lits_occupes: 0, lits_total: 1 },
      ]);
      expect(res.status).toBe(403);
      const body = await res.json();
      expect(body.error.code).toBe('forbidden_reporter');
      expect(body.error.details).toEqual([{ row: 2, field: 'etablissement', message: 'the row is for reporter "H02" (Clinique du Sud), but this token reports only for "H01" (Hôpital du Nord)' }]);
      // Nothing of the request was stored, not even the row of its own reporter.
      expect(await rowsOf('etablissement=H02')).toEqual(before);
      expect(await rowsOf('etablissement=H01&jour=2020-11-06')).toEqual([]);
    });

    it('a token for a set of reporters writes each of them, and no other', async () => {
      const two = createToken(state, 'hopital-test', '--dataset', SLUG, '--reporter', 'H01', '--reporter', 'H02').token;
      expect((await push(two, [{ etablissement: 'H02', jour: '2020-11-07', lits_occupes: 1, lits_total: 10 }])).status).toBe(201);
      const other = await push(two, [{ etablissement: 'H03', jour: '2020-11-07', lits_occupes: 1, lits_total: 10 }]);
      expect(other.status).toBe(403);
      expect((await other.json()).error.details[0].message).toContain('"H03" (Centre hospitalier de l\'Est)');
      // Without a reporter value there is no single one to assume.
      expect((await push(two, [{ jour: '2020-11-07', lits_occupes: 1, lits_total: 10 }])).status).toBe(422);
    });

    it('the form shows the reporter’s name and fixes its field', async () => {
      const nord = createToken(state, 'hopital-test', '--dataset', SLUG, '--reporter', 'H01').token;
      const { cookies } = await signInForm(server.url, SLUG, nord);
      const form = await (await fetch(`${server.url}/report/${SLUG}/`, { headers: { cookie: cookies } })).text();
      expect(form).toContain('Vous déclarez pour Hôpital du Nord (H01).');
      expect(form).toMatch(/<input id="f-etablissement" name="etablissement" type="text" value="H01" readonly/);
    });

    describe('plausibility', () => {
      it('a row dated 2099-12-31, one before the start, one breaking a rule: 422 naming each, nothing stored', async () => {
        const token = createToken(state, 'hopital-test').token;
        const before = await rowsOf('limit=10000');
        const res = await push(token, [
          { etablissement: 'H01', jour: '2099-12-31', lits_occupes: 1, lits_total: 2 },
          { etablissement: 'H01', jour: '2020-10-31', lits_occupes: 1, lits_total: 2 },
          { etablissement: 'H02', jour: '2020-11-10', lits_occupes: 12, lits_total: 10 },
          { etablissement: 'H02', jour: '2020-11-11', lits_occupes: 10, lits_total: 10 },
        ]);
        expect(res.status).toBe(422);
        const body = await res.json();
        expect(body.error.code).toBe('implausible_rows');
        expect(body.error.message).toBe('3 rows are not plausible (a date to come or before the dataset starts, or a rule of the dataset broken); nothing was stored.');
        expect(body.error.details).toEqual([
          { row: 1, field: 'jour', message: expect.stringMatching(/^"2099-12-31" is after \d{4}-\d{2}-\d{2}: figures cannot be reported for a day that has not come yet$/) },
          { row: 2, field: 'jour', message: '"2020-10-31" is before 2020-11-01, the first day of the dataset (temporal.start)' },
          { row: 3, field: 'lits_occupes', message: 'lits_occupes (12) must be <= lits_total (10): rule "lits_occupes <= lits_total" of the dataset' },
        ]);
        expect(await rowsOf('limit=10000')).toEqual(before);
      });
    });

    describe('corrections with history', () => {
      const del = (token: string, body: unknown) =>
        fetch(url('rows'), { method: 'DELETE', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      const pause = () => new Promise((r) => setTimeout(r, 20));

      it('a correction keeps the earlier version for ?asOf=; a retraction removes the row, 403 for another reporter’s, 404 for a missing one', async () => {
        const nord = createToken(state, 'hopital-test', '--dataset', SLUG, '--reporter', 'H01').token;
        const sud = createToken(state, 'hopital-test', '--dataset', SLUG, '--reporter', 'H02').token;
        expect((await push(nord, [{ jour: '2020-11-09', lits_occupes: 5, lits_total: 20 }])).status).toBe(201);
        await pause();
        const first = new Date().toISOString();
        await pause();
        const fix = await fetch(url('rows'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${nord}` },
          body: JSON.stringify({ rows: [{ jour: '2020-11-09', lits_occupes: 7, lits_total: 20 }], reason: 'typo: 7, not 5' }),
        });
        expect(fix.status).toBe(201);
        await pause();
        const corrected = new Date().toISOString();
        expect(await rowsOf('etablissement=H01&jour=2020-11-09')).toEqual([{ etablissement: 'H01', jour: '2020-11-09', lits_occupes: 7, lits_total: 20 }]);
        expect(await rowsOf(`etablissement=H01&jour=2020-11-09&asOf=${first}`)).toEqual([{ etablissement: 'H01', jour: '2020-11-09', lits_occupes: 5, lits_total: 20 }]);
        expect(await rowsOf('etablissement=H01&jour=2020-11-09&asOf=2020-01-01T00:00:00Z')).toEqual([]);
        // The published file's rows are known from the start.
        expect(await rowsOf('etablissement=H02&jour=2020-11-01&asOf=2020-01-01T00:00:00Z')).toEqual([{ etablissement: 'H02', jour: '2020-11-01', lits_occupes: 5, lits_total: 10 }]);

        const key = { etablissement: 'H01', jour: '2020-11-09' };
        const other = await del(sud, { keys: [key], reason: 'not mine' });
        expect(other.status).toBe(403);
        expect((await other.json()).error.details[0].message).toBe('the row ["H01","2020-11-09"] is for reporter "H01" (Hôpital du Nord), but this token reports only for "H02" (Clinique du Sud)');
        const missing = await del(nord, { keys: [key, { etablissement: 'H01', jour: '2020-11-30' }], reason: 'duplicate' });
        expect(missing.status).toBe(404);
        expect((await missing.json()).error).toEqual({
          code: 'row_not_found',
          message: '1 of the rows to retract do not exist; nothing was retracted.',
          details: [{ row: 2, field: null, message: 'no row with the key ["H01","2020-11-30"]' }],
        });
        expect((await del(nord, { keys: [key] })).status).toBe(400);
        const ok = await del(nord, { keys: [key], reason: 'sent for the wrong day' });
        expect(ok.status).toBe(200);
        expect(await ok.json()).toEqual({ retracted: 1 });
        expect(await rowsOf('etablissement=H01&jour=2020-11-09')).toEqual([]);
        expect(await rowsOf(`etablissement=H01&jour=2020-11-09&asOf=${corrected}`)).toEqual([{ etablissement: 'H01', jour: '2020-11-09', lits_occupes: 7, lits_total: 20 }]);
        expect((await del(nord, { keys: [key], reason: 'again' })).status).toBe(404);
        expect((await fetch(url('rows?asOf=yesterday'))).status).toBe(400);
      });
    });

    describe('completeness', () => {
      it('GET completeness?period= counts the declared reporters of that kind and names who is missing', async () => {
        const c = await fetch(url('completeness?period=2020-11-01'));
        expect(c.status).toBe(200);
        expect(await c.json()).toEqual({ period: '2020-11-01', expected: 3, reported: 2, missing: [{ id: 'H03', name: "Centre hospitalier de l'Est", territory: 'Est-Test' }] });
        expect(await (await fetch(url('completeness?period=2020-W45'))).json()).toEqual({ period: '2020-W45', expected: 0, reported: 0, missing: [] });
        const bad = await fetch(url('completeness?period=2020-11-31'));
        expect(bad.status).toBe(400);
        expect((await bad.json()).error.details).toEqual([{ field: 'period', message: '"2020-11-31" is not a day, an ISO week or a month' }]);
        expect((await fetch(`${server.url}/api/datasets/cantines/completeness?period=2020-11-01`)).status).toBe(404);
      });

      it('/reporting/ names reporters with their territory, judged by the periods they reported', async () => {
        const html = await (await fetch(`${server.url}/reporting/`)).text();
        expect(html).toMatch(/data-reporter="H03" data-state="never">\s*<th scope="row">Centre hospitalier de l(&#39;|')Est<span class="territory"> · Est-Test<\/span>/);
        // H01 pushed rows (for November 2020) but none for yesterday: late, whatever the arrival time.
        expect(html).toMatch(
          /data-reporter="H01" data-state="late">\s*<th scope="row">Hôpital du Nord<span class="territory"> · Nord-Test<\/span> <span class="code">\(H01\)<\/span><span class="due"> · rien pour le \d{1,2} \p{L}+ \d{4}<\/span>/u,
        );
      });
    });

    // Last: the jumps written here would make later pushes of H02 jump in turn.
    describe('jumps, audit export, the form’s corrections and the live figures page', () => {
      const audit = (token: string | null, query = '') => fetch(url(`audit${query}`), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
      const csrfOf = (cookies: string) => /portal_csrf=([^;]+)/.exec(cookies)![1]!;
      const postForm = (cookies: string, fields: Record<string, string>, prefix = '') =>
        fetch(`${server.url}${prefix}/report/${SLUG}/`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', cookie: cookies },
          body: new URLSearchParams({ csrf: csrfOf(cookies), ...fields }).toString(),
        });

      it('a jump beyond the declared factor is a 422 naming the previous value, stored only with ?confirm=jumps, then marked', async () => {
        const sud = createToken(state, 'hopital-test', '--dataset', SLUG, '--reporter', 'H02').token;
        // H02's latest earlier row is 2020-11-03 with 7 occupied beds (the published file); factor 20.
        const jump = [{ jour: '2020-11-04', lits_occupes: 150, lits_total: 200 }];
        const refused = await push(sud, jump);
        expect(refused.status).toBe(422);
        expect((await refused.json()).error).toEqual({
          code: 'unconfirmed_jump',
          message: "1 value jumps beyond a factor of 20 against the reporter's previous value; nothing was stored. If it is right, send the same request again with ?confirm=jumps.",
          details: [
            {
              row: 1,
              field: 'lits_occupes',
              message: 'lits_occupes (150) is more than 20 times the previous value of reporter "H02" (Clinique du Sud), 7 on 2020-11-03; if it is right, send the request again with ?confirm=jumps',
            },
          ],
        });
        expect(await rowsOf('etablissement=H02&jour=2020-11-04')).toEqual([]);
        // 140 is exactly 20 times 7: no confirmation needed, and the row is not marked.
        expect((await push(sud, [{ jour: '2020-11-04', lits_occupes: 140, lits_total: 200 }])).status).toBe(201);
        expect(await rowsOf('etablissement=H02&jour=2020-11-04')).toEqual([{ etablissement: 'H02', jour: '2020-11-04', lits_occupes: 140, lits_total: 200 }]);
        const confirmed = await fetch(url('rows?confirm=jumps'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${sud}` },
          body: JSON.stringify({ rows: [{ jour: '2020-11-05', lits_occupes: 3000, lits_total: 4000 }] }),
        });
        expect(confirmed.status, await confirmed.clone().text()).toBe(201);
        expect(await rowsOf('etablissement=H02&jour=2020-11-05')).toEqual([{ etablissement: 'H02', jour: '2020-11-05', lits_occupes: 3000, lits_total: 4000, _confirmed: true }]);
        // The CSV keeps the schema's columns.
        expect(await (await fetch(url('rows?format=csv&etablissement=H02&jour=2020-11-05'))).text()).toBe('etablissement,jour,lits_occupes,lits_total\r\nH02,2020-11-05,3000,4000\r\n');
      });

      it('GET audit: the publisher’s token downloads every version (JSON and CSV); a reporter’s token gets a 403, none a 401', async () => {
        const publisher = createToken(state, 'hopital-test').token;
        const json = await audit(publisher);
        expect(json.status).toBe(200);
        expect(json.headers.get('cache-control')).toBe('no-store');
        const body = await json.json();
        expect(body.dataset).toBe(SLUG);
        const entries = body.entries as { id: number; key: string; action: string; confirmed: boolean; reason: string | null; token: string | null; at: string | null; data: unknown }[];
        expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((a, b) => a - b));
        expect(entries.filter((e) => e.action === 'seed').length).toBe(4);
        const jumped = entries.filter((e) => e.key === '["H02","2020-11-05"]');
        expect(jumped).toEqual([
          expect.objectContaining({ action: 'write', confirmed: true, reporter: 'H02', data: { etablissement: 'H02', jour: '2020-11-05', lits_occupes: 3000, lits_total: 4000 } }),
        ]);
        expect(entries.find((e) => e.action === 'retract')).toMatchObject({ key: '["H01","2020-11-09"]', reason: 'sent for the wrong day', data: null });
        expect(JSON.stringify(body)).not.toContain('cdp_');
        const csv = await (await audit(publisher, '?format=csv')).text();
        const lines = csv.trim().split('\r\n');
        expect(lines[0]).toBe('id,at,action,key,reporter,token,reason,confirmed,data');
        expect(lines.length).toBe(entries.length + 1);
        expect(lines.find((l) => l.includes('"[""H02"",""2020-11-05""]"'))).toMatch(/,write,.*,H02,tok_[0-9a-f]+,,true,/);
        // The operator's command gives the same log, straight from the store.
        const cli = runTokenCli(state, 'audit', '--dataset', SLUG);
        expect(cli.status, cli.stderr).toBe(0);
        expect(cli.stdout).toBe(csv);
        const ndjson = runTokenCli(state, 'audit', '--dataset', SLUG, '--json').stdout.trim().split('\n');
        expect(ndjson.map((l) => JSON.parse(l))).toEqual(entries);
        const unknown = runTokenCli(state, 'audit', '--dataset', 'lits');
        expect(unknown.status).toBe(2);
        expect(unknown.stderr).toContain('--dataset: no live dataset "lits".');
        const nord = createToken(state, 'hopital-test', '--dataset', SLUG, '--reporter', 'H01').token;
        const scoped = await audit(nord);
        expect(scoped.status).toBe(403);
        expect((await scoped.json()).error.code).toBe('forbidden_audit');
        expect((await audit(null)).status).toBe(401);
        expect((await audit(createToken(state, 'mairie-test').token)).status).toBe(403);
        expect((await audit(publisher, '?format=xml')).status).toBe(400);
      });

      it('the form: a jump asks for confirmation keeping the values; recent rows offer correct and retract', async () => {
        const nord = createToken(state, 'hopital-test', '--dataset', SLUG, '--reporter', 'H01').token;
        const { cookies } = await signInForm(server.url, SLUG, nord, '/en');
        const first = await postForm(cookies, { action: 'submit', jour: '2020-11-12', lits_occupes: '300', lits_total: '400' }, '/en');
        expect(first.status).toBe(422);
        const asked = await first.text();
        expect(asked).toContain('“Lits occupés” (300) is very far from your previous figure, 3 on November 5, 2020: more than 20 times larger or smaller.');
        expect(asked).toMatch(/<input id="f-confirmJumps" name="confirmJumps" type="checkbox" value="1"/);
        expect(asked).toMatch(/<input id="f-lits_occupes" name="lits_occupes" type="number" value="300"/);
        const ok = await postForm(cookies, { action: 'submit', jour: '2020-11-12', lits_occupes: '300', lits_total: '400', confirmJumps: '1' }, '/en');
        expect(ok.status).toBe(201);
        const page = await ok.text();
        expect(page).toContain('Your latest rows');
        expect(page).toContain('jump confirmed');
        const key = '["H01","2020-11-12"]';
        // Correct: the form is filled with the row; the same key is updated, with a reason.
        const correct = await (await fetch(`${server.url}/en/report/${SLUG}/?correct=${encodeURIComponent(key)}`, { headers: { cookie: cookies } })).text();
        expect(correct).toMatch(/<input id="f-lits_occupes" name="lits_occupes" type="number" value="300"/);
        expect(correct).toContain('You are correcting the row Hôpital du Nord (H01) · November 12, 2020.');
        const fixed = await postForm(cookies, { action: 'submit', correcting: '1', jour: '2020-11-12', lits_occupes: '30', lits_total: '400', reason: 'one zero too many' }, '/en');
        expect(fixed.status).toBe(201);
        expect(await rowsOf('etablissement=H01&jour=2020-11-12')).toEqual([{ etablissement: 'H01', jour: '2020-11-12', lits_occupes: 30, lits_total: 400 }]);
        // Another reporter's row cannot be opened for correction or retracted.
        expect((await fetch(`${server.url}/en/report/${SLUG}/?retract=${encodeURIComponent('["H02","2020-11-05"]')}`, { headers: { cookie: cookies } })).status).toBe(403);
        expect((await postForm(cookies, { action: 'retract', key: '["H02","2020-11-05"]', reason: 'not mine' }, '/en')).status).toBe(403);
        // Retract: a reason is required; without the CSRF value nothing happens.
        const ask = await (await fetch(`${server.url}/en/report/${SLUG}/?retract=${encodeURIComponent(key)}`, { headers: { cookie: cookies } })).text();
        expect(ask).toContain('Retract the row Hôpital du Nord (H01) · November 12, 2020');
        expect((await postForm(cookies, { action: 'retract', key, reason: ' ' }, '/en')).status).toBe(422);
        const forged = await fetch(`${server.url}/en/report/${SLUG}/`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', cookie: cookies },
          body: new URLSearchParams({ csrf: 'x'.repeat(32), action: 'retract', key, reason: 'forged' }).toString(),
        });
        expect(forged.status).toBe(403);
        expect(await rowsOf('etablissement=H01&jour=2020-11-12')).toHaveLength(1);
        const gone = await postForm(cookies, { action: 'retract', key, reason: 'wrong day' }, '/en');
        expect(gone.status).toBe(200);
        expect(await gone.text()).toContain('The row Hôpital du Nord (H01) · November 12, 2020 was retracted.');
        expect(await rowsOf('etablissement=H01&jour=2020-11-12')).toEqual([]);
        expect((await postForm(cookies, { action: 'retract', key, reason: 'again' }, '/en')).status).toBe(404);
      });

      it('the live figures page: completeness, revision history with reasons and names (no token), the data as of a time', async () => {
        const res = await fetch(`${server.url}/en/reporting/${SLUG}/`);
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toBe('no-store');
        const html = await res.text();
        // Yesterday: no declared reporter has rows dated then.
        expect(html).toMatch(/<strong>0 of 3 reporters have reported for \w+ \d{1,2}, \d{4}\.<\/strong>/);
        expect(html).toMatch(/<li data-reporter="H03">Centre hospitalier de l(&#39;|')Est<span class="territory"> · Est-Test<\/span>/);
        expect(html).toMatch(/<tr data-action="retract" data-key="[^"]*H01[^"]*2020-11-12[^"]*">[\s\S]*?<td>Hôpital du Nord \(H01\)<\/td> <td>wrong day<\/td>/);
        expect(html).toMatch(/data-action="write"[^>]*>[\s\S]*?jump confirmed by the reporter/);
        expect(html).not.toMatch(/cdp_|tok_/);
        const fr = await (await fetch(`${server.url}/reporting/${SLUG}/`)).text();
        expect(fr).toMatch(/Déclarations pour le \d{1,2} \p{L}+ \d{4} : 0 sur 3 déclarants\./u);
        // As of a time before any push: the published file's rows only.
        const before = await (await fetch(`${server.url}/en/reporting/${SLUG}/?asOf=2020-01-01T00%3A00`)).text();
        expect(before).toMatch(/id="asof-summary" data-as-of="2020-01-01T00:00:00.000Z" data-total="4">The data as known on January 1, 2020/);
        const bad = await fetch(`${server.url}/en/reporting/${SLUG}/?asOf=yesterday`);
        expect(bad.status).toBe(400);
        expect(await bad.text()).toContain('“yesterday” is not a date and time');
        expect((await fetch(`${server.url}/en/reporting/cantines/`)).status).toBe(404);
      });
    });
  });
}
