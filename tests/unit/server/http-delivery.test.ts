// The pure rules of how answers are delivered: which encoding, which Cache-Control, which charset,
// and the build's precompression on a small folder.
import { existsSync, linkSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cacheControl, IMMUTABLE, isPersonalOrLive, STATIC } from '../../../src/server/http/cache-control.ts';
import { chooseEncoding, loadPrecompressed, staticFileOf } from '../../../src/server/http/compression.ts';
import { withCharset } from '../../../src/server/http/content-type.ts';
import { compressIntoCache, precompress } from '../../../src/server/http/precompress.ts';
import { staticType } from '../../../src/server/http/static-files.ts';

describe('chooseEncoding', () => {
  it('prefers brotli at equal weight, whatever the order the client lists them in', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('br, gzip')).toBe('br');
  });
  it('follows the client weights and refusals', () => {
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0')).toBeUndefined();
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding(undefined)).toBeUndefined();
    expect(chooseEncoding('')).toBeUndefined();
  });
});

describe('cacheControl', () => {
  it('keeps hashed assets forever and revalidates other static files', () => {
    expect(cacheControl('/_astro/index.Bx1.js', true, 'public, max-age=0')).toBe(IMMUTABLE);
    expect(cacheControl('/datasets/a/index.html', true, 'public, max-age=0')).toBe(STATIC);
    expect(cacheControl('/sitemap.xml', true, undefined)).toBe(STATIC);
  });
  it('never lets personal or live answers be stored, whatever the route said', () => {
    for (const p of ['/report/lits/', '/en/report/lits/', '/reporting/', '/en/reporting/', '/api/datasets/lits/rows', '/api/datasets/lits/events']) {
      expect(isPersonalOrLive(p), p).toBe(true);
      expect(cacheControl(p, false, 'public, max-age=60')).toBe('no-store');
    }
    expect(isPersonalOrLive('/datasets/reporting-tool/')).toBe(false);
    expect(isPersonalOrLive('/reports/')).toBe(false);
  });
  it('keeps what an on-demand route chose, and no-cache when it chose nothing', () => {
    expect(cacheControl('/api/search', false, 'public, max-age=5')).toBe('public, max-age=5');
    // The whole-catalog exports a publish changes at once: revalidated on every request.
    expect(cacheControl('/catalog.jsonld', true, undefined)).toBe('public, max-age=0, must-revalidate');
    expect(cacheControl('/catalog.ttl', true, undefined)).toBe('public, max-age=0, must-revalidate');
    expect(cacheControl('/feed.xml', true, undefined)).toBe('public, max-age=300, must-revalidate');
    expect(cacheControl('/datasets/', false, undefined)).toBe('no-cache');
  });
});

describe('withCharset', () => {
  it('adds UTF-8 to text types that lack a charset, and only to them', () => {
    expect(withCharset('text/html')).toBe('text/html; charset=utf-8');
    expect(withCharset('application/ld+json')).toBe('application/ld+json; charset=utf-8');
    expect(withCharset('text/turtle')).toBe('text/turtle; charset=utf-8');
    expect(withCharset('application/json; charset=UTF-8')).toBe('application/json; charset=UTF-8');
    expect(withCharset('image/png')).toBe('image/png');
    expect(withCharset('application/octet-stream')).toBe('application/octet-stream');
    expect(withCharset(undefined)).toBeUndefined();
  });
});

describe('staticFileOf', () => {
  it('resolves folders to their index.html like the static handler', () => {
    expect(staticFileOf('/datasets/a/', () => false)).toBe('/datasets/a/index.html');
    expect(staticFileOf('/datasets/a', () => true)).toBe('/datasets/a/index.html');
    expect(staticFileOf('/catalog.ttl', () => false)).toBe('/catalog.ttl');
  });
});

