// The legend of a choropleth: one entry per quantile class with its real breaks ("≤ 97",
// "97 – 160", …, the last ending at the maximum), then "no value". The same words on the server
// (the build's legend) and in the page when a date control changes the day.
import { colourOf, NO_VALUE } from './classes.ts';

/** Each class's colour and words, lowest first. */
export function legendEntries(breaks: readonly number[], format: (v: number) => string): { colour: string; words: string }[] {
  return breaks.map((to, k) => ({ colour: colourOf(to, breaks), words: k === 0 ? `≤ ${format(to)}` : `${format(breaks[k - 1]!)} – ${format(to)}` }));
}

/** Rewrites a legend list in the page for other breaks (DOM and CSSOM, no markup strings: CSP-safe). */
export function redrawLegend(list: Element, breaks: readonly number[], format: (v: number) => string, noValue: string): void {
  const item = (colour: string, words: string) => {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = colour;
    li.append(swatch, words);
    return li;
  };
  const none = item(NO_VALUE, noValue);
  none.setAttribute('data-none', '');
  list.replaceChildren(...legendEntries(breaks, format).map((e) => item(e.colour, e.words)), none);
}
