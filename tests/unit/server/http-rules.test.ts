// The pure rules of the HTTP wrapper (src/server/http/): paths in, headers out.
import { describe, expect, it } from 'vitest';
import { bodyLimit } from '../../../src/server/http/body-limit.ts';
import { corsHeaders, isPublicRead, preflight } from '../../../src/server/http/cors.ts';
import { EventStreamLimiter } from '../../../src/server/http/event-streams.ts';
import { INLINE_TYPES, attachment, isPublisherFile, publisherFileHeaders } from '../../../src/server/http/publisher-files.ts';
import { astroInlineScriptHashes, baseHeaders, contentSecurityPolicy, scriptHash } from '../../../src/server/http/security-headers.ts';
import { httpSettings } from '../../../src/server/http/settings.ts';

describe('publisher files', () => {
  it.each(['/datasets/x/files/a.html', '/datasets/x/files/sub/a.csv', '/datasets/x/a.svg', '/datasets/x/sub/index.html', '/en/datasets/x/files/a.xml', '/datasets/x/_preview/chart-0.json'])(
    '%s is a publisher file',
    (p) => {
      expect(isPublisherFile(p)).toBe(true);
    },
  );

  it.each(['/datasets/', '/datasets/x/', '/datasets/x/index.html', '/datasets/x/dataset.jsonld', '/datasets/x/datapackage.json', '/en/datasets/x/', '/publishers/x/a.html', '/api/datasets/x/rows'])(
    '%s is the portal’s own',
    (p) => {
      expect(isPublisherFile(p)).toBe(false);
      expect(publisherFileHeaders(p)).toBeUndefined();
    },
  );

  it.each(['html', 'HTM', 'svg', 'xml', 'xhtml', 'js', 'mjs', 'swf', 'xlsx', 'zip', 'shp', ''])('.%s is a download, sandboxed', (ext) => {
    const path = `/datasets/x/files/name${ext ? `.${ext}` : ''}`;
    const h = publisherFileHeaders(path)!;
    expect(h['Content-Security-Policy']).toBe("sandbox; default-src 'none'");
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['Content-Type']).toBe('application/octet-stream');
    expect(h['Content-Disposition']).toMatch(/^attachment; filename="name/);
  });

  it.each(Object.entries(INLINE_TYPES))('.%s is shown inline as %s, still sandboxed', (ext, type) => {
    const h = publisherFileHeaders(`/datasets/x/files/data.${ext.toUpperCase()}`)!;
    expect(h['Content-Type']).toBe(type);
    expect(h['Content-Disposition']).toBeUndefined();
    expect(h['Content-Security-Policy']).toContain('sandbox');
    if (type.startsWith('text/')) expect(type).toContain('charset=utf-8');
  });

  it("a text file declared in another encoding names it, whatever the address's language prefix", () => {
    const charsets = new Map([['datasets/x/files/latin.csv', 'windows-1252']]);
    expect(publisherFileHeaders('/datasets/x/files/latin.csv', true, charsets)!['Content-Type']).toBe('text/csv; charset=windows-1252');
    expect(publisherFileHeaders('/fr/datasets/x/files/latin.csv', true, charsets)!['Content-Type']).toBe('text/csv; charset=windows-1252');
    expect(publisherFileHeaders('/datasets/x/files/other.csv', true, charsets)!['Content-Type']).toBe('text/csv; charset=utf-8');
    // A download stays a download, and a PDF gets no charset.
    expect(publisherFileHeaders('/datasets/x/files/latin.pdf', true, new Map([['datasets/x/files/latin.pdf', 'windows-1252']]))!['Content-Type']).toBe('application/pdf');
  });

  it('an error answer keeps its own type but not the rights of the origin', () => {
    expect(publisherFileHeaders('/datasets/x/files/missing.html', false)).toEqual({ 'Content-Security-Policy': "sandbox; default-src 'none'", 'X-Content-Type-Options': 'nosniff' });
  });

  it('a file name cannot break out of the Content-Disposition header', () => {
    const h = attachment('/datasets/x/files/a"b;c\\d é.html');
    expect(h).toBe(`attachment; filename="a_b_c_d _.html"; filename*=UTF-8''${encodeURIComponent('a"b;c\\d é.html')}`);
    expect(h).not.toMatch(/[\r\n]/);
  });
});

