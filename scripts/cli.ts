// Shared plumbing of the command-line scripts: run validation and print its report; derive previews.
import { relative } from 'node:path';
import type { Catalog } from '../src/content/load.ts';
import { ensureFigures } from '../src/dashboards/derive.ts';
import { ensurePreviews, previewCacheDir } from '../src/preview/store.ts';
import { formatIssue } from '../src/content/issues.ts';
import { validateContent, type ValidationReport } from '../src/content/validate.ts';
import { checksumCounts, saveChecksumManifest } from '../src/lib/checksum.ts';
import { buildCacheDir } from '../src/settings.ts';
import type { TaskRunner } from '../src/lib/pool.ts';
import { contentRoot, useBuildChecksums } from '../src/site/catalog.ts';

/**
 * Validate the content folder, print every error (one a line) and a summary; true when valid.
 * With a pool (scripts/prepare-pool.ts), the tables are checked on its processes: same report.
 */
export async function runValidation(stream: NodeJS.WritableStream = process.stdout, pool?: TaskRunner, options: { previews?: boolean } = {}): Promise<{ ok: boolean; report: ValidationReport }> {
  const root = contentRoot();
  const shown = relative(process.cwd(), root) || '.';
  // Checksums and results of earlier runs (PORTAL_CACHE): unchanged tables are not read again.
  useBuildChecksums(root);
  // A build's previews ride on this read of the rows (each data file read once); `npm run validate` writes none.
  const report = await validateContent(root, { cache: buildCacheDir('validation.json'), pool, previews: options.previews ? previewCacheDir() : undefined });
  saveChecksumManifest();
  for (const issue of report.issues) stream.write(`${formatIssue(issue)}\n`);
  for (const notice of report.notices) stream.write(`note: ${formatIssue(notice)}\n`);
  const n = report.issues.length;
  const files = new Set(report.issues.map((i) => i.file)).size;
  const rows = report.rows.toLocaleString('en');
  if (n === 0) {
    const reused = report.unchanged > 0 ? `; ${report.unchanged.toLocaleString('en')} of the files unchanged since an earlier check, not read again` : '';
    stream.write(`✓ ${shown}: valid — ${report.datasets} datasets, ${report.files} data files, ${rows} rows checked${reused}\n`);
  } else {
    const more = report.totalIssues > n ? ` (${report.totalIssues.toLocaleString('en')} in all; the rest are summarised above)` : '';
    stream.write(`✗ ${shown}: ${n} error${n === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}${more}\n`);
  }
  return { ok: n === 0, report };
}

/**
 * The preview step of a build: compute what the cache lacks (previews, dashboard figures) and say
 * how much was reused, naming each file derived again when there are few of them.
 */
export async function runDerive(catalog: Catalog, pool?: TaskRunner, validated: ValidationReport['previewed'] = { count: 0, rows: 0, files: [] }): Promise<void> {
  const started = Date.now();
  useBuildChecksums(catalog.root);
  const hashedBefore = checksumCounts().read;
  const result = await ensurePreviews(catalog, (s) => console.log(s), pool);
  saveChecksumManifest();
  const hashed = checksumCounts().read - hashedBefore;
  // Those computed from validation's read of the rows are found in the cache here: counted as computed.
  const derived = result.derived + validated.count;
  const files = [...validated.files, ...result.files];
  console.log(
    `✓ previews: ${derived} computed (${(result.rows + validated.rows).toLocaleString('en-US')} rows), ${Math.max(0, result.cached - validated.count)} from cache in ${((Date.now() - started) / 1000).toFixed(1)} s${hashed ? `; ${hashed} files hashed` : ''}`,
  );
  // One line per file whose preview was computed (a handful on a rebuild), so a build says what it redid.
  if (derived > 0 && derived <= 20) for (const file of files) console.log(`  derived ${file}`);
  const figuresStarted = Date.now();
  const figures = await ensureFigures(catalog.dashboards, catalog.datasets);
  if (catalog.dashboards.length > 0) console.log(`✓ dashboard figures: ${figures.computed} computed, ${figures.cached} from cache in ${((Date.now() - figuresStarted) / 1000).toFixed(1)} s`);
}
