// Tasks for tests/unit/lib/in-worker.test.ts, run on the build's worker thread or taken back.
import { isMainThread } from 'node:worker_threads';

/** Busy for `ms`, then which thread ran it. */
export function busy(ms: number): { main: boolean } {
  const until = Date.now() + ms;
  while (Date.now() < until);
  return { main: isMainThread };
}

export function fails(message: string): never {
  throw new Error(message);
}
