import { expect } from 'vitest';

type Get = (path: string, headers?: Record<string, string>) => Promise<Response>;

/**
 * An on-demand answer a proxy may keep (src/server/http/cache-control.ts STATIC): 200, public for
 * a few minutes, a weak ETag, and a bodiless 304 with the same headers on If-None-Match. Returns the ETag.
 */
export async function expectRevalidated(get: Get, path: string): Promise<string> {
  const first = await get(path);
  expect(first.status, path).toBe(200);
  expect(first.headers.get('cache-control'), path).toBe('public, max-age=300, must-revalidate');
  const etag = first.headers.get('etag')!;
  expect(etag, path).toMatch(/^W\/".+"$/);
  const again = await get(path, { 'If-None-Match': etag });
  expect(again.status, path).toBe(304);
  expect(again.headers.get('etag'), path).toBe(etag);
  expect(again.headers.get('cache-control'), path).toBe('public, max-age=300, must-revalidate');
  expect(await again.text(), path).toBe('');
  return etag;
}
