// The build's process pool (src/lib/pool.ts) shares work with its children even when this
// process's own share never reaches the event loop (small files: reads from memory, synchronous
// writes), and gives the outputs in input order.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TaskPool } from '../../../src/lib/pool.ts';
import { poolTestHandlers } from './pool-child.ts';

describe('the process pool', () => {
  it('keeps its children busy while this process runs tasks that never yield', async () => {
    const pool = new TaskPool({ module: fileURLToPath(new URL('./pool-child.ts', import.meta.url)), handlers: poolTestHandlers, workers: 2, minRemote: 1 });
    try {
      // 400 tasks of 5 ms: 2 s alone, in batches of 13; a child gets two batches at first.
      const pids = await pool.map<number, number>(
        'spin',
        Array.from({ length: 400 }, () => 5),
      );
      expect(pids).toHaveLength(400);
      const there = pids.filter((pid) => pid !== process.pid).length;
      expect(there).toBe(pool.remote);
      // Without a turn of the event loop between batches, the child's answers wait for this
      // process to run out of work: it gets no more than its first two batches (26 tasks).
      expect(there).toBeGreaterThan(4 * 13);
    } finally {
      await pool.close();
    }
  }, 30_000);

  it('offload: every task runs in the child, even one, none here (a server keeps its event loop)', async () => {
    const pool = new TaskPool({ module: fileURLToPath(new URL('./pool-child.ts', import.meta.url)), handlers: poolTestHandlers, workers: 2, offload: true });
    try {
      const [one] = await pool.map<number, number>('spin', [1]);
      expect(one).not.toBe(process.pid);
      // While the child is busy for 600 ms, this process's event loop turns freely.
      let turns = 0;
      const ticking = setInterval(() => turns++, 10);
      const pids = await pool.map<number, number>('spin', [300, 300]);
      clearInterval(ticking);
      expect(pids.every((pid) => pid === one)).toBe(true);
      expect(pool.remote).toBe(3);
      expect(turns).toBeGreaterThan(20);
    } finally {
      await pool.close();
    }
  }, 30_000);
});
