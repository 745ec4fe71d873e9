// One run of schema inference in its own process, so its peak memory is its own.
// Usage: node --import tsx scripts/bench/inference-worker.ts <csv>
// Prints one JSON line: {rows, ms, maxRss, fields} (ms covers the inference only, not start-up).
import { inferFile } from '../../src/infer/infer.ts';

const path = process.argv[2];
if (!path) {
  console.error('usage: inference-worker.ts <csv>');
  process.exit(2);
}
const t = performance.now();
const r = await inferFile(path);
const ms = performance.now() - t;
console.log(JSON.stringify({ rows: r.rows, ms, maxRss: process.resourceUsage().maxRSS * 1024, fields: r.schema.fields.map((f) => `${f.name}:${f.type}`), primaryKey: r.schema.primaryKey ?? [] }));
