// The typed-array accumulator (src/dashboards/accumulate.ts) against a plain one written for
// clarity, not speed: one object per day and group, as the accumulator was before it was made
// cheaper. Both must give the same figures, to the last bit, on the example files and on the
// corner cases (counts with empty values, min and max, shares, filters on numbers, datetimes,
// reporters written as numbers and as text, no date column).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IndicatorConfig } from '../../../src/config/dashboard.ts';
import { loadContent } from '../../../src/content/load.ts';
import { IndicatorAccumulator, type Columns } from '../../../src/dashboards/accumulate.ts';
import { codeMapper, type CodeMapper } from '../../../src/dashboards/codes.ts';
import { dayRange } from '../../../src/dashboards/dates.ts';
import { resourceOf } from '../../../src/dashboards/derive.ts';
import type { IndicatorData } from '../../../src/dashboards/types.ts';
import { openTypedRows } from '../../../src/tableschema/index.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** What the accumulator must give, computed the plain way. */
function plain(indicator: IndicatorConfig, cols: Columns, mapCode: CodeMapper, rows: readonly (readonly unknown[])[]): IndicatorData {
  type Acc = { sum: number; count: number; min: number; max: number; den: number };
  const groups = { total: new Map<string, Acc>(), territory: new Map<string, Map<string, Acc>>(), reporter: new Map<string, Map<string, Acc>>() };
  const acc = (m: Map<string, Acc>, day: string, v: number | null, den: number | null) => {
    let a = m.get(day);
    if (!a) m.set(day, (a = { sum: 0, count: 0, min: Infinity, max: -Infinity, den: 0 }));
    a.count++;
    if (v !== null) {
      a.sum += v;
      a.min = Math.min(a.min, v);
      a.max = Math.max(a.max, v);
    }
    if (den !== null) a.den += den;
  };
  const sub = (m: Map<string, Map<string, Acc>>, k: string) => m.get(k) ?? m.set(k, new Map()).get(k)!;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  let n = 0;
  for (const row of rows) {
    if (cols.filter.some(([i, v]) => i < 0 || row[i] === null || row[i] === undefined || String(row[i]) !== v)) continue;
    const cell = cols.date >= 0 ? row[cols.date] : '';
    if (typeof cell !== 'string') continue;
    const v = cols.value >= 0 ? num(row[cols.value]) : null;
    if (v === null && indicator.aggregate !== 'count') continue;
    const den = cols.share >= 0 ? num(row[cols.share]) : null;
    n++;
    const day = cell.slice(0, 10);
    acc(groups.total, day, v, den);
    const code = cols.territory >= 0 ? mapCode(row[cols.territory]) : null;
    if (code !== null) acc(sub(groups.territory, code), day, v, den);
    const who = cols.reporter >= 0 ? row[cols.reporter] : null;
    if (who !== null && who !== undefined) acc(sub(groups.reporter, String(who)), day, v, den);
  }
  const keys = [...groups.total.keys()].sort();
  const dates = cols.date < 0 ? [''] : keys.length ? dayRange(keys[0]!, keys[keys.length - 1]!) : [];
  const value = (a: Acc | undefined) => {
    if (!a) return null;
    if (cols.share >= 0) return a.den > 0 ? (a.sum / a.den) * 100 : null;
    if (indicator.aggregate === 'count') return a.count;
    if (indicator.aggregate === 'mean') return a.sum / a.count;
    if (indicator.aggregate === 'min') return Number.isFinite(a.min) ? a.min : null;
    if (indicator.aggregate === 'max') return Number.isFinite(a.max) ? a.max : null;
    return a.sum;
  };
  const series = (m: Map<string, Acc>) => dates.map((d) => value(m.get(d)));
  const territories = Object.fromEntries([...groups.territory].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, m]) => [k, series(m)]));
  const out: IndicatorData = { id: indicator.id, dates, total: series(groups.total), territories, codes: Object.keys(territories), rows: n };
  if (cols.reporter >= 0) out.reporters = Object.fromEntries([...groups.reporter].map(([k, m]) => [k, series(m)]));
  return out;
}

