import type { LocalizedText } from '../config/localized.ts';

/**
 * The text in `lang`, falling back to the portal's default language, then to
 * any language present: a dataset translated only in part still shows something.
 */
export function localize(text: LocalizedText | undefined, lang: string, defaultLang: string): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return text[lang] ?? text[defaultLang] ?? Object.values(text)[0] ?? '';
}

/** The language a text is actually shown in (for `lang` attributes when it fell back). */
export function localizedLang(text: LocalizedText | undefined, lang: string, defaultLang: string): string {
  if (text === undefined || typeof text === 'string') return defaultLang;
  if (text[lang] !== undefined) return lang;
  if (text[defaultLang] !== undefined) return defaultLang;
  return Object.keys(text)[0] ?? defaultLang;
}

/** Language tags used as keys of a localised text (none for a plain string). */
export function languagesOf(text: LocalizedText | undefined): string[] {
  return text === undefined || typeof text === 'string' ? [] : Object.keys(text);
}
