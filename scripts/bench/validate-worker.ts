// One run of the validation benchmark in its own process, so each has its own peak memory.
// Usage: node --import tsx scripts/bench/validate-worker.ts raw|validate|validate-pk <csv>
// Prints one JSON line: {rows, ms, maxRss} (ms covers the work only, not start-up).
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { validateTable } from '../../src/tableschema/index.js';
import { BIG_CSV_SCHEMA } from './generate.ts';

const [mode, path] = process.argv.slice(2);
if (!path || !['raw', 'validate', 'validate-pk'].includes(mode ?? '')) {
  console.error('usage: validate-worker.ts raw|validate|validate-pk <csv>');
  process.exit(2);
}

const t = performance.now();
let rows: number;
let errors = 0;
if (mode === 'raw') {
  let n = 0;
  for await (const _ of createReadStream(path).pipe(parse({ delimiter: ';' }))) n++;
  rows = n - 1;
} else {
  const schema = mode === 'validate-pk' ? { ...BIG_CSV_SCHEMA, primaryKey: ['commentaire'] } : BIG_CSV_SCHEMA;
  const summary = await validateTable({ path, schema });
  rows = summary.rows;
  errors = summary.errors;
}
const ms = performance.now() - t;
console.log(JSON.stringify({ rows, errors, ms, maxRss: process.resourceUsage().maxRSS * 1024 }));
