import { describe, expect, it } from 'vitest';
import { findJumps, isJump, jumpMessage, markConfirmed } from '../../../src/live/jumps.ts';
import type { StoredRowInput } from '../../../src/live/store.ts';

const ds = { jump: { factor: 10, fields: ['lits_occupes'] }, dateField: 'jour' };
const row = (reporter: string, jour: string, lits_occupes: number | null): StoredRowInput => ({
  key: JSON.stringify([reporter, jour]),
  reporter,
  data: { etablissement: reporter, jour, lits_occupes },
});

describe('isJump (hand-computed cases, factor 10)', () => {
  it('larger over smaller beyond the factor; a smaller value under 1 counts as 1', () => {
    expect(isJump(5, 50, 10)).toBe(false); // exactly 10 times: allowed
    expect(isJump(5, 51, 10)).toBe(true);
    expect(isJump(60, 6, 10)).toBe(false);
    expect(isJump(61, 6, 10)).toBe(true);
    expect(isJump(0, 3, 10)).toBe(false); // 3 > 10 × 1? no
    expect(isJump(0, 11, 10)).toBe(true); // 11 > 10 × 1
    expect(isJump(20, 0, 10)).toBe(true); // a drop to nothing
    expect(isJump(0.5, 9, 10)).toBe(false);
    expect(isJump(12, 14, 1.1)).toBe(true); // 14 > 13.2
    expect(isJump(-5, 100, 10)).toBe(false); // negative values are not compared
  });
});

describe('findJumps', () => {
  const stored: Record<string, StoredRowInput[]> = { H01: [row('H01', '2020-11-01', 12), row('H01', '2020-11-02', 14)], H02: [row('H02', '2020-11-01', 5)] };
  // What the store answers: the reporter's row of the latest date before `before`.
  const previous = async (reporter: string, before: string) =>
    (stored[reporter] ?? [])
      .filter((r) => (r.data.jour as string) < before)
      .sort((a, b) => (a.data.jour as string).localeCompare(b.data.jour as string))
      .at(-1)?.data;

  it('compares with the same reporter’s latest earlier row in the store', async () => {
    const jumps = await findJumps(ds, [row('H01', '2020-11-03', 150), row('H02', '2020-11-03', 50), row('H01', '2020-11-04', 140)], [1, 2, 3], previous);
    // H01 11-03: 150 against 14 (11-02) → jump; H02: 50 against 5 → exactly 10, no jump;
    // H01 11-04: against 150 of the same request (later than the store's 14) → no jump.
    expect(jumps).toEqual([{ row: 1, field: 'lits_occupes', value: 150, previous: 14, previousDate: '2020-11-02', factor: 10, reporter: 'H01' }]);
  });

  it('a correction of an earlier day is compared with the day before it, not with itself', async () => {
    expect(await findJumps(ds, [row('H01', '2020-11-02', 200)], [1], previous)).toEqual([
      { row: 1, field: 'lits_occupes', value: 200, previous: 12, previousDate: '2020-11-01', factor: 10, reporter: 'H01' },
    ]);
  });

  it('no previous row, an empty value, or no jump setting: nothing to confirm', async () => {
    expect(await findJumps(ds, [row('H09', '2020-11-03', 999)], [1], previous)).toEqual([]);
    expect(await findJumps(ds, [row('H01', '2020-11-03', null)], [1], previous)).toEqual([]);
    expect(await findJumps({ dateField: 'jour' }, [row('H01', '2020-11-03', 999)], [1], previous)).toEqual([]);
  });

  it('markConfirmed marks only the rows that jumped; the API message names both values and the factor', async () => {
    const rows = [row('H01', '2020-11-03', 150), row('H02', '2020-11-03', 6)];
    const jumps = await findJumps(ds, rows, [1, 2], previous);
    expect(markConfirmed(rows, [1, 2], jumps).map((r) => r.confirmed ?? false)).toEqual([true, false]);
    expect(jumpMessage(jumps[0]!, '"H01" (Hôpital du Nord)')).toBe(
      'lits_occupes (150) is more than 10 times the previous value of reporter "H01" (Hôpital du Nord), 14 on 2020-11-02; if it is right, send the request again with ?confirm=jumps',
    );
    expect(jumpMessage({ ...jumps[0]!, value: 1, previous: 14 }, '"H01"')).toContain('(1) is less than 1/10 of the previous value');
  });
});
