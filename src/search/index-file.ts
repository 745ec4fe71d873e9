import type { Catalog } from '../content/load.ts';
import { catalogDocuments, searchSettings } from './documents.ts';
import { EmbeddedSearch, type EmbeddedIndexFile } from './embedded.ts';

/** Build the embedded engine's index for a catalog, as the JSON the server loads at start. */
export async function buildEmbeddedIndex(catalog: Catalog): Promise<EmbeddedIndexFile> {
  const engine = new EmbeddedSearch(searchSettings(catalog));
  await engine.replaceAll(catalogDocuments(catalog));
  return engine.toFile();
}
