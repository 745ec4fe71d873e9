import { escapeHtml, fold } from './text.ts';

/** Private-use characters marking matches inside engine output, so it can be escaped before <mark> is added. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

/** Escape text whose matches are wrapped in MARK_START/MARK_END, then turn the markers into <mark>. */
export function markersToHtml(text: string): string {
  return escapeHtml(text).replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>');
}

/**
 * Wrap in markers the words of `text` whose normalised form is one of `terms`
 * (the index terms a search matched, already normalised).
 */
export function markTerms(text: string, terms: ReadonlySet<string>, normalize: (word: string) => string | null): string {
  if (terms.size === 0) return text;
  return text.replace(/[\p{L}\p{N}'’]+/gu, (word) => {
    const n = normalize(word);
    return n !== null && (terms.has(n) || terms.has(fold(word))) ? `${MARK_START}${word}${MARK_END}` : word;
  });
}

/** About `words` words of text around the first match, with … where cut. */
export function cropAround(text: string, words = 30): string {
  const tokens = text.split(/(\s+)/);
  const wordIndexes = tokens.map((t, i) => (/\S/.test(t) ? i : -1)).filter((i) => i >= 0);
  if (wordIndexes.length <= words) return text;
  const firstMatch = tokens.findIndex((t) => t.includes(MARK_START));
  const center = firstMatch < 0 ? 0 : wordIndexes.indexOf(firstMatch);
  const start = Math.max(0, Math.min(center - Math.floor(words / 3), wordIndexes.length - words));
  const from = wordIndexes[start]!;
  const to = wordIndexes[Math.min(start + words, wordIndexes.length) - 1]!;
  return `${start > 0 ? '…' : ''}${tokens.slice(from, to + 1).join('')}${start + words < wordIndexes.length ? '…' : ''}`;
}