describe('CORS', () => {
  it.each([
    ['GET', '/api/search'],
    ['GET', '/api/3/action/package_show'],
    ['HEAD', '/api/datasets/x/rows'],
    ['GET', '/api/datasets/x/events'],
    ['GET', '/catalog.jsonld'],
    ['GET', '/catalog.ttl'],
    ['GET', '/feed.xml'],
    ['GET', '/datasets/x/data.csv'],
    ['GET', '/datasets/x/files/a.csv'],
  ])('%s %s is a public read', (m, p) => {
    expect(corsHeaders(m, p)).toEqual({ 'Access-Control-Allow-Origin': '*' });
  });

  it.each([
    ['POST', '/api/datasets/x/rows'],
    ['POST', '/report/x/'],
    ['POST', '/api/3/action/package_search'],
    ['GET', '/report/x/'],
    ['GET', '/datasets/x/'],
    ['DELETE', '/api/datasets/x/rows'],
  ])('%s %s is not', (m, p) => {
    expect(corsHeaders(m, p)).toEqual({});
    expect(isPublicRead(m, p)).toBe(false);
  });

  it('grants a preflight for reads only', () => {
    expect(preflight('/api/datasets/x/events', 'GET').headers['Access-Control-Allow-Origin']).toBe('*');
    expect(preflight('/api/datasets/x/rows', 'POST').headers['Access-Control-Allow-Origin']).toBeUndefined();
    expect(preflight('/report/x/', 'POST').headers['Access-Control-Allow-Methods']).toBeUndefined();
  });
});

describe('security headers', () => {
  it('the page policy allows scripts by hash only, and forbids framing, plugins and foreign forms', () => {
    const csp = contentSecurityPolicy(["'sha256-abc='"]);
    expect(csp).toContain("script-src 'self' 'sha256-abc='");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    for (const d of ["default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'", "img-src 'self' data:", "connect-src 'self'"])
      expect(csp).toContain(d);
  });

  it('hashes exactly the island runtime and directive scripts of the installed Astro', async () => {
    const hashes = await astroInlineScriptHashes();
    expect(hashes).toHaveLength(6);
    const load = ((await import('astro/runtime/client/load.prebuilt.js')) as { default: string }).default;
    expect(hashes).toContain(scriptHash(load));
    expect(scriptHash('alert(1)')).toBe("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
  });

  it('HSTS only over HTTPS', () => {
    expect(baseHeaders({ https: false })['Strict-Transport-Security']).toBeUndefined();
    expect(baseHeaders({ https: true })['Strict-Transport-Security']).toMatch(/^max-age=\d+/);
    expect(baseHeaders({ https: false })['Permissions-Policy']).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\)/);
  });
});

