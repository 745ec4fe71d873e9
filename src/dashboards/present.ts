// Words and numbers of a dashboard in the page's language: values rounded to significant
// digits (or the indicator's decimals), changes with their direction and meaning, summaries.
import { fractionDigitsFor } from '../charts/numbers.ts';
import type { IndicatorConfig } from '../config/dashboard.ts';
import type { Translator } from '../i18n/index.ts';
import type { KeyFigure } from './key-figure.ts';
import type { Series } from './transforms.ts';

/**
 * Days in a territory page's tables (the newest ones; its charts and figures files have every
 * day). Two months show the recent trend; a page with every day of every indicator was most of a
 * dashboard's build cost (docs/dashboards.md, "Build").
 */
export const TERRITORY_TABLE_DAYS = 60;

// Formatted values per language and `decimals`: the same counts recur across days, territories
// and pages (a data table per chart on hundreds of territory pages), and Intl formatting is the
// largest per-page cost once everything else is shared. Bounded, so a long build cannot grow it.
const written = new Map<string, Map<number, string>>();
const MAX_WRITTEN = 20_000;

export function formatter(ind: Pick<IndicatorConfig, 'decimals'>, tr: Pick<Translator, 'number' | 'lang'>): (v: number) => string {
  const key = `${tr.lang}\u0000${ind.decimals ?? ''}`;
  let memo = written.get(key);
  if (!memo) written.set(key, (memo = new Map()));
  const cache = memo;
  return (v) => {
    let s = cache.get(v);
    if (s === undefined) {
      const digits = ind.decimals ?? fractionDigitsFor(v);
      s = tr.number(v, { minimumFractionDigits: ind.decimals ?? 0, maximumFractionDigits: digits });
      if (cache.size >= MAX_WRITTEN) cache.clear();
      cache.set(v, s);
    }
    return s;
  };
}

/** "Up 120 over 7 days (worse)". */
export function changeText(card: KeyFigure, days: number, format: (v: number) => string, tr: Pick<Translator, 't' | 'plural'>): string | undefined {
  if (card.direction === undefined || card.change === undefined) return undefined;
  const period = tr.plural('dashboard.days', days);
  const main = tr.t(`dashboard.change.${card.direction}` as never, { change: format(Math.abs(card.change)), period });
  return card.meaning && card.meaning !== 'neutral' ? `${main} ${tr.t(`dashboard.meaning.${card.meaning}` as never)}` : main;
}

/** One sentence on a series: span, lowest, highest, latest. */
export function seriesSummary(title: string, dates: readonly string[], values: Series, format: (v: number) => string, tr: Pick<Translator, 't' | 'date'>): string {
  let min = -1;
  let max = -1;
  let last = -1;
  let first = -1;
  values.forEach((v, i) => {
    if (v === null) return;
    if (first < 0) first = i;
    last = i;
    if (min < 0 || v < values[min]!) min = i;
    if (max < 0 || v > values[max]!) max = i;
  });
  if (last < 0) return tr.t('preview.summary.empty');
  if (dates.length <= 1 || dates[0] === '') return tr.t('dashboard.summaryOne', { indicator: title, last: format(values[last]!) });
  const d = (i: number) => tr.date(dates[i]!, 'long');
  return tr.t('dashboard.summary', {
    indicator: title,
    start: d(first),
    end: d(last),
    min: format(values[min]!),
    minAt: d(min),
    max: format(values[max]!),
    maxAt: d(max),
    last: format(values[last]!),
    lastAt: d(last),
  });
}
