import { describe, expect, it } from 'vitest';
import { completeness, duePeriod, parsePeriod, periodOf, previousPeriod, reportingKind } from '../../../src/live/completeness.ts';

const reporters = [
  { id: 'H01', name: 'Hôpital du Nord', territory: 'Nord', periods: 'daily' as const },
  { id: 'H02', name: 'Clinique du Sud' },
  { id: 'H03', name: 'CH Est', territory: 'Est', periods: 'weekly' as const },
  { id: 'H04', name: 'CH Ouest', periods: 'daily' as const },
];

describe('periods (hand-computed)', () => {
  it('days, ISO weeks and months, with their first and last days', () => {
    expect(parsePeriod('2020-11-15')).toEqual({ id: '2020-11-15', kind: 'daily', from: '2020-11-15', to: '2020-11-15' });
    // 15 November 2020 is a Sunday: ISO week 46 runs Monday 9 to Sunday 15.
    expect(periodOf('weekly', '2020-11-15')).toEqual({ id: '2020-W46', kind: 'weekly', from: '2020-11-09', to: '2020-11-15' });
    expect(parsePeriod('2020-W46')).toEqual(periodOf('weekly', '2020-11-09'));
    // 1 January 2021 (a Friday) is in week 53 of 2020.
    expect(periodOf('weekly', '2021-01-01').id).toBe('2020-W53');
    expect(parsePeriod('2020-02')).toEqual({ id: '2020-02', kind: 'monthly', from: '2020-02-01', to: '2020-02-29' });
    for (const bad of ['2020-02-30', '2020-13', '2020-W54', '15/11/2020', '']) expect(parsePeriod(bad), bad).toBeUndefined();
    expect(previousPeriod(parsePeriod('2021-03-01')!).id).toBe('2021-02-28');
    expect(duePeriod('daily', new Date('2020-11-16T07:00:00Z')).id).toBe('2020-11-15');
    expect(duePeriod('weekly', new Date('2020-11-16T07:00:00Z')).id).toBe('2020-W46');
  });
});

describe('completeness (hand-computed)', () => {
  it('expected: reporters of the period kind (the dataset frequency by default); missing by name and territory', () => {
    expect(reportingKind({}, 'daily')).toBe('daily');
    expect(reportingKind({}, 'irregular')).toBeUndefined();
    const day = completeness(reporters, 'daily', parsePeriod('2020-11-15')!, new Set(['H01', 'H03', 'H99']));
    expect(day).toEqual({
      period: '2020-11-15',
      expected: 3,
      reported: 1,
      missing: [
        { id: 'H02', name: 'Clinique du Sud' },
        { id: 'H04', name: 'CH Ouest' },
      ],
    });
    const week = completeness(reporters, 'daily', parsePeriod('2020-W46')!, new Set());
    expect(week).toEqual({ period: '2020-W46', expected: 1, reported: 0, missing: [{ id: 'H03', name: 'CH Est', territory: 'Est' }] });
  });
});
