// Meilisearch down: the real Meilisearch client pointed at a closed local port (never a fake
// server), and the real embedded engine as the fallback (src/server/search.ts FallbackSearch).
import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedSearch } from '../../../src/search/embedded.ts';
import { MeiliSearchBackend } from '../../../src/search/meilisearch.ts';
import { FALLBACK_MS, FallbackSearch } from '../../../src/server/search.ts';
import { CORPUS_LANGUAGES, corpusDocuments } from './corpus.ts';

let embedded: EmbeddedSearch;
let closed = '';
beforeAll(async () => {
  embedded = new EmbeddedSearch({ languages: CORPUS_LANGUAGES, defaultLanguage: 'fr', synonyms: {}, stopWords: [] });
  await embedded.replaceAll(corpusDocuments());
  // A port that was free a moment ago: nothing listens there.
  closed = await new Promise<string>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(`http://127.0.0.1:${port}`));
    });
  });
});

const query = { q: 'hopital', lang: 'fr', filters: {}, sort: 'relevance' as const, page: 1, hitsPerPage: 5 };

describe('FallbackSearch with Meilisearch unreachable', () => {
  it('answers from the embedded index, logs once per outage window, and tries Meilisearch again after it', async () => {
    const lines: string[] = [];
    let now = 1_000_000;
    let loads = 0;
    const search = new FallbackSearch(
      new MeiliSearchBackend({ url: closed }),
      () => (loads++, embedded),
      (l) => lines.push(l),
      () => now,
    );
    const first = await search.search(query);
    expect(first.backend).toBe('embedded');
    expect(first.hits.length).toBeGreaterThan(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `search: Meilisearch is unreachable at ${closed} (fetch failed): check MEILI_URL and that the server is running. Answering from the embedded index of this build; Meilisearch is tried again in ${FALLBACK_MS / 1000} s.`,
    );
    now += FALLBACK_MS - 1;
    expect((await search.search(query)).backend).toBe('embedded');
    expect(lines).toHaveLength(1); // not tried again within the window
    now += 2;
    await search.search(query);
    expect(lines).toHaveLength(2); // tried, still down, said again
    expect(loads).toBe(1); // the embedded index is loaded once
  });

  it('stays ready, with the reason in the health message', async () => {
    const search = new FallbackSearch(
      new MeiliSearchBackend({ url: closed }),
      () => embedded,
      () => {},
    );
    const health = await search.health();
    expect(health.ok).toBe(true);
    expect(health.backend).toBe('embedded');
    expect(health.message).toContain(`Meilisearch is unreachable at ${closed}`);
    expect(health.message).toContain('searches are answered by the embedded index');
  });
});
