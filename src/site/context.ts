import type { LocalizedText } from '../config/localized.ts';
import { localize, localizedLang } from '../content/localize.ts';
import { createTranslator, type Translator, type UiStrings } from '../i18n/index.ts';
import { localePath } from '../i18n/paths.ts';
import type { RuntimeCatalog } from './runtime-catalog-types.ts';

export type SiteInfo = RuntimeCatalog['portal'];

/** Everything a page needs to speak its language: strings, formats, links. */
export interface PageContext extends Translator {
  site: SiteInfo;
  /** The page's path without language prefix, e.g. /datasets/x/. */
  path: string;
  /** Link to `path` in this page's language (or another). */
  href: (path: string, lang?: string) => string;
  /** A localised content text in this page's language, with fallback. */
  text: (value: LocalizedText | undefined) => string;
  /** The language a localised text is really shown in (set `lang=` when it differs). */
  textLang: (value: LocalizedText | undefined) => string;
  /** "Label: " with the language's punctuation ("Libellé : " in French), before a value. */
  label: (text: string) => string;
  sectorTitle: (id: string) => string;
  sectorDescription: (id: string) => string;
}

// One translator per set of strings and language: pages of one build share them, and a different
// set of strings (another content folder in the same process, as in tests) gets its own.
const translators = new WeakMap<Record<string, UiStrings>, Map<string, Translator>>();

export function pageContext(site: SiteInfo, ui: Record<string, UiStrings>, lang: string, path: string): PageContext {
  let byLang = translators.get(ui);
  if (!byLang) translators.set(ui, (byLang = new Map()));
  let translator = byLang.get(lang);
  if (!translator) byLang.set(lang, (translator = createTranslator(lang, ui)));
  const text = (value: LocalizedText | undefined) => localize(value, lang, site.defaultLanguage);
  const sector = (id: string) => site.sectors.find((s) => s.id === id);
  return {
    ...translator,
    site,
    path,
    href: (p, l = lang) => localePath(p, l, site.defaultLanguage),
    text,
    textLang: (value) => localizedLang(value, lang, site.defaultLanguage),
    label: (label) => translator.t('site.labelValue', { label, value: '' }),
    sectorTitle: (id) => {
      const s = sector(id);
      if (s?.title) return text(s.title);
      const key = `sector.${id}`;
      const v = translator.t(key as never);
      return v === key ? id : v;
    },
    sectorDescription: (id) => {
      const s = sector(id);
      if (s?.description) return text(s.description);
      const key = `sector.${id}.description`;
      const v = translator.t(key as never);
      return v === key ? '' : v;
    },
  };
}
