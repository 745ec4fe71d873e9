// The processes of a build's prepare step (scripts/prepare.ts, scripts/build.ts): this one and,
// on a machine with several cores, children running scripts/prepare-worker.ts. The table checks
// and preview passes a first build of a large portal makes are shared among them; a rebuild's
// few run here. Outputs are merged in input order, so the report and the files are those of a
// one-process run (tests/unit/build/parallel-prepare.test.ts).
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preloadDatasets } from '../src/content/load.ts';
import { useLoadHandoff } from '../src/content/load-cache.ts';
import { HandoffReader, handoffFiles, type HandoffFiles } from '../src/content/load-handoff.ts';
import { CHECK_TABLES, checkTables } from '../src/content/validate.ts';
import { type Handlers, TaskPool } from '../src/lib/pool.ts';
import { DERIVE_PREVIEW, derivePass } from '../src/preview/derive.ts';
import { buildCacheDir } from '../src/settings.ts';

const PRELOAD = 'preload-datasets';

/** The dataset folders of a content folder. */
function datasetFolders(root: string): string[] {
  try {
    return readdirSync(join(root, 'datasets')).filter((n) => !n.startsWith('.'));
  } catch {
    return [];
  }
}

/** Part `part` of `parts` of the datasets, loaded ahead and handed to the loading process. */
async function preload(input: { root: string; files: HandoffFiles; part: number; parts: number }): Promise<number> {
  return preloadDatasets(input.root, input.files, input.part, input.parts);
}

export const prepareHandlers: Handlers = { [CHECK_TABLES]: checkTables, [DERIVE_PREVIEW]: derivePass, [PRELOAD]: preload };

/** A pool of `workers` processes in all (default: the machine's cores); `minRemote`: fewer tasks than this stay here. */
export function preparePool(options: { workers?: number; minRemote?: number } = {}): TaskPool {
  return new TaskPool({ module: fileURLToPath(new URL('./prepare-worker.ts', import.meta.url)), handlers: prepareHandlers, ...options });
}

/**
 * On a first build (no loaded datasets kept, src/content/load-cache.ts), loading the content is
 * this process's work alone, dataset after dataset, with the other cores idle. The children load
 * the later datasets meanwhile, each its part from the end backwards, and hand them over
 * (src/content/load-handoff.ts): the load takes them, checked like its cache's entries, and stops
 * the children where it gets to. The load is the same whatever they did.
 */
export async function preloadContent(root: string, pool: TaskPool): Promise<void> {
  if (existsSync(buildCacheDir('loaded.v8')) || !pool.shares(datasetFolders(root).length)) return;
  const dir = buildCacheDir();
  mkdirSync(dir, { recursive: true });
  // A build that stopped during its load left its two files: removed after an hour.
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (name.startsWith('handoff-') && Date.now() - statSync(file).mtimeMs > 3_600_000) rmSync(file, { force: true });
  }
  const files = handoffFiles(dir);
  useLoadHandoff(new HandoffReader(files));
  await pool.background(
    PRELOAD,
    Array.from({ length: pool.workers - 1 }, (_, i) => ({ root, files, part: i, parts: pool.workers - 1 })),
  );
}
