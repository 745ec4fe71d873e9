import { createHash } from 'node:crypto';

/**
 * The headers every response carries, and the page Content-Security-Policy.
 *
 * Scripts: only the portal's own files ('self') and the few inline scripts Astro itself writes
 * into pages with islands (the island runtime and its client:load/idle/visible/media/only
 * directives), allowed by their SHA-256. Those scripts are fixed texts of the installed Astro
 * version, so their hashes are computed from Astro's own modules when the server starts; every
 * other script is bundled to a file (astro.config.mjs never inlines page scripts). No
 * 'unsafe-inline', no 'unsafe-eval': an injected inline script does not run.
 * Styles allow inline style attributes: charts and the theme colour use them, and CSS cannot run code.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'encrypted-media=()',
  'fullscreen=(self)',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'serial=()',
  'usb=()',
  'xr-spatial-tracking=()',
  'browsing-topics=()',
  'interest-cohort=()',
].join(', ');

export const HSTS = 'max-age=31536000; includeSubDomains';

/** The CSP source of a script text. */
export function scriptHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The inline scripts Astro writes into a page with islands, as their CSP hashes. */
export async function astroInlineScriptHashes(): Promise<string[]> {
  const modules = ['server/astro-island.prebuilt.js', ...['load', 'idle', 'visible', 'media', 'only'].map((d) => `client/${d}.prebuilt.js`)];
  const texts = await Promise.all(modules.map(async (m) => ((await import(`astro/runtime/${m}`)) as { default: string }).default));
  return texts.map(scriptHash).sort();
}

/** Embed pages (/embed/…) exist to be shown in an <iframe> on other sites: read-only, no form, no session. */
export const EMBED_PATH = /^\/(?:[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\/)?embed\//;

/** The policy of the portal's pages and APIs; embed pages may be framed by any site, every other page by none. */
export function contentSecurityPolicy(scriptHashes: readonly string[], options: { embeddable?: boolean } = {}): string {
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
    options.embeddable ? 'frame-ancestors *' : "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers set on every response unless the response already chose its own (Referrer-Policy on /report/). */
export function baseHeaders(options: { https: boolean; embeddable?: boolean }): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': PERMISSIONS_POLICY,
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(options.embeddable ? {} : { 'X-Frame-Options': 'DENY' }),
    ...(options.https ? { 'Strict-Transport-Security': HSTS } : {}),
  };
}
