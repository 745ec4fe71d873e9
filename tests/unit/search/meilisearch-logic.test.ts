import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MARK_END, MARK_START } from '../../../src/search/highlight.ts';
import {
  buildFilter,
  buildSearchRequests,
  equals,
  explainMeiliError,
  mapSearchResults,
  meiliDocument,
  meiliId,
  meiliSettings,
  quoteFilterValue,
  symmetricSynonyms,
} from '../../../src/search/meilisearch-logic.ts';
import { parseSearchParams } from '../../../src/search/query.ts';
import { FACETS } from '../../../src/search/types.ts';
import { corpusDocuments } from './corpus.ts';

/**
 * Reads one Meilisearch double-quoted string literal the way its filter parser
 * does (backslash escapes the next character) and returns the value and what
 * follows. Used to prove that no value can escape its quotes.
 */
function readLiteral(text: string): { value: string; rest: string } {
  expect(text[0]).toBe('"');
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      value += text[i + 1] ?? '';
      i++;
    } else if (c === '"') return { value, rest: text.slice(i + 1) };
    else value += c;
  }
  throw new Error('unterminated literal');
}

const query = (qs: string) => parseSearchParams(new URLSearchParams(qs), ['fr', 'en']).query;

describe('filter values are quoted and escaped', () => {
  it('round-trips any string and never ends the literal early (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (value) => {
        const { value: read, rest } = readLiteral(quoteFilterValue(value));
        expect(read).toBe(value);
        expect(rest).toBe('');
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps operators inside the literal (property)', () => {
    const hostile = fc.constantFrom('"', '\\', ' OR ', ' AND ', ' NOT ', '=', '!=', '(', ')', '[', ']', 'TO', 'EXISTS', 'IN');
    fc.assert(
      fc.property(
        fc.array(fc.oneof(hostile, fc.string({ maxLength: 5 })), { maxLength: 12 }).map((parts) => parts.join('')),
        (value) => {
          const clause = equals('sector', value);
          expect(clause.startsWith('sector = "')).toBe(true);
          expect(readLiteral(clause.slice('sector = '.length))).toEqual({ value, rest: '' });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses attributes that are not on the allow-list', () => {
    expect(() => equals('title' as never, 'x')).toThrow(/not a filterable attribute/);
  });

  it('builds AND across facets and OR within one, always restricted to the language', () => {
    expect(buildFilter(query('sector=food&sector=transport&license=ODbL-1.0&lang=en'))).toEqual(['lang = "en"', ['sector = "food"', 'sector = "transport"'], ['license = "ODbL-1.0"']]);
    expect(buildFilter(query('sector=food&license=x'), 'sector')).toEqual(['lang = "fr"', ['license = "x"']]);
    expect(buildFilter(query('sector=a"b'))).toEqual(['lang = "fr"', ['sector = "a\\"b"']]);
  });
});

describe('search requests', () => {
  it('asks for highlights with private markers, facets, sort and pages', () => {
    const [main, ...rest] = buildSearchRequests('datasets', query('q=lits&sort=updated&page=2&hitsPerPage=5&lang=en'));
    expect(rest).toEqual([]);
    expect(main).toMatchObject({
      indexUid: 'datasets',
      q: 'lits',
      filter: ['lang = "en"'],
      facets: [...FACETS],
      page: 2,
      hitsPerPage: 5,
      sort: ['updatedDays:desc'],
      highlightPreTag: MARK_START,
      highlightPostTag: MARK_END,
      matchingStrategy: 'last',
      locales: ['eng'],
    });
  });

  it('adds one count-only request per facet with a selection (disjunctive facets)', () => {
    const requests = buildSearchRequests('datasets', query('q=x&sector=food&tag=bio&tag=vegan'));
    expect(requests).toHaveLength(3);
    expect(requests[1]).toMatchObject({ facets: ['sector'], hitsPerPage: 0, filter: ['lang = "fr"', ['tag = "bio"', 'tag = "vegan"']] });
    expect(requests[2]).toMatchObject({ facets: ['tag'], hitsPerPage: 0, filter: ['lang = "fr"', ['sector = "food"']] });
  });

  it('sorts by title ascending, and by relevance without a sort clause', () => {
    expect(buildSearchRequests('d', query('sort=title'))[0]!.sort).toEqual(['title:asc']);
    expect(buildSearchRequests('d', query(''))[0]!.sort).toBeUndefined();
  });
});

describe('settings and documents', () => {
  it('ranks title > tags > columns > description > publisher and knows every facet', () => {
    const s = meiliSettings({ languages: ['fr', 'en', 'et'], defaultLanguage: 'fr', synonyms: { rea: ['réanimation'] }, stopWords: ['donnees'] });
    expect(s.searchableAttributes.slice(0, 5)).toEqual(['title', 'tags', 'columns', 'description', 'publisherName']);
    expect(s.filterableAttributes).toEqual(['lang', 'sector', 'publisher', 'license', 'format', 'tag', 'frequency']);
    expect(s.sortableAttributes).toEqual(['updatedDays', 'title']);
    expect(s.typoTolerance).toEqual({ enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } });
    expect(s.localizedAttributes).toEqual([{ attributePatterns: ['*'], locales: ['fra', 'eng', 'est'] }]);
    expect(s.synonyms).toEqual({ rea: ['réanimation'], réanimation: ['rea'] });
    expect(s.stopWords).toContain('donnees');
    expect(s.stopWords).toContain('the');
  });

  it('makes synonyms symmetric', () => {
    expect(symmetricSynonyms({ icu: ['réanimation', 'soins critiques'] })).toEqual({
      icu: ['réanimation', 'soins critiques'],
      réanimation: ['icu'],
      'soins critiques': ['icu'],
    });
  });

  it('gives documents ids Meilisearch accepts', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}$/), fc.constantFrom('fr', 'en', 'pt-BR', 'zh-Hant-TW'), (slug, lang) => {
        expect(meiliId({ slug, lang })).toMatch(/^[A-Za-z0-9_-]+$/);
      }),
    );
    const doc = corpusDocuments()[0]!;
    expect(meiliDocument(doc)).toMatchObject({ id: 'lits-reanimation__fr', slug: 'lits-reanimation', title: doc.title });
  });
});

