import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import type { Facet, SearchQuery, SearchResponse } from '../../search/types.ts';

/**
 * The catalog's search, rendered on the server (so it works with JavaScript off:
 * every control is a form field or a link) and enhanced in the browser: results
 * follow typing (debounced, stale requests cancelled), facets apply at once, the
 * URL stays shareable, and the result count is announced to screen readers.
 */

export type FacetLabels = Record<Facet, Record<string, string>>;

export interface CatalogStrings {
  searchLabel: string;
  searchButton: string;
  sortLabel: string;
  sortRelevance: string;
  sortUpdated: string;
  sortTitle: string;
  apply: string;
  clear: string;
  facetTitles: Record<Facet, string>;
  resultsOne: string;
  resultsOther: string;
  emptyTitle: string;
  emptyHint: string;
  emptyHintFilters: string;
  removeFilter: string;
  activeFilters: string;
  updated: string;
  previous: string;
  next: string;
  pageOf: string;
  pagination: string;
  loading: string;
  error: string;
  moreTags: string;
  /** Summary of the filters disclosure, with and without active filters: "Filtres ({count})", "Filtres". */
  filtersCount: string;
  filtersNone: string;
}

export interface CatalogSearchProps {
  lang: string;
  apiUrl: string;
  pageUrl: string;
  initialQuery: SearchQuery;
  initialResult: SearchResponse;
  facetOrder: Facet[];
  labels: FacetLabels;
  strings: CatalogStrings;
}

const DEBOUNCE_MS = 250;
const TAGS_SHOWN = 12;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

export function queryString(query: SearchQuery, facets: readonly Facet[]): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const f of facets) for (const v of query.filters[f] ?? []) params.append(f, v);
  if (query.sort !== 'relevance') params.set('sort', query.sort);
  if (query.page > 1) params.set('page', String(query.page));
  return params.toString();
}

function toggled(query: SearchQuery, facet: Facet, value: string): SearchQuery {
  const current = query.filters[facet] ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...query, page: 1, filters: { ...query.filters, [facet]: next } };
}

