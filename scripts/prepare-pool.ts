// The processes of a build's prepare step (scripts/prepare.ts, scripts/build.ts): this one and,
// on a machine with several cores, children running scripts/prepare-worker.ts. The table checks
// and preview passes a first build of a large portal makes are shared among them; a rebuild's
// few run here. Outputs are merged in input order, so the report and the files are those of a
// one-process run (tests/integration/parallel-prepare.test.ts).
import { fileURLToPath } from 'node:url';
import { CHECK_TABLES, checkTables } from '../src/content/validate.ts';
import { type Handlers, TaskPool } from '../src/lib/pool.ts';
import { DERIVE_PREVIEW, derivePass } from '../src/preview/derive.ts';

export const prepareHandlers: Handlers = { [CHECK_TABLES]: checkTables, [DERIVE_PREVIEW]: derivePass };

/** A pool of `workers` processes in all (default: the machine's cores); `minRemote`: fewer tasks than this stay here. */
export function preparePool(options: { workers?: number; minRemote?: number } = {}): TaskPool {
  return new TaskPool({ module: fileURLToPath(new URL('./prepare-worker.ts', import.meta.url)), handlers: prepareHandlers, ...options });
}
