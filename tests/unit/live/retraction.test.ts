import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalFanout, type RowEvent } from '../../../src/live/hub.ts';
import { retractAndAnnounce } from '../../../src/live/retraction.ts';
import { SqliteStore } from '../../../src/live/sqlite-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const row = (day: string, n: number) => ({ key: JSON.stringify(['H01', day]), data: { etablissement: 'H01', jour: day, lits: n }, reporter: 'H01' });
const author = { token: 't1', reason: 'wrong day' };

describe('retractions in a real SQLite file', () => {
  it('take the next number after every write, are read back in order, and a later write (after a restart too) comes after them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'retract-'));
    dirs.push(dir);
    const file = join(dir, 'live.sqlite');
    let store = new SqliteStore(file);
    await store.migrate();
    const written = await store.upsertRows({ dataset: 'd', rows: [row('2020-11-01', 5), row('2020-11-02', 6)], arrived: '2020-11-02T08:00:00.000Z' });
    const events: RowEvent[] = [];
    const fanout = new LocalFanout();
    fanout.subscribe('d', (e) => events.push(e));
    const result = await retractAndAnnounce(store, fanout, {
      dataset: 'd',
      keys: [JSON.stringify(['H01', '2020-11-02']), JSON.stringify(['H01', '1999-01-01'])],
      at: '2020-11-02T09:00:00.000Z',
      author,
    });
    // The key that was not there counts for nothing.
    expect(result).toEqual({ retracted: 1, seq: written.seq + 1, rows: [{ etablissement: 'H01', jour: '2020-11-02', lits: 6 }] });
    expect(events).toEqual([{ id: written.seq + 1, arrived: '2020-11-02T09:00:00.000Z', rows: [], retracted: result.rows }]);
    // Nothing retracted: no number taken, no event.
    expect((await retractAndAnnounce(store, fanout, { dataset: 'd', keys: [JSON.stringify(['H01', '2020-11-02'])], at: '2020-11-02T09:01:00.000Z', author })).retracted).toBe(0);
    expect(events).toHaveLength(1);
    const since = await store.rowsSince('d', 0);
    expect(since.map((r) => [r.seq, r.retracted === true, r.data.jour])).toEqual([
      [1, false, '2020-11-01'],
      [result.seq, true, '2020-11-02'],
    ]);
    expect(await store.lastSeq('d')).toBe(result.seq);
    // The retraction holds the highest number: after a restart, the next write still comes after it.
    await store.close();
    store = new SqliteStore(file);
    await store.migrate();
    const again = await store.upsertRows({ dataset: 'd', rows: [row('2020-11-02', 7)], arrived: '2020-11-02T10:00:00.000Z' });
    expect(again.seq).toBeGreaterThan(result.seq);
    expect((await store.rowsSince('d', result.seq)).map((r) => r.data.lits)).toEqual([7]);
    // The audit log keeps the retraction with its reason.
    expect((await store.readAudit('d')).filter((a) => a.action === 'retract').map((a) => a.reason)).toEqual(['wrong day']);
    await store.close();
  });
});
