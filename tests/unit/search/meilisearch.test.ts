// The same contract against a real Meilisearch server, when one is configured.
// No Meilisearch binary can be installed on these machines, so without MEILI_URL
// this suite is skipped, and says why; the module's own logic is tested in
// meilisearch-logic.test.ts without a server.
import { beforeAll, describe, it } from 'vitest';
import { MeiliSearchBackend } from '../../../src/search/meilisearch.ts';
import { searchContract, upsertContract } from './contract.ts';
import { CORPUS_LANGUAGES, corpusDocuments } from './corpus.ts';

const url = process.env.MEILI_URL;

if (!url) {
  describe('search contract: meilisearch', () => {
    it.skip('skipped: MEILI_URL is not set (no Meilisearch server here; set MEILI_URL and MEILI_API_KEY to run the contract against one)', () => {});
  });
  console.log('[search] Meilisearch contract suite skipped: MEILI_URL is not set.');
} else {
  const backend = new MeiliSearchBackend({ url, apiKey: process.env.MEILI_API_KEY, index: `contract_${process.pid}` });
  beforeAll(async () => {
    await backend.applySettings({ languages: CORPUS_LANGUAGES, defaultLanguage: 'fr', synonyms: {}, stopWords: [] });
    await backend.replaceAll(corpusDocuments());
  }, 120_000);
  searchContract('meilisearch', () => backend);
  upsertContract('meilisearch', async () => {
    const own = new MeiliSearchBackend({ url, apiKey: process.env.MEILI_API_KEY, index: `contract_upsert_${process.pid}` });
    await own.applySettings({ languages: CORPUS_LANGUAGES, defaultLanguage: 'fr', synonyms: {}, stopWords: [] });
    await own.replaceAll(corpusDocuments());
    return own;
  });
}
