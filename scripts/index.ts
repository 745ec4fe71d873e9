// npm run index: push the catalog to the configured search backend.
// With MEILI_URL (and MEILI_API_KEY, an admin key), fills a new Meilisearch index
// and swaps it in without downtime. Without it, the embedded index is part of
// `npm run build`, and this says so.
import { loadContent } from '../src/content/load.ts';
import { formatIssue } from '../src/content/issues.ts';
import { catalogDocuments, searchSettings } from '../src/search/documents.ts';
import { MeiliSearchBackend, SearchServiceError } from '../src/search/meilisearch.ts';
import { contentRoot } from '../src/site/catalog.ts';

const url = process.env.MEILI_URL;
if (!url) {
  console.log('MEILI_URL is not set: the portal uses its embedded search engine, whose index is built by "npm run build" (and "npm start").');
  console.log('To use Meilisearch, set MEILI_URL (and MEILI_API_KEY, an admin key) and run "npm run index" again.');
  process.exit(0);
}

const { catalog, issues } = loadContent(contentRoot());
if (!catalog || issues.length > 0) {
  for (const issue of issues) console.error(formatIssue(issue));
  console.error('Indexing stopped: fix the content errors above (npm run validate lists them).');
  process.exit(1);
}

const backend = new MeiliSearchBackend({ url, apiKey: process.env.MEILI_API_KEY, index: process.env.MEILI_INDEX || 'datasets' });
const documents = catalogDocuments(catalog);
const started = Date.now();
try {
  await backend.applySettings(searchSettings(catalog));
  let last = 0;
  await backend.replaceAll(documents, (done, total) => {
    const percent = Math.floor((done / total) * 100);
    if (percent >= last + 10 || done === total) {
      last = percent;
      console.log(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} documents (${percent}%)`);
    }
  });
  const health = await backend.health();
  console.log(
    `✓ indexed ${catalog.datasets.length} datasets (${documents.length} documents, one per language) in ${((Date.now() - started) / 1000).toFixed(1)} s; the index holds ${health.documents ?? '?'} documents`,
  );
} catch (e) {
  console.error(`✗ ${e instanceof SearchServiceError ? e.message : (e as Error).stack}`);
  process.exit(1);
}
