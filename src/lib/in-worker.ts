// Functions run on the build's one worker thread, for the parts of a build that need no more than
// their input and would otherwise wait for the main thread (placing the data files and derived
// downloads, the search index): the second core works on them while the first writes the exports.
import { Worker } from 'node:worker_threads';

type Pending = { resolve: (value: unknown) => void; reject: (e: Error) => void; name: string };

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
    const p = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) w.unref();
    if (error !== undefined) p?.reject(new Error(`${p.name} on the build's worker thread: ${error}`));
    else p?.resolve(result);
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
 * after the tasks sent before it; its result, cloned back. The promise never rejects unhandled
 * while the caller has not awaited it yet (a build awaits its tasks after its other parts).
 */
export function inWorker<I, O>(module: URL, name: string, input: I): Promise<O> {
  const w = buildWorker();
  const id = ++nextId;
  const done = new Promise<O>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject, name });
  });
  done.catch(() => undefined);
  w.ref();
  w.postMessage({ id, module: module.href, name, input });
  return done;
}
