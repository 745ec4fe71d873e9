// The territory pages and per-territory figures files of a dashboard, answered on demand by the
// real server from the runtime file the build writes (dist/portal/dashboard-territories/): no
// file of theirs in the build, the figures of the card files (which stay static) in the cards,
// tables and downloads, every language, a 404 in the reader's language, public caching with an
// ETag and 304, every address the pages list answering, and nginx keeping each page.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servedDashboards } from '../helpers/dashboards-fixture.ts';
import { haveNginx, portalSite, startNginx } from '../helpers/nginx.ts';
import { expectRevalidated } from '../helpers/revalidate.ts';

const server = servedDashboards();
const figuresFile = server.figures;
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
/** The section of one indicator on a territory page. */
const section = (html: string, indicator: string) => new RegExp(`<section class="indicator" id="ind-${indicator}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';

describe('territory pages on demand', () => {
  it('are not files of the build: the runtime file has every territory of the layer', () => {
    const client = join(server.dist, 'client', 'dashboards', 'situation');
    for (const code of ['01', '2A', '75']) {
      expect(existsSync(join(client, code, 'index.html')), code).toBe(false);
      expect(existsSync(join(server.dist, 'client', 'en', 'dashboards', 'situation', code, 'index.html')), code).toBe(false);
      expect(existsSync(join(client, 'figures', 'territories', `${code}.csv`)), code).toBe(false);
    }
    const runtime = JSON.parse(readFileSync(join(server.dist, 'portal', 'dashboard-territories', 'situation.json'), 'utf8')) as { territories: { code: string; name: string }[] };
    expect(runtime.territories).toEqual([
      { code: '01', name: 'Ain' },
      { code: '2A', name: 'Corse-du-Sud' },
      { code: '75', name: 'Paris' },
    ]);
  });

  it("show the territory's key figures and tables, the card files' figures, in French and English", async () => {
    const rea = figuresFile('rea');
    const taux = figuresFile('rea-taux');
    for (const [code, name] of [
      ['75', 'Paris'],
      ['2A', 'Corse-du-Sud'],
    ] as const) {
      const last = rea.dates.length - 1;
      const value = rea.territories[code]!.values[last]!;
      const fr = await get(`/dashboards/situation/${code}/`);
      expect(fr.status).toBe(200);
      expect(fr.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await fr.text();
      expect(html).toContain('<html lang="fr"');
      expect(html).toMatch(new RegExp(`<h1[^>]*>${name} — La situation</h1>`));
      // The key figure and the newest row of its table: the territory's value of the last day.
      expect(html).toMatch(new RegExp(`<article class="key-figure" data-indicator="rea"[\\s\\S]*?<data value="${value}"[^>]*>${value}</data>`));
      const rows = [...section(html, 'rea').matchAll(/<time datetime="([^"]+)">[^<]*<\/time><\/th><td class="num">([^<]*)<\/td>/g)].map((m) => [m[1], Number(m[2])]);
      expect(rows).toEqual(rea.dates.map((d, i) => [d, rea.territories[code]!.values[i]]).reverse());
      // The SVG chart is drawn on the server, with a real line.
      expect(section(html, 'rea')).toMatch(/<svg class="svg-chart"[^>]*data-chart="line"[\s\S]*?<path d="M[\d. ML]{20,}" class="series"/);
      expect(html).toContain('Non disponible par territoire : Lits occupés.');
      const en = await (await get(`/en/dashboards/situation/${code}/`)).text();
      expect(en).toContain('<html lang="en"');
      expect(en).toMatch(new RegExp(`<h1[^>]*>${name} — The situation</h1>`));
      const rate = taux.territories[code]!.values.at(-1)!;
      expect(en).toMatch(new RegExp(`<data value="${rate}"`));
      expect(en).toContain(`href="/en/dashboards/situation/"`);
      expect(en).toMatch(/<a href="\/en\/datasets\/hopital\/"[^>]*>Test hospital data<\/a>/);
    }
  });

  it("the territory's CSV and JSON have exactly the card files' figures of that territory", async () => {
    const ids = ['rea', 'deces', 'rea-taux'];
    const cards = Object.fromEntries(ids.map((id) => [id, figuresFile(id)]));
    const csvAnswer = await get('/dashboards/situation/figures/territories/2A.csv');
    expect(csvAnswer.status).toBe(200);
    expect(csvAnswer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [head, ...lines] = (await csvAnswer.text()).trim().split('\r\n');
    expect(head).toBe(`date,${ids.join(',')}`);
    expect(lines.map((l) => l.split(','))).toEqual(cards.rea!.dates.map((d, i) => [d, ...ids.map((id) => String(cards[id]!.territories['2A']!.values[i] ?? ''))]));
    const jsonAnswer = await get('/dashboards/situation/figures/territories/2A.json');
    expect(jsonAnswer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const json = (await jsonAnswer.json()) as { dashboard: string; territory: { code: string; name: string }; dates: string[]; indicators: { id: string; title: string; values: (number | null)[] }[] };
    expect(json.dashboard).toBe('situation');
    expect(json.territory).toEqual({ code: '2A', name: 'Corse-du-Sud' });
    expect(json.indicators.map((i) => i.id)).toEqual(ids);
    // Words in the portal's default language, as the static file had them.
    expect(json.indicators[0]!.title).toBe('Patients en réanimation');
    for (const i of json.indicators) expect(i.values, i.id).toEqual(cards[i.id]!.territories['2A']!.values);
  });

  it('answer an unknown territory or dashboard with a 404 page in the reader’s language', async () => {
    for (const path of ['/dashboards/situation/99/', '/dashboards/nope/75/', '/dashboards/situation/map/', '/dashboards/..%2F..%2Fportal%2Fcatalog/75/']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      const html = await res.text();
      expect(html, path).toContain('<html lang="fr"');
      expect(html, path).toContain('Page introuvable');
    }
    const en = await get('/en/dashboards/situation/99/');
    expect(en.status).toBe(404);
    const html = await en.text();
    expect(html).toContain('<html lang="en"');
    expect(html).toMatch(/<h1[^>]*>Page not found<\/h1>/);
    expect(html).not.toContain('Page introuvable');
    // A language the portal does not have is no page at all.
    expect((await get('/de/dashboards/situation/75/')).status).toBe(404);
    for (const path of [
      '/dashboards/situation/figures/territories/99.csv',
      '/dashboards/situation/figures/territories/75.xml',
      '/dashboards/situation/figures/territories/75',
      '/dashboards/nope/figures/territories/75.json',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it('are public with an ETag per build, language and territory; If-None-Match gets a 304', async () => {
    for (const path of ['/dashboards/situation/75/', '/dashboards/situation/figures/territories/75.csv', '/dashboards/situation/figures/territories/75.json']) {
      const etag = await expectRevalidated(get, path);
      // Another territory does not match this ETag.
      expect((await get(path.replace('75', '01'), { 'If-None-Match': etag })).status, path).toBe(200);
    }
    const fr = (await get('/dashboards/situation/75/')).headers.get('etag')!;
    const en = await get('/en/dashboards/situation/75/', { 'If-None-Match': fr });
    expect(en.status).toBe(200);
    expect(en.headers.get('etag')).not.toBe(fr);
  });

  it('every territory address the built pages list answers: the picker, the map ranking, the file links', async () => {
    const whole = await (await get('/en/dashboards/situation/')).text();
    const map = await (await get('/dashboards/situation/map/rea/')).text();
    const listed = new Set([...`${whole}${map}`.matchAll(/href="((?:\/en)?\/dashboards\/situation\/(?:01|2A|75)\/)"/g)].map((m) => m[1]!));
    expect([...listed].sort()).toEqual([
      '/dashboards/situation/01/',
      '/dashboards/situation/2A/',
      '/dashboards/situation/75/',
      '/en/dashboards/situation/01/',
      '/en/dashboards/situation/2A/',
      '/en/dashboards/situation/75/',
    ]);
    for (const path of listed) expect((await get(path)).status, path).toBe(200);
    const page = await (await get('/dashboards/situation/01/')).text();
    const files = [...page.matchAll(/href="(\/dashboards\/situation\/figures\/territories\/[^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(files)).toEqual(new Set(['/dashboards/situation/figures/territories/01.csv', '/dashboards/situation/figures/territories/01.json']));
    for (const path of new Set(files)) expect((await get(path)).status, path).toBe(200);
  });
});

describe('the sitemap', () => {
  it('lists the dashboards, their maps and every territory page in every language, each answering', async () => {
    const xml = await (await get('/sitemap.xml')).text();
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
    const dashboards = locs.filter((l) => l.includes('/dashboards/'));
    for (const path of ['/dashboards/', '/dashboards/situation/', '/dashboards/situation/map/rea/', '/en/dashboards/situation/']) expect(dashboards).toContain(path);
    for (const code of ['01', '2A', '75']) {
      expect(dashboards).toContain(`/dashboards/situation/${code}/`);
      expect(dashboards).toContain(`/en/dashboards/situation/${code}/`);
    }
    for (const path of dashboards) expect((await get(path)).status, path).toBe(200);
  });
});

describe.skipIf(!haveNginx)('territory pages behind deploy/nginx.conf', () => {
  it('nginx keeps each page and file, per language, and never a 404', async () => {
    const nginx = await startNginx((listen, cache) => portalSite(listen, [new URL(server.url).host], server.dist, cache));
    try {
      const status = async (path: string) => {
        const res = await fetch(`${nginx.url}${path}`);
        await res.arrayBuffer();
        return [res.status, res.headers.get('x-cache-status')];
      };
      for (const path of ['/dashboards/situation/2A/', '/dashboards/situation/figures/territories/2A.csv']) {
        expect(await status(path), path).toEqual([200, 'MISS']);
        expect(await status(path), path).toEqual([200, 'HIT']);
      }
      expect(await status('/en/dashboards/situation/2A/')).toEqual([200, 'MISS']);
      await status('/dashboards/situation/98/');
      expect((await status('/dashboards/situation/98/'))[1]).not.toBe('HIT');
    } finally {
      await nginx.stop();
    }
  });
});
