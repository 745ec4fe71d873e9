// The one list of environment variables the portal reads: name, meaning, default, and how its
// value is checked. Code asks here (`numberSetting`, `textSetting`, `flagSetting`) instead of
// reading process.env itself, a bad value is refused with the variable named, and the README's
// table of variables is generated from this list (`npm run schemas`; a test checks it is current).

import { join, resolve } from 'node:path';

export type SettingKind = 'path' | 'text' | 'secret' | 'url' | 'number' | 'flag';

export interface SettingDef {
  name: string;
  describes: string;
  /** The default as the README shows it. */
  shown: string;
  kind: SettingKind;
  /** For numbers: the default and the smallest value accepted. */
  value?: number;
  min?: number;
}

const n = (name: string, value: number, min: number, describes: string, shown = String(value)): SettingDef => ({ name, kind: 'number', value, min, describes, shown: `\`${shown}\`` });

export const SETTINGS: readonly SettingDef[] = [
  { name: 'PORTAL_CONTENT', kind: 'path', shown: '`./content`', describes: 'the content folder to validate, build and serve' },
  {
    name: 'PORTAL_DIST',
    kind: 'path',
    shown: '`./dist`',
    describes:
      'the built site `serve` and `bundle` read: a link that `build` switches to each new build it writes next to it, in `<PORTAL_DIST>.builds/` (a running `serve` follows it); a build outside the project gets a `node_modules` link to the node_modules of the project, which its server code imports from (to deploy on another machine, use `npm run bundle`)',
  },
  {
    name: 'PORTAL_CACHE',
    kind: 'path',
    shown: '`node_modules/.cache/crisis-portal`',
    describes:
      'where the build keeps what it reuses between builds, keyed by content: checksums, loaded datasets, validation results, previews, dashboard figures, compressed copies (entries unused for 30 days are removed), the Astro bundle of the last 3 sources and every static page (docs/architecture.md, build caches)',
  },
  {
    name: 'SOURCE_DATE_EPOCH',
    kind: 'number',
    min: 0,
    shown: 'unset',
    describes: 'seconds since 1970: the build time written into the runtime files and exports (reproducible builds); the current time when unset',
  },
  n(
    'PORTAL_ON_DEMAND_DATASETS_ABOVE',
    2000,
    0,
    "with more datasets than this, each dataset's pages and per-dataset exports (`datapackage.json`, `dataset.jsonld`) are rendered by the server on first request (public, with an ETag, cached by a proxy) instead of written by the build, which then renders and compresses about 40,000 fewer files at 10,000 datasets; at or below it, every page is a static file any static host can serve; `0` renders them on demand whatever the size (docs/architecture.md, rendered at build or on demand)",
  ),
  { name: 'HOST', kind: 'text', shown: '`127.0.0.1`', describes: 'address the server listens on' },
  n('PORT', 4321, 0, 'port the server listens on'),
  { name: 'SERVER_CERT_PATH', kind: 'path', shown: 'unset', describes: 'serve HTTPS directly with this certificate (with `SERVER_KEY_PATH`)' },
  { name: 'SERVER_KEY_PATH', kind: 'path', shown: 'unset', describes: 'the private key of `SERVER_CERT_PATH`' },
  {
    name: 'PORTAL_TRUST_PROXY',
    kind: 'flag',
    shown: 'unset',
    describes: '`1` behind a reverse proxy that overwrites `X-Forwarded-Proto` and `X-Forwarded-For`: they are then believed (HTTPS, client address)',
  },
  {
    name: 'PORTAL_METRICS_TOKEN',
    kind: 'secret',
    shown: 'unset',
    describes: '`/metrics` is then served to any client sending `Authorization: Bearer <it>`; unset, only to clients on the machine itself',
  },
  { name: 'MEILI_URL', kind: 'url', shown: 'unset: the embedded engine', describes: 'use Meilisearch for search' },
  { name: 'MEILI_API_KEY', kind: 'secret', shown: 'unset', describes: 'the Meilisearch key; it stays on the server' },
  { name: 'MEILI_INDEX', kind: 'text', shown: '`datasets`', describes: 'name of the Meilisearch index' },
  { name: 'PORTAL_STATE_DIR', kind: 'path', shown: '`./var`', describes: 'runtime state: live rows (SQLite `live.sqlite`), token hashes and sessions; created readable by the portal user only' },
  { name: 'DATABASE_URL', kind: 'secret', shown: 'unset', describes: '`postgres://…`: keep live rows, tokens and sessions in PostgreSQL instead of SQLite' },
  n('PORTAL_MAX_BODY', 1024 * 1024, 0, 'largest API request body, in bytes (413 above)', '1048576'),
  n('PORTAL_MAX_UPLOAD', 100 * 1024 * 1024, 0, 'largest file a publisher may upload through the CKAN write API or the publishing form, in bytes (413 above; docs/publishing.md)', '104857600'),
  n(
    'PORTAL_CHECK_ASIDE_ABOVE',
    8 * 1024 * 1024,
    0,
    'uploads larger than this, in bytes, are inferred and checked in a child process, so the server answers other requests at full speed meanwhile (docs/publishing.md)',
    '8388608',
  ),
  n('PORTAL_MAX_FORM_BODY', 64 * 1024, 0, 'largest form body (the reporting form), in bytes (413 above)', '65536'),
  n('PORTAL_REQUEST_TIMEOUT', 30, 0.1, 'seconds to receive a whole request (408 after); responses such as event streams are not limited'),
  n('PORTAL_HEADERS_TIMEOUT', 10, 0.1, 'seconds to receive the request headers'),
  n(
    'PORTAL_KEEPALIVE_TIMEOUT',
    65,
    0,
    "seconds an idle keep-alive connection stays open (longer than a proxy's or client's own idle timeout, so the server never closes a connection the client is reusing)",
  ),
  n('PORTAL_SHUTDOWN_TIMEOUT', 10, 0, 'seconds a stopping server (SIGTERM) waits for requests in progress before it exits'),
  n('PORTAL_RATE_LIMIT', 600, 0, 'pushes per minute per token, counted across every process sharing a PostgreSQL store (429 with `Retry-After` above; bursts of a sixth of it); `0` turns it off'),
  n(
    'PORTAL_PUBLISH_RATE_LIMIT',
    60,
    0,
    'writes per minute per publisher token through the CKAN write actions and the publishing form, counted like `PORTAL_RATE_LIMIT` (429 with `Retry-After` above; bursts of a sixth of it); `0` turns it off',
  ),
  n('PORTAL_SSE_HEARTBEAT', 15, 0, 'seconds between keep-alive comments on event streams; `0` sends none'),
  n('PORTAL_SSE_MAX', 1000, 1, 'open event streams in all (503 above)'),
  n('PORTAL_SSE_MAX_PER_CLIENT', 20, 1, 'open event streams per client address (429 above)'),
  n('PORTAL_SSE_MAX_QUEUE', 1024 * 1024, 1024, 'bytes an event-stream reader may leave unread before its stream is closed', '1048576'),
  n('PORTAL_SESSION_IDLE', 30, 0.01, 'minutes without activity after which a reporting-form session ends'),
  n('PORTAL_SESSION_MAX', 8, 0.001, 'hours after sign-in at which a reporting-form session ends, whatever the activity'),
  n('PORTAL_PUSH_MAX_ROWS', 10_000, 1, 'rows in one push (413 above)', '10000'),
  n('PORTAL_PUSH_MAX_COLUMNS', 1000, 1, 'cells in a pushed CSV header (413 above), properties in one JSON row (one 422 problem above)'),
  n('PORTAL_PUSH_MAX_PROBLEMS', 100, 1, 'problems listed in one 422 answer; the rest are counted in a last "… and N more"'),
  n('PORTAL_PUSH_MAX_PROBLEMS_PER_ROW', 20, 1, 'problems listed for one row'),
  n('PORTAL_PUSH_MAX_MESSAGE', 200, 1, 'characters of one problem message or field name in an answer'),
  n('PORTAL_IDEMPOTENCY_RETENTION', 86_400, 1, 'seconds an `Idempotency-Key` is remembered; older records are deleted at a later push', '86400'),
];

