// Dashboard pages and API served by the real server from the dashboards fixture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardsDist } from '../helpers/dashboards-fixture.ts';
import { startServer, type RunningServer } from '../helpers/portal.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(dashboardsDist());
}, 240_000);
afterAll(async () => server?.stop());

const text = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status, path).toBe(200);
  return res.text();
};

describe('dashboard pages', () => {
  it('the whole-area page has key figures, SVG charts, a map and every territory by name', async () => {
    const html = await text('/dashboards/situation/');
    // rea on 10 November: 19 (01) + 20 (2A) + 77 (75), sexe = 0 rows only
    expect(html).toMatch(/<data value="116"[^>]*>116<\/data>/);
    expect(html).toContain('En hausse de 42 en 7 jours (dégradation)');
    expect(html).toMatch(/<svg[^>]*data-chart="line"/);
    expect(html).toContain('class="map-svg"');
    for (const name of ['Ain', 'Corse-du-Sud', 'Paris']) expect(html).toContain(`>${name}</a>`);
    expect(html).toContain('href="/dashboards/situation/2A/"');
    // live indicator with complete-periods-only: 3 November has one of two reporters
    expect(html).toContain('Déclarations pour le 3 novembre 2020 : 1 sur 2 déclarants.');
    // The live indicator's table says on how many reporters each day rests.
    const lits = /<section class="indicator" id="ind-lits"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(lits).toMatch(/<th scope="col"[^>]*>Déclarants<\/th>/);
    expect(lits).toMatch(/<th scope="row">3 novembre 2020<\/th><td class="num"><\/td><td>1 sur 2<\/td>/);
    expect(html).toMatch(/<data value="20"/);
  });

  it('a territory page shows its own figures, with per-100,000 rates from the population table', async () => {
    const html = await text('/en/dashboards/situation/75/');
    expect(html).toContain('Paris — The situation');
    // rea in 75 on 10 November: 50 + 9 × 3 = 77; per 100,000 of 2,000,000 inhabitants: 3.85
    expect(html).toMatch(/<data value="77"/);
    expect(html).toMatch(/<data value="3.85"[^>]*>3\.85<\/data>/);
    expect(html).toContain('Not available by territory: Occupied beds.');
    // 10 days of figures: under the 60-day window, so the tables hold every day and say nothing more.
    expect(html).not.toContain('class="table-window');
    expect(html).toContain('Show the figures as a table');
    expect(html).toMatch(/<a href="\/dashboards\/situation\/figures\/territories\/75\.csv" download[^>]*>Every day of Paris \(CSV\)<\/a>/);
    // The linked file, from the real server: rea in 75 on 10 November 77, 3.85 per 100,000.
    const csv = (await text('/dashboards/situation/figures/territories/75.csv')).trim().split('\r\n');
    expect(csv[0]).toBe('date,rea,deces,rea-taux');
    expect(csv).toHaveLength(11);
    expect(csv.find((l) => l.startsWith('2020-11-10,'))).toMatch(/^2020-11-10,77,[^,]*,3\.85$/);
    const json = JSON.parse(await text('/dashboards/situation/figures/territories/75.json')) as { dates: string[]; indicators: { id: string; values: (number | null)[] }[] };
    expect(json.indicators.map((i) => i.id)).toEqual(['rea', 'deces', 'rea-taux']);
    expect(json.indicators[0]!.values[json.dates.indexOf('2020-11-10')]).toBe(77);
  });

  it('the map page ranks every territory and links each to its page', async () => {
    const html = await text('/dashboards/situation/map/rea/');
    expect(html).toContain('data-chart="bar"');
    expect(html).toMatch(/maximum en Paris \(77\), minimum en (Ain|Corse-du-Sud) \(\d+\)/);
  });

  it('the dashboards list and home page link to the dashboard', async () => {
    expect(await text('/dashboards/')).toContain('href="/dashboards/situation/"');
    expect(await text('/')).toContain('href="/dashboards/situation/"');
    expect(await text('/en/datasets/hopital/')).toContain('href="/en/dashboards/situation/"');
    expect(await text('/sectors/health/')).toContain('href="/dashboards/situation/"');
  });
});

