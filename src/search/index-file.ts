import { writeFileSync } from 'node:fs';
import { inWorker } from '../lib/in-worker.ts';
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

/** What the worker thread of writeEmbeddedIndex is given. */
interface IndexJob {
  settings: SearchSettings;
  documents: SearchDocument[];
  path: string;
}

/** Build the index of `documents` and write it to `path` (on writeEmbeddedIndex's worker thread); the time it took. */
export async function writeIndexFile({ settings, documents, path }: IndexJob): Promise<{ ms: number }> {
  const started = Date.now();
  writeFileSync(path, JSON.stringify(await indexFileOf(settings, documents)));
  return { ms: Date.now() - started };
}

/**
 * Write the index of a catalog to `path`: its documents are made here (from the build cache,
 * which this process keeps), the index itself on a worker thread (src/lib/in-worker.ts), so the
 * build writes its exports and dataset files on this thread meanwhile, on the other core. The
 * file is the one buildEmbeddedIndex gives. `documentsMs`: the time this thread spent; `done`
 * resolves once the file is written, with the worker's time.
 */
export async function writeEmbeddedIndex(catalog: Catalog, path: string): Promise<{ documentsMs: number; done: Promise<{ ms: number }> }> {
  const started = Date.now();
  const { documents } = await cachedCatalogDocuments(catalog);
  const documentsMs = Date.now() - started;
  const job: IndexJob = { settings: searchSettings(catalog), documents, path };
  return { documentsMs, done: inWorker<IndexJob, { ms: number }>(new URL(import.meta.url), 'writeIndexFile', job, () => writeIndexFile(job)) };
}
