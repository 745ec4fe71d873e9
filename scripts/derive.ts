// Build step between validation and `astro build`: compute the preview of every data file
// (chart data, first rows, column statistics, derived downloads) into the cache, once.
// Files already in the cache (same path, size, mtime, schema, charts) are not read again.
import { loadContent } from '../src/content/load.ts';
import { ensureFigures } from '../src/dashboards/derive.ts';
import { ensurePreviews } from '../src/preview/store.ts';
import { contentRoot } from '../src/site/catalog.ts';

const started = Date.now();
const { catalog } = loadContent(contentRoot());
if (!catalog) {
  console.error('derive: the content folder is not valid; run "npm run validate".');
  process.exit(1);
}
const result = await ensurePreviews(catalog, (s) => console.log(s));
console.log(`✓ previews: ${result.derived} computed (${result.rows.toLocaleString('en-US')} rows), ${result.cached} from cache in ${((Date.now() - started) / 1000).toFixed(1)} s`);
const figuresStarted = Date.now();
const figures = await ensureFigures(catalog.dashboards, catalog.datasets);
if (catalog.dashboards.length > 0) console.log(`✓ dashboard figures: ${figures.computed} computed, ${figures.cached} from cache in ${((Date.now() - figuresStarted) / 1000).toFixed(1)} s`);
