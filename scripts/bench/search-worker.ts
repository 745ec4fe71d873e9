// One in-process search measurement, in its own process so memory is its own:
//   search-worker.ts <datasets> <index-file-to-write>
// Prints one JSON line: build time, heap after build, query latencies and recall.
import { writeFileSync } from 'node:fs';
import { EmbeddedSearch } from '../../src/search/embedded.ts';
import { parseSearchParams } from '../../src/search/query.ts';
import { generateDocuments, querySet, type QueryKind } from './search-data.ts';

const n = Number(process.argv[2]);
const out = process.argv[3]!;
const { docs, datasets } = generateDocuments(n);
const languages = ['fr', 'en'];

globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
const engine = new EmbeddedSearch({ languages, defaultLanguage: 'fr', synonyms: {}, stopWords: [] });
await engine.replaceAll(docs);
const buildMs = performance.now() - started;
globalThis.gc?.();
const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
const file = JSON.stringify(engine.toFile());
writeFileSync(out, file);

const queries = querySet(datasets);
// Warm up the JIT on a few queries, as a running server would be.
for (const q of queries.slice(0, 20)) await engine.search(parseSearchParams(new URLSearchParams(q.params), languages).query);
const latencies: number[] = [];
const byKind: Record<string, number[]> = {};
const found: Record<string, [number, number]> = {};
for (const q of queries) {
  const query = parseSearchParams(new URLSearchParams(q.params), languages).query;
  const t = performance.now();
  const r = await engine.search(query);
  const ms = performance.now() - t;
  latencies.push(ms);
  (byKind[q.kind] ??= []).push(ms);
  const entry = (found[q.kind] ??= [0, 0]);
  entry[1]++;
  if (r.hits.some((h) => h.slug === q.target)) entry[0]++;
}
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
const p95ByKind = Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, v.sort((a, b) => a - b)[Math.floor(0.95 * v.length)]]));
const recall = Object.fromEntries(Object.entries(found).map(([k, [hit, total]]) => [k, hit / total])) as Record<QueryKind, number>;
console.log(JSON.stringify({ buildMs, heapMB, p50: pct(50), p95: pct(95), recall, p95ByKind, indexBytes: file.length, queries: queries.length, maxRss: process.resourceUsage().maxRSS * 1024 }));
