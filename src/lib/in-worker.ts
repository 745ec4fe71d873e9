// Functions run on the build's one worker thread, for the parts of a build that need no more than
// their input and would otherwise wait for the main thread (placing the data files and derived
// downloads, the search index): the second core works on them while the first writes the exports.
import { Worker } from 'node:worker_threads';

type Pending = {
  resolve: (value: unknown) => void;
  reject: (e: Error) => void;
  name: string;
  /** 0 until taken: 1 by the worker, 2 by the calling thread (runUnstartedHere). */
  state: Int32Array;
  /** The same work on the calling thread, when it may take the task back. */
  here?: () => unknown;
};

let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 0;

function failAll(e: Error): void {
  for (const p of pending.values()) p.reject(new Error(`${p.name} on the build's worker thread: ${e.message}`));
  pending.clear();
}

/**
 * One thread for every task, run one after the other in the order sent. One, not one per task: on
 * two cores, three workers beside the main thread took its core from it about as much as they
 * gave. And the worker takes its next task itself: chaining them from the main thread would wait
 * for that thread, busy for seconds with the exports.
 */
function buildWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./worker-entry.mjs', import.meta.url));
  w.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
    // A task taken back by the calling thread is answered by it (the worker skipped it).
    const p = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) w.unref();
    if (!p) return;
    if (error !== undefined) p.reject(new Error(`${p.name} on the build's worker thread: ${error}`));
    else p.resolve(result);
  });
  w.on('error', (e) => failAll(e));
  w.on('exit', (code) => {
    worker = undefined;
    failAll(new Error(`it stopped (exit ${code})`));
  });
  // An idle worker never keeps the process alive.
  w.unref();
  return (worker = w);
}

/**
 * `module`'s export `name` called with `input` (structured-cloned) on the build's worker thread,
 * after the tasks sent before it; its result, cloned back. With `here` (the same work, on this
 * thread), runUnstartedHere may take the task back if the worker has not started it. The promise
 * never rejects unhandled while the caller has not awaited it yet (a build awaits its tasks after
 * its other parts).
 */
export function inWorker<I, O>(module: URL, name: string, input: I, here?: () => O | Promise<O>): Promise<O> {
  const w = buildWorker();
  const id = ++nextId;
  // Shared with the worker: whichever thread swaps it from 0 first runs the task.
  const state = new Int32Array(new SharedArrayBuffer(4));
  const done = new Promise<O>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject, name, state, here });
  });
  done.catch(() => undefined);
  w.ref();
  w.postMessage({ id, module: module.href, name, input, state });
  return done;
}

/**
 * Run here the tasks the worker has not started yet, the last sent first: a build whose main
 * thread has finished its own parts would otherwise wait for the worker to reach them (a warm
 * 10,000-dataset build waited 3.5 s for the derived downloads, queued behind 20,000 copies).
 */
export async function runUnstartedHere(): Promise<void> {
  for (const [id, task] of [...pending].reverse()) {
    if (!task.here || Atomics.compareExchange(task.state, 0, 0, 2) !== 0) continue;
    pending.delete(id);
    try {
      task.resolve(await task.here());
    } catch (e) {
      task.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
  if (pending.size === 0) worker?.unref();
}
