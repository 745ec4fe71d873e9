// The pure parts of the cross-process event fan-out: grouping rows read back into one event per
// committed batch, and reading notification payloads.
import { describe, expect, it } from 'vitest';
import { eventsFromRows, LocalFanout } from '../../../src/live/hub.ts';
import { parseNotification } from '../../../src/live/pg-fanout.ts';
import { RateLimiter } from '../../../src/live/rate-limit.ts';
import type { LiveRow } from '../../../src/live/store.ts';

const row = (seq: number, arrived = `t${seq}`): LiveRow => ({ seq, arrived, data: { n: seq } });

describe('eventsFromRows', () => {
  it('one event per notified batch, id = its last row', () => {
    // Batches ending at 3 and 7 (seqs of other datasets, 4 and 6, are not ours).
    const events = eventsFromRows([row(1), row(2), row(3), row(5), row(7)], [3, 7]);
    expect(events).toEqual([
      { id: 3, arrived: 't3', rows: [{ n: 1 }, { n: 2 }, { n: 3 }] },
      { id: 7, arrived: 't7', rows: [{ n: 5 }, { n: 7 }] },
    ]);
  });

  it('rows committed after the last notification received form one more event', () => {
    expect(eventsFromRows([row(4), row(8), row(9)], [4]).map((e) => e.id)).toEqual([4, 9]);
    expect(eventsFromRows([row(4), row(8)], []).map((e) => e.id)).toEqual([8]);
  });

  it('a batch whose rows were all overwritten since gives no event, and ids follow the rows', () => {
    // Batch 1..3 was rewritten by batch 4..6; batch 10's row 10 was overwritten by 12, its row 9 is kept.
    const events = eventsFromRows([row(4), row(5), row(6), row(9), row(12)], [3, 6, 10, 12]);
    expect(events.map((e) => [e.id, e.rows.length])).toEqual([
      [6, 3],
      [9, 1],
      [12, 1],
    ]);
  });

  it('every row is in exactly one event, in seq order, whatever the notified ends', () => {
    const rows = [2, 3, 5, 8, 13, 21, 34].map((s) => row(s));
    for (const ends of [[], [1], [2], [5, 6], [3, 13, 40], [34], [100]]) {
      const events = eventsFromRows(rows, ends);
      expect(events.flatMap((e) => e.rows)).toEqual(rows.map((r) => r.data));
      const ids = events.map((e) => e.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.at(-1)).toBe(34);
    }
  });

  it('a retraction is an event of its own, in its place, never merged with writes', () => {
    const retracted = (seq: number): LiveRow => ({ ...row(seq), retracted: true });
    // Batch 1..2 written, 3..4 retracted (one request), 5 written; all notified as one range.
    const events = eventsFromRows([row(1), row(2), retracted(3), retracted(4), row(5)], [5]);
    expect(events).toEqual([
      { id: 2, arrived: 't2', rows: [{ n: 1 }, { n: 2 }] },
      { id: 4, arrived: 't4', rows: [], retracted: [{ n: 3 }, { n: 4 }] },
      { id: 5, arrived: 't5', rows: [{ n: 5 }] },
    ]);
  });

  it('no rows, no event', () => {
    expect(eventsFromRows([], [5])).toEqual([]);
  });
});

describe('parseNotification', () => {
  it('reads dataset, seq and schema; refuses anything else', () => {
    expect(parseNotification('{"d":"lits","s":42,"n":"public"}')).toEqual({ dataset: 'lits', seq: 42, schema: 'public' });
    for (const bad of [undefined, '', 'lits', '{"d":"lits","s":"42","n":"public"}', '{"d":"lits","s":1.5,"n":"public"}', '{"d":"lits","s":4}', '{"s":4,"n":"public"}']) {
      expect(parseNotification(bad)).toBeUndefined();
    }
  });
});

describe('LocalFanout (one process)', () => {
  it('a committed batch reaches the subscribers of its dataset only', () => {
    const fanout = new LocalFanout();
    const got: number[] = [];
    const off = fanout.subscribe('a', (e) => got.push(e.id));
    fanout.subscribe('b', () => got.push(-1));
    fanout.committed('a', { id: 1, arrived: null, rows: [] });
    off();
    fanout.committed('a', { id: 2, arrived: null, rows: [] });
    expect(got).toEqual([1]);
    expect(fanout.health().ok).toBe(true);
  });
});

describe('RateLimiter (in memory)', () => {
  it('allows the burst, then one request per refill interval, with the seconds to wait', async () => {
    const limiter = new RateLimiter(60, 2);
    expect(await limiter.take('t', 0)).toBe(0);
    expect(await limiter.take('t', 0)).toBe(0);
    expect(await limiter.take('t', 0)).toBe(1);
    expect(await limiter.take('other', 0)).toBe(0);
    expect(await limiter.take('t', 1000)).toBe(0);
    expect(await limiter.take('t', 1000)).toBe(1);
  });
});
