// Benchmark: raw csv-parse vs validateTable on a generated 1,000,000-row CSV (os.tmpdir()).
// Prints rows/s and peak RSS; asserts nothing. Run: npx tsx scripts/bench-validate.ts [rows]
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { validateTable } from '../src/tableschema/index.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const path = join(tmpdir(), `bench-validate-${process.pid}.csv`);

async function generate(): Promise<void> {
  const out = createWriteStream(path);
  out.write('dep;sexe;jour;hosp;rea;taux;commentaire\r\n');
  for (let i = 0; i < ROWS; i++) {
    const d = new Date(Date.UTC(2020, 2, 18) + (i % 3000) * 86400000).toISOString().slice(0, 10);
    const line = `"${String(i % 101).padStart(2, '0')}";${i % 3};${d};${i % 500};${i % 50};${(i % 1000) / 10};"ligne ${i}"\r\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const mb = (n: number): string => `${(n / 1048576).toFixed(0)} MB`;

async function measure(name: string, fn: () => Promise<number>): Promise<string[]> {
  peak = process.memoryUsage().rss;
  const t = performance.now();
  const rows = await fn();
  const s = (performance.now() - t) / 1000;
  return [name, rows.toLocaleString('en-US'), `${s.toFixed(1)} s`, `${Math.round(rows / s).toLocaleString('en-US')} rows/s`, mb(peak)];
}

const schema = {
  fields: [
    { name: 'dep', type: 'string', constraints: { required: true, pattern: '\\d{2}' } },
    { name: 'sexe', type: 'integer', constraints: { enum: [0, 1, 2] } },
    { name: 'jour', type: 'date', constraints: { minimum: '2020-01-01' } },
    { name: 'hosp', type: 'integer', constraints: { minimum: 0 } },
    { name: 'rea', type: 'integer', constraints: { minimum: 0 } },
    { name: 'taux', type: 'number', constraints: { maximum: 100 } },
    { name: 'commentaire', type: 'string' },
  ],
};

await generate();
const results: string[][] = [];
results.push(await measure('csv-parse only', async () => {
  let n = 0;
  for await (const _ of createReadStream(path).pipe(parse({ delimiter: ';' }))) n++;
  return n - 1;
}));
results.push(await measure('validateTable', async () => (await validateTable({ path, schema })).rows));
results.push(await measure('validateTable + primaryKey', async () =>
  (await validateTable({ path, schema: { ...schema, fields: [...schema.fields], primaryKey: ['commentaire'] } })).rows));
clearInterval(sampler);
rmSync(path);
const head = ['run', 'rows', 'time', 'speed', 'peak RSS'];
const widths = head.map((h, i) => Math.max(h.length, ...results.map((r) => r[i]!.length)));
for (const r of [head, ...results]) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
