import { describe, expect, it } from 'vitest';
import { fetchAllRows } from '../../../src/live/client.ts';

function fakeFetch(total: number, pageSize: number) {
  const calls: string[] = [];
  const fetch = (async (input: string) => {
    calls.push(input);
    const u = new URL(input);
    const offset = Number(u.searchParams.get('offset') ?? 0);
    const rows = Array.from({ length: Math.max(0, Math.min(pageSize, total - offset)) }, (_, i) => ({ n: offset + i }));
    let next: string | null = null;
    if (offset + rows.length < total) {
      u.searchParams.set('offset', String(offset + pageSize));
      next = `${u.pathname}${u.search}`;
    }
    return new Response(JSON.stringify({ rows, total, offset, limit: pageSize, next }), { headers: { 'Content-Type': 'application/json' } });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('fetchAllRows', () => {
  it('follows every page of the rows API', async () => {
    const { fetch, calls } = fakeFetch(25, 10);
    const rows = await fetchAllRows('a b', { base: 'http://portal.test/', fetch });
    expect(rows?.map((r) => r.n)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(calls).toHaveLength(3);
    expect(calls[0]).toBe('http://portal.test/api/datasets/a%20b/rows?format=json&limit=10000');
  });

  it('gives up (undefined) beyond the cap, after one request', async () => {
    const { fetch, calls } = fakeFetch(60_000, 10_000);
    expect(await fetchAllRows('x', { base: 'http://portal.test/', fetch, max: 50_000 })).toBeUndefined();
    expect(calls).toHaveLength(1);
  });

  it('rejects on an HTTP error', async () => {
    const fetch = (async () => new Response('{}', { status: 404 })) as unknown as typeof globalThis.fetch;
    await expect(fetchAllRows('x', { base: 'http://portal.test/', fetch })).rejects.toThrow('404');
  });
});