describe('answers mapped to the portal contract', () => {
  const hit = (title: string, description: string) => ({
    slug: 's',
    url: '/datasets/s/',
    title,
    description,
    sector: 'health',
    publisher: 'p',
    updated: '2020-01-01',
    _formatted: { title: title.replace('lits', `${MARK_START}lits${MARK_END}`), description },
  });

  it('escapes HTML before adding <mark>, merges disjunctive counts', () => {
    const q = query('q=lits&sector=health');
    const response = mapSearchResults(q, [
      { hits: [hit('<b>lits</b> & co', 'desc')], facetDistribution: { sector: { health: 1 }, publisher: { p: 1 } }, totalHits: 1, totalPages: 1, page: 1, hitsPerPage: 20, processingTimeMs: 3 },
      { hits: [], facetDistribution: { sector: { health: 1, food: 4 } }, totalHits: 5, processingTimeMs: 5 },
    ]);
    expect(response.hits[0]!._formatted.title).toBe('&lt;b&gt;<mark>lits</mark>&lt;/b&gt; &amp; co');
    expect(response.facetDistribution.sector).toEqual({ health: 1, food: 4 });
    expect(response.facetDistribution.publisher).toEqual({ p: 1 });
    expect(response.facetDistribution.tag).toEqual({});
    expect(response).toMatchObject({ totalHits: 1, totalPages: 1, processingTimeMs: 5, backend: 'meilisearch', query: 'lits' });
  });

  it('cuts long descriptions', () => {
    const long = 'mot '.repeat(400);
    const response = mapSearchResults(query('q=mot'), [{ hits: [hit('t', long)], totalHits: 1, processingTimeMs: 1 }]);
    expect(response.hits[0]!.description.length).toBeLessThanOrEqual(601);
  });
});

describe('errors a deployer can act on', () => {
  it.each([
    ['invalid_api_key', /MEILI_API_KEY is not a valid key/],
    ['missing_authorization_header', /set MEILI_API_KEY/],
    ['index_not_found', /npm run index/],
    ['invalid_api_key_indexes', /lacks the rights/],
  ])('%s', (code, expected) => {
    expect(explainMeiliError(code, 'x', 'http://127.0.0.1:7700')).toMatch(expected);
  });
});

describe('an unreachable Meilisearch', () => {
  it('is reported with the address to check, not a stack trace', async () => {
    const { MeiliSearchBackend, SearchServiceError } = await import('../../../src/search/meilisearch.ts');
    const { freePort } = await import('../../helpers/portal.ts');
    const url = `http://127.0.0.1:${await freePort()}`;
    const backend = new MeiliSearchBackend({ url });
    const error = await backend.search(query('q=x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SearchServiceError);
    expect((error as Error).message).toBe(`Meilisearch is unreachable at ${url} (fetch failed): check MEILI_URL and that the server is running.`);
    expect(await backend.health()).toMatchObject({ ok: false, backend: 'meilisearch' });
  });
});
