/**
 * Text normalisation shared by indexing and querying, so both sides agree:
 * lower case, accents removed (œ → oe), French elisions dropped (l'hôpital → hopital).
 */

const ELISION = /^(?:l|d|qu|j|n|s|c|m|t|jusqu|lorsqu|puisqu|quoiqu)['’]/;

export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
}

/** Split on anything that is not a letter or digit (keeping apostrophes for elisions), then normalise. */
export function tokenize(text: string): string[] {
  return text.split(/[^\p{L}\p{N}'’]+/u).filter(Boolean);
}

/** One term as indexed and queried; null drops it. */
export function normalizeTerm(term: string, stopWords: ReadonlySet<string>): string | null {
  const folded = fold(term).replace(ELISION, '').replace(/['’]/g, '');
  if (folded === '' || stopWords.has(folded)) return null;
  return folded;
}

/** Column names are identifiers: "lits_reanimation", "nbLits" → "lits reanimation", "nb lits". */
export function identifierWords(name: string): string {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim();
}

/**
 * Words too common to help ranking, per language. Kept short on purpose: a stop
 * word is never searchable, so only grammar words belong here (not "santé").
 * Estonian has no articles: its list is conjunctions, the copula and demonstratives, plus the
 * postpositions "kohta" (about, per) and "järgi" (by) that fill titles such as "Haiglaravi
 * maakondade järgi" without narrowing anything. Estonian letters õ ä ö ü š ž need nothing here:
 * fold() strips their marks (NFD), so "Parnumaa" finds "Pärnumaa" and "Tooandja" "Tööandja".
 */
export const DEFAULT_STOP_WORDS: Record<string, string[]> = {
  fr: ['le', 'la', 'les', 'un', 'une', 'des', 'de', 'du', 'et', 'ou', 'a', 'au', 'aux', 'en', 'par', 'pour', 'sur', 'dans', 'avec'],
  en: ['the', 'a', 'an', 'of', 'and', 'or', 'in', 'on', 'for', 'by', 'with', 'to'],
  et: ['ja', 'ning', 'ka', 'ehk', 'või', 'ega', 'aga', 'kuid', 'et', 'kui', 'nagu', 'see', 'need', 'selle', 'on', 'oli', 'ei', 'ole', 'kohta', 'järgi'],
};

export function stopWordsFor(languages: readonly string[], extra: readonly string[] = []): Set<string> {
  const words = new Set<string>();
  for (const lang of languages) for (const w of DEFAULT_STOP_WORDS[lang.split('-')[0]!] ?? []) words.add(fold(w));
  for (const w of extra) words.add(fold(w));
  return words;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
