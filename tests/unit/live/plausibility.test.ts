import { describe, expect, it } from 'vitest';
import { parseRule } from '../../../src/config/rules.ts';
import { implausibleFormMessage } from '../../../src/live/form-messages.ts';
import { implausibleMessage, implausibleRows, latestDate } from '../../../src/live/plausibility.ts';
import type { LiveDataset } from '../../../src/live/types.ts';
import { createTranslator } from '../../../src/i18n/index.ts';
import { checkTableSchema } from '../../../src/tableschema/index.ts';

const now = new Date('2020-11-15T12:00:00Z');
const tableSchema = checkTableSchema({
  fields: [
    { name: 'jour', type: 'date', title: 'Jour' },
    { name: 'lits_occupes', type: 'integer', title: 'Lits occupés' },
    { name: 'lits_total', type: 'integer', title: 'Lits au total' },
  ],
}).schema!;
const ds = {
  dateField: 'jour',
  tableSchema,
  plausibility: { start: '2020-11-01', futureDays: 0, rules: [parseRule('lits_occupes <= lits_total')!, parseRule('lits_total >= 1')!] },
} as unknown as LiveDataset;
const stored = (data: Record<string, unknown>) => ({ key: '', reporter: null, data });

describe('plausibility (hand-computed cases)', () => {
  it('rules are read as field, operator, field or number', () => {
    expect(parseRule(' lits_occupes <= lits_total ')).toEqual({ text: 'lits_occupes <= lits_total', left: 'lits_occupes', op: '<=', right: 'lits_total' });
    expect(parseRule('a >= -2.5')).toEqual({ text: 'a >= -2.5', left: 'a', op: '>=', right: -2.5 });
    expect(parseRule('a <== b')).toBeUndefined();
    expect(parseRule('a + b <= c')).toBeUndefined();
  });

  it('today is the day where it starts first (UTC+14), plus the declared tolerance', () => {
    expect(latestDate(new Date('2020-11-15T09:59:59Z'), 0)).toBe('2020-11-15');
    expect(latestDate(new Date('2020-11-15T10:00:00Z'), 0)).toBe('2020-11-16');
    expect(latestDate(new Date('2020-11-15T09:00:00Z'), 3)).toBe('2020-11-18');
  });

  it('a date to come, a date before the start, a broken rule; empty values left to the Table Schema', () => {
    const rows = [
      stored({ jour: '2099-12-31', lits_occupes: 1, lits_total: 2 }),
      stored({ jour: '2020-10-31', lits_occupes: 1, lits_total: 2 }),
      stored({ jour: '2020-11-15', lits_occupes: 12, lits_total: 10 }),
      stored({ jour: '2020-11-16', lits_occupes: null, lits_total: 0 }),
      stored({ jour: '2020-11-01', lits_occupes: 10, lits_total: 10 }),
    ];
    const found = implausibleRows(ds, rows, [1, 2, 3, 4, 5], now);
    expect(found.map((x) => [x.row, x.kind])).toEqual([
      [1, 'future'],
      [2, 'before-start'],
      [3, 'rule'],
      [4, 'rule'],
    ]);
    expect(found.map(implausibleMessage)).toEqual([
      '"2099-12-31" is after 2020-11-16: figures cannot be reported for a day that has not come yet',
      '"2020-10-31" is before 2020-11-01, the first day of the dataset (temporal.start)',
      'lits_occupes (12) must be <= lits_total (10): rule "lits_occupes <= lits_total" of the dataset',
      'lits_total (0) must be >= 1: rule "lits_total >= 1" of the dataset',
    ]);
  });

  it('the form words them in the page language', () => {
    const fr = createTranslator('fr');
    const [future, , rule, bound] = implausibleRows(
      ds,
      [stored({ jour: '2099-12-31' }), stored({ jour: '2020-10-31' }), stored({ jour: '2020-11-15', lits_occupes: 1200, lits_total: 1000 }), stored({ jour: '2020-11-15', lits_total: 0 })],
      [1, 2, 3, 4],
      now,
    );
    expect(implausibleFormMessage(ds, future!, fr)).toBe("« Jour » ne peut pas être après le 16 novembre 2020 : on ne déclare pas les chiffres d'un jour qui n'est pas encore venu.");
    expect(implausibleFormMessage(ds, rule!, fr)).toBe('« Lits occupés » (1\u202f200) doit être inférieur ou égal à « Lits au total » (1\u202f000).');
    expect(implausibleFormMessage(ds, bound!, createTranslator('en'))).toBe('“Lits au total” (0) must be greater than or equal to 1.');
  });
});
