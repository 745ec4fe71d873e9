// The build's worker thread (src/lib/in-worker.ts): it runs the tasks it is sent, one after the
// other, each an exported function of the portal's TypeScript called with its input. A script, not
// TypeScript: under Node 20 a worker does not inherit the loader of its process (tsx), so it
// registers it itself before importing any module (a plain `astro build`, whose config Vite
// loads, gets tsx here too).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
// A full collection between tasks: an idle thread keeps its garbage (the search documents, the
// index's JSON: 200 MB at 10,000 datasets) until V8 collects on its own, which the build's peak
// memory, summed over the process, would count.
const { collectNow } = await import('./collect.ts');
let chain = Promise.resolve();
parentPort.on('message', ({ id, module, name, input, state }) => {
  // In the order sent, without waiting for the main thread, which may be busy for seconds.
  chain = chain.then(async () => {
    // Taken back by the main thread, which had nothing else left to do (runUnstartedHere).
    if (Atomics.compareExchange(state, 0, 0, 1) !== 0) {
      parentPort.postMessage({ id, skipped: true });
      return;
    }
    try {
      const fn = (await import(module))[name];
      parentPort.postMessage({ id, result: await fn(input) });
    } catch (e) {
      parentPort.postMessage({ id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
    collectNow();
  });
});
