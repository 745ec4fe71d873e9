import { describe, expect, it } from 'vitest';
import { cropAround, MARK_END, MARK_START, markTerms } from '../../../src/search/highlight.ts';
import { LIMITS, parseSearchParams, searchParamsOf } from '../../../src/search/query.ts';
import { fold, identifierWords, normalizeTerm, stopWordsFor, tokenize } from '../../../src/search/text.ts';

const parse = (qs: string) => parseSearchParams(new URLSearchParams(qs), ['fr', 'en']);

describe('search parameters', () => {
  it('reads every documented parameter', () => {
    const { query, problems } = parse('q=lits&sector=health&sector=food&publisher=p&license=l&format=csv&tag=t&frequency=daily&sort=updated&page=2&hitsPerPage=50&lang=en');
    expect(problems).toEqual([]);
    expect(query).toEqual({
      q: 'lits',
      lang: 'en',
      sort: 'updated',
      page: 2,
      hitsPerPage: 50,
      filters: { sector: ['health', 'food'], publisher: ['p'], license: ['l'], format: ['csv'], tag: ['t'], frequency: ['daily'] },
    });
  });

  it('has defaults', () => {
    expect(parse('').query).toEqual({ q: '', lang: 'fr', sort: 'relevance', page: 1, hitsPerPage: 20, filters: {} });
  });

  it.each([
    ['hitsPerPage=101', 'hitsPerPage'],
    ['hitsPerPage=0', 'hitsPerPage'],
    ['page=0', 'page'],
    ['page=abc', 'page'],
    ['page=1001', 'page'],
    ['page=-1', 'page'],
    ['sort=popularity', 'sort'],
    ['lang=de', 'lang'],
    [`q=${'a'.repeat(LIMITS.qLength + 1)}`, 'q'],
    [`sector=${'a'.repeat(101)}`, 'sector'],
    [Array.from({ length: 21 }, (_, i) => `tag=t${i}`).join('&'), 'tag'],
    ['colour=red', 'colour'],
  ])('refuses %s', (qs, field) => {
    expect(parse(qs).problems.map((p) => p.field)).toContain(field);
  });

  it('ignores cache-busting parameters starting with _', () => {
    expect(parse('_=123').problems).toEqual([]);
  });

  it('writes shareable query strings', () => {
    expect(searchParamsOf(parse('q=lits&sector=health&sort=title&page=2').query).toString()).toBe('q=lits&sector=health&sort=title&page=2');
  });
});

describe('text normalisation', () => {
  const stop = stopWordsFor(['fr', 'en']);
  it('folds accents, case and ligatures', () => {
    expect(fold('Réanimation ŒUVRE Straße')).toBe('reanimation oeuvre strasse');
  });
  it('drops French elisions and stop words', () => {
    expect(tokenize("l'hôpital d’Orléans qu'il").map((t) => normalizeTerm(t, stop))).toEqual(['hopital', 'orleans', 'il']);
    expect(normalizeTerm('les', stop)).toBeNull();
    expect(normalizeTerm('the', stop)).toBeNull();
  });
  it('splits identifiers into words', () => {
    expect(identifierWords('lits_reanimation')).toBe('lits reanimation');
    expect(identifierWords('nbLitsOccupes')).toBe('nb Lits Occupes');
    expect(identifierWords('code-insee.2020')).toBe('code insee 2020');
  });
  it('marks matched words and crops around the first match', () => {
    const marked = markTerms("Lits de l'hôpital", new Set(['hopital']), (w) => normalizeTerm(w, stop));
    expect(marked).toBe(`Lits de ${MARK_START}l'hôpital${MARK_END}`);
    const text = `${'a '.repeat(50)}${MARK_START}x${MARK_END}${' b'.repeat(50)}`;
    const cropped = cropAround(text, 10);
    expect(cropped.startsWith('…')).toBe(true);
    expect(cropped.endsWith('…')).toBe(true);
    expect(cropped).toContain(MARK_START);
  });
});
