/**
 * Cross-origin reads of public data are welcome (harvesters, dashboards, notebooks in the
 * browser): they get `Access-Control-Allow-Origin: *`. Nothing that writes is ever granted
 * to another origin: the rows API authenticates with a bearer token a page elsewhere must not
 * be able to use through a visitor's browser, and the reporting form uses a session cookie.
 * No response says Allow-Credentials, so a cross-origin read never carries cookies.
 */

// Public read addresses: exports, data files under /datasets/, and the read APIs.
const PUBLIC_READ = [
  /^\/api\/(?:search|openapi\.json)$/,
  /^\/api\/3\/action\/[^/]+$/,
  /^\/api\/datasets\/[^/]+\/(?:rows|events)$/,
  /^\/(?:catalog\.jsonld|catalog\.ttl|feed\.xml|sitemap\.xml)$/,
  // Anything under /datasets/<slug>/ that is a file (not a page folder): data, schemas, metadata, derived downloads.
  /^\/datasets\/[^/]+\/.*[^/]$/,
];

const READ_METHODS = new Set(['GET', 'HEAD']);

export function isPublicRead(method: string, path: string): boolean {
  return READ_METHODS.has(method.toUpperCase()) && PUBLIC_READ.some((re) => re.test(path));
}

/** Headers of a response to `method path` (not a preflight): the wildcard for public reads, nothing else. */
export function corsHeaders(method: string, path: string): Record<string, string> {
  return isPublicRead(method, path) ? { 'Access-Control-Allow-Origin': '*' } : {};
}

/**
 * The answer to a CORS preflight (OPTIONS with Access-Control-Request-Method): granted only for a
 * read of a public address (a GET with Last-Event-ID, for instance); any other is answered
 * without Access-Control-Allow-* headers, which the browser takes as a refusal.
 */
export function preflight(path: string, requestedMethod: string): { status: number; headers: Record<string, string> } {
  if (!isPublicRead(requestedMethod, path)) return { status: 204, headers: { Vary: 'Origin', 'Cache-Control': 'no-store' } };
  return {
    status: 204,
    headers: {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, HEAD',
      'Access-Control-Allow-Headers': 'Accept, Accept-Language, Last-Event-ID, Cache-Control',
      'Access-Control-Max-Age': '86400',
    },
  };
}
