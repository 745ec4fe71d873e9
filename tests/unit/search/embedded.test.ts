import { beforeAll } from 'vitest';
import { EmbeddedSearch } from '../../../src/search/embedded.ts';
import { searchContract, upsertContract } from './contract.ts';
import { CORPUS_LANGUAGES, corpusDocuments } from './corpus.ts';

let engine: EmbeddedSearch;
/** The corpus's index as the server loads it: the server never uses the engine that built the index, it loads the file. */
const loaded = async () => {
  const built = new EmbeddedSearch({ languages: CORPUS_LANGUAGES, defaultLanguage: 'fr', synonyms: {}, stopWords: [] });
  await built.replaceAll(corpusDocuments());
  return EmbeddedSearch.fromFile(JSON.parse(JSON.stringify(built.toFile())));
};
beforeAll(async () => {
  engine = await loaded();
});

searchContract('embedded', () => engine);
upsertContract('embedded', loaded);
