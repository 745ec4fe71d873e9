// The child of tests/unit/lib/pool.test.ts: a task that holds its process without ever yielding.
import { serveTasks, type Handlers } from '../../../src/lib/pool.ts';

/** Busy for `ms` milliseconds, synchronously (as a small file's check is): the process's id. */
export const poolTestHandlers: Handlers = {
  spin: async (ms: number) => {
    const end = Date.now() + ms;
    while (Date.now() < end);
    return process.pid;
  },
};

if (process.send) serveTasks(poolTestHandlers);
