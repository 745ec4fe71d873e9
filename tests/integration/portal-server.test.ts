import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildPortal, removeDir, startServer, TEST_BUILD_EPOCH, type RunningServer } from '../helpers/portal.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'portal-valid');
let dist = '';
let server: RunningServer;

beforeAll(async () => {
  dist = inject('fixtureDist');
  server = await startServer(dist);
});

afterAll(async () => {
  await server?.stop();
});

/** The page without its chart islands (issue 4: a chart page hydrates one island; nothing else may run). */
/**
 * Script tags beyond the islands, the schema.org JSON-LD block, the live chart's data block and
 * the chart modules that add interaction to server-rendered SVG (tooltips, live updates).
 */
function otherScripts(html: string): string[] {
  const tags = withoutIslands(html).match(/<script\b[^>]*>/g) ?? [];
  return tags.filter(
    (tag) =>
      !/^<script (type="application\/ld\+json"|type="application\/json" data-live-chart|type="module" src="\/_astro\/(LiveChart|ChartTips)\.astro_astro_type_script_index_0_lang\.[\w-]+\.js")>$/.test(
        tag,
      ),
  );
}

function withoutIslands(html: string): string {
  return html.replace(/<astro-island[\s\S]*?<\/astro-island>/g, '').replace(/<script>\(\(\)=>\{[\s\S]*?<\/script>/g, '');
}

async function page(path: string): Promise<{ status: number; html: string; type: string | null }> {
  const res = await fetch(`${server.url}${path}`);
  // Whitespace between tags is the compiler's business, not ours.
  return { status: res.status, html: (await res.text()).replace(/>\s+</g, '><'), type: res.headers.get('content-type') };
}

describe('the built portal, served by the real Node server', () => {
  it('validated the content before building', () => {
    expect(inject('fixtureBuildOutput')).toContain('valid — 3 datasets, 3 data files, 6 rows checked');
  });

  it('dates the build from SOURCE_DATE_EPOCH, not the wall clock', () => {
    const runtime = JSON.parse(readFileSync(join(dist, 'portal', 'catalog.json'), 'utf8'));
    expect(runtime.builtAt).toBe(new Date(Number(TEST_BUILD_EPOCH) * 1000).toISOString());
  });

  it('home page: portal name, sectors with counts, latest updates, in French without prefix', async () => {
    const { status, html } = await page('/');
    expect(status).toBe(200);
    expect(html).toMatch(/<html lang="fr"/);
    expect(html).toContain('<h1>Portail de test</h1>');
    expect(html).toMatch(/href="\/sectors\/health\/">Santé<\/a><\/h3>.*?1 jeu de données/s);
    expect(html).toMatch(/href="\/sectors\/education\/">Éducation<\/a><\/h3>.*?0 jeu de données/s);
    // Latest first: lits-reanimation (2020-11-15) before gares (2019-01-01).
    expect(html.indexOf('/datasets/cantines/')).toBeLessThan(html.indexOf('/datasets/lits-reanimation/'));
    expect(html.indexOf('/datasets/lits-reanimation/')).toBeLessThan(html.indexOf('/datasets/gares/'));
    expect(html).toContain('href="/en/"');
  });

  it('the same page in English under /en/', async () => {
    const { status, html } = await page('/en/');
    expect(status).toBe(200);
    expect(html).toMatch(/<html lang="en"/);
    expect(html).toContain('<h1>Test portal</h1>');
    expect(html).toContain('href="/en/datasets/lits-reanimation/"');
    expect(html).toContain('1 dataset');
  });

  it('dataset page: metadata, sanitised description, dictionary, downloads', async () => {
    const { status, html } = await page('/datasets/lits-reanimation/');
    expect(status).toBe(200);
    expect(html).toContain('<h1>Lits de réanimation</h1>');
    expect(html).toContain('<strong>lits de réanimation</strong>');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('href="/publishers/hopital-test/">Hôpital de test</a>');
    expect(html).toContain('<a href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/" rel="license">Licence Ouverte / Open Licence 2.0</a>');
    expect(html).toContain('quotidienne');
    expect(html).toContain('<time datetime="2020-11-15">15 novembre 2020</time>');
    expect(html).toContain('du 1 novembre 2020 au 3 novembre 2020');
    expect(html).toContain('Département test');
    expect(html).toMatch(/<li class="badge">réanimation<\/li>/);
    // Data dictionary: name, title, type, constraints, description, example (each cell names its
    // column, shown when a phone stacks the rows).
    expect(html).toContain('<code>lits_occupes</code>');
    expect(html).toMatch(/<td role="cell" data-label="Titre\s: ">Établissement<\/td>/);
    const cells = html.replace(/<td role="cell" data-label="[^"]*">/g, '<td>');
    expect(cells).toMatch(
      /<code>etablissement<\/code><\/th><td>Établissement<\/td><td>texte<\/td><td><\/td><td>clé primaire · obligatoire · motif H\[0-9\]\{2\}<\/td><td>Code de l&#39;établissement<\/td><td><code>H01<\/code><\/td>/,
    );
    expect(cells).toMatch(/<code>lits_occupes<\/code><\/th><td>Lits occupés<\/td><td>entier<\/td><td><\/td><td>minimum 0<\/td>/);
    // Download with format and size.
    const size = readFileSync(join(FIXTURE, 'datasets/lits-reanimation/lits.csv')).length;
    expect(html).toMatch(
      new RegExp(`href="/datasets/lits-reanimation/files/lits.csv" download type="text/csv">\\s*Télécharger Lits par jour\\s*</a><span class="badge">CSV</span><span class="size">${size} o</span>`),
    );
    // Only the live chart's data block and its module (interaction and live updates; the chart
    // itself is server-rendered SVG), and the schema.org JSON-LD data block: no other script.
    expect(otherScripts(html)).toEqual([]);
    expect(html).toMatch(/<svg\b/);
  });

  it('dataset page in English falls back to French for untranslated text', async () => {
    const { html } = await page('/en/datasets/cantines/');
    expect(html).toMatch(/<html lang="en"/);
    expect(html).toContain('<h1 lang="fr">Cantines scolaires</h1>');
    expect(html).toContain('Last updated');
    expect(html).toContain('June 30, 2021');
  });

  it.each([
    ['datasets/lits-reanimation/lits.csv', 'text/csv'],
    ['datasets/cantines/cantines.csv', 'text/csv'],
    ['datasets/gares/gares.json', 'application/json'],
    ['datasets/lits-reanimation/lits.schema.json', 'application/json'],
  ])('serves %s byte for byte', async (file, type) => {
    // Publisher files are served under /datasets/<slug>/files/ (a namespace of their own).
    const res = await fetch(`${server.url}/${file.replace(/^(datasets\/[^/]+)\//, '$1/files/')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(FIXTURE, file)))).toBe(true);
  });

  it('catalog filters by sector and publisher on the server, without JavaScript', async () => {
    const food = await page('/datasets/?sector=food');
    expect(food.status).toBe(200);
    expect(food.html).toContain('1 jeu de données trouvé');
    expect(food.html).toContain('/datasets/cantines/');
    expect(food.html).not.toContain('href="/datasets/gares/"');
    const mairie = await page('/en/datasets/?publisher=mairie-test');
    expect(mairie.html).toContain('2 datasets found');
    const either = await page('/datasets/?sector=food&sector=transport');
    expect(either.html).toContain('2 jeux de données trouvés');
    const none = await page('/datasets/?sector=health&publisher=mairie-test');
    expect(none.html).toContain('Aucun jeu de données ne correspond à ces filtres.');
    const words = await page('/datasets/?q=reanimation');
    expect(words.html).toContain('1 jeu de données trouvé');
    expect(words.html).toContain('/datasets/lits-reanimation/');
    const unknown = await page('/datasets/?sector=%3Cscript%3E&page=-4');
    expect(unknown.status).toBe(200);
    expect(unknown.html).toContain('0 jeu de données trouvé');
    expect(unknown.html).not.toContain('<script>"');
    expect(unknown.html).toContain('&lt;script&gt;');
  });

  it('publisher and sector pages list their datasets', async () => {
    const publisher = await page('/publishers/mairie-test/');
    expect(publisher.html).toContain('/datasets/cantines/');
    expect(publisher.html).toContain('/datasets/gares/');
    expect(publisher.html).not.toContain('/datasets/lits-reanimation/');
    const sector = await page('/en/sectors/transport/');
    expect(sector.html).toContain('<h1>Transport</h1>');
    expect(sector.html).toContain('/en/datasets/gares/');
  });

  it('unknown pages and languages are 404', async () => {
    expect((await page('/datasets/nope/')).status).toBe(404);
    expect((await page('/de/datasets/')).status).toBe(404);
    const notFound = await page('/nope/');
    expect(notFound.html).toContain('Page introuvable');
  });

  it('the default language under its own prefix redirects to the address without it', async () => {
    const moved = async (target: string) => {
      const res = await fetch(`${server.url}${target}`, { redirect: 'manual' });
      return { status: res.status, location: res.headers.get('location') };
    };
    expect(await moved('/fr/datasets/?sector=sante')).toEqual({ status: 301, location: '/datasets/?sector=sante' });
    expect(await moved('/fr')).toEqual({ status: 301, location: '/' });
    expect(await moved('/fr/datasets/lits-reanimation/')).toEqual({ status: 301, location: '/datasets/lits-reanimation/' });
    // Never to another site: a protocol-relative target is collapsed to a path of this one.
    expect(await moved('/fr//example.org/')).toEqual({ status: 301, location: '/example.org/' });
    expect(await moved('/fr/%2F%2Fexample.org/')).toEqual({ status: 301, location: '/example.org/' });
    // Other languages and addresses that only start with the letters are left alone.
    expect((await moved('/en/datasets/')).status).toBe(200);
    expect((await moved('/frites/')).status).toBe(404);
    const followed = await page('/fr/datasets/lits-reanimation/');
    expect(followed.status).toBe(200);
    expect(followed.html).toContain('<h1');
  });

  it('every page has one h1, a main landmark and a language; scripts only where there is interaction', async () => {
    for (const path of ['/', '/en/', '/datasets/', '/datasets/cantines/', '/publishers/', '/sectors/', '/sectors/food/', '/publishers/hopital-test/']) {
      const { html } = await page(path);
      expect(html.match(/<h1[\s>]/g), path).toHaveLength(1);
      expect(html, path).toContain('<main id="main"');
      expect(html, path).toMatch(/<html lang="(fr|en)"/);
      // Only the catalog's island, the chart modules and the schema.org JSON-LD data block.
      expect(otherScripts(html), path).toEqual([]);
    }
  });
});

describe('a build of invalid content', () => {
  it('stops with the same list of errors as npm run validate, and builds nothing', () => {
    const build = buildPortal(join(import.meta.dirname, '..', 'fixtures', 'portal-broken'));
    try {
      expect(build.status).toBe(1);
      expect(build.output).toContain('datasets/lits-reanimation/lits.csv:3: column "lits_occupes": "douze" is not an integer');
      expect(build.output).toContain('✗ tests/fixtures/portal-broken: 20 errors in 7 files');
      expect(build.output).toContain('Build stopped');
      expect(build.output).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    } finally {
      removeDir(build.dist);
    }
  });
});
