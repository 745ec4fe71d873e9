// JavaScript per page (issue 9's measure): every page with a chart or a map — static dataset
// pages, live dataset pages, dashboard, territory and map pages, embeds — ships at most 150 kB
// of gzipped JavaScript; a page without interaction ships none (the header's search box is a
// plain form). Counted over every HTML file of three builds: the fixture portal, the dashboards
// fixture and the example content, with the count `npm run bench` reports, and over the pages
// answered on demand that hold charts (the territory pages), asked of the real server.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { pageJavaScript } from '../../scripts/bench/preview.ts';
import { dashboardsDist } from '../helpers/dashboards-fixture.ts';
import { exampleBuild } from '../helpers/example-build.ts';
import { startServer } from '../helpers/portal.ts';

const BUDGET = 150_000;
/** A chart or a map: what the budget is about. */
const CHART = /data-chart="|class="map-svg"|<figure class="chart"/;
/** Pages whose interaction is not a chart: the catalog's search as you type. */
const INTERACTIVE = new Set(['datasets/index.html']);

interface Page {
  path: string;
  chart: boolean;
  bytes: number;
}

function pagesOf(dist: string): Page[] {
  const client = join(dist, 'client');
  return readdirSync(client, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => {
      const file = join(e.parentPath, e.name);
      const html = readFileSync(file, 'utf8');
      const path = relative(client, file).replace(/^[a-z]{2}\//, '');
      return { path, chart: CHART.test(html), bytes: pageJavaScript(client, html) };
    });
}

/** Pages answered on demand (not files of the build), as the server gives them. */
async function servedPages(dist: string, paths: string[]): Promise<Page[]> {
  const client = join(dist, 'client');
  const server = await startServer(dist);
  try {
    return await Promise.all(
      paths.map(async (path) => {
        const res = await fetch(`${server.url}${path}`);
        expect(res.status, path).toBe(200);
        const html = await res.text();
        return { path: `${path.replace(/^\/(?:[a-z]{2}\/)?/, '')}index.html`, chart: CHART.test(html), bytes: pageJavaScript(client, html) };
      }),
    );
  } finally {
    await server.stop();
  }
}

function checkBudget(pages: Page[]) {
  const over = pages.filter((p) => p.chart && p.bytes > BUDGET).map((p) => `${p.path}: ${p.bytes} bytes`);
  expect(over, 'pages with a chart or map above 150 kB of gzipped JavaScript').toEqual([]);
  const needless = pages.filter((p) => !p.chart && !INTERACTIVE.has(p.path) && p.bytes > 0).map((p) => `${p.path}: ${p.bytes} bytes`);
  expect(needless, 'pages without interaction that ship JavaScript').toEqual([]);
}

describe('JavaScript per page, gzipped', () => {
  it('the fixture portal: the live dataset page is SVG plus a small script, far below 150 kB', () => {
    const pages = pagesOf(inject('fixtureDist'));
    const live = pages.find((p) => p.path === 'datasets/lits-reanimation/index.html')!;
    expect(live.chart).toBe(true);
    expect(live.bytes).toBeGreaterThan(0); // it does update in the page
    expect(live.bytes).toBeLessThanOrEqual(20_000); // no chart library (it shipped 215 kB with recharts)
    checkBudget(pages);
  });

  it('the dashboards fixture: dashboard, territory, map and embed pages', async () => {
    const dist = dashboardsDist();
    const pages = [...pagesOf(dist), ...(await servedPages(dist, ['/dashboards/situation/75/', '/en/dashboards/situation/2A/']))];
    for (const path of ['dashboards/situation/index.html', 'dashboards/situation/75/index.html', 'dashboards/situation/map/rea/index.html', 'embed/dashboards/situation/rea/index.html']) {
      expect(pages.find((p) => p.path === path)?.chart, path).toBe(true);
    }
    checkBudget(pages);
  }, 600_000);

  it('the example content: every chart, map and dashboard page of the portal people see', async () => {
    const dist = exampleBuild();
    const pages = [...pagesOf(dist), ...(await servedPages(dist, ['/dashboards/covid-19/75/', '/dashboards/covid-19/971/', '/en/dashboards/covid-19/2A/']))];
    const charted = pages.filter((p) => p.chart).map((p) => p.path);
    for (const path of [
      'datasets/lits-reanimation-etablissements/index.html',
      'datasets/donnees-hospitalieres-covid19/index.html',
      'dashboards/covid-19/index.html',
      'dashboards/covid-19/75/index.html',
      'dashboards/covid-19/971/index.html',
    ]) {
      expect(charted, path).toContain(path);
    }
    checkBudget(pages);
  }, 1_200_000);
});
