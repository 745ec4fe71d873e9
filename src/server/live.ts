import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LocalFanout, type EventFanout } from '../live/hub.ts';
import { toStored } from '../live/ingest.ts';
import type { PostgresStore } from '../live/postgres-store.ts';
import { PUSH_LIMIT_VARIABLES, type PushLimits } from '../live/limits.ts';
import { numberSetting, textSetting } from '../settings.ts';
import { RateLimiter, SharedRateLimiter, type RateLimit } from '../live/rate-limit.ts';
import type { LiveRow, LiveStore, RowQuery } from '../live/store.ts';
import type { LiveDataset, LiveRuntime } from '../live/types.ts';
import { checkTableSchema } from '../tableschema/index.ts';
import { apiError } from './api-error.ts';
import { distDir } from './runtime-catalog.ts';
import { preparePrivateFile, restrictStateFiles } from './state-files.ts';

/** Where runtime state lives: PORTAL_STATE_DIR, ./var by default. */
export function stateDir(): string {
  return resolve(textSetting('PORTAL_STATE_DIR') ?? 'var');
}

/**
 * The one place that chooses the live-row store: PostgreSQL when DATABASE_URL is
 * set, otherwise SQLite in PORTAL_STATE_DIR/live.sqlite. Imported lazily so a
 * deployment only loads the driver it uses.
 */
export async function openStore(env: NodeJS.ProcessEnv = process.env): Promise<LiveStore> {
  const url = textSetting('DATABASE_URL', env);
  const options = { idempotencyRetentionMs: liveSettings(env).idempotencyRetentionS * 1000 };
  let store: LiveStore;
  if (url) {
    const { PostgresStore } = await import('../live/postgres-store.ts');
    store = new PostgresStore(url, options);
  } else {
    const { SqliteStore } = await import('../live/sqlite-store.ts');
    const file = join(resolve(textSetting('PORTAL_STATE_DIR', env) ?? 'var'), 'live.sqlite');
    // Token hashes and sessions live there: readable by the portal's user only.
    preparePrivateFile(file);
    store = new SqliteStore(file, options);
    restrictStateFiles(file);
  }
  await store.migrate();
  return store;
}

/** The live-data settings (src/settings.ts lists each variable, its meaning and default). */
export function liveSettings(env: NodeJS.ProcessEnv = process.env) {
  const num = (name: string) => numberSetting(name, env);
  const limits = Object.fromEntries(Object.entries(PUSH_LIMIT_VARIABLES).map(([k, name]) => [k, Math.max(1, Math.floor(num(name)))])) as PushLimits;
  return {
    maxBody: num('PORTAL_MAX_BODY'),
    rateLimit: num('PORTAL_RATE_LIMIT'),
    /** 0: no keep-alive comments. */
    heartbeatMs: num('PORTAL_SSE_HEARTBEAT') * 1000,
    /** Per-request work caps of the rows API (docs/security.md). */
    limits,
    /** Seconds an Idempotency-Key is remembered; older records are deleted. */
    idempotencyRetentionS: num('PORTAL_IDEMPOTENCY_RETENTION'),
    // Reporting-form sessions: closed after this long without activity, and this long at most.
    session: { idleMs: num('PORTAL_SESSION_IDLE') * 60_000, maxMs: num('PORTAL_SESSION_MAX') * 3_600_000 },
  };
}

/** The live datasets of the build in `dir` (default: the one served). */
export function loadLiveRuntime(dir = distDir()): LiveRuntime {
  const file = join(dir, 'portal', 'live.json');
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
  /** Committed rows to event-stream subscribers (of every process sharing the store). */
  events: EventFanout;
  /** Requests per token and minute (shared by every process sharing the store). */
  limiter: RateLimit;
  settings: ReturnType<typeof liveSettings>;
}

let context: Promise<LiveContext> | undefined;

/**
/**
 * The one place that chooses how events and rate limits reach across processes, with the store:
 * on PostgreSQL, several processes may share the database, so events go through LISTEN/NOTIFY
 * and the token buckets live in the database; a SQLite file belongs to one process, so both stay
 * in memory.
 */
async function openSharing(store: LiveStore, perMinute: number, env: NodeJS.ProcessEnv = process.env): Promise<{ events: EventFanout; limiter: RateLimit }> {
  const url = textSetting('DATABASE_URL', env);
  if (url && store.kind === 'postgres') {
    const { PostgresFanout } = await import('../live/pg-fanout.ts');
    const events = new PostgresFanout(url, store, []);
    await events.start();
    return { events, limiter: limiterFor(store, perMinute, env) };
  }
  return { events: new LocalFanout(), limiter: limiterFor(store, perMinute, env) };
}

/** A token bucket per key at this rate: in the database with PostgreSQL (shared by every process), in memory with SQLite. */
function limiterFor(store: LiveStore, perMinute: number, env: NodeJS.ProcessEnv = process.env): RateLimit {
  return textSetting('DATABASE_URL', env) && store.kind === 'postgres' ? new SharedRateLimiter(store as PostgresStore, perMinute) : new RateLimiter(perMinute);
}

/**
 * Another rate limit on the process's store, chosen like the pushes' (the same buckets table on
 * PostgreSQL): its keys carry `prefix`, so its buckets are not the pushes' buckets of the same token.
 */
