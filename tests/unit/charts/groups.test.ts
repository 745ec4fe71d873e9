import { describe, expect, it } from 'vitest';
import { daySeries } from '../../../src/charts/groups.ts';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('daySeries', () => {
  it('aligns the value fields of a group on the days any of them has', () => {
    const s = daySeries([
      [
        [day('2020-03-19'), 5],
        [day('2020-03-18'), 3],
      ],
      [
        [day('2020-03-18'), 1],
        [day('2020-03-21'), 2],
      ],
    ]);
    expect(s.dates).toEqual(['2020-03-18', '2020-03-19', '2020-03-21']);
    expect(s.values).toEqual([
      [3, 5, null],
      [1, null, 2],
    ]);
  });
  it('is empty for a group without points', () => {
    expect(daySeries([])).toEqual({ dates: [], values: [] });
  });
});
