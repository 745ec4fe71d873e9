// Values as people read them, in French and English: years, codes and identifiers without digit
// grouping, labels of coded values (Table Schema categories, dataset.yaml labels), units.
import { describe, expect, it } from 'vitest';
import { localize } from '../../../src/content/localize.ts';
import { createTranslator } from '../../../src/i18n/index.ts';
import { headingOf, isIdentifier, readingsOf, readValue, titleOf, withUnit } from '../../../src/preview/values.ts';
import { assertTableSchema } from '../../../src/tableschema/index.ts';
import type { FieldDisplayConfig } from '../../../src/config/dataset.ts';

const schema = assertTableSchema({
  fields: [
    { name: 'annee', type: 'year' },
    { name: 'etablissement', type: 'integer' },
    { name: 'region', type: 'integer' },
    { name: 'siret', type: 'integer', constraints: { unique: true } },
    { name: 'sexe', type: 'integer', constraints: { enum: [0, 1, 2] } },
    { name: 'tension', type: 'string', categories: [{ value: 'faible', label: 'faible' }, { value: 'moderee', label: 'modérée' }, { value: 'forte' }] },
    { name: 'id', type: 'integer' },
    { name: 'lits', type: 'integer', unit: 'lits' },
    { name: 'part_bio', type: 'number' },
    { name: 'dep', type: 'string' },
    { name: 'jour', type: 'date' },
  ],
  primaryKey: ['etablissement', 'jour'],
  foreignKeys: [{ fields: 'region', reference: { resource: 'regions', fields: 'code' } }],
});
const display = {
  sexe: { labels: { '0': { fr: 'Ensemble', en: 'Everyone' }, '1': { fr: 'Hommes', en: 'Men' }, '2': { fr: 'Femmes', en: 'Women' } } },
  tension: { labels: { faible: { fr: 'faible', en: 'low' }, moderee: { fr: 'modérée', en: 'moderate' }, forte: { fr: 'forte', en: 'high' } } },
  part_bio: { unit: '%' },
  lits: { unit: { fr: 'lits', en: 'beds' } },
};

function reader(lang: 'fr' | 'en', withDisplay = true) {
  const tr = createTranslator(lang);
  const readings = readingsOf(schema, (t) => localize(t, lang, 'fr'), withDisplay ? display : {});
  return (field: string, value: unknown, unit = false) => readValue(value, readings.get(field), tr, { unit });
}

describe('identifiers', () => {
  it('follows the documented rule, not field names', () => {
    const f = (name: string) => schema.fields.find((x) => x.name === name)!;
    expect(['annee', 'etablissement', 'region', 'siret', 'sexe', 'tension', 'id', 'lits'].map((n) => [n, isIdentifier(f(n), schema)])).toEqual([
      ['annee', true], // type year
      ['etablissement', true], // in the primary key
      ['region', true], // in a foreign key
      ['siret', true], // unique
      ['sexe', true], // enum: a code
      ['tension', false], // a string: never grouped anyway
      ['id', false], // a name is not enough…
      ['lits', false],
    ]);
    expect(isIdentifier(f('id'), schema, { identifier: true })).toBe(true); // …dataset.yaml says it
    expect(isIdentifier(f('siret'), schema, { identifier: false })).toBe(false);
  });
});

describe.each(['fr', 'en'] as const)('values in %s', (lang) => {
  const read = reader(lang);
  it('never groups the digits of years, codes and identifiers', () => {
    expect(read('annee', 2021)).toBe('2021');
    expect(read('etablissement', 750712184)).toBe('750712184');
    expect(read('region', 11)).toBe('11');
    expect(read('siret', 21870085600018)).toBe('21870085600018');
    expect(read('dep', '01')).toBe('01');
  });
  it('groups measures the way the language does', () => {
    expect(read('id', 3188)).toBe(lang === 'fr' ? '3\u202f188' : '3,188');
    expect(read('part_bio', 0.125)).toBe(lang === 'fr' ? '0,125' : '0.125');
  });
  it('shows labels of coded values, from dataset.yaml over the schema categories', () => {
    expect(read('sexe', 0)).toBe(lang === 'fr' ? 'Ensemble' : 'Everyone');
    expect(read('sexe', 2)).toBe(lang === 'fr' ? 'Femmes' : 'Women');
    expect(read('tension', 'moderee')).toBe(lang === 'fr' ? 'modérée' : 'moderate');
    expect(read('sexe', 9)).toBe('9'); // no label: the code as written
  });
  it('uses the schema categories labels when dataset.yaml has none', () => {
    const bare = reader(lang, false);
    expect(bare('tension', 'moderee')).toBe('modérée');
    expect(bare('tension', 'forte')).toBe('forte'); // a category without a label
    expect(bare('sexe', 1)).toBe('1');
  });
  it("puts units next to numbers, in the language's typography", () => {
    expect(read('lits', 1250, true)).toBe(lang === 'fr' ? '1\u202f250\u00a0lits' : '1,250\u00a0beds');
    expect(read('lits', 1250)).toBe(lang === 'fr' ? '1\u202f250' : '1,250');
    expect(withUnit('12,5', '%', 'fr')).toBe('12,5\u202f%');
    expect(withUnit('12.5', '%', 'en')).toBe('12.5%');
    expect(headingOf('Lits', readingsOf(schema, (t) => localize(t, lang, 'fr'), display).get('lits'))).toBe(lang === 'fr' ? 'Lits (lits)' : 'Lits (beds)');
  });
  it('formats dates and missing values', () => {
    expect(read('jour', '2020-11-15')).toBe(lang === 'fr' ? '15 nov. 2020' : 'Nov 15, 2020');
    expect(read('lits', null)).toBe('');
  });
});

describe('column titles', () => {
  const titled = assertTableSchema({
    fields: [
      { name: 'jour', type: 'date', title: 'Jour' },
      { name: 'rea', type: 'integer', title: 'Réanimation' },
      { name: 'dep', type: 'string' },
    ],
  });
  const yaml = { jour: { title: { fr: 'Jour', en: 'Day' } } };
  const titles = (lang: 'fr' | 'en', display: Record<string, FieldDisplayConfig> = yaml) => {
    const r = readingsOf(titled, (t) => localize(t, lang, 'fr'), display);
    return ['jour', 'rea', 'dep'].map((n) => titleOf(n, r.get(n)));
  };
  it('reads dataset.yaml titles in the page language, over the one-language schema title', () => {
    expect(titles('en')).toEqual(['Day', 'Réanimation', 'dep']);
    expect(titles('fr')).toEqual(['Jour', 'Réanimation', 'dep']);
  });
  it('falls back to the schema title, then the name', () => {
    expect(titles('en', {})).toEqual(['Jour', 'Réanimation', 'dep']);
  });
});
