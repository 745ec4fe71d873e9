/**
 * Everything the Meilisearch backend decides, as pure functions: index settings,
 * documents, filters (with quoting and escaping), search requests and the mapping
 * of answers to the portal's search contract. Tested here without a server;
 * meilisearch.ts only sends these over the wire with the official client.
 */
import { hitFields, SEARCHED_FIELDS } from './fields.ts';
import { MARK_END, MARK_START, markersToHtml } from './highlight.ts';
import { stopWordsFor } from './text.ts';
import { emptyDistribution, FACETS, type Facet, type SearchDocument, type SearchHit, type SearchQuery, type SearchResponse, type SearchSettings } from './types.ts';

/** Ranked as docs/search.md states: title > tags > column names > description > publisher. */
export const SEARCHABLE_ATTRIBUTES = SEARCHED_FIELDS;
export const DISPLAYED_ATTRIBUTES = ['slug', 'lang', 'url', 'title', 'description', 'sector', 'publisher', 'updated'] as const;
export const FILTERABLE_ATTRIBUTES = ['lang', ...FACETS] as const;
export const SORTABLE_ATTRIBUTES = ['updatedDays', 'title'] as const;

/** ISO 639-3 codes Meilisearch expects for localized attributes. */
const ISO639_3: Record<string, string> = {
  fr: 'fra',
  en: 'eng',
  et: 'est',
  de: 'deu',
  es: 'spa',
  it: 'ita',
  pt: 'por',
  nl: 'nld',
  pl: 'pol',
  ro: 'ron',
  lv: 'lav',
  lt: 'lit',
  fi: 'fin',
  sv: 'swe',
  da: 'dan',
  uk: 'ukr',
  ar: 'ara',
};
export function meiliLocale(lang: string): string | undefined {
  return ISO639_3[lang.split('-')[0]!.toLowerCase()];
}

export interface MeiliSettings {
  searchableAttributes: string[];
  displayedAttributes: string[];
  filterableAttributes: string[];
  sortableAttributes: string[];
  rankingRules: string[];
  typoTolerance: { enabled: boolean; minWordSizeForTypos: { oneTypo: number; twoTypos: number } };
  synonyms: Record<string, string[]>;
  stopWords: string[];
  faceting: { maxValuesPerFacet: number };
  pagination: { maxTotalHits: number };
  localizedAttributes: { attributePatterns: string[]; locales: string[] }[] | null;
}

/**
 * Synonyms in portal.yaml go one way (`rea: [réanimation]`); Meilisearch needs each
 * listed word to find the key too, so the map is made symmetric.
 */
export function symmetricSynonyms(synonyms: Record<string, string[]>): Record<string, string[]> {
  const out = new Map<string, Set<string>>();
  const add = (a: string, b: string) => {
    if (a === b) return;
    const set = out.get(a) ?? new Set<string>();
    set.add(b);
    out.set(a, set);
  };
  for (const [key, words] of Object.entries(synonyms)) {
    for (const w of words) {
      add(key, w);
      add(w, key);
    }
  }
  return Object.fromEntries([...out].map(([k, v]) => [k, [...v].sort()]));
}

export function meiliSettings(settings: SearchSettings): MeiliSettings {
  const locales = [...new Set(settings.languages.map(meiliLocale).filter((l): l is string => l !== undefined))];
  return {
    searchableAttributes: [...SEARCHABLE_ATTRIBUTES],
    displayedAttributes: [...DISPLAYED_ATTRIBUTES],
    filterableAttributes: [...FILTERABLE_ATTRIBUTES],
    sortableAttributes: [...SORTABLE_ATTRIBUTES],
    // Meilisearch's defaults, with attribute ranking before exactness so a title match wins.
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
    synonyms: symmetricSynonyms(settings.synonyms),
    stopWords: [...stopWordsFor(settings.languages, settings.stopWords)].sort(),
    faceting: { maxValuesPerFacet: 200 },
    pagination: { maxTotalHits: 100_000 },
    localizedAttributes: locales.length > 0 ? [{ attributePatterns: ['*'], locales }] : null,
  };
}

/** Meilisearch ids allow only letters, digits, "-" and "_". */
export function meiliId(doc: Pick<SearchDocument, 'slug' | 'lang'>): string {
  return `${doc.slug}__${doc.lang.replace(/[^A-Za-z0-9-]/g, '-')}`;
}

export type MeiliDocument = Omit<SearchDocument, 'id'> & { id: string };

export function meiliDocument(doc: SearchDocument): MeiliDocument {
  return { ...doc, id: meiliId(doc) };
}

/**
 * A filter value as a Meilisearch string literal. Inside double quotes only `"`
 * and `\` are special; escaping both means no user value can end the literal
 * and add an operator of its own.
 */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `attribute = "value"` for an attribute from the allow-list only. */
export function equals(attribute: (typeof FILTERABLE_ATTRIBUTES)[number], value: string): string {
  if (!(FILTERABLE_ATTRIBUTES as readonly string[]).includes(attribute)) throw new Error(`not a filterable attribute: ${attribute}`);
  return `${attribute} = ${quoteFilterValue(value)}`;
}

/**
 * The filter of a query, as Meilisearch's array form: the outer array is AND,
 * an inner array is OR (facet values). `except` leaves one facet out, for its
 * disjunctive counts.
 */
