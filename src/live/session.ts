import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Reporting-form session and CSRF protection, without server-side state:
 * - the token a staffer signs in with is kept in an HttpOnly, SameSite=Strict cookie
 *   (never in a URL that stays in history or logs: a sign-in link is redirected away at once);
 * - every form carries a random CSRF value that must equal the one in a SameSite=Strict cookie
 *   (double submit), and a POST whose Origin header names another site is refused.
 */
export const SESSION_COOKIE = 'portal_report_token';
export const CSRF_COOKIE = 'portal_csrf';

export function newCsrf(): string {
  return randomBytes(24).toString('base64url');
}

export function sameValue(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when a POST may be processed: same-origin (or no Origin header) and the CSRF field matches its cookie. */
export function csrfOk(request: Request, url: URL, cookie: string | undefined, field: string | null): boolean {
  const origin = request.headers.get('origin');
  // Compared with the Host the browser used (behind a proxy, url.origin may name the internal address).
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? url.host;
  if (origin !== null && origin !== 'null') {
    let originHost = '';
    try {
      originHost = new URL(origin).host;
    } catch {
      return false;
    }
    if (originHost !== host) return false;
  }
  // "null" (sent under some referrer policies) says nothing: the CSRF value decides.
  return sameValue(cookie, field);
}

export function cookieOptions(url: URL, maxAgeSeconds?: number) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: url.protocol === 'https:', ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
}