export async function namedRateLimit(prefix: string, perMinute: number): Promise<RateLimit> {
  const limiter = limiterFor(await sharedStore(), perMinute);
  return { take: (key) => limiter.take(`${prefix}:${key}`) };
}

/**
 * What the process has once, whichever build it serves: the store (one connection pool, one
 * SQLite handle), the event fan-out (its subscribers are open event streams) and the rate limits.
 * A running server that switches to a new build (src/server/site.ts) imports this module again
 * from the new build's folder; the new copy finds them here instead of opening a second store.
 */
const SHARED = Symbol.for('crisis-portal.live');
interface SharedLive {
  store?: Promise<LiveStore>;
  sharing?: Promise<{ events: EventFanout; limiter: RateLimit }>;
}

function shared(): SharedLive {
  const g = globalThis as typeof globalThis & { [SHARED]?: SharedLive };
  return (g[SHARED] ??= {});
}

/** The process's one store, opened (and migrated) on first use; a failed attempt is forgotten. */
export function sharedStore(): Promise<LiveStore> {
  const s = shared();
  if (!s.store) {
    s.store = openStore();
    s.store.catch(() => (s.store = undefined));
  }
  return s.store;
}

/** The process's one event fan-out and rate limiter, opened with the store. */
function sharedSharing(store: LiveStore, perMinute: number): Promise<{ events: EventFanout; limiter: RateLimit }> {
  const s = shared();
  if (!s.sharing) {
    s.sharing = openSharing(store, perMinute);
    s.sharing.catch(() => (s.sharing = undefined));
  }
  return s.sharing;
}

/** A build's live datasets, seeded into the process's store; the store, event fan-out and limiter are the process's. */
async function openContext(runtime: LiveRuntime): Promise<LiveContext> {
  const settings = liveSettings();
  const store = await sharedStore();
  for (const ds of runtime.datasets) {
    await store.seed(
      ds.slug,
      ds.seed.digest,
      ds.seed.rows.map((r) => toStored(ds, r)),
    );
  }
  const { events, limiter } = await sharedSharing(store, settings.rateLimit);
  await events.serve(runtime.datasets.map((d) => d.slug));
  return { runtime, datasets: new Map(runtime.datasets.map((d) => [d.slug, d])), store, events, limiter, settings };
}

/** Loaded once per build (this module is bundled into each build's server). */
export function live(): Promise<LiveContext> {
  context ??= openContext(loadLiveRuntime());
  context.catch(() => (context = undefined));
  return context;
}

/** Builds whose context the HTTP server's own push route holds: the served one and the one before, for requests in flight. */
const byBuild = new Map<string, Promise<LiveContext>>();

/**
 * The live context of the build in `dir`, for code that runs outside the builds' bundles (the
 * HTTP server's push route, src/server/push-route.ts): the same store, fan-out and limiter as the
 * build's own routes, with that build's datasets. A failed attempt is forgotten.
 */
export function liveOfBuild(dir: string): Promise<LiveContext> {
  let c = byBuild.get(dir);
  if (!c) {
    c = openContext(loadLiveRuntime(dir));
    byBuild.set(dir, c);
    c.catch(() => byBuild.delete(dir));
    for (const k of byBuild.keys()) if (byBuild.size > 2) byBuild.delete(k);
  }
  return c;
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

/** Where the store is, for the operator's log: the SQLite file, or the PostgreSQL host (never the password). */
function storeLocation(env: NodeJS.ProcessEnv = process.env): string {
  const databaseUrl = textSetting('DATABASE_URL', env);
  if (!databaseUrl) return `SQLite file ${join(stateDir(), 'live.sqlite')} (PORTAL_STATE_DIR)`;
  try {
    const u = new URL(databaseUrl);
    return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname} (DATABASE_URL)`;
  } catch {
    return 'PostgreSQL (DATABASE_URL is not a valid URL)';
  }
}

/** What went wrong, for an anonymous client: the kind of problem, no path. */
function unavailableReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOTDIR' || code === 'EEXIST') return "the server's state folder is not a folder";
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'the server may not write to its state folder';
  if (code === 'ENOSPC') return "the server's disk is full";
  if (code.startsWith('SQLITE_')) return "the server's SQLite file cannot be opened";
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === '28P01' || code === '3D000') return 'the database cannot be reached';
  return 'the data store cannot be opened';
}

let lastLogged = { message: '', at: 0 };

/**
 * The live context for an API route, or a 503 in the API's error shape when the store cannot
 * be opened (a state folder that is a file or not writable, a database that is down). The
 * cause and the path go to the server log (once a minute for the same cause); the client only
 * learns the kind of problem. live() forgets a failed attempt, so the next request tries again.
 */
export async function liveOrUnavailable(): Promise<LiveContext | Response> {
  try {
    return await live();
  } catch (e) {
    const message = `live data: cannot open the store, ${storeLocation()}: ${(e as Error).message}`;
    const now = Date.now();
    if (message !== lastLogged.message || now - lastLogged.at > 60_000) {
      console.error(message);
      lastLogged = { message, at: now };
    }
    return apiError(503, 'store_unavailable', `Live data is unavailable: ${unavailableReason(e)}. The operator must fix it; try again later.`, [], { 'Retry-After': '30' });
  }
}
