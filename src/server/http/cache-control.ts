/**
 * Cache-Control by address, decided in one place so that a CDN or browser may keep what is the
 * same for everyone and never keeps what is personal or live:
 * - hashed build assets (/_astro/…): their name changes with their content, so forever;
 * - other static pages, files and exports: a few minutes, then revalidated with their ETag
 *   (a new build is visible within that time; a 304 costs a round trip, not the bytes); the
 *   whole-catalog exports, which a publish changes at once, revalidated every time;
 * - the reporting form, the reporting status, live rows and event streams: never stored
 *   (`no-store`), whatever a route said;
 * - other on-demand answers keep the Cache-Control their route chose (search and CKAN: 5 s), or
 *   `no-cache` when it chose none, so nothing is cached without the route saying so.
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const STATIC = 'public, max-age=300, must-revalidate';
export const PRIVATE = 'no-store';
/** What a dataset published since the served build answers until the rebuild (src/server/publish-layer.ts): stored, but revalidated every time. */
export const TRANSIENT = 'no-cache';
/**
 * The whole-catalog exports a publish changes at once (src/server/publish-layer.ts): kept by a
 * cache but revalidated with their ETag on every request (a 304 costs a round trip, not their tens
 * of megabytes), so a harvester behind nginx or a CDN sees a new dataset within seconds.
 */
export const REVALIDATED = 'public, max-age=0, must-revalidate';
/**
 * The search and the CKAN read API: dynamic answers a cache may keep a few seconds (a
 * micro-cache absorbs a burst of the same query), short enough that a published dataset shows
 * behind nginx or a CDN within the 10 s a publish promises (docs/publishing.md).
 */
export const MICRO = 'public, max-age=5';

// catalog.jsonld and catalog.ttl.
const WHOLE_CATALOG = /^\/catalog\.(?:jsonld|ttl)$/;

// /report/<slug>/ and /reporting/ (with the optional language prefix), live rows, events, audit log and completeness.
const PERSONAL_OR_LIVE = /^\/(?:[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\/)?(?:report|reporting)(?:\/|$)|^\/api\/datasets\/[^/]+\/(?:rows|events|audit|completeness)(?:\/|$)/;

export function isPersonalOrLive(path: string): boolean {
  return PERSONAL_OR_LIVE.test(path);
}

/**
 * The Cache-Control of a successful or 304 answer. `staticFile`: answered from dist/client;
 * `chosen`: what the route set, if anything.
 */
export function cacheControl(path: string, staticFile: boolean, chosen: string | undefined): string {
  if (isPersonalOrLive(path)) return PRIVATE;
  if (staticFile) return path.startsWith('/_astro/') ? IMMUTABLE : WHOLE_CATALOG.test(path) ? REVALIDATED : STATIC;
  return chosen ?? 'no-cache';
}
