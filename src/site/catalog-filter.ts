import type { RuntimeDataset } from './runtime-catalog-types.ts';

export interface CatalogQuery {
  q: string;
  sectors: string[];
  publishers: string[];
  page: number;
  hitsPerPage: number;
}

export interface CatalogPage {
  hits: RuntimeDataset[];
  total: number;
  page: number;
  pages: number;
  sectorCounts: Map<string, number>;
  publisherCounts: Map<string, number>;
}

/** Lower-case, accents removed, so "reanimation" matches "réanimation". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

const MAX_Q = 200;

/** Read the catalog's query string; unknown values are dropped, numbers bounded. */
export function parseCatalogQuery(params: URLSearchParams, known: { sectors: string[]; publishers: string[] }): CatalogQuery {
  const pick = (name: string, allowed: string[]) => [...new Set(params.getAll(name).filter((v) => allowed.includes(v)))];
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    q: (params.get('q') ?? '').trim().slice(0, MAX_Q),
    sectors: pick('sector', known.sectors),
    publishers: pick('publisher', known.publishers),
    page: Number.isFinite(page) && page >= 1 ? Math.min(page, 10_000) : 1,
    hitsPerPage: 20,
  };
}

/**
 * Filter the catalog by sector and publisher (OR within one, AND across them)
 * and by words of `q`, all of which must appear in the title, summary or tags.
 * This is the no-JavaScript catalog; ranked, typo-tolerant search is the search backend's job.
 */
export function filterCatalog(datasets: readonly RuntimeDataset[], query: CatalogQuery, lang: string): CatalogPage {
  const words = fold(query.q).split(/\s+/).filter(Boolean);
  const textOf = (d: RuntimeDataset) =>
    fold([typeof d.title === 'string' ? d.title : Object.values(d.title).join(' '), d.summary[lang] ?? '', d.tags.join(' ')].join(' '));
  const byText = words.length ? datasets.filter((d) => words.every((w) => textOf(d).includes(w))) : [...datasets];
  const inSector = (d: RuntimeDataset) => query.sectors.length === 0 || query.sectors.includes(d.sector);
  const inPublisher = (d: RuntimeDataset) => query.publishers.length === 0 || query.publishers.includes(d.publisher);
  // Facet counts ignore their own facet's selection, so ticking one sector still shows the others' counts.
  const sectorCounts = new Map<string, number>();
  const publisherCounts = new Map<string, number>();
  for (const d of byText) {
    if (inPublisher(d)) sectorCounts.set(d.sector, (sectorCounts.get(d.sector) ?? 0) + 1);
    if (inSector(d)) publisherCounts.set(d.publisher, (publisherCounts.get(d.publisher) ?? 0) + 1);
  }
  const matched = byText
    .filter((d) => inSector(d) && inPublisher(d))
    .sort((a, b) => (a.updated === b.updated ? a.slug.localeCompare(b.slug) : a.updated < b.updated ? 1 : -1));
  const pages = Math.max(1, Math.ceil(matched.length / query.hitsPerPage));
  const page = Math.min(query.page, pages);
  return {
    hits: matched.slice((page - 1) * query.hitsPerPage, page * query.hitsPerPage),
    total: matched.length,
    page,
    pages,
    sectorCounts,
    publisherCounts,
  };
}
