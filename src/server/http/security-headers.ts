import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The headers every response carries, and the page Content-Security-Policy.
 *
 * Scripts: only the portal's own files ('self') and the inline scripts Astro writes (the island
 * runtime and its directives), allowed by their SHA-256. Astro computes those hashes at build
 * (experimental.csp in astro.config.mjs) and the Node adapter writes them to
 * dist/_experimentalHeaders.json; on-demand pages also carry them in Astro's own header, which
 * is merged in. No 'unsafe-inline', no 'unsafe-eval': an injected inline script does not run.
 * Styles allow inline style attributes: charts and the theme colour use them, and CSS cannot run code.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()', 'autoplay=()', 'camera=()', 'display-capture=()', 'encrypted-media=()', 'fullscreen=(self)',
  'geolocation=()', 'gyroscope=()', 'magnetometer=()', 'microphone=()', 'midi=()', 'payment=()', 'publickey-credentials-get=()',
  'screen-wake-lock=()', 'serial=()', 'usb=()', 'xr-spatial-tracking=()', 'browsing-topics=()', 'interest-cohort=()',
].join(', ');

export const HSTS = 'max-age=31536000; includeSubDomains';

/** The script sources ('self', hashes) of a CSP header value. */
export function scriptSources(csp: string | undefined): string[] {
  if (!csp) return [];
  const directive = csp.split(';').map((d) => d.trim().split(/\s+/)).find((d) => d[0]?.toLowerCase() === 'script-src');
  // Only hashes (and 'self') are taken over: a wider source here would weaken the whole policy.
  return (directive?.slice(1) ?? []).filter((s) => /^'sha(256|384|512)-[A-Za-z0-9+/=]+'$/.test(s));
}

/** The hashes of Astro's inline scripts, from the build's static headers file (empty if the file is missing). */
export function buildScriptHashes(dist: string): string[] {
  const file = join(dist, '_experimentalHeaders.json');
  if (!existsSync(file)) return [];
  const entries = JSON.parse(readFileSync(file, 'utf8')) as { headers: { key: string; value: string }[] }[];
  const hashes = new Set<string>();
  for (const e of entries) for (const h of e.headers) if (h.key.toLowerCase() === 'content-security-policy') scriptSources(h.value).forEach((s) => hashes.add(s));
  return [...hashes].sort();
}

/** The policy of the portal's pages and APIs. */
export function contentSecurityPolicy(scriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self'${scriptHashes.map((h) => ` ${h}`).join('')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    // The browser only talks to the portal: search goes through /api/search even with Meilisearch.
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers set on every response unless the response already chose its own (Referrer-Policy on /report/). */
export function baseHeaders(options: { https: boolean }): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': PERMISSIONS_POLICY,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    ...(options.https ? { 'Strict-Transport-Security': HSTS } : {}),
  };
}
