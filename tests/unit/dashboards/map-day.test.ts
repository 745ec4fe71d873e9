// The map at another day: the `day` field checked against an indicator's days, that day's CSV,
// and the server's figures files kept in memory within a bound (real files in a temporary dist).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseDay, dayCsv, dayRows, isDay, lastDayWithValue } from '../../../src/dashboards/map-day.ts';

const dates = ['2020-11-01', '2020-11-02', '2020-11-03'];

describe('the day field', () => {
  it('accepts only a real day written YYYY-MM-DD among the days with figures', () => {
    expect(chooseDay('2020-11-02', dates)).toEqual({ ok: true, at: 1 });
    expect(chooseDay(' 2020-11-03 ', dates)).toEqual({ ok: true, at: 2 });
    expect(chooseDay(null, dates)).toEqual({ ok: false, status: 400, reason: 'missing' });
    expect(chooseDay('', dates)).toEqual({ ok: false, status: 400, reason: 'missing' });
    for (const bad of ['2020-02-30', '2020-13-01', '02/11/2020', '2020-11-2', 'NaN', '2020-11-02T00:00'])
      expect(chooseDay(bad, dates), bad).toMatchObject({ ok: false, status: 400, reason: 'notDate' });
    expect(chooseDay('2020-10-31', dates)).toEqual({ ok: false, status: 404, reason: 'outOfRange' });
    expect(chooseDay('2020-11-04', dates)).toEqual({ ok: false, status: 404, reason: 'outOfRange' });
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2023-02-29')).toBe(false);
  });

  it('the latest day is the last one on which some territory has a figure', () => {
    expect(
      lastDayWithValue(dates, [
        [1, 2, null],
        [null, 3, null],
      ]),
    ).toBe(1);
    expect(lastDayWithValue(dates, [[null, null, null]])).toBe(-1);
  });

  it("that day's CSV has a row per territory, empty when it has no figure, quoted when needed", () => {
    const rows = dayRows(
      [
        { code: '2A', name: 'Corse-du-Sud' },
        { code: '75', name: 'Paris, "la ville"' },
      ],
      { '2A': 20, '75': null },
    );
    expect(dayCsv(rows)).toBe('code,name,value\r\n2A,Corse-du-Sud,20\r\n75,"Paris, ""la ville""",\r\n');
  });
});

describe('figures files kept by the server', () => {
  const dist = mkdtempSync(join(tmpdir(), 'map-day-'));
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('reads each file once, keeps at most MAX_KEPT of them, and versions them by content', async () => {
    mkdirSync(join(dist, 'portal'), { recursive: true });
    writeFileSync(join(dist, 'portal', 'catalog.json'), JSON.stringify({ builtAt: '2020-11-16T00:00:00.000Z' }));
    const figures = join(dist, 'client', 'dashboards', 'd', 'figures');
    mkdirSync(figures, { recursive: true });
    const write = (i: number, v: number) => writeFileSync(join(figures, `i${i}.json`), JSON.stringify({ dates, territories: { '75': { name: 'Paris', values: [v, v + 1, null] } } }));
    for (let i = 0; i < 20; i++) write(i, i);
    process.env.PORTAL_DIST = dist;
    const { indicatorDays, keptFigures, MAX_KEPT, matchesEtag } = await import('../../../src/server/dashboard-day.ts');
    const first = indicatorDays('d', 'i0');
    expect(first.territories['75']).toEqual([0, 1, null]);
    // Read once: a change on disk is not seen within the same build (the build's files never change).
    write(0, 100);
    expect(indicatorDays('d', 'i0')).toBe(first);
    for (let i = 1; i < 20; i++) indicatorDays('d', `i${i}`);
    expect(keptFigures()).toBe(MAX_KEPT);
    // i0 went first (least recently used): read again, it has the new content and another version.
    const again = indicatorDays('d', 'i0');
    expect(again.territories['75']).toEqual([100, 101, null]);
    expect(again.version).not.toBe(first.version);
    expect(keptFigures()).toBe(MAX_KEPT);
    expect(matchesEtag(`"x", W/"${again.version}-fr-2020-11-01"`, `W/"${again.version}-fr-2020-11-01"`)).toBe(true);
    expect(matchesEtag(`"${again.version}-fr-2020-11-01"`, `W/"${again.version}-fr-2020-11-01"`)).toBe(true);
    expect(matchesEtag(`W/"${again.version}-en-2020-11-01"`, `W/"${again.version}-fr-2020-11-01"`)).toBe(false);
    expect(matchesEtag(null, 'W/"a"')).toBe(false);
    delete process.env.PORTAL_DIST;
  });
});
