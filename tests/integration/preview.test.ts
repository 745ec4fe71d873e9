// The preview build step on a small fixture: derived files, chart data, pages, script weight.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal, removeDir, startServer, type RunningServer } from '../helpers/portal.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'portal-preview');
const cache = mkdtempSync(join(tmpdir(), 'portal-cache-'));
let dist = '';
let server: RunningServer;
let output = '';

beforeAll(async () => {
  process.env.PORTAL_CACHE = cache;
  const build = buildPortal(FIXTURE);
  delete process.env.PORTAL_CACHE;
  dist = build.dist;
  output = build.output;
  if (build.status !== 0) throw new Error(`build failed:\n${build.output}`);
  server = await startServer(dist);
});

afterAll(async () => {
  await server?.stop();
  if (dist) removeDir(dist);
  removeDir(cache);
});

const get = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
};

/** Gzipped bytes of every script a page loads (module scripts and island components/renderers). */
function pageScripts(html: string): number {
  const urls = new Set([...html.matchAll(/(?:src|component-url|renderer-url)="(\/_astro\/[^"]+\.js)"/g)].map((m) => m[1]!));
  const js = (u: string) => readFileSync(join(dist, 'client', u));
  // island chunks import shared chunks: count those too
  const all = new Set<string>();
  const visit = (u: string) => {
    if (all.has(u)) return;
    all.add(u);
    for (const m of js(u)
      .toString()
      .matchAll(/from"\.\/([^"]+\.js)"|import\("\.\/([^"]+\.js)"\)/g))
      visit(`/_astro/${m[1] ?? m[2]}`);
  };
  urls.forEach(visit);
  return [...all].reduce((sum, u) => sum + gzipSync(js(u)).length, 0);
}

describe('dataset preview at build', () => {
  it('derives each file once, in the derive step', () => {
    expect(output).toMatch(/previews: 1 computed \(6 rows\)/);
    expect(readdirSync(join(cache, 'preview')).filter((f) => f.endsWith('.preview.json'))).toHaveLength(1);
  });

  it('serves the original unchanged, the spreadsheet CSV neutralised, typed JSON rows', async () => {
    const original = readFileSync(join(FIXTURE, 'datasets/mesures/mesures.csv'));
    expect((await get('/datasets/mesures/files/mesures.csv')).body.equals(original)).toBe(true);
    const sheet = (await get('/datasets/mesures/derived/mesures.spreadsheet.csv')).body.toString('utf8');
    expect(sheet).toBe(
      '\uFEFFregion;jour;sexe;valeur;note\r\n' +
        "A;2020-01-01;0;5,5;'=1+2\r\nA;2020-01-02;0;-5;'@SUM(A1)\r\nA;2020-01-03;0;7;-5\r\nB;2020-01-01;0;3;'+33 1 23\r\nB;2020-01-02;0;4;\"a;b\"\r\nB;2020-01-02;1;100;ignored by the filter\r\n",
    );
    const rows = JSON.parse((await get('/datasets/mesures/derived/mesures.rows.json')).body.toString('utf8'));
    expect(rows[1]).toEqual({ region: 'A', jour: '2020-01-02', sexe: 0, valeur: -5, note: '@SUM(A1)' });
    const pkg = JSON.parse((await get('/datasets/mesures/datapackage.json')).body.toString('utf8'));
    expect(pkg.resources[0]).toMatchObject({ name: 'mesures', path: expect.stringMatching(/\/datasets\/mesures\/files\/mesures\.csv$/), hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
  });

  it('renders the chart as SVG with its summary and data table, the table preview and statistics', async () => {
    const html = (await get('/datasets/mesures/')).body.toString('utf8');
    // Drawn at build: no chart island (JavaScript) needed to see it.
    expect(html).toMatch(/<svg[^>]*data-chart="line"/);
    expect(html).not.toContain('client="visible"');
    expect(html).toContain('Valeur, total de tous les groupes : du 1 janv. 2020 au 3 janv. 2020');
    expect(html).toMatch(/Les 6 premières lignes sur 6/);
    expect(html).toMatch(/<td class="num"[^>]*>5,5<\/td>/);
    expect(html).toMatch(/SHA-256/);
    const en = (await get('/en/datasets/mesures/')).body.toString('utf8');
    expect(en).toContain('Valeur, total of all groups: from Jan 1, 2020 to Jan 3, 2020');
    expect(en).toMatch(/<td class="num"[^>]*>5.5<\/td>/);
  });

  it('ships no script on a page without charts, at most 150 kB gzipped with charts', async () => {
    const none = (await get('/datasets/documents/')).body.toString('utf8');
    expect(pageScripts(none)).toBe(0);
    const chart = (await get('/datasets/mesures/')).body.toString('utf8');
    const bytes = pageScripts(chart);
    // The chart itself is SVG from the build; whatever script a chart page has must stay in budget.
    expect(chart).toMatch(/<svg[^>]*data-chart="line"/);
    expect(bytes).toBeLessThanOrEqual(150_000);
  });
});
