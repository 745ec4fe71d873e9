import type { Catalog } from '../content/load.ts';
import { catalogChecksums } from '../standards/checksums.ts';
import { contextKey, datasetFragmentKey, FragmentStore } from '../standards/fragments.ts';
import { datasetDocuments, searchSettings } from './documents.ts';
import { EmbeddedSearch, type EmbeddedIndexFile } from './embedded.ts';
import type { SearchDocument } from './types.ts';

/**
 * The search documents of every dataset, each dataset's from the build cache when what it reads
 * is unchanged (its dataset, the portal and publishers: src/standards/fragments.ts). Turning
 * 10,000 Markdown descriptions into text is half the index's time.
 */
export async function cachedCatalogDocuments(catalog: Catalog): Promise<{ documents: SearchDocument[]; rendered: number }> {
  const checksums = await catalogChecksums(catalog);
  const store = new FragmentStore('search');
  const context = contextKey(catalog);
  const documents = catalog.datasets.flatMap(
    (ds) => JSON.parse(store.get(`${context}\0${datasetFragmentKey(catalog, ds, checksums)}`, () => JSON.stringify(datasetDocuments(ds, catalog)))) as SearchDocument[],
  );
  store.save();
  return { documents, rendered: store.rendered };
}

/** Build the embedded engine's index for a catalog, as the JSON the server loads at start. */
export async function buildEmbeddedIndex(catalog: Catalog): Promise<EmbeddedIndexFile> {
  const engine = new EmbeddedSearch(searchSettings(catalog));
  await engine.replaceAll((await cachedCatalogDocuments(catalog)).documents);
  return engine.toFile();
}
