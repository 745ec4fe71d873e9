// What both search engines agree on: which document fields are searched, in which order of
// importance, and how long a hit's description may be. The embedded engine turns the order into
// boosts, Meilisearch into its searchableAttributes; a change here changes both.

/** Searched fields, most important first: title > tags > column names > description > publisher (docs/search.md). */
export const SEARCHED_FIELDS = ['title', 'tags', 'columns', 'description', 'publisherName', 'coverage', 'other'] as const;
export type SearchedField = (typeof SEARCHED_FIELDS)[number];

/** Relative weights of the searched fields for engines that score by boost (the same order as above). */
export const FIELD_BOOST: Record<SearchedField, number> = { title: 6, tags: 4, columns: 2.5, description: 1, publisherName: 0.8, coverage: 0.8, other: 0.6 };

/** A hit shows an excerpt of the description, never the whole text. */
export const HIT_DESCRIPTION_CHARS = 600;

/** The description as a hit shows it: cut at a word boundary with an ellipsis when longer than the limit. */
export function hitDescription(description: string): string {
  return description.length > HIT_DESCRIPTION_CHARS ? `${description.slice(0, HIT_DESCRIPTION_CHARS).replace(/\s+\S*$/, '')}…` : description;
}

/** The fields of a hit both engines return as they are; `_formatted` is each engine's own. */
export function hitFields<T extends { slug: string; url: string; title: string; description: string; sector: string; publisher: string; updated: string }>(doc: T) {
  return { slug: doc.slug, url: doc.url, title: doc.title, description: hitDescription(doc.description), sector: doc.sector, publisher: doc.publisher, updated: doc.updated };
}
