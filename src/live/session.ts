import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LiveStore, SessionRecord } from './store.ts';
import { checkToken, checkTokenRecord } from './tokens.ts';

/**
 * Reporting-form sessions and CSRF protection (docs/security.md, docs/live-data.md):
 * - a staffer signs in by posting a token through the form; the token is checked against the
 *   token store first, and only then a session is opened: an opaque random id in the cookie, its
 *   SHA-256 in the live store (the token itself is never in a cookie, a URL or the session table);
 * - the cookie is HttpOnly, SameSite=Strict, Secure over HTTPS, and sent only to the reporting pages;
 * - a session ends after an idle time, after an absolute time, when its token is revoked or
 *   expires, or at once on sign-out (deleted on the server, not just forgotten by the browser);
 * - every form carries a random CSRF value that must equal the one in a SameSite=Strict cookie
 *   (double submit), and a POST whose Origin names another site is refused.
 */
export const SESSION_COOKIE = 'portal_report_session';
export const CSRF_COOKIE = 'portal_csrf';
/** The publishing form's session (a publisher's, not a dataset's): src/pages/[...lang]/publish/. */
export const PUBLISH_SESSION_COOKIE = 'portal_publish_session';
/** Cookies of earlier versions, deleted when seen (the old one held the raw token). */
export const LEGACY_COOKIES = ['portal_report_token'];

export interface SessionTimes {
  idleMs: number;
  maxMs: number;
}

export function newCsrf(): string {
  return randomBytes(24).toString('base64url');
}

export function sameValue(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const hashId = (id: string) => createHash('sha256').update(id, 'utf8').digest('hex');
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * The origins a form may be posted from: the portal's public address (baseUrl), and the address
 * this request was sent to (Host, for a portal reached under another name, such as locally).
 * X-Forwarded-Host is never believed: anyone can send it.
 */
export function allowedOrigins(request: Request, url: URL, baseUrl: string | undefined, https: boolean): Set<string> {
  const origins = new Set<string>();
  try {
    if (baseUrl) origins.add(new URL(baseUrl).origin);
  } catch {
    /* no valid baseUrl: only the Host below */
  }
  const host = request.headers.get('host') ?? url.host;
  origins.add(`${https ? 'https' : url.protocol.replace(':', '')}://${host}`.toLowerCase());
  return origins;
}

/** True when a POST may be processed: no foreign Origin, and the CSRF field matches its cookie. */
export function csrfOk(request: Request, origins: Set<string>, cookie: string | undefined, field: string | null): boolean {
  const origin = request.headers.get('origin');
  // "null" (sent under some referrer policies) says nothing: the CSRF value decides.
  if (origin !== null && origin !== 'null' && !origins.has(origin.toLowerCase())) return false;
  return sameValue(cookie, field);
}

/** A Set-Cookie value: HttpOnly, SameSite=Strict, for one path; Max-Age 0 deletes it. */
export function cookie(name: string, value: string, options: { path: string; secure: boolean; maxAgeSeconds?: number }): string {
  return [
    `${name}=${value}`,
    `Path=${options.path}`,
    ...(options.maxAgeSeconds !== undefined ? [`Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`] : []),
    'HttpOnly',
    'SameSite=Strict',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export type SignIn = { ok: true; id: string; session: SessionRecord } | { ok: false };

/** Check a presented token for `dataset`; when it may push there, open a session and return its id (for the cookie). */
export async function signIn(store: LiveStore, presented: string, dataset: { slug: string; publisher: string }, times: SessionTimes, now = new Date()): Promise<SignIn> {
  const check = await checkToken(store, presented, dataset, now);
  if (!check.ok) return { ok: false };
  // Sessions nobody will resume are cleared now and then: at each sign-in.
  await store.deleteExpiredSessions(now.toISOString(), new Date(now.getTime() - times.idleMs).toISOString());
  const id = randomBytes(32).toString('base64url');
  const session: SessionRecord = {
    hash: hashId(id),
    tokenHash: check.token.hash,
    dataset: dataset.slug,
    created: now.toISOString(),
    lastSeen: now.toISOString(),
    expires: new Date(now.getTime() + times.maxMs).toISOString(),
  };
  await store.createSession(session);
  return { ok: true, id, session };
}

/**
 * The token behind a session cookie, when the session is still open for `dataset`: not idle too
 * long, not past its end, its token still valid. An ended session is deleted.
 */
export async function resume(store: LiveStore, id: string | undefined, dataset: { slug: string; publisher: string }, times: SessionTimes, now = new Date()) {
  if (!id || !SESSION_ID.test(id)) return undefined;
  const hash = hashId(id);
  const session = await store.findSession(hash);
  if (!session) return undefined;
  const idle = now.getTime() - new Date(session.lastSeen).getTime() > times.idleMs;
  const over = new Date(session.expires).getTime() <= now.getTime();
  const token = idle || over ? undefined : await store.findToken(session.tokenHash);
  const check = token ? checkTokenRecord(token, dataset, now) : undefined;
  if (!check?.ok) {
    // A session opened on another dataset's form stays open for that one.
    if (idle || over || !token || session.dataset === dataset.slug) await store.deleteSession(hash);
    return undefined;
  }
  if (session.dataset !== dataset.slug) return undefined;
  // Activity moves the idle deadline; written at most once a minute.
  if (now.getTime() - new Date(session.lastSeen).getTime() > 60_000) await store.touchSession(hash, now.toISOString());
  return { token: check.token, session };
}

export async function signOut(store: LiveStore, id: string | undefined) {
  if (id && SESSION_ID.test(id)) await store.deleteSession(hashId(id));
}

/**
 * The token behind a session opened for `scope` (not a dataset: the publishing form's sessions
 * are a publisher's), when still open; resume() does the checks, for the token's own publisher.
 */
export async function resumeScope(store: LiveStore, id: string | undefined, scope: string, times: SessionTimes, now = new Date()) {
  if (!id || !SESSION_ID.test(id)) return undefined;
  const session = await store.findSession(hashId(id));
  if (!session || session.dataset !== scope) return undefined;
  const token = await store.findToken(session.tokenHash);
  if (!token) return undefined;
  return resume(store, id, { slug: scope, publisher: token.publisher }, times, now);
}

/**
 * The cookies of a cookie-session page (reporting, publishing): set for each of the page's
 * addresses (one per language); a 303 redirect that keeps them (Astro.redirect would drop the
 * response's headers); the CSRF value, made and set when the browser has none.
 */
export function pageCookies(headers: Headers, paths: string[], secure: boolean, csrfCookie: string | undefined) {
  const set = (name: string, value: string, maxAgeSeconds?: number) => {
    for (const path of paths) headers.append('Set-Cookie', cookie(name, value, { path, secure, maxAgeSeconds }));
  };
  const redirect = (location: string) => {
    const answer = new Headers({ Location: location, 'Cache-Control': 'no-store' });
    for (const c of headers.getSetCookie()) answer.append('Set-Cookie', c);
    return new Response(null, { status: 303, headers: answer });
  };
  let csrf = csrfCookie;
  if (!csrf || !/^[A-Za-z0-9_-]{32}$/.test(csrf)) {
    csrf = newCsrf();
    set(CSRF_COOKIE, csrf);
  }
  return { set, redirect, csrf };
}