describe('limits', () => {
  it('defaults and environment variables', () => {
    const d = httpSettings({});
    expect(d).toMatchObject({ maxBody: 1048576, maxFormBody: 65536, requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, sseMaxQueue: 1048576, trustProxy: false });
    const s = httpSettings({ PORTAL_REQUEST_TIMEOUT: '2', PORTAL_MAX_FORM_BODY: '100', PORTAL_TRUST_PROXY: '1' });
    expect(s).toMatchObject({ requestTimeoutMs: 2000, headersTimeoutMs: 2000, maxFormBody: 100, trustProxy: true });
    expect(() => httpSettings({ PORTAL_SSE_MAX: 'lots' })).toThrow(/PORTAL_SSE_MAX/);
  });

  it('one body limit for every endpoint that takes a body', () => {
    const limits = { maxBody: 1000, maxFormBody: 10 };
    expect(bodyLimit('POST', '/api/datasets/x/rows', limits)).toBe(1000);
    expect(bodyLimit('POST', '/api/3/action/package_search', limits)).toBe(1000);
    expect(bodyLimit('POST', '/report/x/', limits)).toBe(10);
    expect(bodyLimit('PUT', '/anything', limits)).toBe(10);
    expect(bodyLimit('GET', '/api/search', limits)).toBeUndefined();
  });

  it('event streams: per client, then in all; a closed stream frees its place', () => {
    const limiter = new EventStreamLimiter({ sseMax: 3, sseMaxPerClient: 2, sseMaxQueue: 1024 });
    const a1 = limiter.admit('a');
    const a2 = limiter.admit('a');
    expect(a1.ok && a2.ok).toBe(true);
    expect(limiter.admit('a')).toMatchObject({ ok: false, status: 429 });
    expect(limiter.admit('b').ok).toBe(true);
    expect(limiter.admit('c')).toMatchObject({ ok: false, status: 503 });
    if (a1.ok) a1.release();
    if (a1.ok) a1.release();
    expect(limiter.openStreams).toBe(2);
    expect(limiter.admit('c').ok).toBe(true);
  });
});

describe('logos under /assets/', () => {
  it('are images shown by <img>, and a document opened directly runs no script', async () => {
    const { publisherFileHeaders } = await import('../../../src/server/http/publisher-files.ts');
    expect(publisherFileHeaders('/assets/logo.svg')).toEqual({ 'Content-Security-Policy': "sandbox; default-src 'none'", 'X-Content-Type-Options': 'nosniff', 'Content-Type': 'image/svg+xml' });
    expect(publisherFileHeaders('/assets/publishers/x.html')).toMatchObject({ 'Content-Type': 'application/octet-stream', 'Content-Disposition': expect.stringContaining('attachment') });
  });
});

describe('embed pages', () => {
  it('may be framed by any site; every other page by none', async () => {
    const { baseHeaders, contentSecurityPolicy, EMBED_PATH } = await import('../../../src/server/http/security-headers.ts');
    expect(EMBED_PATH.test('/embed/dashboards/covid-19/rea/')).toBe(true);
    expect(EMBED_PATH.test('/en/embed/dashboards/covid-19/rea/')).toBe(true);
    expect(EMBED_PATH.test('/datasets/embed/')).toBe(false);
    expect(contentSecurityPolicy([], { embeddable: true })).toContain('frame-ancestors *');
    expect(contentSecurityPolicy([])).toContain("frame-ancestors 'none'");
    expect(baseHeaders({ https: false, embeddable: true })).not.toHaveProperty('X-Frame-Options');
    expect(baseHeaders({ https: false })).toHaveProperty('X-Frame-Options', 'DENY');
  });
});

describe('the default language under a prefix', () => {
  it('is the address without it, query kept, never another site', async () => {
    const { defaultLanguageAddress } = await import('../../../src/server/http/default-language.ts');
    expect(defaultLanguageAddress('/fr/datasets/x/', '?q=1', 'fr')).toBe('/datasets/x/?q=1');
    expect(defaultLanguageAddress('/fr', '', 'fr')).toBe('/');
    expect(defaultLanguageAddress('/fr/', '', 'fr')).toBe('/');
    expect(defaultLanguageAddress('/fr/\\\\example.org', '', 'fr')).toBe('/example.org');
    expect(defaultLanguageAddress('/fr/%5C%2fexample.org', '', 'fr')).toBe('/example.org');
    expect(defaultLanguageAddress('/en/datasets/', '', 'fr')).toBeUndefined();
    expect(defaultLanguageAddress('/frites/', '', 'fr')).toBeUndefined();
    expect(defaultLanguageAddress('/datasets/', '', 'fr')).toBeUndefined();
    expect(defaultLanguageAddress('/fr/', '', undefined)).toBeUndefined();
  });
});
