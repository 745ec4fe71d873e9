import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/portal.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(inject('fixtureDist'));
});
afterAll(async () => {
  await server?.stop();
});

async function api(qs: string) {
  const res = await fetch(`${server.url}/api/search${qs ? `?${qs}` : ''}`);
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> & { hits: { slug: string; _formatted: { title: string } }[] } };
}

describe('GET /api/search on the real server (embedded backend)', () => {
  it('finds "reanimaton" (typo, no accent) first, with the documented shape', async () => {
    const { status, type, body } = await api('q=reanimaton');
    expect(status).toBe(200);
    expect(type).toContain('application/json');
    expect(body).toMatchObject({ query: 'reanimaton', totalHits: 1, page: 1, hitsPerPage: 20, totalPages: 1, backend: 'embedded' });
    expect(body.hits[0]).toMatchObject({
      slug: 'lits-reanimation',
      url: '/datasets/lits-reanimation/',
      title: 'Lits de réanimation',
      sector: 'health',
      publisher: 'hopital-test',
      updated: '2020-11-15',
    });
    expect(body.hits[0]!._formatted.title).toBe('Lits de <mark>réanimation</mark>');
    expect(body.facetDistribution).toEqual({
      sector: { health: 1 },
      publisher: { 'hopital-test': 1 },
      license: { 'etalab-2.0': 1 },
      format: { csv: 1 },
      tag: { 'covid-19': 1, hôpital: 1, réanimation: 1 },
      frequency: { daily: 1 },
    });
  });

  it('answers in English with English URLs', async () => {
    const { body } = await api('q=beds&lang=en');
    expect(body.hits.map((h) => h.slug)).toEqual(['lits-reanimation']);
    expect(body.hits[0]).toMatchObject({ url: '/en/datasets/lits-reanimation/', title: 'Intensive-care beds' });
  });

  it('finds a dataset by the words of a column name', async () => {
    const { body } = await api('q=lits%20occupes');
    expect(body.hits.map((h) => h.slug)).toEqual(['lits-reanimation']);
  });

  it('filters and counts facets', async () => {
    const { body } = await api('sector=food&sector=transport&sort=title');
    expect(body.hits.map((h) => h.slug)).toEqual(['cantines', 'gares']);
    expect((body.facetDistribution as Record<string, unknown>).sector).toEqual({ health: 1, food: 1, transport: 1 });
  });

  it.each([
    ['hitsPerPage=1000', 'hitsPerPage'],
    ['page=0', 'page'],
    ['sort=random', 'sort'],
    ['lang=xx', 'lang'],
    [`q=${'x'.repeat(300)}`, 'q'],
    ['drop=table', 'drop'],
  ])('refuses %s with a 400 in the one error shape', async (qs, field) => {
    const { status, body } = await api(qs);
    expect(status).toBe(400);
    const error = (body as unknown as { error: { code: string; message: string; details: { field: string }[] } }).error;
    expect(error.code).toBe('invalid_parameter');
    expect(error.message).toContain(field);
    expect(error.details.map((d) => d.field)).toContain(field);
    expect(Object.keys(body)).toEqual(['error']);
  });

  it('never fails on hostile input', async () => {
    for (const q of ['"', '\\', '%', "'; --", '<script>alert(1)</script>', '\u0000', '(((', '*:*']) {
      const { status } = await api(`q=${encodeURIComponent(q)}&sector=${encodeURIComponent(q)}`);
      expect(status, q).toBe(200);
    }
  });

  it('loads its index from the build, not from the content folder', () => {
    const index = JSON.parse(readFileSync(join(inject('fixtureDist'), 'portal', 'search-index.json'), 'utf8')) as { version: number; settings: { languages: string[] } };
    expect(index.version).toBe(2);
    expect(index.settings.languages).toEqual(['fr', 'en']);
  });
});

describe('the catalog page searches on the server', () => {
  it('renders results for ?q= with highlighted matches, without JavaScript', async () => {
    const html = await (await fetch(`${server.url}/datasets/?q=reanimation`)).text();
    expect(html).toContain('1 jeu de données trouvé');
    expect(html).toContain('Lits de <mark>réanimation</mark>');
    const en = await (await fetch(`${server.url}/en/datasets/?q=stations&sector=transport`)).text();
    expect(en).toContain('1 dataset found');
    expect(en).toContain('/en/datasets/gares/');
  });
});

describe('with MEILI_URL at a closed port (Meilisearch down)', () => {
  it('answers from the embedded index of the build, says so, and the key never reaches the page', async () => {
    const { freePort } = await import('../helpers/portal.ts');
    const closed = `http://127.0.0.1:${await freePort()}`;
    const meili = await startServer(inject('fixtureDist'), { MEILI_URL: closed, MEILI_API_KEY: 'secret-master-key-123' });
    try {
      const res = await fetch(`${meili.url}/api/search?q=reanimaton`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-search-backend')).toBe('embedded');
      const body = (await res.json()) as { backend: string; hits: { slug: string }[] };
      expect(body.backend).toBe('embedded');
      expect(body.hits[0]!.slug).toBe('lits-reanimation');
      // One line says why, naming the address to check; the next searches do not wait for Meilisearch.
      expect(meili.log()).toContain(`search: Meilisearch is unreachable at ${closed}`);
      expect(meili.log()).toContain('Answering from the embedded index of this build; Meilisearch is tried again in 30 s.');
      const page = await fetch(`${meili.url}/datasets/?q=lits`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<mark>Lits</mark> de réanimation');
      expect(html).not.toContain('secret-master-key-123');
      expect(meili.log().match(/search: Meilisearch is unreachable/g)).toHaveLength(1);
      // Ready (citizens get answers), with the reason visible to the operator.
      const ready = (await (await fetch(`${meili.url}/readyz`)).json()) as { status: string; checks: { search: { ok: boolean; message?: string } } };
      expect(ready.status).toBe('ready');
      expect(ready.checks.search.message).toContain(`Meilisearch is unreachable at ${closed}`);
      expect(ready.checks.search.message).toContain('searches are answered by the embedded index');
    } finally {
      await meili.stop();
    }
  });
});
