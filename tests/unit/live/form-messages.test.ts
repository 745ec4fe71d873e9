import { describe, expect, it } from 'vitest';
import { fieldMessage, formProblems, jumpFormMessage, shownTime, shownValue } from '../../../src/live/form-messages.ts';
import type { LiveDataset } from '../../../src/live/types.ts';
import { createTranslator } from '../../../src/i18n/index.ts';
import { checkTableSchema } from '../../../src/tableschema/index.ts';

const schema = checkTableSchema({
  fields: [
    {
      name: 'etablissement',
      type: 'string',
      title: 'Établissement',
      description: "Numéro FINESS de l'établissement (9 caractères).",
      example: '750712184',
      constraints: { required: true, pattern: '[0-9]{2}[0-9AB][0-9]{6}' },
    },
    { name: 'jour', type: 'date', title: 'Jour', constraints: { required: true, minimum: '2020-03-01' } },
    { name: 'lits_occupes', type: 'integer', title: 'Lits occupés', example: 1200, constraints: { minimum: 0, maximum: 2000 } },
    { name: 'tension', type: 'string', title: 'Tension', constraints: { enum: ['faible', 'forte'] } },
  ],
  primaryKey: ['etablissement', 'jour'],
}).schema!;
const ds = { slug: 'x', key: ['etablissement', 'jour'], tableSchema: schema } as unknown as LiveDataset;
const fr = createTranslator('fr');
const en = createTranslator('en');

describe('form messages, written for a person in the page language', () => {
  it('a pattern is explained by the description and an example, never shown raw', () => {
    const [p] = formProblems(ds, { etablissement: '75-0712', jour: '2020-11-15' }, fr);
    expect(p).toEqual({
      row: 1,
      field: 'etablissement',
      message: "« 75-0712 » n'a pas la forme attendue pour « Établissement ». Numéro FINESS de l'établissement (9 caractères). Exemple : 750712184.",
    });
    expect(p!.message).not.toContain('[0-9]');
    const [e] = formProblems(ds, { etablissement: '75-0712', jour: '2020-11-15' }, en);
    expect(e!.message).toBe("“75-0712” is not in the form expected for “Établissement”. Numéro FINESS de l'établissement (9 caractères). Example: 750712184.");
  });

  it('bounds, types, choices and missing values, with numbers and dates written for the language', () => {
    expect(formProblems(ds, { etablissement: '750712184', jour: '2020-11-15', lits_occupes: 2500 }, fr)[0]!.message).toBe('« Lits occupés » doit être au plus 2\u202f000.');
    expect(formProblems(ds, { etablissement: '750712184', jour: '2020-11-15', lits_occupes: 2500 }, en)[0]!.message).toBe('“Lits occupés” must be at most 2,000.');
    expect(formProblems(ds, { etablissement: '750712184', jour: '2020-02-01' }, fr)[0]!.message).toBe('« Jour » doit être au moins 1 mars 2020.');
    expect(formProblems(ds, { etablissement: '750712184', jour: '2020-11-15', lits_occupes: '1,5' }, fr)[0]!.message).toBe(
      "« Lits occupés » doit être un nombre entier, sans espace ni décimale (« 1,5 » n'en est pas un). Exemple : 1\u202f200.",
    );
    expect(formProblems(ds, { etablissement: '750712184', jour: '2020-11-15', tension: 'moyenne' }, fr)[0]!.message).toBe('Choisissez « Tension » parmi : faible, forte.');
    expect(formProblems(ds, { jour: '2020-11-15' }, fr)[0]!.message).toBe("Indiquez « Établissement ». Numéro FINESS de l'établissement (9 caractères). Exemple : 750712184.");
    expect(fieldMessage(schema.fields[1]!, 'type-or-format-error', '2020-13-01', en)).toBe('“Jour” must be a date of the calendar (“2020-13-01” is not).');
  });

  it('stored values and the arrival time as the language writes them', () => {
    expect(shownValue('2020-11-15', schema.fields[1], fr)).toBe('15 novembre 2020');
    expect(shownValue(1200, schema.fields[2], fr)).toBe('1\u202f200');
    expect(shownValue('750712184', schema.fields[0], fr)).toBe('750712184');
    expect(shownTime('2020-11-15T08:05:00.000Z', 'fr')).toBe('15 novembre 2020 à 08:05');
    expect(shownTime('2020-11-15T08:05:00.000Z', 'en')).toBe('November 15, 2020 at 8:05 AM');
  });

  it('a jump to confirm: the field title, both figures and the earlier date as the language writes them, in fr, en and et', () => {
    const j = { row: 1, field: 'lits_occupes', value: 1500, previous: 14, previousDate: '2020-11-02', factor: 10, reporter: '750712184' };
    expect(jumpFormMessage(ds, j, fr)).toBe(
      "« Lits occupés » (1\u202f500) est très loin de votre chiffre précédent, 14 le 2 novembre 2020 : plus de 10 fois plus grand ou plus petit. S'il est juste, cochez la case de confirmation ci-dessous et envoyez à nouveau.",
    );
    expect(jumpFormMessage(ds, j, en)).toBe(
      '“Lits occupés” (1,500) is very far from your previous figure, 14 on November 2, 2020: more than 10 times larger or smaller. If it is right, tick the confirmation box below and send again.',
    );
    expect(jumpFormMessage(ds, j, createTranslator('et'))).toMatch(/^„Lits occupés” \(1500\) erineb väga teie eelmisest väärtusest, 14 \(2\. november 2020\): üle 10 korra/);
  });
});
