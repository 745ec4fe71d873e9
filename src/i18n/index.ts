import en from './ui/en.json' with { type: 'json' };
import fr from './ui/fr.json' with { type: 'json' };
import et from './ui/et.json' with { type: 'json' };

export type UiKey = keyof typeof en;
export type UiStrings = Record<string, string>;

/** UI strings shipped with the framework. A deployment adds or overrides languages in <content>/i18n/<lang>.json. */
export const BUILTIN_UI: Record<string, UiStrings> = { en, fr, et };

/** The language whose strings fill any gap in another language's file. */
export const FALLBACK_LANGUAGE = 'en';

export type Translate = (key: UiKey, params?: Record<string, string | number>) => string;

export interface Translator {
  lang: string;
  t: Translate;
  /** Plural-aware: picks `<key>.one` or `<key>.other` by the language's plural rules. */
  plural: (key: string, count: number, params?: Record<string, string | number>) => string;
  number: (n: number, options?: Intl.NumberFormatOptions) => string;
  date: (iso: string, style?: 'long' | 'medium' | 'short') => string;
  size: (bytes: number) => string;
  languageName: (tag: string) => string;
}

function fill(template: string, params: Record<string, string | number> | undefined, format: (n: number) => string): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined ? m : typeof v === 'number' ? format(v) : v;
  });
}

/**
 * A translator for one language: UI strings, plurals, and numbers, dates and
 * sizes written the way readers of that language expect (Intl).
 */
export function createTranslator(lang: string, extra: Record<string, UiStrings> = {}): Translator {
  const strings: UiStrings = { ...BUILTIN_UI[FALLBACK_LANGUAGE], ...BUILTIN_UI[lang], ...extra[lang] };
  // Intl formatters are costly to create and pages call them thousands of times: make each once.
  const numberFormats = new Map<string, Intl.NumberFormat>();
  // Formatting is the slow part of Intl (a few µs a call); a build formats the same counts,
  // years and dates on thousands of pages, so results are kept (a bounded map, emptied when full).
  const formatted = new Map<string, string>();
  const remember = (key: string, make: () => string): string => {
    let text = formatted.get(key);
    if (text === undefined) {
      if (formatted.size >= 100_000) formatted.clear();
      formatted.set(key, (text = make()));
    }
    return text;
  };
  const number = (n: number, options?: Intl.NumberFormatOptions) => {
    const key = options ? JSON.stringify(options) : '';
    // -0 formats as "-0", and would share 0's key.
    return remember(`n${key}\0${Object.is(n, -0) ? '-0' : n}`, () => {
      let f = numberFormats.get(key);
      if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(lang, options)));
      return f.format(n);
    });
  };
  const dateFormats = new Map<string, Intl.DateTimeFormat>();
  const dateFormat = (style: 'long' | 'medium' | 'short') => {
    let f = dateFormats.get(style);
    if (!f) dateFormats.set(style, (f = new Intl.DateTimeFormat(lang, { dateStyle: style, timeZone: 'UTC' })));
    return f;
  };
  const pluralRules = new Intl.PluralRules(lang);
  const t: Translate = (key, params) => fill(strings[key] ?? key, params, number);
  const names = new Intl.DisplayNames([lang], { type: 'language' });
  const nativeNames = new Map<string, string>();
  return {
    lang,
    t,
    plural: (key, count, params) => {
      const form = pluralRules.select(count);
      const template = strings[`${key}.${form}`] ?? strings[`${key}.other`] ?? key;
      return fill(template, { count, ...params }, number);
    },
    number,
    date: (iso, style = 'long') =>
      remember(`d${style}\0${iso}`, () => {
        const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
        return Number.isNaN(d.getTime()) ? iso : dateFormat(style).format(d);
      }),
    size: (bytes) => {
      const units = ['B', 'kB', 'MB', 'GB'] as const;
      let value = bytes;
      let unit = 0;
      while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit++;
      }
      const shown = number(value, { maximumFractionDigits: unit === 0 || value >= 100 ? 0 : 1 });
      return fill(strings[`size.${units[unit]}`] ?? '{value}', { value: shown }, number);
    },
    languageName: (tag) => {
      let shown = nativeNames.get(tag);
      if (shown === undefined) {
        const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? names.of(tag) ?? tag;
        shown = name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
        nativeNames.set(tag, shown);
      }
      return shown;
    },
  };
}

/** Languages that have UI strings, built in or supplied by the deployment. */
export function uiLanguages(extra: Record<string, UiStrings> = {}): string[] {
  return [...new Set([...Object.keys(BUILTIN_UI), ...Object.keys(extra)])];
}