export function buildFilter(query: Pick<SearchQuery, 'lang' | 'filters'>, except?: Facet): (string | string[])[] {
  const clauses: (string | string[])[] = [equals('lang', query.lang)];
  for (const facet of FACETS) {
    if (facet === except) continue;
    const values = query.filters[facet];
    if (values && values.length > 0) clauses.push(values.map((v) => equals(facet, v)));
  }
  return clauses;
}

export function meiliSort(query: Pick<SearchQuery, 'sort'>): string[] | undefined {
  if (query.sort === 'updated') return ['updatedDays:desc'];
  if (query.sort === 'title') return ['title:asc'];
  return undefined;
}

export interface MeiliSearchRequest {
  indexUid: string;
  q: string;
  filter: (string | string[])[];
  facets: string[];
  page: number;
  hitsPerPage: number;
  sort?: string[];
  attributesToHighlight?: string[];
  highlightPreTag?: string;
  highlightPostTag?: string;
  attributesToCrop?: string[];
  cropLength?: number;
  cropMarker?: string;
  matchingStrategy?: 'last' | 'all' | 'frequency';
  locales?: string[];
}

/**
 * The main request, plus one count-only request per facet that has a selection,
 * so each facet's counts ignore its own selection (OR within a facet), as the
 * embedded engine does. Sent together as one multi-search.
 */
export function buildSearchRequests(indexUid: string, query: SearchQuery): MeiliSearchRequest[] {
  const locale = meiliLocale(query.lang);
  const common = { indexUid, q: query.q, matchingStrategy: 'last' as const, ...(locale ? { locales: [locale] } : {}) };
  const main: MeiliSearchRequest = {
    ...common,
    filter: buildFilter(query),
    facets: [...FACETS],
    page: query.page,
    hitsPerPage: query.hitsPerPage,
    attributesToHighlight: ['title', 'description'],
    highlightPreTag: MARK_START,
    highlightPostTag: MARK_END,
    attributesToCrop: ['description'],
    cropLength: 30,
    cropMarker: '…',
  };
  const sort = meiliSort(query);
  if (sort) main.sort = sort;
  const disjunctive = FACETS.filter((f) => (query.filters[f]?.length ?? 0) > 0).map((facet) => ({
    ...common,
    filter: buildFilter(query, facet),
    facets: [facet],
    page: 1,
    hitsPerPage: 0,
  }));
  return [main, ...disjunctive];
}

/** A hit as Meilisearch returns it: the displayed attributes, and _formatted with our markers, unescaped. */
type MeiliHit = Omit<SearchHit, '_formatted'> & { _formatted?: Partial<SearchHit['_formatted']> };

export interface MeiliSearchResult {
  hits: MeiliHit[];
  facetDistribution?: Record<string, Record<string, number>>;
  totalHits?: number;
  totalPages?: number;
  page?: number;
  hitsPerPage?: number;
  processingTimeMs: number;
}

/** Meilisearch answers → the portal's search answer, identical in shape to the embedded engine's. */
export function mapSearchResults(query: SearchQuery, results: MeiliSearchResult[]): SearchResponse {
  const [main, ...facetResults] = results;
  if (!main) throw new Error('Meilisearch returned no result for the main query');
  const distribution = emptyDistribution();
  for (const facet of FACETS) Object.assign(distribution[facet], main.facetDistribution?.[facet] ?? {});
  const active = FACETS.filter((f) => (query.filters[f]?.length ?? 0) > 0);
  active.forEach((facet, i) => {
    distribution[facet] = { ...(facetResults[i]?.facetDistribution?.[facet] ?? {}) };
  });
  const hits: SearchHit[] = main.hits.map((h) => {
    const hit = hitFields(h);
    return {
      ...hit,
      // Meilisearch does not escape HTML in _formatted: markers are turned into <mark> only after escaping.
      _formatted: { title: markersToHtml(h._formatted?.title ?? h.title), description: markersToHtml(h._formatted?.description ?? hit.description) },
    };
  });
  const totalHits = main.totalHits ?? hits.length;
  return {
    query: query.q,
    hits,
    facetDistribution: distribution,
    totalHits,
    page: main.page ?? query.page,
    hitsPerPage: main.hitsPerPage ?? query.hitsPerPage,
    totalPages: main.totalPages ?? Math.ceil(totalHits / query.hitsPerPage),
    processingTimeMs: results.reduce((max, r) => Math.max(max, r.processingTimeMs), 0),
    backend: 'meilisearch',
  };
}

/** A Meilisearch error → a sentence a deployer can act on. */
export function explainMeiliError(code: string | undefined, message: string, url: string): string {
  switch (code) {
    case 'missing_authorization_header':
      return `Meilisearch at ${url} needs a key: set MEILI_API_KEY.`;
    case 'invalid_api_key':
      return `MEILI_API_KEY is not a valid key for Meilisearch at ${url}.`;
    case 'missing_master_key':
      return `Meilisearch at ${url} has no master key, so keys cannot be checked; start it with MEILI_MASTER_KEY.`;
    case 'index_not_found':
      return `The search index does not exist yet on ${url}: run "npm run index".`;
    default:
      if (code?.startsWith('invalid_api_key') || /not allowed|forbidden|rights/i.test(message))
        return `MEILI_API_KEY lacks the rights this operation needs on ${url} (indexing needs an admin key with documents.add, indexes.create, indexes.swap, settings.update and tasks.get): ${message}`;
      return `Meilisearch at ${url} answered: ${message}${code ? ` (${code})` : ''}`;
  }
}
