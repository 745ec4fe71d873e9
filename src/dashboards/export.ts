// The figures of a dashboard as data for re-users: exactly what the cards and charts show
// (after transforms and the live policy), for the whole area and every territory.
import type { LocalizedText } from '../config/localized.ts';
import { localize } from '../content/localize.ts';
import { territoryView, type DashboardFigures, type IndicatorFigures } from './figures.ts';
import type { KeyFigure } from './key-figure.ts';
import type { TerritoryIndicator } from './territory-file.ts';
import type { LoadedDashboard } from './types.ts';

/** A content text in each of the portal's languages (falling back as pages do), for re-users writing in another one. */
const inEach = (text: LocalizedText, lang: string, languages: readonly string[]) => Object.fromEntries(languages.map((l) => [l, localize(text, l, lang)]));

/**
 * What an indicator is, in the portal's default language (`lang`) and in each of its languages
 * (`titles`, `units`), and its latest figure (of the whole area or of one territory).
 */
function indicatorWords(f: TerritoryIndicator, lang: string, latest: KeyFigure | undefined, languages: readonly string[]) {
  return {
    id: f.id,
    title: localize(f.config.title, lang, lang),
    titles: inEach(f.config.title, lang, languages),
    unit: f.config.unit ? localize(f.config.unit, lang, lang) : null,
    units: f.config.unit ? inEach(f.config.unit, lang, languages) : null,
    dataset: f.config.dataset,
    transform: f.config.transform,
    higherIs: f.config.higherIs,
    latest: latest ?? null,
  };
}

export function indicatorJson(f: IndicatorFigures, lang: string, nameOf: (code: string) => string, languages: readonly string[] = [lang]) {
  return {
    ...indicatorWords(f, lang, f.card, languages),
    reporting: f.reporting ?? null,
    dates: f.dates,
    total: f.total,
    territories: Object.fromEntries(Object.entries(f.territories).map(([code, values]) => [code, { name: nameOf(code), values }])),
  };
}

export function dashboardJson(d: LoadedDashboard, figures: DashboardFigures, lang: string, nameOf: (code: string) => string, baseUrl: string, languages: readonly string[] = [lang]) {
  return {
    id: d.id,
    title: localize(d.config.title, lang, lang),
    titles: inEach(d.config.title, lang, languages),
    url: `${baseUrl.replace(/\/+$/, '')}/dashboards/${encodeURIComponent(d.id)}/`,
    indicators: figures.indicators.map((f) => indicatorJson(f, lang, nameOf, languages)),
  };
}

/** A CSV cell, quoted when it must be (RFC 4180). */
export const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A card's figures: a row per day, the whole area, then a column per territory headed by its name and code ("Ain (01)"). */
export function indicatorCsv(f: IndicatorFigures, nameOf: (code: string) => string = (code) => code): string {
  const codes = Object.keys(f.territories).sort();
  const head = (code: string) => (nameOf(code) === code ? code : `${nameOf(code)} (${code})`);
  const lines = [['date', 'total', ...codes.map(head)].map(cell).join(',')];
  f.dates.forEach((d, i) => {
    const v = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));
    lines.push([d, v(f.total[i]), ...codes.map((c) => v(f.territories[c]![i]))].map(cell).join(','));
  });
  return `${lines.join('\r\n')}\r\n`;
}

/** The figures a territory's page and files read: every indicator's series per territory (the build's figures or the runtime file). */
export interface TerritorySource {
  indicators: readonly TerritoryIndicator[];
}

/** The indicators of a dashboard that have figures for a territory, with its series and key figure. */
function territoryIndicators(figures: TerritorySource, code: string) {
  return figures.indicators.flatMap((f) => {
    const v = territoryView(f, code);
    return v ? [{ f, ...v }] : [];
  });
}

/**
 * Every figure of one territory, every day of each of its indicators (what its page's charts
 * show): the days of any of them, sorted, and per indicator its value on each of those days
 * (null when it has none). The page's tables show a recent window of it.
 */
export function territoryFigures(figures: TerritorySource, code: string): TerritoryFigures {
  let byCode = perTerritory.get(figures);
  if (!byCode) perTerritory.set(figures, (byCode = new Map()));
  let t = byCode.get(code);
  if (!t) byCode.set(code, (t = collect(figures, code)));
  return t;
}

interface TerritoryFigures {
  dates: string[];
  indicators: { f: TerritoryIndicator; card?: KeyFigure; values: (number | null)[] }[];
}

// The CSV and the JSON of a territory are two files of the same figures: collected once.
const perTerritory = new WeakMap<TerritorySource, Map<string, TerritoryFigures>>();

function collect(figures: TerritorySource, code: string): TerritoryFigures {
  const shown = territoryIndicators(figures, code);
  const days = new Set<string>();
  for (const { f } of shown) for (const d of f.dates) days.add(d);
  const dates = [...days].sort();
  const at = new Map(dates.map((d, i) => [d, i]));
  return {
    dates,
    indicators: shown.map(({ f, series, card }) => {
      const values: (number | null)[] = dates.map(() => null);
      f.dates.forEach((d, i) => (values[at.get(d)!] = series[i] ?? null));
      return { f, card, values };
    }),
  };
}

/** As CSV: one row per day, then one column per indicator (id), empty where there is no figure. */
export function territoryCsv(figures: TerritorySource, code: string): string {
  const { dates, indicators } = territoryFigures(figures, code);
  const v = (x: number | null) => (x === null ? '' : String(x));
  const lines = [['date', ...indicators.map(({ f }) => f.id)].map(cell).join(',')];
  // ISO days and numbers never need quoting: only the header goes through cell().
  dates.forEach((d, i) => lines.push(`${d},${indicators.map(({ values }) => v(values[i]!)).join(',')}`));
  return `${lines.join('\r\n')}\r\n`;
}

/** As JSON: the same days and values, with the words and the key figure of each indicator. */
export function territoryJson(d: Pick<LoadedDashboard, 'id'>, figures: TerritorySource, code: string, lang: string, nameOf: (code: string) => string, languages: readonly string[] = [lang]) {
  const { dates, indicators } = territoryFigures(figures, code);
  return {
    dashboard: d.id,
    territory: { code, name: nameOf(code) },
    dates,
    indicators: indicators.map(({ f, card, values }) => ({ ...indicatorWords(f, lang, card, languages), values })),
  };
}
