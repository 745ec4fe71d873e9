import { describe, expect, it } from 'vitest';
import { Accumulator, GroupedAggregation } from '../../../src/preview/aggregate.ts';

describe('aggregation', () => {
  it.each([
    ['sum', 10],
    ['mean', 2.5],
    ['min', 1],
    ['max', 4],
    ['last', 2],
  ] as const)('%s', (op, expected) => {
    const a = new Accumulator(op);
    for (const v of [1, 4, 3, 2]) a.add(v);
    expect(a.value()).toBe(expected);
    expect(new Accumulator(op).value()).toBeNull();
  });

  it('totals across groups per x: sums of group aggregates, or over every row for means', () => {
    const sum = new GroupedAggregation('sum', 2);
    sum.add('75', 1, [10, 1]);
    sum.add('75', 1, [5, null]);
    sum.add('13', 1, [7, 2]);
    sum.add('13', 2, [1, null]);
    expect(Object.fromEntries(sum.totals())).toEqual({ 1: [22, 3], 2: [1, null] });
    expect(
      sum.groups
        .get('75')!
        .get(1)!
        .map((a) => a.value()),
    ).toEqual([15, 1]);
    const last = new GroupedAggregation('last', 1);
    last.add('75', 'd', [10]);
    last.add('75', 'd', [12]);
    last.add('13', 'd', [3]);
    expect(last.totals().get('d')).toEqual([15]);
    const mean = new GroupedAggregation('mean', 1);
    mean.add('a', 0, [1]);
    mean.add('a', 0, [2]);
    mean.add('b', 0, [6]);
    expect(mean.totals().get(0)).toEqual([3]);
  });
});
