// The map of an indicator at another day (no JavaScript: a GET form of the days), rendered on
// demand by the real server from the dashboards fixture's figures file: the figures of that day,
// public caching with an ETag and 304, bad days refused in the reader's language.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { servedDashboards } from '../helpers/dashboards-fixture.ts';
import { haveNginx, portalSite, startNginx } from '../helpers/nginx.ts';

const server = servedDashboards();
const figuresFile = server.figures;

/** Each territory's figure in the page's data table, by code (data-value: the number itself). */
const tableValues = (html: string) => {
  const table = /<table>[\s\S]*?<\/table>/.exec(html.slice(html.indexOf('class="chart-data"')))?.[0] ?? '';
  return Object.fromEntries([...table.matchAll(/<tr data-code="([^"]+)">[\s\S]*?<td class="num"(?: data-value="([^"]*)")?>/g)].map((m) => [m[1]!, m[2] === undefined ? null : Number(m[2])]));
};

describe('the map at another day', () => {
  it('shows the figures file values of that day in the table, the map and the form (French)', async () => {
    const f = figuresFile('rea');
    // A day that is neither the first nor the latest, where the territories differ.
    const at = Math.floor(f.dates.length / 2);
    const day = f.dates[at]!;
    expect(at).toBeGreaterThan(0);
    const res = await fetch(`${server.url}/dashboards/situation/map/rea/day/?day=${day}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const expected = Object.fromEntries(Object.entries(f.territories).map(([code, t]) => [code, t.values[at] ?? null]));
    expect(tableValues(html)).toEqual(expected);
    // Not the latest day's figures (the static page): the test would pass on a page that ignored ?day= otherwise.
    const latest = Object.fromEntries(Object.entries(f.territories).map(([code, t]) => [code, t.values.at(-1) ?? null]));
    expect(latest).not.toEqual(expected);
    // The heading says the day, the form has it selected, a link leads back to the latest day.
    const long = new Intl.DateTimeFormat('fr', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
    expect(html).toMatch(new RegExp(`<h1>Patients en réanimation par territoire<span data-day-of="map" data-template=" — \\{date\\}"> — ${long}</span></h1>`));
    expect(html).toContain(`<option value="${day}" selected>`);
    expect(html).toMatch(/<form class="map-day"[^>]*method="get" action="\/dashboards\/situation\/map\/rea\/day\/"/);
    expect(html).toContain('href="/dashboards/situation/map/rea/"');
    // The map: one path per territory, the highest territory drawn in the darkest class of that day.
    expect(html.match(/<path d="[^"]+" fill="#[0-9a-fA-F]{6}" data-key="/g)?.length).toBe(3);
    const max = Object.entries(expected).sort((a, b) => (b[1] ?? -1) - (a[1] ?? -1))[0]!;
    expect(html).toContain(`aria-label="${f.territories[max[0]]!.name}: ${max[1]}"`);
    // The summary sentence is that day's.
    expect(html).toContain(`Patients en réanimation le ${long} : maximum en ${f.territories[max[0]]!.name} (${max[1]})`);
  });

  it('is answered in English under /en/, with per-day CSV and JSON of the same figures', async () => {
    const f = figuresFile('rea-taux');
    const day = f.dates[1]!;
    const html = await (await fetch(`${server.url}/en/dashboards/situation/map/rea-taux/day/?day=${day}`)).text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('Intensive care per 100,000 inhabitants by territory');
    expect(html).toContain('action="/en/dashboards/situation/map/rea-taux/day/"');
    expect(tableValues(html)).toEqual(Object.fromEntries(Object.entries(f.territories).map(([code, t]) => [code, t.values[1] ?? null])));
    const json = (await (await fetch(`${server.url}/en/dashboards/situation/map/rea-taux/day/?day=${day}&format=json`)).json()) as {
      day: string;
      territories: { code: string; value: number | null }[];
    };
    expect(json.day).toBe(day);
    for (const t of json.territories) expect(t.value).toBe(f.territories[t.code]!.values[1] ?? null);
    const csv = await fetch(`${server.url}/dashboards/situation/map/rea-taux/day/?day=${day}&format=csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('code,name,value');
    expect(lines).toHaveLength(Object.keys(f.territories).length + 1);
  });

  it('is public, with an ETag that answers 304, and a different one per day and language', async () => {
    const f = figuresFile('rea');
    const path = `/dashboards/situation/map/rea/day/?day=${f.dates[0]}`;
    const first = await fetch(`${server.url}${path}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await fetch(`${server.url}${path}`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    const otherDay = await fetch(`${server.url}/dashboards/situation/map/rea/day/?day=${f.dates[1]}`, { headers: { 'If-None-Match': etag } });
    expect(otherDay.status).toBe(200);
    const english = await fetch(`${server.url}/en${path}`, { headers: { 'If-None-Match': etag } });
    expect(english.status).toBe(200);
    expect(english.headers.get('etag')).not.toBe(etag);
  });

  it('refuses a day that is not a date (400) or has no figures (404), naming the field and the range', async () => {
    const f = figuresFile('rea');
    const [first, last] = [f.dates[0]!, f.dates.at(-1)!];
    const bad = await fetch(`${server.url}/dashboards/situation/map/rea/day/?day=2020-02-30`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('cache-control')).toBe('no-store');
    const badHtml = await bad.text();
    expect(badHtml).toContain('« 2020-02-30 » n’est pas un jour écrit AAAA-MM-JJ (champ « day »)');
    expect(badHtml).toContain(`(${first})`);
    expect(badHtml).toContain(`(${last})`);
    expect(badHtml).not.toContain('NaN');
    // The form is there again, to choose a valid day.
    expect(badHtml).toContain('<select id="map-pick" name="day">');
    const english = await (await fetch(`${server.url}/en/dashboards/situation/map/rea/day/?day=soon`)).text();
    expect(english).toContain('“soon” is not a day written YYYY-MM-DD (field “day”)');
    const missing = await fetch(`${server.url}/en/dashboards/situation/map/rea/day/`);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('Choose a day (field “day”) between');
    const out = await fetch(`${server.url}/dashboards/situation/map/rea/day/?day=2019-01-01`);
    expect(out.status).toBe(404);
    expect(await out.text()).toContain('Il n’y a pas de chiffres pour le 1 janvier 2019 (2019-01-01) (champ « day »)');
    const format = await fetch(`${server.url}/dashboards/situation/map/rea/day/?day=${first}&format=xml`);
    expect(format.status).toBe(400);
    expect(await format.text()).toContain('(champ « format »)');
  });

  it('the JSON of a day is described in the OpenAPI document; a bad day asked as JSON gets the API error shape', async () => {
    const openapi = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(openapi, 'openapi');
    const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    const schema = (status: string) => ajv.getSchema(`openapi#/${pointer('paths', '/dashboards/{id}/map/{indicator}/day/', 'get', 'responses', status, 'content', 'application/json', 'schema')}`)!;
    const f = figuresFile('deces');
    const ok = await (await fetch(`${server.url}/dashboards/situation/map/deces/day/?day=${f.dates[4]}&format=json`)).json();
    expect(schema('200')(ok), JSON.stringify(schema('200').errors)).toBe(true);
    const bad = await fetch(`${server.url}/en/dashboards/situation/map/deces/day/?day=2021-01-01&format=json`);
    expect(bad.status).toBe(404);
    const body = (await bad.json()) as { error: { code: string; message: string; details: { field: string; first: string; last: string }[] } };
    expect(schema('404')(body), JSON.stringify(schema('404').errors)).toBe(true);
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toContain('(field “day”)');
    expect(body.error.details).toEqual([{ field: 'day', first: f.dates[0], last: f.dates.at(-1) }]);
    expect((await fetch(`${server.url}/dashboards/situation/map/deces/day/?day=x&format=csv`)).status).toBe(400);
  });

  it('gives the map of a day as an SVG image: each territory named with its figure, the legend of that day', async () => {
    const f = figuresFile('rea');
    const day = f.dates[1]!;
    const res = await fetch(`${server.url}/en/dashboards/situation/map/rea/day/?day=${day}&format=svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers.get('etag')).toMatch(/-svg"$/);
    const svg = await res.text();
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const long = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
    expect(svg).toContain(`<title id="map-title">Patients in intensive care by territory — ${long}</title>`);
    const values = Object.values(f.territories).map((t) => t.values[1]!);
    for (const t of Object.values(f.territories)) expect(svg).toContain(`<title>${t.name}: ${t.values[1]}</title>`);
    // The legend, drawn in: quantile classes of that day, closed by its maximum, then "no value".
    expect(svg).toContain(`– ${Math.max(...values)}</text>`);
    expect(svg).toContain('>no value</text>');
    expect(svg).not.toMatch(/NaN|undefined/);
  });

  it('answers 404 for an unknown dashboard, indicator or language', async () => {
    const day = figuresFile('rea').dates[0];
    for (const path of [
      `/dashboards/nope/map/rea/day/?day=${day}`,
      `/dashboards/situation/map/nope/day/?day=${day}`,
      `/dashboards/situation/map/lits/day/?day=${day}`,
      `/de/dashboards/situation/map/rea/day/?day=${day}`,
    ]) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
  });

  it('the static map and the whole-area page keep the latest day and carry the form', async () => {
    const f = figuresFile('rea');
    const latest = f.dates.at(-1)!;
    const map = await (await fetch(`${server.url}/dashboards/situation/map/rea/`)).text();
    expect(map).toContain(`<option value="${latest}" selected>`);
    // Exactly what the map shows, downloadable: that day's figures (CSV, JSON) and the map (SVG).
    for (const format of ['csv', 'json', 'svg']) expect(map).toMatch(new RegExp(`href="/dashboards/situation/map/rea/day/\\?day=${latest}&(?:amp|#38);format=${format}"`));
    expect(tableValues(map)).toEqual(Object.fromEntries(Object.entries(f.territories).map(([code, t]) => [code, t.values.at(-1) ?? null])));
    const whole = await (await fetch(`${server.url}/en/dashboards/situation/`)).text();
    expect(whole).toMatch(/<form class="map-day"[^>]*action="\/en\/dashboards\/situation\/map\/rea\/day\/"/);
  });
});

describe.skipIf(!haveNginx)('behind deploy/nginx.conf', () => {
  it('nginx caches each day once (per language) and renders another day anew', async () => {
    const nginx = await startNginx((listen, cache) => portalSite(listen, [new URL(server.url).host], server.dist, cache));
    try {
      const dates = figuresFile('deces').dates;
      const get = async (path: string) => {
        const res = await fetch(`${nginx.url}${path}`);
        await res.arrayBuffer();
        return res;
      };
      const path = `/dashboards/situation/map/deces/day/?day=${dates[2]}`;
      expect((await get(path)).headers.get('x-cache-status')).toBe('MISS');
      const hit = await get(path);
      expect(hit.status).toBe(200);
      expect(hit.headers.get('x-cache-status')).toBe('HIT');
      expect((await get(`/dashboards/situation/map/deces/day/?day=${dates[3]}`)).headers.get('x-cache-status')).toBe('MISS');
      expect((await get(`/en${path}`)).headers.get('x-cache-status')).toBe('MISS');
      // A refused day is never kept.
      await get('/dashboards/situation/map/deces/day/?day=x');
      expect((await get('/dashboards/situation/map/deces/day/?day=x')).headers.get('x-cache-status')).not.toBe('HIT');
    } finally {
      await nginx.stop();
    }
  });
});