describe('share and reuse', () => {
  it('/api/dashboards/<id> gives every figure as JSON', async () => {
    const res = await fetch(`${server.url}/api/dashboards/situation`);
    expect(res.status).toBe(200);
    // A file written at build without an extension: typed JSON, and sent compressed (precompress.ts).
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-encoding')).toMatch(/^(?:br|gzip)$/);
    const body = (await res.json()) as { indicators: { id: string; title: string; titles: Record<string, string>; latest: { value: number }; territories: Record<string, { name: string }> }[] };
    const rea = body.indicators.find((i) => i.id === 'rea')!;
    expect(rea.latest.value).toBe(116);
    // The default language's words, and each language's for re-users writing in another one.
    expect(rea.title).toBe('Patients en réanimation');
    expect(rea.titles).toEqual({ fr: 'Patients en réanimation', en: 'Patients in intensive care' });
    expect(rea.territories['2A']!.name).toBe('Corse-du-Sud');
  });

  it('each card has CSV and JSON downloads of exactly its figures, and an embed page', async () => {
    const csv = await text('/dashboards/situation/figures/deces.csv');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('date,total,Ain (01),Corse-du-Sud (2A),Paris (75)'); // names, with the codes for programs
    // deaths, daily difference averaged over 3 days, on 10 November: (90 + 78 + 66 ... ) from the cumulative series
    expect(lines.at(-1)).toMatch(/^2020-11-10,90,/);
    const json = JSON.parse(await text('/dashboards/situation/figures/rea.json')) as { total: number[] };
    expect(json.total.at(-1)).toBe(116);
    const embedAnswer = await fetch(`${server.url}/embed/dashboards/situation/rea/`);
    // Made to be framed by other sites (newsrooms); every other page refuses frames.
    expect(embedAnswer.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(embedAnswer.headers.get('x-frame-options')).toBeNull();
    expect((await fetch(`${server.url}/dashboards/situation/`)).headers.get('x-frame-options')).toBe('DENY');
    const embed = await text('/embed/dashboards/situation/rea/');
    expect(embed).toContain('&lt;iframe src=&quot;https://test.example.org/embed/dashboards/situation/rea/&quot;');
    expect(embed).not.toContain('<nav');
    // In every language: the English page links to the English embed, whose words and snippet are English.
    expect(await text('/en/dashboards/situation/')).toContain('href="/en/embed/dashboards/situation/rea/"');
    const english = await fetch(`${server.url}/en/embed/dashboards/situation/rea/`);
    expect(english.status).toBe(200);
    expect(english.headers.get('content-security-policy')).toContain('frame-ancestors *');
    const en = await english.text();
    expect(en).toContain('<html lang="en"');
    expect(en).toContain('Patients in intensive care');
    expect(en).toContain('&lt;iframe src=&quot;https://test.example.org/en/embed/dashboards/situation/rea/&quot;');
    expect(en).toContain('href="https://test.example.org/en/dashboards/situation/#ind-rea"');
    expect(en).not.toMatch(/Patients en réanimation|novembre/);
  });

  it('each chart downloads as a standalone SVG image, linked from its card', async () => {
    const res = await fetch(`${server.url}/dashboards/situation/figures/rea.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const svg = await res.text();
    expect(svg).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="640" height="260"/);
    expect(svg).toMatch(/<path d="M[\d. ML]{20,}" class="series"/);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('Patients en réanimation');
    expect(await text('/dashboards/situation/')).toContain('href="/dashboards/situation/figures/rea.svg" download type="image/svg+xml"');
    // The English page links the chart in English: its title and date ticks.
    expect(await text('/en/dashboards/situation/')).toContain('href="/en/dashboards/situation/figures/rea.svg" download type="image/svg+xml"');
    const en = await text('/en/dashboards/situation/figures/rea.svg');
    expect(en).toContain('Patients in intensive care');
    expect(en).toMatch(/>Nov[^<]*</);
    expect(en).not.toMatch(/réanimation|nov\./);
  });

  it('the OpenAPI document describes /api/dashboards/{id}', async () => {
    const doc = JSON.parse(await text('/api/openapi.json')) as { paths: Record<string, unknown> };
    expect(doc.paths['/api/dashboards/{id}']).toBeDefined();
  });
});
