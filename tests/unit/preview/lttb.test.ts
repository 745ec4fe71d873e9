import { describe, expect, it } from 'vitest';
import { lttb, type Point } from '../../../src/preview/lttb.ts';

describe('LTTB downsampling', () => {
  const series: Point[] = Array.from({ length: 10_000 }, (_, i) => [i, Math.sin(i / 300) * 100 + (i === 4321 ? 900 : 0) - (i === 7777 ? 800 : 0)]);

  it('keeps at most the threshold, the first and last points and the extremes', () => {
    const out = lttb(series, 1000);
    expect(out).toHaveLength(1000);
    expect(out[0]).toEqual(series[0]);
    expect(out.at(-1)).toEqual(series.at(-1));
    expect(out).toContainEqual(series[4321]);
    expect(out).toContainEqual(series[7777]);
    const xs = out.map((p) => p[0]);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });

  it('leaves short series alone', () => {
    expect(lttb(series.slice(0, 10), 1000)).toEqual(series.slice(0, 10));
    expect(lttb([], 1000)).toEqual([]);
  });
});
