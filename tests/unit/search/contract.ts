// The search contract: one suite, run against every backend. A backend passes
// when citizens get the same answers from it, whatever engine is behind.
import { describe, expect, it } from 'vitest';
import { parseSearchParams } from '../../../src/search/query.ts';
import type { SearchBackend, SearchResponse } from '../../../src/search/types.ts';
import { CORPUS_LANGUAGES, CORPUS_SIZE, corpusDocuments } from './corpus.ts';

export function searchContract(name: string, backend: () => SearchBackend) {
  const search = (qs: string): Promise<SearchResponse> => {
    const { query, problems } = parseSearchParams(new URLSearchParams(qs), CORPUS_LANGUAGES);
    if (problems.length) throw new Error(JSON.stringify(problems));
    return backend().search(query);
  };
  const slugs = (r: SearchResponse) => r.hits.map((h) => h.slug);

  describe(`search contract: ${name}`, () => {
    it('answers in the documented shape', async () => {
      const r = await search('q=vaccination');
      expect(Object.keys(r).sort()).toEqual(['backend', 'facetDistribution', 'hits', 'hitsPerPage', 'page', 'processingTimeMs', 'query', 'totalHits', 'totalPages']);
      expect(Object.keys(r.facetDistribution).sort()).toEqual(['format', 'frequency', 'license', 'publisher', 'sector', 'tag']);
      expect(Object.keys(r.hits[0]!).sort()).toEqual(['_formatted', 'description', 'publisher', 'sector', 'slug', 'title', 'updated', 'url']);
      expect(r).toMatchObject({ query: 'vaccination', page: 1, hitsPerPage: 20, totalHits: 1, totalPages: 1, backend: name });
      expect(r.hits[0]).toMatchObject({
        slug: 'centres-vaccination',
        url: '/datasets/centres-vaccination/',
        title: 'Lieux de vaccination',
        sector: 'health',
        publisher: 'ministere-sante',
        updated: '2021-01-15',
      });
    });

    it('finds an exact word and ranks a title match first', async () => {
      expect(slugs(await search('q=réanimation'))[0]).toBe('lits-reanimation');
    });

    it.each([
      ['reanimaton', 'lits-reanimation'],
      ['hospitalsations', 'hospitalisations'],
      ['vacination', 'centres-vaccination'],
      ['stationement', 'stationnement-velo'],
      ['fontianes', 'fontaines'],
    ])('tolerates a typo: %s finds %s', async (q, slug) => {
      expect(slugs(await search(`q=${encodeURIComponent(q)}`))).toContain(slug);
    });

    it.each([
      ['reanimation', 'lits-reanimation'],
      ['velo', 'stationnement-velo'],
      ['ecoles', 'ecoles-accessibilite'],
      ['REANIMATION', 'lits-reanimation'],
      ['qualite de l air', 'qualite-air'],
    ])('ignores accents and case: %s finds %s', async (q, slug) => {
      expect(slugs(await search(`q=${encodeURIComponent(q)}`))[0]).toBe(slug);
    });

    it('matches prefixes of the word being typed', async () => {
      expect(slugs(await search('q=vacc'))).toEqual(['centres-vaccination']);
      expect(slugs(await search('q=stationnement%20cyc'))).toEqual(['stationnement-velo']);
    });

    it("drops French elisions: l'hôpital finds hôpital", async () => {
      expect(slugs(await search(`q=${encodeURIComponent("l'hôpital")}`))).toContain('lits-reanimation');
      expect(slugs(await search(`q=${encodeURIComponent("qualité de l'air")}`))[0]).toBe('qualite-air');
    });

    it('needs every word of a multi-word query when some dataset has them all', async () => {
      expect(slugs(await search('q=cantines%20bio'))).toEqual(['cantines-bio']);
      expect(slugs(await search('q=lits%20de%20r%C3%A9animation'))[0]).toBe('lits-reanimation');
    });

    it('finds datasets by column names written as identifiers', async () => {
      expect(slugs(await search('q=allergenes'))).toEqual(['menus-collectifs']);
    });

    it('searches the requested language and finds the other language too', async () => {
      const en = await search('q=canteens&lang=en');
      expect(slugs(en)).toEqual(['cantines-bio']);
      expect(en.hits[0]!.url).toBe('/en/datasets/cantines-bio/');
      expect(en.hits[0]!.title).toBe('Organic food in school canteens');
      expect(slugs(await search('q=vélo&lang=en'))).toContain('stationnement-velo');
    });

    it('filters by each facet alone', async () => {
      expect((await search('sector=food')).totalHits).toBe(2);
      expect((await search('publisher=sante-publique-france')).totalHits).toBe(2);
      expect((await search('license=ODbL-1.0')).totalHits).toBe(3);
      expect((await search('format=geojson')).totalHits).toBe(2);
      expect((await search('tag=cantine')).totalHits).toBe(2);
      expect((await search('frequency=weekly')).totalHits).toBe(3);
    });

    it('ORs values within a facet and ANDs across facets', async () => {
      expect((await search('sector=food&sector=transport')).totalHits).toBe(4);
      expect(slugs(await search('sector=food&sector=transport&license=ODbL-1.0&sort=title'))).toEqual(['menus-collectifs', 'stationnement-velo']);
      expect((await search('sector=food&format=zip')).totalHits).toBe(0);
    });

    it("counts facets over the results, ignoring a facet's own selection", async () => {
      const r = await search('sector=food');
      expect(r.facetDistribution.sector).toEqual({ health: 5, food: 2, transport: 2, education: 1 });
      expect(r.facetDistribution.publisher).toEqual({ 'ma-cantine': 1, 'ville-de-test': 1 });
      const all = await search('');
      expect(all.totalHits).toBe(CORPUS_SIZE);
      expect(Object.values(all.facetDistribution.sector).reduce((a, b) => a + b, 0)).toBe(CORPUS_SIZE);
    });

    it('sorts by update date and by title', async () => {
      expect(slugs(await search('sort=updated&hitsPerPage=3'))).toEqual(['fontaines', 'qualite-air', 'menus-collectifs']);
      expect(slugs(await search('sort=title&hitsPerPage=3'))).toEqual(['ecoles-accessibilite', 'fontaines', 'horaires-bus']);
      expect(slugs(await search('sort=title&hitsPerPage=2&lang=en'))).toEqual(['ecoles-accessibilite', 'qualite-air']);
    });

    it('paginates', async () => {
      const p1 = await search('sort=title&hitsPerPage=4&page=1');
      const p3 = await search('sort=title&hitsPerPage=4&page=3');
      expect(p1).toMatchObject({ totalHits: CORPUS_SIZE, totalPages: 3, page: 1, hitsPerPage: 4 });
      expect(p1.hits).toHaveLength(4);
      expect(p3.hits).toHaveLength(2);
      expect(new Set([...slugs(p1), ...slugs(p3)]).size).toBe(6);
      expect((await search('page=9')).hits).toEqual([]);
    });

    it('highlights matches with <mark> in escaped text', async () => {
      const r = await search('q=vaccination');
      expect(r.hits[0]!._formatted.title).toBe('Lieux de <mark>vaccination</mark>');
      expect(r.hits[0]!._formatted.description).toContain('<mark>vaccination</mark>');
      const air = await search(`q=${encodeURIComponent("qualité de l'air")}`);
      expect(air.hits[0]!._formatted.title).toMatch(/^<mark>Qualité<\/mark> de l&#39;<mark>air<\/mark>$|^<mark>Qualité<\/mark> de <mark>l&#39;air<\/mark>$/);
    });

    it('answers an empty result for a word nowhere', async () => {
      const r = await search('q=zzyzxq');
      expect(r).toMatchObject({ totalHits: 0, totalPages: 0, hits: [] });
    });

    it.each(['<script>alert(1)</script>', '" OR sector = "food', "'; DROP TABLE datasets; --", 'sector = health AND', '\\"\\\\', '💉🏥', 'a'.repeat(200), '%00%ff', '((((((((((', '*'])(
      'survives hostile input %#',
      async (q) => {
        const r = await search(`q=${encodeURIComponent(q)}&sector=${encodeURIComponent(q.slice(0, 100))}`);
        expect(r.totalHits).toBe(0);
        for (const h of r.hits) expect(h._formatted.title).not.toContain('<script');
      },
    );
  });
}

/**
 * A publish's documents (SearchBackend.upsert), on a backend of its own loaded with the corpus:
 * a new dataset is found, a changed one is found by its new words only, and nothing is counted twice.
 */
export function upsertContract(name: string, fresh: () => Promise<SearchBackend>) {
  describe(`search contract: ${name}, a publish's documents`, () => {
    it('adds a new dataset and replaces a changed one, each counted once', async () => {
      const backend = await fresh();
      const ask = async (q: string) => backend.search(parseSearchParams(new URLSearchParams(q), CORPUS_LANGUAGES).query);
      const before = (await ask('')).totalHits;
      const docs = corpusDocuments();
      const changed = docs.filter((d) => d.slug === 'fontaines').map((d) => ({ ...d, title: 'Points d’eau quetzal', description: 'Renommé.' }));
      const added = docs
        .filter((d) => d.slug === 'fontaines')
        .map((d) => ({ ...d, id: `bornes-quetzal:${d.lang}`, slug: 'bornes-quetzal', url: d.url.replace('fontaines', 'bornes-quetzal'), title: 'Bornes quetzal' }));
      await backend.upsert([...changed, ...added]);
      expect((await ask('q=quetzal')).hits.map((h) => h.slug).sort()).toEqual(['bornes-quetzal', 'fontaines']);
      expect((await ask('q=quetzal')).hits.find((h) => h.slug === 'fontaines')?.title).toBe('Points d’eau quetzal');
      expect((await ask('')).totalHits).toBe(before + 1);
      // The same documents again change nothing.
      await backend.upsert([...changed, ...added]);
      expect((await ask('')).totalHits).toBe(before + 1);
    });
  });
}
