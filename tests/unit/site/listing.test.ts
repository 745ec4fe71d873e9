// Sector and publisher pages list the newest LISTING_LIMIT datasets and link to the rest in the
// catalog search: checked on a generated portal with more datasets than the limit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { generatePortal } from '../../../scripts/bench/generate.ts';
import { urls } from '../../../src/lib/urls.ts';
import { parseSearchParams } from '../../../src/search/query.ts';
import { getCatalog } from '../../../src/site/catalog.ts';
import { LISTING_LIMIT, newestOf } from '../../../src/site/static.ts';

const dir = mkdtempSync(join(tmpdir(), 'listing-'));
const content = join(dir, 'content');
generatePortal(content, LISTING_LIMIT + 13);
vi.stubEnv('PORTAL_CONTENT', content);
vi.stubEnv('PORTAL_CACHE', join(dir, 'cache'));
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('newestOf', () => {
  it('keeps the most recently updated datasets up to the limit and counts them all', () => {
    const all = getCatalog().datasets;
    const { shown, total } = newestOf(all);
    expect(total).toBe(LISTING_LIMIT + 13);
    expect(shown).toHaveLength(LISTING_LIMIT);
    const newest = [...all]
      .map((d) => d.config.updated)
      .sort()
      .reverse();
    expect(shown.map((d) => d.updated)).toEqual(newest.slice(0, LISTING_LIMIT));
    // Nothing left out is newer than what is shown.
    const shownSlugs = new Set(shown.map((d) => d.slug));
    const oldestShown = shown.at(-1)!.updated;
    expect(all.filter((d) => !shownSlugs.has(d.slug)).every((d) => d.config.updated <= oldestShown)).toBe(true);
  });

  it('shows every dataset of a short list', () => {
    const few = getCatalog().datasets.slice(0, 3);
    expect(newestOf(few)).toMatchObject({ total: 3, shown: expect.any(Array) });
    expect(newestOf(few).shown).toHaveLength(3);
  });
});

describe('urls.catalogOf', () => {
  it('is a catalog search the search page reads as that filter, newest first', () => {
    const address = urls.catalogOf('publisher', 'santé publique&co');
    expect(address.startsWith(urls.catalog() + '?')).toBe(true);
    const { query, problems } = parseSearchParams(new URL(address, 'https://x.test').searchParams, ['fr', 'en']);
    expect(problems).toEqual([]);
    expect(query.filters).toEqual({ publisher: ['santé publique&co'] });
    expect(query.sort).toBe('updated');
  });
});
