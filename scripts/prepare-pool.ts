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

/** Parse YAML files into the cache from the last to the first, until one is there already (the load got that far). */
async function preparse(input: { files: string[]; dir: string }): Promise<number> {
  let parsed = 0;
  for (const file of input.files) {
    if (!preparseYaml(file, input.dir)) break;
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
export function preparseContent(root: string, pool: TaskPool): void {
  if (existsSync(buildCacheDir('loaded.v8'))) return;
  let slugs: string[];
  try {
    slugs = readdirSync(join(root, 'datasets')).sort();
  } catch {
    return;
  }
  if (!pool.shares(slugs.length)) return;
  const files = slugs.map((s) => join(root, 'datasets', s, 'dataset.yaml'));
  // This process loads the first part; child i the part i + 1 (from its end).
  const size = Math.ceil(files.length / pool.workers);
  const parts = Array.from({ length: pool.workers - 1 }, (_, i) => files.slice((i + 1) * size, (i + 2) * size).reverse());
  pool.background(
    PREPARSE,
    parts.map((p) => [{ files: p, dir: buildCacheDir('parsed') }]),
  );
}