function both(indicator: Partial<IndicatorConfig>, cols: Partial<Columns>, rows: unknown[][], mapCode: CodeMapper = codeMapper(undefined)) {
  const ind = { id: 'x', aggregate: 'sum', ...indicator } as IndicatorConfig;
  const c: Columns = { value: 0, date: 1, territory: -1, share: -1, reporter: -1, filter: [], ...cols };
  const a = new IndicatorAccumulator(ind, c, mapCode);
  for (const r of rows) a.add(r);
  return { fast: a.finish(), plain: plain(ind, c, mapCode, rows) };
}

describe('indicator accumulator', () => {
  // value, day, territory, share, reporter, sexe
  const rows: unknown[][] = [
    [3, '2020-03-20', '01', 10, 'A', 0],
    [null, '2020-03-20', '01', 5, 1, 0],
    [5, '2020-03-18T12:00:00Z', '2A', 20, 'A', '0'],
    [-2, '2020-03-18', '2A', null, '1', 1],
    [7.5, '2020-03-22', 75, 0, null, 0],
    [1, 42, '01', 3, 'B', 0],
    [2, '2020-03-20', null, 3, 'B', 0],
    [0.1, '2020-03-19', '01', 1, 'A', 0],
    [0.2, '2020-03-19', '01', 1, 'A', 0],
  ];
  const cols = { territory: 2, share: -1, reporter: 4 };
  it.each(['sum', 'mean', 'min', 'max', 'count'] as const)('%s: the same series as the plain way, gaps and all', (aggregate) => {
    const { fast, plain } = both({ aggregate }, cols, rows);
    expect(fast).toEqual(plain);
    expect(fast.dates).toEqual(['2020-03-18', '2020-03-19', '2020-03-20', '2020-03-21', '2020-03-22']);
    expect(fast.total[3]).toBeNull(); // a day without rows is no zero
  });
  it('count: a row without a value still counts', () => {
    const { fast } = both({ aggregate: 'count' }, cols, rows);
    expect(fast.total[2]).toBe(3); // 2020-03-20: 3, null, 2
    expect(fast.reporters).toEqual({ A: [1, 2, 1, null, null], '1': [1, null, 1, null, null], B: [null, null, 1, null, null] });
  });
  it('share of a total, a filter on a number cell, a pattern and padding for codes', () => {
    const { fast, plain } = both({}, { ...cols, share: 3, filter: [[5, '0']] }, rows, codeMapper({ pad: 3 }));
    expect(fast).toEqual(plain);
    expect(fast.codes).toEqual(['001', '075', '2A']); // "2A" is no number: never padded
    expect(fast.total[0]).toBe(25); // 5 / 20 × 100: the sexe = 1 row is filtered out
  });
  it('without a date column: one value for everything', () => {
    const { fast, plain } = both({}, { date: -1 }, rows);
    expect(fast).toEqual(plain);
    expect(fast.dates).toEqual(['']);
  });
  it('no rows: no days', () => {
    const { fast, plain } = both({}, cols, []);
    expect(fast).toEqual(plain);
    expect(fast.dates).toEqual([]);
  });

  it('every indicator of the example dashboard: the same figures as the plain way', async () => {
    const { catalog } = loadContent(join(ROOT, 'content'));
    const dashboard = catalog!.dashboards.find((d) => d.id === 'covid-19')!;
    expect(dashboard.indicators.length).toBeGreaterThanOrEqual(6);
    for (const ind of dashboard.indicators) {
      const { dataset, resource } = resourceOf(catalog!.datasets, ind.dataset, ind.resource);
      const typed = await openTypedRows(resource!.absPath, resource!.tableSchema!, resource!.dialect);
      const rows: unknown[][] = [];
      for await (const row of typed) rows.push([...row]);
      await typed.close();
      const col = (name: string | undefined) => (name === undefined ? -1 : (typed.index.get(name) ?? -1));
      const live = dataset!.config.live;
      const c: Columns = {
        value: col(ind.value),
        date: col(ind.date),
        territory: col(ind.territory),
        share: col(ind.share),
        reporter: live && live.resource === resource!.name ? col(live.reporter) : -1,
        filter: Object.entries(ind.filter ?? {}).map(([f, v]) => [col(f), String(v)]),
      };
      const a = new IndicatorAccumulator(ind, c, codeMapper(ind.codes));
      for (const r of rows) a.add(r);
      const fast = a.finish();
      expect(fast.rows, ind.id).toBeGreaterThan(0);
      expect(fast, ind.id).toEqual(plain(ind, c, codeMapper(ind.codes), rows));
    }
  });
});