export default function CatalogSearch(props: CatalogSearchProps) {
  const { lang, apiUrl, pageUrl, facetOrder, labels, strings } = props;
  const [query, setQuery] = useState<SearchQuery>(props.initialQuery);
  const [result, setResult] = useState<SearchResponse>(props.initialResult);
  const [status, setStatus] = useState<'idle' | 'loading' | 'error'>('idle');
  const [announcement, setAnnouncement] = useState('');
  const controller = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const first = useRef(true);
  // Without JavaScript, checkboxes need the apply button; once hydrated they apply at once.
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);

  const number = useMemo(() => new Intl.NumberFormat(lang), [lang]);
  const plural = useMemo(() => new Intl.PluralRules(lang), [lang]);
  const dates = useMemo(() => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }), [lang]);
  const countText = (n: number) => fill(plural.select(n) === 'one' ? strings.resultsOne : strings.resultsOther, { count: number.format(n) });
  const href = (q: SearchQuery) => {
    const qs = queryString(q, facetOrder);
    return qs ? `${pageUrl}?${qs}` : pageUrl;
  };

  const run = useCallback(
    async (next: SearchQuery, history: 'push' | 'replace' | 'none') => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      setStatus('loading');
      const qs = queryString(next, facetOrder);
      try {
        const res = await fetch(`${apiUrl}?${qs}${qs ? '&' : ''}lang=${encodeURIComponent(lang)}&hitsPerPage=${next.hitsPerPage}`, { signal: abort.signal, headers: { Accept: 'application/json' } });
        if (!res.ok) throw new Error(String(res.status));
        const data = (await res.json()) as SearchResponse;
        if (abort.signal.aborted) return;
        setResult(data);
        setStatus('idle');
        setAnnouncement(countText(data.totalHits));
        const url = qs ? `${pageUrl}?${qs}` : pageUrl;
        if (history === 'push') window.history.pushState(next, '', url);
        else if (history === 'replace') window.history.replaceState(next, '', url);
      } catch (e) {
        if ((e as Error).name === 'AbortError') return;
        setStatus('error');
        setAnnouncement(strings.error);
      }
    },
    [apiUrl, lang, pageUrl],
  );

  const update = (next: SearchQuery, mode: 'now' | 'typing') => {
    setQuery(next);
    if (timer.current) clearTimeout(timer.current);
    if (mode === 'typing') timer.current = setTimeout(() => void run(next, 'replace'), DEBOUNCE_MS);
    else void run(next, 'push');
  };

  useEffect(() => {
    if (first.current) {
      first.current = false;
      window.history.replaceState(props.initialQuery, '', window.location.href);
    }
    const onPop = (e: PopStateEvent) => {
      const state = e.state as SearchQuery | null;
      if (state) {
        setQuery(state);
        void run(state, 'none');
      }
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [props.initialQuery, run]);

  const follow = (next: SearchQuery) => (e: MouseEvent) => {
    e.preventDefault();
    update(next, 'now');
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    update({ ...query, page: 1 }, 'now');
  };

  const active = facetOrder.flatMap((f) => (query.filters[f] ?? []).map((v) => ({ facet: f, value: v })));
  const cleared: SearchQuery = { ...query, filters: {}, page: 1 };
  const label = (f: Facet, v: string) => labels[f][v] ?? v;

  return (
    <div className="catalog" aria-busy={status === 'loading'}>
      <form id="catalog-form" className="catalog-bar" method="get" action={pageUrl} role="search" onSubmit={onSubmit}>
        <div className="search-field">
          <label htmlFor="catalog-q">{strings.searchLabel}</label>
          <span className="search-form">
            <input type="search" id="catalog-q" name="q" value={query.q} maxLength={200} autoComplete="off" onChange={(e) => update({ ...query, q: e.target.value, page: 1 }, 'typing')} />
            <button type="submit">{strings.searchButton}</button>
          </span>
        </div>
        <div className="sort-field">
          <label htmlFor="catalog-sort">{strings.sortLabel}</label>
          <select id="catalog-sort" name="sort" value={query.sort} onChange={(e) => update({ ...query, sort: e.target.value as SearchQuery['sort'], page: 1 }, 'now')}>
            <option value="relevance">{strings.sortRelevance}</option>
            <option value="updated">{strings.sortUpdated}</option>
            <option value="title">{strings.sortTitle}</option>
          </select>
        </div>
      </form>
      <div className="catalog-layout">
        {/* A disclosure, so that on a phone the results come first (and it works without
          JavaScript); on wide screens site.css keeps its content shown as a sidebar. */}
        <details className="filters">
          <summary>{active.length > 0 ? fill(strings.filtersCount, { count: number.format(active.length) }) : strings.filtersNone}</summary>
          {facetOrder.map((facet) => {
            const counts = result.facetDistribution[facet] ?? {};
            const selected = query.filters[facet] ?? [];
            const values = Object.keys(counts).filter((v) => counts[v]! > 0 || selected.includes(v));
            for (const v of selected) if (!values.includes(v)) values.push(v);
            values.sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || label(facet, a).localeCompare(label(facet, b), lang));
            if (values.length === 0) return null;
            // Many keywords: the most used (and the selected) first, every other one behind "more".
            const shown = facet === 'tag' ? values.filter((v, i) => i < TAGS_SHOWN || selected.includes(v)) : values;
            const more = facet === 'tag' ? values.filter((v) => !shown.includes(v)) : [];
            const option = (v: string) => {
              const id = `facet-${facet}-${v.replace(/[^\w-]/g, '_')}`;
              return (
                <div className="facet-option" key={v}>
                  <input type="checkbox" form="catalog-form" id={id} name={facet} value={v} checked={selected.includes(v)} onChange={() => update(toggled(query, facet, v), 'now')} />
                  <label htmlFor={id}>
                    {label(facet, v)} <span className="count">({number.format(counts[v] ?? 0)})</span>
                  </label>
                </div>
              );
            };
            return (
              <fieldset key={facet}>
                <legend>{strings.facetTitles[facet]}</legend>
                {shown.map(option)}
                {more.length > 0 && (
                  <details className="more-values">
                    <summary>{fill(strings.moreTags, { count: number.format(more.length) })}</summary>
                    {more.map(option)}
                  </details>
                )}
              </fieldset>
            );
          })}
          {!enhanced && (
            <p>
              <button type="submit" form="catalog-form">
                {strings.apply}
              </button>
            </p>
          )}
        </details>
        <section aria-labelledby="results-count">
          <h2 id="results-count">{countText(result.totalHits)}</h2>
          <p className="visually-hidden" aria-live="polite" aria-atomic="true">
            {announcement}
          </p>
          {status === 'error' && <p role="alert">{strings.error}</p>}
          {active.length > 0 && (
            <div className="chips">
              <h3 className="visually-hidden">{strings.activeFilters}</h3>
              <ul>
                {active.map(({ facet, value }) => {
                  const without = toggled(query, facet, value);
                  return (
                    <li key={`${facet}:${value}`}>
                      <a href={href(without)} onClick={follow(without)} aria-label={fill(strings.removeFilter, { filter: `${strings.facetTitles[facet]}: ${label(facet, value)}` })}>
                        {strings.facetTitles[facet]}: {label(facet, value)} <span aria-hidden="true">×</span>
                      </a>
                    </li>
                  );
                })}
                <li>
                  <a href={href(cleared)} onClick={follow(cleared)}>
                    {strings.clear}
                  </a>
                </li>
              </ul>
            </div>
          )}
          {result.totalHits === 0 ? (
            <div className="empty">
              <p>
                <strong>{strings.emptyTitle}</strong>
              </p>
              <p>{active.length > 0 ? strings.emptyHintFilters : strings.emptyHint}</p>
            </div>
          ) : (
            <ul className="dataset-list">
              {result.hits.map((hit) => (
                <li className="dataset-item" key={hit.slug}>
                  <h3>
                    <a href={hit.url} dangerouslySetInnerHTML={{ __html: hit._formatted.title }} />
                  </h3>
                  <p dangerouslySetInnerHTML={{ __html: hit._formatted.description }} />
                  <ul className="meta">
                    <li>
                      <span className="badge">{label('sector', hit.sector)}</span>
                    </li>
                    <li>{label('publisher', hit.publisher)}</li>
                    <li>
                      {strings.updated}
                      <time dateTime={hit.updated}>{dates.format(new Date(`${hit.updated}T00:00:00Z`))}</time>
                    </li>
                  </ul>
                </li>
              ))}
            </ul>
          )}
          {result.totalPages > 1 && (
            <nav className="pagination" aria-label={strings.pagination}>
              <ul>
                {result.page > 1 && (
                  <li>
                    <a href={href({ ...query, page: result.page - 1 })} rel="prev" onClick={follow({ ...query, page: result.page - 1 })}>
                      {strings.previous}
                    </a>
                  </li>
                )}
                <li aria-current="page">{fill(strings.pageOf, { page: number.format(result.page), pages: number.format(result.totalPages) })}</li>
                {result.page < result.totalPages && (
                  <li>
                    <a href={href({ ...query, page: result.page + 1 })} rel="next" onClick={follow({ ...query, page: result.page + 1 })}>
                      {strings.next}
                    </a>
                  </li>
                )}
              </ul>
            </nav>
          )}
        </section>
      </div>
    </div>
  );
}
