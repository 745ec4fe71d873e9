import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RowHub } from '../live/hub.ts';
import { toStored } from '../live/ingest.ts';
import { RateLimiter } from '../live/rate-limit.ts';
import type { LiveRow, LiveStore, RowQuery } from '../live/store.ts';
import type { LiveDataset, LiveRuntime } from '../live/types.ts';
import { checkTableSchema } from '../tableschema/index.ts';
import { distDir } from './runtime-catalog.ts';
import { preparePrivateFile, restrictStateFiles } from './state-files.ts';

/** Where runtime state lives: PORTAL_STATE_DIR, ./var by default. */
export function stateDir(): string {
  return resolve(process.env.PORTAL_STATE_DIR || 'var');
}

/**
 * The one place that chooses the live-row store: PostgreSQL when DATABASE_URL is
 * set, otherwise SQLite in PORTAL_STATE_DIR/live.sqlite. Imported lazily so a
 * deployment only loads the driver it uses.
 */
export async function openStore(env: NodeJS.ProcessEnv = process.env): Promise<LiveStore> {
  const url = env.DATABASE_URL;
  let store: LiveStore;
  if (url) {
    const { PostgresStore } = await import('../live/postgres-store.ts');
    store = new PostgresStore(url);
  } else {
    const { SqliteStore } = await import('../live/sqlite-store.ts');
    const file = join(resolve(env.PORTAL_STATE_DIR || 'var'), 'live.sqlite');
    // Token hashes and sessions live there: readable by the portal's user only.
    preparePrivateFile(file);
    store = new SqliteStore(file);
    restrictStateFiles(file);
  }
  await store.migrate();
  return store;
}

/** Numeric settings from the environment, with their defaults (documented in docs/live-data.md). */
export function liveSettings(env: NodeJS.ProcessEnv = process.env) {
  const num = (name: string, dflt: number) => {
    const v = env[name];
    if (v === undefined || v === '') return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name}: "${v}" is not a non-negative number`);
    return n;
  };
  return {
    maxBody: num('PORTAL_MAX_BODY', 1024 * 1024),
    rateLimit: num('PORTAL_RATE_LIMIT', 600),
    heartbeatMs: num('PORTAL_SSE_HEARTBEAT', 15) * 1000,
    // Reporting-form sessions: closed after this long without activity, and this long at most.
    session: { idleMs: num('PORTAL_SESSION_IDLE', 30) * 60_000, maxMs: num('PORTAL_SESSION_MAX', 8) * 3_600_000 },
  };
}

export function loadLiveRuntime(): LiveRuntime {
  const file = join(distDir(), 'portal', 'live.json');
  if (!existsSync(file)) return { builtAt: '', datasets: [] };
  const runtime = JSON.parse(readFileSync(file, 'utf8')) as LiveRuntime;
  for (const ds of runtime.datasets) {
    const checked = checkTableSchema(ds.tableSchema);
    if (!checked.schema) throw new Error(`${file}: the Table Schema of "${ds.slug}" is invalid`);
    ds.tableSchema = checked.schema;
  }
  return runtime;
}

export interface LiveContext {
  runtime: LiveRuntime;
  datasets: Map<string, LiveDataset>;
  store: LiveStore;
  hub: RowHub;
  limiter: RateLimiter;
  settings: ReturnType<typeof liveSettings>;
}

let context: Promise<LiveContext> | undefined;

/** Loaded once per process: the live datasets, the store (migrated, seeded), the event hub. */
export function live(): Promise<LiveContext> {
  context ??= (async () => {
    const runtime = loadLiveRuntime();
    const settings = liveSettings();
    const store = await openStore();
    for (const ds of runtime.datasets) {
      await store.seed(ds.slug, ds.seed.digest, ds.seed.rows.map((r) => toStored(ds, r)));
    }
    return { runtime, datasets: new Map(runtime.datasets.map((d) => [d.slug, d])), store, hub: new RowHub(), limiter: new RateLimiter(settings.rateLimit), settings };
  })();
  context.catch(() => (context = undefined));
  return context;
}

/**
 * For other server modules (table previews, charts): the current rows of a live
 * dataset (published rows plus pushed ones), or undefined when it is not live.
 */
export async function readLiveRows(slug: string, query: RowQuery = {}): Promise<{ rows: LiveRow[]; total: number } | undefined> {
  const ctx = await live();
  if (!ctx.datasets.has(slug)) return undefined;
  return ctx.store.readRows(slug, query);
}
