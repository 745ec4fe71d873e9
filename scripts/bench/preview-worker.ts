// One run of the preview benchmark in its own process: derive the preview (chart data, first
// rows, statistics, typed JSON and spreadsheet CSV) of a CSV, as the build does.
// Usage: node --import tsx scripts/bench/preview-worker.ts <csv> <cacheDir>
// Prints one JSON line: {rows, ms, maxRss} (ms covers the work only, not start-up).
import { checkTableSchema } from '../../src/tableschema/index.ts';
import { deriveResource } from '../../src/preview/derive.ts';
import { resolveCharts } from '../../src/preview/spec.ts';
import { BIG_CSV_SCHEMA } from './generate.ts';

const [path, cacheDir] = process.argv.slice(2);
if (!path || !cacheDir) {
  console.error('usage: preview-worker.ts <csv> <cacheDir>');
  process.exit(2);
}
const schema = checkTableSchema(BIG_CSV_SCHEMA).schema!;
// The hospital dashboard's charts: national total by day, per département, and the map's data.
const charts = resolveCharts(
  [{ name: 'big', tabular: true, fields: schema.fields }],
  [
    { type: 'line', x: 'jour', y: ['hosp', 'rea'], filter: { sexe: 0 } },
    { type: 'line', x: 'jour', y: ['rea'], series: 'dep', filter: { sexe: 0 } },
    { type: 'map', layer: 'departements', key: 'dep', y: ['rea'], aggregate: 'last', filter: { sexe: 0 } },
  ],
);
const t = performance.now();
const p = await deriveResource({ path, resource: 'big', relPath: 'big.csv', schema, charts, locale: 'fr-FR' }, cacheDir);
const ms = performance.now() - t;
console.log(JSON.stringify({ rows: p.rows, ms, maxRss: process.resourceUsage().maxRSS * 1024 }));
