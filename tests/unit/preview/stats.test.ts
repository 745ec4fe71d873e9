import { describe, expect, it } from 'vitest';
import { ColumnStatsAccumulator, MAX_TRACKED_VALUES } from '../../../src/preview/stats.ts';

describe('column statistics', () => {
  it('numbers: count, missing, distinct, min, max, mean', () => {
    const s = new ColumnStatsAccumulator('n', 'integer');
    for (const v of [3, null, 1, 3, 5, null]) s.add(v);
    expect(s.result()).toEqual({ name: 'n', type: 'integer', count: 4, missing: 2, distinct: 3, min: 1, max: 5, mean: 3 });
  });

  it('dates: min, max and mean as ISO dates', () => {
    const s = new ColumnStatsAccumulator('d', 'date');
    for (const v of ['2020-03-18', '2020-03-20', '2020-03-19']) s.add(v);
    expect(s.result()).toMatchObject({ min: '2020-03-18', max: '2020-03-20', mean: '2020-03-19', distinct: 3 });
  });

  it('strings: most frequent values; distinct capped in bounded memory', () => {
    const s = new ColumnStatsAccumulator('s', 'string');
    for (const v of ['b', 'a', 'b', 'c', 'b', 'a']) s.add(v);
    expect(s.result().top).toEqual([
      ['b', 3],
      ['a', 2],
      ['c', 1],
    ]);
    const many = new ColumnStatsAccumulator('id', 'string');
    for (let i = 0; i < MAX_TRACKED_VALUES * 3; i++) many.add(`v${i}`);
    expect(many.result()).toMatchObject({ count: MAX_TRACKED_VALUES * 3, distinct: MAX_TRACKED_VALUES, distinctMore: true, topApprox: true });
  });
});
