// The processes of a build's prepare step (scripts/prepare.ts, scripts/build.ts): this one and,
// on a machine with several cores, children running scripts/prepare-worker.ts. The table checks
// and preview passes a first build of a large portal makes are shared among them; a rebuild's
// few run here. Outputs are merged in input order, so the report and the files are those of a
// one-process run (tests/unit/build/parallel-prepare.test.ts).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preparseYaml } from '../src/content/source-file.ts';
import { CHECK_TABLES, checkTables } from '../src/content/validate.ts';
import { type Handlers, TaskPool } from '../src/lib/pool.ts';
import { DERIVE_PREVIEW, derivePass } from '../src/preview/derive.ts';
import { buildCacheDir } from '../src/settings.ts';

const PREPARSE = 'preparse-yaml';

/** The dataset folders of a content folder, in the order loading reads them (src/content/load.ts). */
function datasetFolders(root: string): string[] {
  try {
    return readdirSync(join(root, 'datasets'))
      .filter((n) => !n.startsWith('.'))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Part `part` of `parts` of the dataset.yaml files parsed into the cache, from its last file to
 * its first, until one is there already (the load got that far). Listed here, so the request is
 * a few bytes that leave the loading process at once.
 */
async function preparse(input: { root: string; dir: string; part: number; parts: number }): Promise<number> {
  const slugs = datasetFolders(input.root);
  const size = Math.ceil(slugs.length / input.parts);
  const mine = slugs.slice(input.part * size, (input.part + 1) * size).reverse();
  let parsed = 0;
  for (const slug of mine) {
    if (!preparseYaml(join(input.root, 'datasets', slug, 'dataset.yaml'), input.dir)) break;
    parsed++;
  }
  return parsed;
}

export const prepareHandlers: Handlers = { [CHECK_TABLES]: checkTables, [DERIVE_PREVIEW]: derivePass, [PREPARSE]: preparse };

/** A pool of `workers` processes in all (default: the machine's cores); `minRemote`: fewer tasks than this stay here. */
export function preparePool(options: { workers?: number; minRemote?: number } = {}): TaskPool {
  return new TaskPool({ module: fileURLToPath(new URL('./prepare-worker.ts', import.meta.url)), handlers: prepareHandlers, ...options });
}

/**
 * On a first build (no loaded datasets kept, src/content/load-cache.ts), parsing every
 * dataset.yaml is most of loading the content, which this process does alone, dataset after
 * dataset. The children parse the later ones meanwhile, each its part from the end backwards,
 * into the parsed-YAML cache (src/content/source-file.ts): the load finds them parsed. The load
 * is the same whatever they did (an entry holds what parsing the same text gives).
 */
export async function preparseContent(root: string, pool: TaskPool): Promise<void> {
  if (existsSync(buildCacheDir('loaded.v8')) || !pool.shares(datasetFolders(root).length)) return;
  // This process loads from the first file on; child i parses part i of the files from its end,
  // so the load and each child meet where their speeds take them.
  const dir = buildCacheDir('parsed');
  await pool.background(
    PREPARSE,
    Array.from({ length: pool.workers - 1 }, (_, i) => ({ root, dir, part: i, parts: pool.workers - 1 })),
  );
}
