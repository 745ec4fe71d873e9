import { FACETS, SORTS, type Facet, type SearchQuery, type Sort } from './types.ts';

export const LIMITS = { qLength: 200, valueLength: 100, valuesPerFacet: 20, maxPage: 1000, maxHitsPerPage: 100, defaultHitsPerPage: 20 } as const;

export interface QueryProblem {
  field: string;
  message: string;
}

const KNOWN = new Set<string>(['q', 'sort', 'page', 'hitsPerPage', 'lang', ...FACETS]);

function integer(raw: string | null, field: string, min: number, max: number, fallback: number, problems: QueryProblem[]): number {
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    problems.push({ field, message: `must be a whole number from ${min} to ${max}` });
    return fallback;
  }
  const n = Number(raw);
  if (n < min || n > max) problems.push({ field, message: `must be from ${min} to ${max}` });
  return Math.min(Math.max(n, min), max);
}

/**
 * Read and check the parameters of GET /api/search (and of the catalog page).
 * Unknown parameters, over-long values, bad numbers and unknown sorts or
 * languages are problems (a 400), never silently something else.
 */
export function parseSearchParams(params: URLSearchParams, languages: readonly string[], options: { strict?: boolean } = {}): { query: SearchQuery; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  const strict = options.strict ?? true;
  if (strict) {
    for (const key of new Set(params.keys())) {
      if (!KNOWN.has(key) && !key.startsWith('_')) problems.push({ field: key, message: `is not a search parameter (known: ${[...KNOWN].join(', ')})` });
    }
  }
  const q = (params.get('q') ?? '').trim();
  if (q.length > LIMITS.qLength) problems.push({ field: 'q', message: `must be at most ${LIMITS.qLength} characters` });
  const sortRaw = params.get('sort') || 'relevance';
  const sort: Sort = (SORTS as readonly string[]).includes(sortRaw) ? (sortRaw as Sort) : 'relevance';
  if (sort !== sortRaw) problems.push({ field: 'sort', message: `must be one of ${SORTS.join(', ')}` });
  const langRaw = params.get('lang') || languages[0]!;
  const lang = languages.includes(langRaw) ? langRaw : languages[0]!;
  if (lang !== langRaw) problems.push({ field: 'lang', message: `must be one of the portal's languages: ${languages.join(', ')}` });
  const filters: Partial<Record<Facet, string[]>> = {};
  for (const facet of FACETS) {
    const values = [
      ...new Set(
        params
          .getAll(facet)
          .map((v) => v.trim())
          .filter(Boolean),
      ),
    ];
    if (values.length === 0) continue;
    if (values.length > LIMITS.valuesPerFacet) problems.push({ field: facet, message: `at most ${LIMITS.valuesPerFacet} values` });
    if (values.some((v) => v.length > LIMITS.valueLength)) problems.push({ field: facet, message: `values must be at most ${LIMITS.valueLength} characters` });
    filters[facet] = values.slice(0, LIMITS.valuesPerFacet).map((v) => v.slice(0, LIMITS.valueLength));
  }
  const page = integer(params.get('page'), 'page', 1, LIMITS.maxPage, 1, problems);
  const hitsPerPage = integer(params.get('hitsPerPage'), 'hitsPerPage', 1, LIMITS.maxHitsPerPage, LIMITS.defaultHitsPerPage, problems);
  return { query: { q: q.slice(0, LIMITS.qLength), lang, filters, sort, page, hitsPerPage }, problems };
}

/** The query string of a search, for links (pagination, facet toggles) and shareable URLs. */
export function searchParamsOf(query: Partial<SearchQuery>, defaultLanguage?: string): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const facet of FACETS) for (const v of query.filters?.[facet] ?? []) params.append(facet, v);
  if (query.sort && query.sort !== 'relevance') params.set('sort', query.sort);
  if (query.page && query.page > 1) params.set('page', String(query.page));
  if (query.hitsPerPage && query.hitsPerPage !== LIMITS.defaultHitsPerPage) params.set('hitsPerPage', String(query.hitsPerPage));
  if (query.lang && defaultLanguage && query.lang !== defaultLanguage) params.set('lang', query.lang);
  return params;
}
