import { Worker } from 'node:worker_threads';
import type { Catalog } from '../content/load.ts';
import { catalogChecksums } from '../standards/checksums.ts';
import { contextKey, datasetFragmentKey, FragmentStore } from '../standards/fragments.ts';
import { datasetDocuments, searchSettings } from './documents.ts';
import { EmbeddedSearch, type EmbeddedIndexFile } from './embedded.ts';
import type { SearchDocument, SearchSettings } from './types.ts';

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

/** The embedded engine's index of these documents, as the JSON the server loads at start. */
export async function indexFileOf(settings: SearchSettings, documents: SearchDocument[]): Promise<EmbeddedIndexFile> {
  const engine = new EmbeddedSearch(settings);
  await engine.replaceAll(documents);
  return engine.toFile();
}

/** Build the embedded engine's index for a catalog, as the JSON the server loads at start. */
export async function buildEmbeddedIndex(catalog: Catalog): Promise<EmbeddedIndexFile> {
  return indexFileOf(searchSettings(catalog), (await cachedCatalogDocuments(catalog)).documents);
}

/**
 * Write the index of a catalog to `path`: its documents are made here (from the build cache,
 * which this process keeps), the index itself by a worker thread (src/search/index-worker.mjs),
 * so the build writes its exports and dataset files on this thread meanwhile, on the other core.
 * The file is the one buildEmbeddedIndex gives. Resolves once the file is written; `documentsMs`
 * is the time this thread spent, `ms` the worker's.
 */
export async function writeEmbeddedIndex(catalog: Catalog, path: string): Promise<{ documentsMs: number; done: Promise<{ ms: number }> }> {
  const started = Date.now();
  const { documents } = await cachedCatalogDocuments(catalog);
  const documentsMs = Date.now() - started;
  const done = new Promise<{ ms: number }>((resolve, reject) => {
    const worker = new Worker(new URL('./index-worker.mjs', import.meta.url), { workerData: { settings: searchSettings(catalog), documents, path } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`building the search index stopped (exit ${code})`))));
  });
  // Awaited by the caller; until then, a failure is not an unhandled rejection that ends the process before it is reported.
  done.catch(() => undefined);
  return { documentsMs, done };
}
