// How the real server delivers the fixture build: compression (precompressed and on the fly),
// validators and 304s, Cache-Control by address, HEAD and Range, charsets; never compressed
// event streams. Raw node:http requests: fetch would negotiate and decompress on its own.
import { readdirSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sqliteState, type LiveState } from '../helpers/live.ts';
import { startServer, type RunningServer } from '../helpers/portal.ts';

let server: RunningServer;
let state: LiveState;

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((done, fail) => {
    const req = http.request(`${server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

beforeAll(async () => {
  state = sqliteState();
  server = await startServer(inject('fixtureDist'), state.env);
});
afterAll(async () => {
  await server?.stop();
  await state?.cleanup();
});

describe('compression', () => {
  it('sends the brotli or gzip copy of a page as the client accepts, with Vary and its own ETag', async () => {
    const plain = await get('/datasets/cantines/');
    const br = await get('/datasets/cantines/', { 'Accept-Encoding': 'gzip, deflate, br' });
    const gz = await get('/datasets/cantines/', { 'Accept-Encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    for (const r of [plain, br, gz]) {
      expect(r.headers.vary).toMatch(/Accept-Encoding/);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    }
    expect(new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]).size).toBe(3);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
  });

  it('compresses on-demand answers on the fly', async () => {
    const res = await get('/datasets/?q=cantine', { 'Accept-Encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(res.body).toString()).toContain('</html>');
  });

  it('never compresses an event stream, and never lets one be stored', async () => {
    const res = await new Promise<http.IncomingMessage>((done, fail) =>
      http.get(`${server.url}/api/datasets/lits-reanimation/events`, { headers: { 'Accept-Encoding': 'br, gzip' } }, done).on('error', fail),
    );
    const first = await new Promise<string>((done) => res.once('data', (c: Buffer) => done(c.toString())));
    res.destroy();
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(first).toMatch(/retry:|: connected/);
  });
});

describe('validators and caching', () => {
  it('answers 304 to a matching If-None-Match, for a page and for its brotli copy', async () => {
    const variants: Record<string, string>[] = [{}, { 'Accept-Encoding': 'br' }];
    for (const ae of variants) {
      const first = await get('/datasets/cantines/', ae);
      expect(first.headers.etag).toBeTruthy();
      expect(first.headers['last-modified']).toBeTruthy();
      const again = await get('/datasets/cantines/', { ...ae, 'If-None-Match': first.headers.etag! });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers['cache-control']).toBe('public, max-age=300, must-revalidate');
    }
    const exported = await get('/catalog.ttl');
    expect(exported.headers['content-type']).toMatch(/^text\/turtle; charset=utf-8/i);
    expect((await get('/catalog.ttl', { 'If-None-Match': exported.headers.etag! })).status).toBe(304);
  });

  it('keeps hashed assets forever, and never personal pages', async () => {
    const asset = readdirSync(join(inject('fixtureDist'), 'client', '_astro')).find((f) => /\.(js|css)$/.test(f))!;
    expect((await get(`/_astro/${asset}`)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const form = await get('/report/lits-reanimation/');
    expect(form.headers['cache-control']).toBe('no-store');
    expect((await get('/api/datasets/lits-reanimation/rows')).headers['cache-control']).toBe('no-store');
  });
});

describe('HEAD and Range on data files', () => {
  const FILE = '/datasets/lits-reanimation/files/lits.csv';
  it('answers HEAD with the length and no body', async () => {
    const full = await get(FILE);
    const head = await get(FILE, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(full.body.length);
    expect(head.headers['accept-ranges']).toBe('bytes');
    expect(head.headers['content-type']).toBe('text/csv; charset=utf-8');
  });
  it('sends the bytes asked for, of the file itself even when the client accepts compression', async () => {
    const full = await get(FILE);
    const part = await get(FILE, { Range: 'bytes=10-29', 'Accept-Encoding': 'br, gzip' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 10-29/${full.body.length}`);
    expect(part.headers['content-encoding']).toBeUndefined();
    expect(part.body.equals(full.body.subarray(10, 30))).toBe(true);
    const resumed = await get(FILE, { Range: 'bytes=10-29', 'If-Range': full.headers.etag! });
    expect(resumed.status).toBe(206);
  });
});
