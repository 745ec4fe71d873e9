// Build step between validation and `astro build`: compute the preview of every data file
// (chart data, first rows, column statistics, derived downloads) into the cache, once.
// Files already in the cache (same content — SHA-256 —, schema, dialect, charts) are not read again.
// `npm run build` runs this step in the validating process (scripts/prepare.ts).
import { loadContent } from '../src/content/load.ts';
import { contentRoot, useBuildChecksums } from '../src/site/catalog.ts';
import { runDerive } from './cli.ts';

useBuildChecksums();
const { catalog } = loadContent(contentRoot());
if (!catalog) {
  console.error('derive: the content folder is not valid; run "npm run validate".');
  process.exit(1);
}
await runDerive(catalog);