const byName = new Map(SETTINGS.map((s) => [s.name, s]));

function def(name: string): SettingDef {
  const d = byName.get(name);
  if (!d) throw new Error(`${name} is not a setting of the portal (src/settings.ts lists them)`);
  return d;
}

function raw(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/** A numeric setting: its default when unset; an error naming the variable when not a number at least its minimum. */
export function numberSetting(name: string, env: NodeJS.ProcessEnv = process.env): number {
  const d = def(name);
  const v = raw(env, name);
  if (v === undefined) {
    if (d.value === undefined) throw new Error(`${name} is not set`);
    return d.value;
  }
  const x = Number(v);
  if (!Number.isFinite(x) || x < (d.min ?? 0)) throw new Error(`${name}: "${v}" is not a number of at least ${d.min ?? 0} (${d.describes})`);
  return x;
}

/** A text, path, URL or secret setting; undefined when unset (the caller knows its default). */
export function textSetting(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  def(name);
  return raw(env, name);
}

/** A file or folder under PORTAL_CACHE (default node_modules/.cache/crisis-portal), where the build keeps what it reuses between builds. */
export function buildCacheDir(...parts: string[]): string {
  return resolve(textSetting('PORTAL_CACHE') ?? join('node_modules', '.cache', 'crisis-portal'), ...parts);
}

/** `1` (or `true`, `yes`) turns a flag on; unset, `0` or `false` leave it off; anything else is an error. */
export function flagSetting(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  def(name);
  const v = raw(env, name)?.toLowerCase();
  if (v === undefined || v === '0' || v === 'false' || v === 'no') return false;
  if (v === '1' || v === 'true' || v === 'yes') return true;
  throw new Error(`${name}: "${v}" is neither 1 nor 0`);
}

/** Every problem with the environment, one line each, so that a start-up error lists them all. */
export function settingsProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  for (const s of SETTINGS) {
    try {
      if (s.kind === 'number' && raw(env, s.name) !== undefined) numberSetting(s.name, env);
      if (s.kind === 'flag') flagSetting(s.name, env);
      if (s.kind === 'url' && raw(env, s.name) !== undefined && !/^https?:\/\//i.test(raw(env, s.name)!)) throw new Error(`${s.name}: "${raw(env, s.name)}" is not an http(s) address`);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return problems;
}

/** The README's table of variables. */
export function settingsTable(): string {
  const rows = SETTINGS.map((s) => `| \`${s.name}\` | ${s.describes} | ${s.shown} |`);
  return ['| variable | meaning | default |', '| --- | --- | --- |', ...rows].join('\n');
}

/** README.md with its table of variables (between the settings markers) regenerated. */
export function fillSettingsTable(readme: string): string {
  const start = '<!-- settings -->';
  const end = '<!-- /settings -->';
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) throw new Error('README.md has no <!-- settings --> … <!-- /settings --> markers');
  return `${readme.slice(0, i + start.length)}\n${settingsTable()}\n${readme.slice(j)}`;
}
