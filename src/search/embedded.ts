import MiniSearch, { type Options, type Query, type SearchResult } from 'minisearch';
import { FIELD_BOOST, HIT_DESCRIPTION_CHARS, hitFields, SEARCHED_FIELDS } from './fields.ts';
import { cropAround, markersToHtml, markTerms } from './highlight.ts';
import { normalizeTerm, stopWordsFor, tokenize, fold } from './text.ts';
import { emptyDistribution, FACETS, type Facet, type SearchBackend, type SearchDocument, type SearchHealth, type SearchQuery, type SearchResponse, type SearchSettings } from './types.ts';

/** What the embedded engine keeps of a document to answer without reading the content folder. */
type Stored = Pick<SearchDocument, 'slug' | 'lang' | 'url' | 'title' | 'description' | 'sector' | 'publisher' | 'license' | 'format' | 'tag' | 'frequency' | 'updated'>;

const SEARCHED = SEARCHED_FIELDS;
const STORED = ['slug', 'lang', 'url', 'title', 'description', 'sector', 'publisher', 'license', 'format', 'tag', 'frequency', 'updated'] as const;
const BOOST = FIELD_BOOST;
/** Stored descriptions are cut: hits show an excerpt, never the whole text. */
const STORED_DESCRIPTION = HIT_DESCRIPTION_CHARS;

export interface EmbeddedIndexFile {
  version: 2;
  settings: SearchSettings;
  /** One MiniSearch index per language: a search reads only its language's documents. */
  indexes: Record<string, unknown>;
}

function miniSearchOptions(settings: SearchSettings): Options<SearchDocument> {
  const stop = stopWordsFor(settings.languages, settings.stopWords);
  return {
    idField: 'id',
    fields: [...SEARCHED],
    storeFields: [...STORED],
    tokenize: (text) => tokenize(text),
    processTerm: (term) => normalizeTerm(term, stop),
    // Searched lists (tags) are read as text; stored lists (format, tag facets) stay lists.
    extractField: (doc, field) => {
      const value = (doc as unknown as Record<string, unknown>)[field];
      return (SEARCHED as readonly string[]).includes(field) && Array.isArray(value) ? value.join(' ') : (value as string);
    },
  };
}

/** Typo tolerance as users expect from search engines: none for short words, 1 from 5 letters, 2 from 9. */
function fuzziness(term: string): number | false {
  return term.length >= 9 ? 2 : term.length >= 5 ? 1 : false;
}

/**
 * Two swapped letters are one typo to a person ("vacicnation") but two edits to
 * Levenshtein distance, which MiniSearch uses: add each adjacent swap as an
 * exact alternative, so a swap costs what any other single typo costs.
 */
