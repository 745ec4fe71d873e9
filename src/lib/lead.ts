// What a dataset page says first: one sentence of what the data is, taken from the description,
// and the description split so its first paragraph shows and the rest (method, caveats) folds.
import { markdownToText } from './markdown.ts';

/** The first sentence of a Markdown text, as plain text; cut at a word past `max` characters. */
export function firstSentence(markdown: string, max = 240): string {
  const text = markdownToText(firstBlock(markdown).first).replace(/\s+/g, ' ').trim();
  // A sentence ends at . ! ? (or …) followed by a space and a capital, a digit or a quote mark.
  const end = /[.!?…](?=\s+["«“(]?[\p{Lu}\d])/u.exec(text);
  const sentence = end ? text.slice(0, end.index + 1) : text;
  if (sentence.length <= max) return sentence;
  const cut = sentence.lastIndexOf(' ', max);
  return `${sentence.slice(0, cut > 0 ? cut : max).replace(/[\s,;:]+$/, '')}…`;
}

/** The first paragraph of a Markdown text, and the rest ('' when there is none). */
export function firstBlock(markdown: string): { first: string; rest: string } {
  const text = markdown.trim();
  const m = /\n[ \t]*\n/.exec(text);
  return m ? { first: text.slice(0, m.index), rest: text.slice(m.index).trim() } : { first: text, rest: '' };
}

/**
 * The date of the latest data: the end of the period dataset.yaml declares (the publisher's
 * word), else the latest date or datetime in the first file that has dates (column statistics
 * of the preview pass). Undefined when neither is known: the page then shows only the date of
 * the last update, which says when the metadata changed, not how recent the figures are.
 */
export function latestDataDate(stats: readonly { type: string; max?: number | string }[][], temporalEnd?: string): string | undefined {
  if (temporalEnd) return temporalEnd;
  for (const columns of stats) {
    let latest: string | undefined;
    for (const c of columns) {
      if ((c.type === 'date' || c.type === 'datetime') && typeof c.max === 'string') {
        const day = c.max.slice(0, 10);
        if (!latest || day > latest) latest = day;
      }
    }
    if (latest) return latest;
  }
  return undefined;
}
