// npm run import -- <source> [--content DIR]: another portal's metadata into a content folder
// (JKAN _datasets/*.md, CKAN package_search/package_show JSON, DCAT-AP Turtle/RDF-XML/JSON-LD).
// Prints one line per dataset: imported, updated, with warnings, or skipped and why.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readSource } from '../src/import/read.ts';
import { ImportSourceError } from '../src/import/types.ts';
import { importDatasets } from '../src/import/write.ts';
import { contentRoot } from '../src/site/catalog.ts';

const USAGE = 'usage: npm run import -- <source file or folder> [--content DIR]';
let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { content: { type: 'string' } } });
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (parsed.positionals.length !== 1) {
  console.error(USAGE);
  process.exit(2);
}
const started = performance.now();
try {
  const { kind, datasets } = await readSource(resolve(parsed.positionals[0]!));
  const root = parsed.values.content ? resolve(parsed.values.content) : contentRoot();
  const report = importDatasets(datasets, root);
  for (const e of report) {
    if (e.status === 'skipped') console.log(`skipped  ${e.origin}: ${e.reason}`);
    else console.log(`${e.status}${e.warnings.length ? ' with warnings' : ''}  datasets/${e.slug}/ (${e.sourceId})${e.warnings.map((w) => `\n    - ${w}`).join('')}`);
  }
  const count = (s: string) => report.filter((e) => e.status === s).length;
  const warned = report.filter((e) => e.status !== 'skipped' && e.warnings.length > 0).length;
  console.log(`✓ ${kind}: ${count('imported')} imported, ${count('updated')} updated (${warned} with warnings), ${count('skipped')} skipped in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (e) {
  if (e instanceof ImportSourceError) {
    console.error(`✗ ${e.message}`);
    process.exit(1);
  }
  console.error(`✗ ${(e as Error).message}`);
  process.exit(1);
}
