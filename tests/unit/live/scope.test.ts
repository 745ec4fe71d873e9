import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillReporter, needsExistingReporters, scopeProblems, soleReporter } from '../../../src/live/scope.ts';
import type { StoredRowInput } from '../../../src/live/store.ts';

const ds = {
  reporter: 'etablissement',
  key: ['etablissement', 'jour'],
  reporters: [
    { id: 'H01', name: 'Hôpital du Nord' },
    { id: 'H02', name: 'Clinique du Sud' },
    { id: 'H03', name: 'CH Est' },
  ],
};
const row = (reporter: string | null, key = `["${reporter}","2020-11-01"]`): StoredRowInput => ({ key, reporter, data: {} });

describe('reporter scope (hand-computed cases)', () => {
  it('a single-reporter token fills an empty reporter field and keeps a given one', () => {
    const token = { reporters: ['H01'] };
    expect(soleReporter(token)).toBe('H01');
    expect(soleReporter({ reporters: ['H01', 'H02'] })).toBeUndefined();
    const out = fillReporter(ds, token, [
      { row: 1, values: { jour: '2020-11-01' } },
      { row: 2, values: { etablissement: '', jour: 'x' } },
      { row: 3, values: { etablissement: 'H02' } },
    ]);
    expect(out.map((r) => r.values.etablissement)).toEqual(['H01', 'H01', 'H02']);
    // A dataset-wide token fills nothing.
    expect(fillReporter(ds, { reporters: [] }, [{ row: 1, values: {} }])[0]!.values).toEqual({});
  });

  it('a row naming another reporter is refused, naming both', () => {
    expect(scopeProblems(ds, { reporters: ['H01'] }, [row('H01'), row('H02')], [1, 2])).toEqual([
      { row: 2, field: 'etablissement', message: 'the row is for reporter "H02" (Clinique du Sud), but this token reports only for "H01" (Hôpital du Nord)' },
    ]);
    expect(scopeProblems(ds, { reporters: ['H01', 'H02'] }, [row('H01'), row('H02'), row('H09')], [1, 2, 7])).toEqual([
      { row: 7, field: 'etablissement', message: 'the row is for reporter "H09", but this token reports only for "H01" (Hôpital du Nord), "H02" (Clinique du Sud)' },
    ]);
    expect(scopeProblems(ds, { reporters: ['H01'] }, [row(null)], [4])[0]!.message).toContain('for reporter no reporter');
  });

  it('a dataset-wide token writes any reporter', () => {
    expect(scopeProblems(ds, { reporters: [] }, [row('H02'), row('H77')], [1, 2])).toEqual([]);
  });

  it('when the key leaves out the reporter, an existing row of another reporter is refused', () => {
    const byDay = { ...ds, key: ['jour'] };
    expect(needsExistingReporters(byDay, { reporters: ['H01'] })).toBe(true);
    expect(needsExistingReporters(ds, { reporters: ['H01'] })).toBe(false);
    expect(needsExistingReporters(byDay, { reporters: [] })).toBe(false);
    const existing = new Map([
      ['["2020-11-01"]', 'H02'],
      ['["2020-11-02"]', 'H01'],
    ]);
    expect(scopeProblems(byDay, { reporters: ['H01'] }, [row('H01', '["2020-11-01"]'), row('H01', '["2020-11-02"]'), row('H01', '["2020-11-03"]')], [1, 2, 3], existing)).toEqual([
      { row: 1, field: 'etablissement', message: 'this row already exists for reporter "H02" (Clinique du Sud), and this token reports only for "H01" (Hôpital du Nord)' },
    ]);
  });
});

describe('a reporter-scoped token can never change another reporter’s rows (fast-check)', () => {
  const id = fc.constantFrom('H01', 'H02', 'H03', 'H04');
  it('every row that passes the check is new or already its own, and names one of its reporters', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(id, { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ key: fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5'), reporter: fc.option(id, { nil: null }) }), { maxLength: 8 }),
        fc.array(fc.tuple(fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5'), fc.option(id, { nil: null })), { maxLength: 5 }),
        fc.boolean(),
        (scope, pushed, stored, keyHasReporter) => {
          const d = { ...ds, key: keyHasReporter ? ['etablissement', 'jour'] : ['jour'] };
          const existing = new Map(stored);
          const token = { reporters: scope };
          const rows = pushed.map((r) => ({ ...r, data: {} }));
          const problems = scopeProblems(
            d,
            token,
            rows,
            rows.map((_, i) => i + 1),
            needsExistingReporters(d, token) ? existing : new Map(),
          );
          const refused = new Set(problems.map((p) => p.row));
          rows.forEach((r, i) => {
            if (refused.has(i + 1)) return;
            // Accepted: it names one of the token's reporters…
            expect(scope).toContain(r.reporter);
            // …and, when the key cannot tell the reporter, it replaces nothing of another reporter.
            if (!keyHasReporter && existing.has(r.key)) expect(scope).toContain(existing.get(r.key));
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
