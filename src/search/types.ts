/**
 * The search contract shared by every backend (embedded MiniSearch, Meilisearch):
 * the same documents in, the same answer out, as documented in docs/search.md.
 */

/** Facets a search can be filtered and counted on, in the order they are shown. */
export const FACETS = ['sector', 'publisher', 'license', 'format', 'tag', 'frequency'] as const;
export type Facet = (typeof FACETS)[number];

export const SORTS = ['relevance', 'updated', 'title'] as const;
export type Sort = (typeof SORTS)[number];

/** One document per dataset and language. */
export interface SearchDocument {
  /** `<slug>:<lang>`, unique in the index. */
  id: string;
  slug: string;
  lang: string;
  url: string;
  title: string;
  /** Plain text, whole. */
  description: string;
  tags: string[];
  /** Names, titles and descriptions of the columns, as words ("lits_reanimation" → "lits reanimation"). */
  columns: string;
  sector: string;
  /** Publisher id (the facet value) and display name (searched). */
  publisher: string;
  publisherName: string;
  license: string;
  format: string[];
  tag: string[];
  frequency: string;
  updated: string;
  /** Numeric sort key of `updated` (days since 1970), for engines that sort numbers faster. */
  updatedDays: number;
  coverage: string;
  /** Titles and tags in the portal's other languages: a query in another language still finds the dataset. */
  other: string;
}

export interface SearchQuery {
  q: string;
  lang: string;
  filters: Partial<Record<Facet, string[]>>;
  sort: Sort;
  page: number;
  hitsPerPage: number;
}

export interface SearchHit {
  slug: string;
  url: string;
  title: string;
  description: string;
  sector: string;
  publisher: string;
  updated: string;
  /** Title and description with matches wrapped in <mark>, HTML-escaped otherwise. */
  _formatted: { title: string; description: string };
}

export interface SearchResponse {
  query: string;
  hits: SearchHit[];
  facetDistribution: Record<Facet, Record<string, number>>;
  totalHits: number;
  page: number;
  hitsPerPage: number;
  totalPages: number;
  processingTimeMs: number;
  backend: 'embedded' | 'meilisearch';
}

/** Ranking and language settings, from portal.yaml and the portal's languages. */
export interface SearchSettings {
  languages: string[];
  defaultLanguage: string;
  synonyms: Record<string, string[]>;
  stopWords: string[];
}

export interface SearchHealth {
  ok: boolean;
  backend: 'embedded' | 'meilisearch';
  documents?: number;
  message?: string;
}

/** One interface per replaceable part: the portal never talks to an engine directly. */
export interface SearchBackend {
  readonly name: 'embedded' | 'meilisearch';
  applySettings(settings: SearchSettings): Promise<void>;
  /** Replace every document at once; readers see the old index until the new one is complete. */
  replaceAll(documents: SearchDocument[], onProgress?: (done: number, total: number) => void): Promise<void>;
  /** Add these documents, each replacing the one with the same id if any (a dataset just published). */
  upsert(documents: SearchDocument[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResponse>;
  health(): Promise<SearchHealth>;
}

export function emptyDistribution(): Record<Facet, Record<string, number>> {
  return { sector: {}, publisher: {}, license: {}, format: {}, tag: {}, frequency: {} };
}