function transpositions(word: string): string[] {
  if (word.length < 5) return [];
  const out = new Set<string>();
  for (let i = 0; i < word.length - 1; i++) {
    if (word[i] === word[i + 1]) continue;
    out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  return [...out];
}

/**
 * The default search backend: MiniSearch in the server's memory, built at build
 * time into a JSON file that the server loads at start. No external server.
 */
export class EmbeddedSearch implements SearchBackend {
  readonly name = 'embedded' as const;
  private settings: SearchSettings;
  private indexes = new Map<string, MiniSearch<SearchDocument>>();
  private byLang = new Map<string, Stored[]>();
  private stop: Set<string>;

  constructor(settings: SearchSettings) {
    this.settings = settings;
    this.stop = stopWordsFor(settings.languages, settings.stopWords);
  }

  static fromFile(file: EmbeddedIndexFile): EmbeddedSearch {
    if (file.version !== 2) throw new Error('the search index was built by another version of the portal: run "npm run build" again');
    const engine = new EmbeddedSearch(file.settings);
    const options = miniSearchOptions(file.settings);
    for (const [lang, index] of Object.entries(file.indexes)) engine.indexes.set(lang, MiniSearch.loadJS(index as Parameters<typeof MiniSearch.loadJS>[0], options));
    engine.collectStored();
    return engine;
  }

  toFile(): EmbeddedIndexFile {
    return { version: 2, settings: this.settings, indexes: Object.fromEntries([...this.indexes].map(([lang, mini]) => [lang, mini.toJSON()])) };
  }

  async applySettings(settings: SearchSettings): Promise<void> {
    this.settings = settings;
    this.stop = stopWordsFor(settings.languages, settings.stopWords);
    this.indexes.clear();
    this.byLang.clear();
  }

  async replaceAll(documents: SearchDocument[], onProgress?: (done: number, total: number) => void): Promise<void> {
    const next = new Map<string, MiniSearch<SearchDocument>>();
    const options = miniSearchOptions(this.settings);
    // Each distinct word normalised once (10,000 datasets share most of their words): the same
    // terms, a third of the index's time. Only while indexing: queries are not remembered.
    const normalise = options.processTerm!;
    let terms: Map<string, ReturnType<typeof normalise>> | undefined = new Map();
    options.processTerm = (term, field) => {
      if (!terms) return normalise(term, field);
      let t = terms.get(term);
      if (t === undefined && !terms.has(term)) terms.set(term, (t = normalise(term, field)));
      return t;
    };
    documents.forEach((d, i) => {
      let mini = next.get(d.lang);
      if (!mini) next.set(d.lang, (mini = new MiniSearch(options)));
      mini.add({ ...d, description: d.description.slice(0, STORED_DESCRIPTION * 4) });
      if ((i + 1) % 5000 === 0 || i + 1 === documents.length) onProgress?.(i + 1, documents.length);
    });
    terms = undefined;
    // Swap only when complete: searches running meanwhile use the old indexes.
    this.indexes = next;
    this.collectStored();
  }

  async upsert(documents: SearchDocument[]): Promise<void> {
    for (const d of documents) {
      let mini = this.indexes.get(d.lang);
      if (!mini) this.indexes.set(d.lang, (mini = new MiniSearch(miniSearchOptions(this.settings))));
      // Discarded, not removed: removing needs the document as it was indexed, which a loaded index does not keep.
      if (mini.has(d.id)) mini.discard(d.id);
      mini.add({ ...d, description: d.description.slice(0, STORED_DESCRIPTION * 4) });
    }
    this.collectStored();
  }

  private collectStored() {
    this.byLang.clear();
    // A wildcard search returns every document with its stored fields.
    for (const [lang, mini] of this.indexes) this.byLang.set(lang, mini.search(MiniSearch.wildcard) as unknown as Stored[]);
  }

  private expand(q: string): Query {
    const words = tokenize(q).filter((w) => normalizeTerm(w, this.stop) !== null);
    const synonyms = this.settings.synonyms;
    const lookup = new Map(Object.entries(synonyms).map(([k, v]) => [fold(k), v]));
    return {
      combineWith: 'AND',
      queries: words.map((word, i) => {
        const synonyms = lookup.get(fold(word)) ?? [];
        const last = i === words.length - 1;
        // Search as you type: only the word being typed is a prefix.
        const term: Query = { queries: [word], prefix: last, fuzzy: fuzziness(word) };
        const swaps = transpositions(word).map((w): Query => ({ queries: [w], prefix: last, fuzzy: false }));
        const alternatives = [...swaps, ...synonyms.map((a): Query => ({ queries: [a], combineWith: 'AND' }))];
        return alternatives.length === 0 ? term : { combineWith: 'OR', queries: [term, ...alternatives] };
      }),
    };
  }

  async search(query: SearchQuery): Promise<SearchResponse> {
    const started = performance.now();
    const lang = this.indexes.has(query.lang) ? query.lang : this.settings.defaultLanguage;
    const mini = this.indexes.get(lang);
    const scored = new Map<string, SearchResult>();
    let candidates: Stored[];
    const hasWords = tokenize(query.q).some((w) => normalizeTerm(w, this.stop) !== null);
    if (hasWords && mini) {
      const options = { boost: BOOST, maxFuzzy: 2, weights: { fuzzy: 0.35, prefix: 0.6 } };
      let results = mini.search(this.expand(query.q), options);
      // Like Meilisearch's "last" matching strategy: when no dataset has every word, drop the AND.
      if (results.length === 0) results = mini.search(query.q, { ...options, combineWith: 'OR', prefix: (_t, i, terms) => i === terms.length - 1, fuzzy: fuzziness });
      for (const r of results) scored.set(r.slug as string, r);
      candidates = results as unknown as Stored[];
    } else {
      candidates = this.byLang.get(lang) ?? [];
    }

    const filters = query.filters;
    const active = FACETS.filter((f) => (filters[f]?.length ?? 0) > 0);
    const matches = (doc: Stored, facet: Facet) => {
      const wanted = filters[facet];
      if (!wanted || wanted.length === 0) return true;
      const value = doc[facet];
      return Array.isArray(value) ? value.some((v) => wanted.includes(v)) : wanted.includes(value);
    };
    // Facet counts are disjunctive: a facet's counts ignore its own selection (OR within a facet).
    const distribution = emptyDistribution();
    const kept: Stored[] = [];
    for (const doc of candidates) {
      const failing = active.filter((f) => !matches(doc, f));
      if (failing.length === 0) kept.push(doc);
      for (const facet of FACETS) {
        if (failing.length > 1 || (failing.length === 1 && failing[0] !== facet)) continue;
        const counts = distribution[facet];
        const value = doc[facet];
        for (const v of Array.isArray(value) ? value : [value]) counts[v] = (counts[v] ?? 0) + 1;
      }
    }

    const collator = this.collator(lang);
    const byUpdated = (a: Stored, b: Stored) => (a.updated === b.updated ? a.slug.localeCompare(b.slug) : a.updated < b.updated ? 1 : -1);
    if (query.sort === 'updated' || (query.sort === 'relevance' && !hasWords)) kept.sort(byUpdated);
    else if (query.sort === 'title') kept.sort((a, b) => collator.compare(a.title, b.title) || a.slug.localeCompare(b.slug));
    else kept.sort((a, b) => scored.get(b.slug)!.score - scored.get(a.slug)!.score || byUpdated(a, b));

    const totalHits = kept.length;
    const totalPages = Math.ceil(totalHits / query.hitsPerPage);
    const pageDocs = kept.slice((query.page - 1) * query.hitsPerPage, query.page * query.hitsPerPage);
    const normalize = (w: string) => normalizeTerm(w, this.stop);
    const hits = pageDocs.map((doc) => {
      const result = scored.get(doc.slug);
      const terms = new Set(result?.terms ?? []);
      const hit = hitFields(doc);
      return {
        ...hit,
        _formatted: {
          title: markersToHtml(markTerms(doc.title, terms, normalize)),
          description: markersToHtml(cropAround(markTerms(hit.description, terms, normalize))),
        },
      };
    });
    return {
      query: query.q,
      hits,
      facetDistribution: distribution,
      totalHits,
      page: query.page,
      hitsPerPage: query.hitsPerPage,
      totalPages,
      processingTimeMs: Math.round(performance.now() - started),
      backend: 'embedded',
    };
  }

  private collators = new Map<string, Intl.Collator>();
  private collator(lang: string): Intl.Collator {
    let c = this.collators.get(lang);
    if (!c) this.collators.set(lang, (c = new Intl.Collator(lang)));
    return c;
  }

  async health(): Promise<SearchHealth> {
    return { ok: true, backend: 'embedded', documents: [...this.indexes.values()].reduce((n, m) => n + m.documentCount, 0) };
  }
}
