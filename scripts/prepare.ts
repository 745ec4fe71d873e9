// The first step of `npm run build`, in one process and its pool: validate the content folder,
// then derive the previews from the catalog validation loaded (content is read and parsed once).
// The table checks and preview passes the caches lack are shared among the machine's cores
// (scripts/prepare-pool.ts); the report and the files are those of a one-process run. Exit 1
// with every error listed when the content is invalid, 2 when previews could not be computed.
import { runDerive, runValidation } from './cli.ts';
import { preparePool, preloadContent } from './prepare-pool.ts';
import { contentRoot } from '../src/site/catalog.ts';

const pool = preparePool();
await preloadContent(contentRoot(), pool);
const { ok, report } = await runValidation(process.stdout, pool, { previews: true });
if (!ok || !report.catalog) process.exit(1);
try {
  await runDerive(report.catalog, pool, report.previewed);
} catch (e) {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(2);
}
await pool.close();
