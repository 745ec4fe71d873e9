// The search index of a build, made off the build's main thread (src/search/index-file.ts
// writeEmbeddedIndex): MiniSearch's indexing and the 15 MB of JSON at 10,000 datasets are
// seconds of one core the build spends on its exports meanwhile. A script, not TypeScript: under
// Node 20 a worker does not inherit the loader of the process (tsx), so it registers it itself
// before importing the portal's TypeScript.
import { writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

const started = Date.now();
register();
const { indexFileOf } = await import('./index-file.ts');
const { settings, documents, path } = workerData;
writeFileSync(path, JSON.stringify(await indexFileOf(settings, documents)));
parentPort.postMessage({ ms: Date.now() - started });
