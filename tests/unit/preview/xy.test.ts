import { describe, expect, it } from 'vitest';
import { planXY, rowKey, upsertRows, xyFromObjects, type XYSpec } from '../../../src/preview/xy.ts';

const fields = ['etablissement', 'jour', 'lits_occupes', 'lits_total'];
const line: XYSpec = { type: 'line', x: 'jour', xType: 'date', y: ['lits_occupes', 'lits_total'], aggregate: 'sum', filter: {} };
const rows = [
  { etablissement: 'H01', jour: '2020-11-01', lits_occupes: 12, lits_total: 20 },
  { etablissement: 'H01', jour: '2020-11-02', lits_occupes: 14, lits_total: 20 },
  { etablissement: 'H02', jour: '2020-11-01', lits_occupes: 5, lits_total: 10 },
];
const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

describe('xyFromObjects', () => {
  it('aggregates object rows exactly as the build aggregates arrays', () => {
    const data = xyFromObjects(line, fields, rows);
    expect(data.total[0]).toEqual([
      [day('2020-11-01'), 17],
      [day('2020-11-02'), 14],
    ]);
    expect(data.total[1]).toEqual([
      [day('2020-11-01'), 30],
      [day('2020-11-02'), 20],
    ]);
    const plan = planXY(line, new Map(fields.map((f, i) => [f, i])));
    for (const r of rows) plan.add(fields.map((f) => r[f as keyof typeof r]));
    expect(plan.finish()).toEqual(data);
  });

  it('applies the filter, series and bar categories', () => {
    expect(xyFromObjects({ ...line, filter: { etablissement: 'H02' } }, fields, rows).total[0]).toEqual([[day('2020-11-01'), 5]]);
    const grouped = xyFromObjects({ ...line, series: 'etablissement' }, fields, rows);
    expect(grouped.groups?.map((g) => g.id)).toEqual(['H01', 'H02']);
    const bar = xyFromObjects({ ...line, type: 'bar', x: 'etablissement', xType: 'string', y: ['lits_occupes'] }, fields, rows);
    expect(bar.categories).toEqual([
      { x: 'H01', values: [26] },
      { x: 'H02', values: [5] },
    ]);
  });

  it('treats missing fields as null', () => {
    expect(xyFromObjects(line, fields, [{ etablissement: 'H03', jour: '2020-11-05' }]).total[0]).toEqual([]);
  });
});

describe('upsertRows', () => {
  it('inserts new keys and replaces existing ones (the last row of a key wins)', () => {
    const byKey = new Map<string, Record<string, unknown>>();
    expect(upsertRows(byKey, rows, ['etablissement', 'jour'])).toBe(3);
    const update = { etablissement: 'H01', jour: '2020-11-01', lits_occupes: 1, lits_total: 20 };
    expect(upsertRows(byKey, [update, { ...update, lits_occupes: 2 }], ['etablissement', 'jour'])).toBe(0);
    expect(byKey.size).toBe(3);
    expect(byKey.get(rowKey(update, ['etablissement', 'jour']))?.lits_occupes).toBe(2);
  });
});