describe('precompress', () => {
  it('compresses the JSON answers written at build under /api/ (no extension), typed as JSON', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'precompress-'));
    try {
      mkdirSync(join(dist, 'client', 'api', 'dashboards'), { recursive: true });
      mkdirSync(join(dist, 'portal'));
      const body = JSON.stringify({ figures: Array.from({ length: 200 }, (_, i) => ({ territory: `t${i}`, value: i })) });
      writeFileSync(join(dist, 'client', 'api', 'dashboards', 'covid-19'), body);
      writeFileSync(join(dist, 'client', 'LICENSE'), 'x'.repeat(4000));
      await precompress(dist);
      expect([...loadPrecompressed(dist)]).toEqual(['/api/dashboards/covid-19']);
      expect(brotliDecompressSync(readFileSync(join(dist, 'client', 'api', 'dashboards', 'covid-19.br'))).toString()).toBe(body);
      expect(staticType('/api/dashboards/covid-19')).toBe('application/json');
      expect(staticType('/LICENSE')).toBeUndefined();
      expect(staticType('/api/openapi.json')).toBe('application/json');
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('writes brotli and gzip copies of text files worth it, lists them, and leaves a publisher .gz alone', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'precompress-'));
    try {
      mkdirSync(join(dist, 'client', 'd', 'files'), { recursive: true });
      mkdirSync(join(dist, 'portal'));
      const page = '<p>données</p>\n'.repeat(500);
      writeFileSync(join(dist, 'client', 'd', 'index.html'), page);
      writeFileSync(join(dist, 'client', 'small.css'), 'a{}');
      writeFileSync(join(dist, 'client', 'd', 'files', 'x.csv'), 'a,b\n1,2\n'.repeat(400));
      writeFileSync(join(dist, 'client', 'd', 'files', 'x.csv.gz'), 'the publisher’s own file');
      const result = await precompress(dist);
      expect(result.files).toBe(1);
      expect([...loadPrecompressed(dist)]).toEqual(['/d/index.html']);
      expect(brotliDecompressSync(readFileSync(join(dist, 'client', 'd', 'index.html.br'))).toString()).toBe(page);
      expect(gunzipSync(readFileSync(join(dist, 'client', 'd', 'index.html.gz'))).toString()).toBe(page);
      expect(existsSync(join(dist, 'client', 'small.css.br'))).toBe(false);
      expect(readFileSync(join(dist, 'client', 'd', 'files', 'x.csv.gz'), 'utf8')).toBe('the publisher’s own file');
      expect(existsSync(join(dist, 'client', 'd', 'files', 'x.csv.br'))).toBe(false);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('lists the files whose copies the build made with their pages without reading them again', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'precompress-'));
    try {
      mkdirSync(join(dist, 'client', 'a'), { recursive: true });
      mkdirSync(join(dist, 'client', 'b'), { recursive: true });
      mkdirSync(join(dist, 'client', 'c'), { recursive: true });
      mkdirSync(join(dist, 'portal'));
      const page = '<p>page</p>\n'.repeat(500);
      for (const d of ['a', 'b', 'c']) writeFileSync(join(dist, 'client', d, 'index.html'), page);
      // Copies made by the page step (src/build/freeze.ts): marked bytes, so a compression here would show.
      writeFileSync(join(dist, 'client', 'a', 'index.html.br'), 'made with the page');
      writeFileSync(join(dist, 'client', 'a', 'index.html.gz'), 'made with the page');
      const handled = new Map([
        ['/a/index.html', { copies: true, size: page.length, br: 18 }],
        // Not worth compressing, said the page step: not compressed here either.
        ['/b/index.html', { copies: false }],
      ]);
      const result = await precompress(dist, undefined, handled);
      expect(result.withPages).toBe(1);
      expect(result.files).toBe(2);
      expect([...loadPrecompressed(dist)]).toEqual(['/a/index.html', '/c/index.html']);
      expect(readFileSync(join(dist, 'client', 'a', 'index.html.br'), 'utf8')).toBe('made with the page');
      expect(existsSync(join(dist, 'client', 'b', 'index.html.br'))).toBe(false);
      expect(brotliDecompressSync(readFileSync(join(dist, 'client', 'c', 'index.html.br'))).toString()).toBe(page);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('compresses files with the same bytes at once into one cache entry, without two writers clashing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'precompress-twins-'));
    try {
      const dist = join(root, 'dist');
      mkdirSync(join(dist, 'portal'), { recursive: true });
      const page = '<p>jumeaux</p>\n'.repeat(2000);
      for (let i = 0; i < 8; i++) {
        mkdirSync(join(dist, 'client', `d${i}`), { recursive: true });
        writeFileSync(join(dist, 'client', `d${i}`, 'index.html'), page);
      }
      await precompress(dist, join(root, 'cache'));
      expect([...loadPrecompressed(dist)]).toHaveLength(8);
      for (let i = 0; i < 8; i++) expect(gunzipSync(readFileSync(join(dist, 'client', `d${i}`, 'index.html.gz'))).toString()).toBe(page);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('links the copies of a large export made into the cache beforehand (on the build worker), compressing nothing again', async () => {
    const root = mkdtempSync(join(tmpdir(), 'precompress-aside-'));
    try {
      const dist = join(root, 'dist');
      mkdirSync(join(dist, 'portal'), { recursive: true });
      mkdirSync(join(dist, 'client'), { recursive: true });
      // Over 1 MB: streamed, at the large files' levels.
      const catalog = `[${Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ '@id': `https://example.org/d/${i}`, title: `Jeu ${i}` })).join(',')}]`;
      const file = join(dist, 'client', 'catalog.jsonld');
      writeFileSync(file, catalog);
      expect(statSync(file).size).toBeGreaterThan(1024 * 1024);
      const cache = join(root, 'cache');
      await compressIntoCache({ file, rel: 'catalog.jsonld', cacheDir: cache });
      const entries = readdirSync(cache).sort();
      expect(entries).toHaveLength(2);
      expect(entries[0]).toMatch(/^[0-9a-f]{64}\.4-5\.br$/);
      const result = await precompress(dist, cache);
      expect(result.reused).toBe(1);
      expect([...loadPrecompressed(dist)]).toEqual(['/catalog.jsonld']);
      // The build's copies are the cache's entries, and decode to the file.
      expect(statSync(`${file}.gz`).ino).toBe(statSync(join(cache, entries[1]!)).ino);
      expect(gunzipSync(readFileSync(`${file}.gz`)).toString()).toBe(catalog);
      expect(brotliDecompressSync(readFileSync(`${file}.br`)).toString()).toBe(catalog);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('links the copies of a file the build before made, when the file is the same one (linked), without reading it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'precompress-older-'));
    try {
      const builds = join(root, 'dist.builds');
      const [a, b] = [join(builds, '20261130T000000Z-1-aaaaaa'), join(builds, '20261130T000001Z-1-bbbbbb')];
      const data = 'a,b\n1,2\n'.repeat(400);
      for (const d of [a, b]) {
        mkdirSync(join(d, 'client', 'd', 'files'), { recursive: true });
        mkdirSync(join(d, 'portal'), { recursive: true });
      }
      writeFileSync(join(a, 'client', 'd', 'files', 'x.csv'), data);
      writeFileSync(join(a, 'client', 'd', 'files', 'y.csv'), data.replace(/2/g, '3'));
      // Bytes no compression shrinks: no copies, which the next build knows without reading them.
      writeFileSync(join(a, 'client', 'd', 'files', 'z.csv'), randomBytes(4000));
      await precompress(a, join(root, 'cache-a'));
      expect(readdirSync(join(root, 'cache-a')).filter((n) => n.endsWith('.none'))).toHaveLength(1);
      // The next build: x.csv and z.csv linked from the build before (unchanged), y.csv written anew with the same bytes.
      linkSync(join(a, 'client', 'd', 'files', 'x.csv'), join(b, 'client', 'd', 'files', 'x.csv'));
      linkSync(join(a, 'client', 'd', 'files', 'z.csv'), join(b, 'client', 'd', 'files', 'z.csv'));
      writeFileSync(join(b, 'client', 'd', 'files', 'y.csv'), data.replace(/2/g, '3'));
      const cacheB = join(root, 'cache-b');
      const result = await precompress(b, cacheB);
      expect([...loadPrecompressed(b)].sort()).toEqual(['/d/files/x.csv', '/d/files/y.csv']);
      expect(result.reused).toBe(1);
      for (const ext of ['br', 'gz']) expect(statSync(join(b, 'client', 'd', 'files', `x.csv.${ext}`)).ino).toBe(statSync(join(a, 'client', 'd', 'files', `x.csv.${ext}`)).ino);
      expect(gunzipSync(readFileSync(join(b, 'client', 'd', 'files', 'x.csv.gz'))).toString()).toBe(data);
      // Only y.csv, another file, was read and compressed into this build's cache.
      expect(readdirSync(cacheB).filter((n) => n.endsWith('.gz'))).toHaveLength(1);
      expect(readdirSync(cacheB).filter((n) => n.endsWith('.none'))).toHaveLength(0);
      expect(existsSync(join(b, 'client', 'd', 'files', 'z.csv.gz'))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('keeps the copies of an earlier run listed when run again over the same build', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'precompress-'));
    try {
      mkdirSync(join(dist, 'client', 'd', 'files'), { recursive: true });
      mkdirSync(join(dist, 'portal'));
      writeFileSync(join(dist, 'client', 'd', 'index.html'), '<p>données</p>\n'.repeat(500));
      writeFileSync(join(dist, 'client', 'd', 'files', 'x.csv'), 'a,b\n1,2\n'.repeat(400));
      writeFileSync(join(dist, 'client', 'd', 'files', 'x.csv.gz'), 'the publisher’s own file');
      await precompress(dist);
      writeFileSync(join(dist, 'client', 'new.html'), '<p>nouveau</p>\n'.repeat(500));
      await precompress(dist);
      expect([...loadPrecompressed(dist)].sort()).toEqual(['/d/index.html', '/new.html']);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('keeps copies in a cache by content: a second build compresses only the file that changed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'precompress-cache-'));
    const cache = join(root, 'cache');
    const build = async (pages: Record<string, string>) => {
      const dist = join(root, `dist-${Math.random().toString(36).slice(2)}`);
      mkdirSync(join(dist, 'portal'), { recursive: true });
      for (const [name, text] of Object.entries(pages)) {
        mkdirSync(join(dist, 'client', name), { recursive: true });
        writeFileSync(join(dist, 'client', name, 'index.html'), text);
      }
      return { dist, result: await precompress(dist, cache) };
    };
    try {
      const a = '<p>premier</p>\n'.repeat(300);
      const b = '<p>second</p>\n'.repeat(300);
      const first = await build({ a, b });
      expect(first.result).toMatchObject({ files: 2, reused: 0 });
      const changed = '<p>changé</p>\n'.repeat(300);
      const second = await build({ a, b: changed });
      expect(second.result).toMatchObject({ files: 2, reused: 1 });
      expect(brotliDecompressSync(readFileSync(join(second.dist, 'client', 'b', 'index.html.br'))).toString()).toBe(changed);
      expect(gunzipSync(readFileSync(join(second.dist, 'client', 'a', 'index.html.gz'))).toString()).toBe(a);
      // The first build's copies are untouched by the second.
      expect(brotliDecompressSync(readFileSync(join(first.dist, 'client', 'b', 'index.html.br'))).toString()).toBe(b);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('streams files above 1 MB, remembers files that do not compress, and reuses both from the cache', async () => {
    const root = mkdtempSync(join(tmpdir(), 'precompress-big-'));
    const cache = join(root, 'cache');
    const build = async () => {
      const dist = join(root, `dist-${Math.random().toString(36).slice(2)}`);
      mkdirSync(join(dist, 'client'), { recursive: true });
      mkdirSync(join(dist, 'portal'));
      writeFileSync(join(dist, 'client', 'big.csv'), big);
      writeFileSync(join(dist, 'client', 'noise.json'), noise);
      return { dist, result: await precompress(dist, cache) };
    };
    const big = 'jour;valeur\n'.repeat(120_000);
    const noise = randomBytes(4096);
    try {
      const first = await build();
      expect(first.result).toMatchObject({ files: 1, reused: 0 });
      expect(gunzipSync(readFileSync(join(first.dist, 'client', 'big.csv.gz'))).toString()).toBe(big);
      expect(brotliDecompressSync(readFileSync(join(first.dist, 'client', 'big.csv.br'))).toString()).toBe(big);
      expect(existsSync(join(first.dist, 'client', 'noise.json.br'))).toBe(false);
      const second = await build();
      expect(second.result).toMatchObject({ files: 1, reused: 2 });
      expect([...loadPrecompressed(second.dist)]).toEqual(['/big.csv']);
      expect(gunzipSync(readFileSync(join(second.dist, 'client', 'big.csv.gz'))).toString()).toBe(big);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
