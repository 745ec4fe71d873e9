import { beforeAll } from 'vitest';
import { EmbeddedSearch } from '../../../src/search/embedded.ts';
import { searchContract } from './contract.ts';
import { CORPUS_LANGUAGES, corpusDocuments } from './corpus.ts';

let engine: EmbeddedSearch;
beforeAll(async () => {
  const built = new EmbeddedSearch({ languages: CORPUS_LANGUAGES, defaultLanguage: 'fr', synonyms: {}, stopWords: [] });
  await built.replaceAll(corpusDocuments());
  // The server never uses the engine that built the index: it loads the file. Test that path.
  engine = EmbeddedSearch.fromFile(JSON.parse(JSON.stringify(built.toFile())));
});

searchContract('embedded', () => engine);
