import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_UI, createTranslator } from '../../src/i18n/index.ts';
import { localePath, splitLocalePath } from '../../src/i18n/paths.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(astro|tsx?)$/.test(name) ? [path] : [];
  });
}

describe('UI strings', () => {
  const languages = Object.keys(BUILTIN_UI);

  it.each(languages)('%s has exactly the English keys, none empty', (lang) => {
    expect(Object.keys(BUILTIN_UI[lang]!).sort()).toEqual(Object.keys(BUILTIN_UI.en!).sort());
    for (const [key, value] of Object.entries(BUILTIN_UI[lang]!)) expect(value.trim(), key).not.toBe('');
  });

  it('every key the code uses exists', () => {
    const used = new Set<string>();
    for (const file of sourceFiles('src')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\('([a-zA-Z.]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/\.plural\('([a-zA-Z.]+)'/g)) used.add(`${m[1]}.other`);
    }
    expect(used.size).toBeGreaterThan(30);
    const missing = [...used].filter((k) => !(k in BUILTIN_UI.en!));
    expect(missing).toEqual([]);
  });

  it('formats numbers, dates, sizes and plurals per language', () => {
    const fr = createTranslator('fr');
    const en = createTranslator('en');
    expect(fr.plural('count.datasets', 1)).toBe('1 jeu de données');
    expect(fr.plural('count.datasets', 1234)).toBe('1\u202f234 jeux de données');
    expect(en.plural('count.datasets', 1)).toBe('1 dataset');
    expect(en.plural('count.datasets', 2)).toBe('2 datasets');
    expect(fr.date('2020-11-15')).toBe('15 novembre 2020');
    expect(en.date('2020-11-15')).toBe('November 15, 2020');
    expect(fr.size(2_370_275)).toBe('2,4 Mo');
    expect(en.size(2_370_275)).toBe('2.4 MB');
    expect(en.size(512)).toBe('512 B');
    expect(fr.languageName('en')).toBe('English');
    expect(en.languageName('fr')).toBe('Français');
  });

  it('gives the same text for a number or date formatted again (results are kept per option and style)', () => {
    const en = createTranslator('en');
    for (let round = 0; round < 2; round++) {
      expect(en.number(1234.5)).toBe('1,234.5');
      expect(en.number(0.5, { style: 'percent' })).toBe('50%');
      expect(en.number(0.5)).toBe('0.5');
      expect(en.number(-0)).toBe('-0');
      expect(en.number(0)).toBe('0');
      expect(en.date('2020-11-15', 'short')).toBe('11/15/20');
      expect(en.date('2020-11-15')).toBe('November 15, 2020');
      expect(en.date('not a date')).toBe('not a date');
    }
  });

  it('ships every language with a UI file, Estonian included', () => {
    const files = readdirSync('src/i18n/ui')
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -5))
      .sort();
    expect(languages.sort()).toEqual(files);
    expect(files).toEqual(expect.arrayContaining(['en', 'et', 'fr']));
  });

  it('keeps every {placeholder} of the English string in each translation', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const lang of languages) {
      for (const [key, value] of Object.entries(BUILTIN_UI.en!)) expect(placeholders(BUILTIN_UI[lang]![key] ?? ''), `${lang} ${key}`).toEqual(placeholders(value));
    }
  });

  it('writes Estonian numbers, dates, sizes and plurals the Estonian way', () => {
    const et = createTranslator('et');
    // After a number other than 1, Estonian nouns take the partitive singular.
    expect(et.plural('count.datasets', 1)).toBe('1 andmestik');
    expect(et.plural('count.datasets', 2)).toBe('2 andmestikku');
    expect(et.plural('count.fields', 21)).toBe('21 veergu');
    // Estonian groups thousands only from five digits on (CLDR minimumGroupingDigits 2).
    expect(et.plural('count.datasets', 1234)).toBe('1234 andmestikku');
    expect(et.plural('count.datasets', 12345)).toBe('12\u00a0345 andmestikku');
    expect(et.date('2020-11-15')).toBe('15. november 2020');
    expect(et.date('2020-11-15', 'short')).toBe('15.11.20');
    expect(et.number(12345.5)).toBe('12\u00a0345,5');
    expect(et.size(2_370_275)).toBe('2,4 MB');
    expect(et.languageName('et')).toBe('Eesti');
    expect(et.t('nav.datasets')).toBe('Andmestikud');
  });

  it('falls back to English for a key a deployment language lacks', () => {
    const lv = createTranslator('lv', { lv: { 'nav.home': 'Sākums' } });
    expect(lv.t('nav.home')).toBe('Sākums');
    expect(lv.t('nav.datasets')).toBe('Datasets');
  });
});

describe('language paths', () => {
  it('leaves the default language unprefixed', () => {
    expect(localePath('/datasets/x/', 'fr', 'fr')).toBe('/datasets/x/');
    expect(localePath('/datasets/x/', 'en', 'fr')).toBe('/en/datasets/x/');
    expect(splitLocalePath('/en/datasets/x/', ['fr', 'en'])).toEqual({ lang: 'en', path: '/datasets/x/' });
    expect(splitLocalePath('/datasets/x/', ['fr', 'en'])).toEqual({ lang: 'fr', path: '/datasets/x/' });
    expect(splitLocalePath('/fr/datasets/', ['fr', 'en'])).toEqual({ lang: 'fr', path: '/fr/datasets/' });
  });
});
