// Estonian search: the letters õ ä ö ü š ž fold to their base letters on both sides, and
// Estonian grammar words are ignored, in the embedded engine and in Meilisearch's settings.
import { describe, expect, it } from 'vitest';
import { EmbeddedSearch } from '../../../src/search/embedded.ts';
import { meiliSettings } from '../../../src/search/meilisearch-logic.ts';
import { fold, normalizeTerm, stopWordsFor } from '../../../src/search/text.ts';
import type { SearchDocument } from '../../../src/search/types.ts';

function doc(slug: string, title: string, description: string, tags: string[] = []): SearchDocument {
  return {
    id: `${slug}:et`,
    slug,
    lang: 'et',
    url: `/datasets/${slug}/`,
    title,
    description,
    tags,
    columns: '',
    sector: 'health',
    publisher: 'terviseamet',
    publisherName: 'Terviseamet',
    license: 'CC-BY-4.0',
    format: ['csv'],
    tag: tags,
    frequency: 'daily',
    updated: '2020-11-15',
    updatedDays: 18581,
    coverage: '',
    other: '',
  };
}

const DOCS = [
  doc('haiglaravi-parnumaa', 'Haiglaravi Pärnumaal', 'Haiglaravil olevad COVID-19 patsiendid Pärnumaa haiglates.', ['Pärnumaa']),
  doc('tooandjad', 'Tööandjate toetused', 'Töötasu hüvitis tööandjatele eriolukorra ajal.', ['tööandja']),
  doc('sõidukid', 'Ühistranspordi sõidukid Võrumaal', 'Bussid ja rongid, mis sõidavad Võru ja Tartu vahel.', ['ühistransport']),
  doc('žürii', 'Šokolaadi- ja žürii-andmed', 'Proovitekst š ja ž tähtedega.'),
];

describe('Estonian text folding', () => {
  it('folds õ ä ö ü š ž to their base letters, upper and lower case', () => {
    expect(fold('Õ õ Ä ä Ö ö Ü ü Š š Ž ž')).toBe('o o a a o o u u s s z z');
    expect(fold('Pärnumaa')).toBe(fold('Parnumaa'));
    expect(fold('Tööandja')).toBe(fold('Tooandja'));
  });
  it('ignores Estonian grammar words but keeps meaningful ones', () => {
    const stop = stopWordsFor(['et']);
    for (const w of ['ja', 'ning', 'või', 'VÕI', 'ega', 'kohta', 'järgi', 'see']) expect(normalizeTerm(w, stop), w).toBeNull();
    for (const w of ['haigla', 'maakond', 'tööandja']) expect(normalizeTerm(w, stop), w).not.toBeNull();
  });
});

describe('Estonian queries typed without diacritics (embedded engine)', () => {
  const engine = new EmbeddedSearch({ languages: ['et'], defaultLanguage: 'et', synonyms: {}, stopWords: [] });
  const search = async (q: string) => {
    const res = await engine.search({ q, lang: 'et', filters: {}, sort: 'relevance', page: 1, hitsPerPage: 10 });
    return res.hits.map((h) => h.slug);
  };
  it.each([
    ['Parnumaa', 'haiglaravi-parnumaa'],
    ['parnumaal', 'haiglaravi-parnumaa'],
    ['Tooandja', 'tooandjad'],
    ['tooandjate toetused', 'tooandjad'],
    ['uhistranspordi voru', 'sõidukid'],
    ['sokolaadi zurii', 'žürii'],
  ])('"%s" finds %s first', async (q, slug) => {
    await engine.replaceAll(DOCS);
    expect((await search(q))[0]).toBe(slug);
  });
  it('a query of stop words and one word searches that word', async () => {
    await engine.replaceAll(DOCS);
    expect(await search('ja Pärnumaa')).toEqual(['haiglaravi-parnumaa']);
  });
});

describe('Estonian in Meilisearch settings', () => {
  it('declares Estonian for localized attributes and sends the Estonian stop words folded', () => {
    const s = meiliSettings({ languages: ['et', 'en'], defaultLanguage: 'et', synonyms: {}, stopWords: [] });
    expect(s.localizedAttributes).toEqual([{ attributePatterns: ['*'], locales: ['est', 'eng'] }]);
    expect(s.stopWords).toEqual(expect.arrayContaining(['ja', 'voi', 'jargi', 'kohta', 'the']));
  });
});
