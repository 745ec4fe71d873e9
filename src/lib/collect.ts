// A full garbage collection between the build's phases. V8 grows its heap with the allocation
// rate and collects late: at 10,000 datasets the page step began at 770 MB resident of which
// about 120 MB were live (what writing the runtime files left behind), and its own peak came on
// top. One collection per phase (a few per build, a fraction of a second each) starts each phase
// from what is live. The flag is set the way Jest's --logHeapUsage does it, with no command-line
// flag needed (`npm run build` starts this process through tsx).
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * Below this much heap in use, no collection: a rebuild after one publish keeps its heap small
 * and would spend a second of its time in ten collections that give little back (each one
 * 50–150 ms at 10,000 datasets); V8 still collects on its own.
 */
export const COLLECT_ABOVE_BYTES = 256 * 1024 * 1024;

export function collectGarbage(): void {
  if (getHeapStatistics().used_heap_size < COLLECT_ABOVE_BYTES) return;
  collectNow();
}

/** A full collection whatever the heap holds (the build's worker thread between tasks, src/lib/worker-entry.mjs). */
export function collectNow(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
