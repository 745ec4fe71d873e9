import { copyFileSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { olderBuilds } from '../server/builds.ts';
import { buildTime } from '../lib/build-time.ts';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { sha256Files } from '../lib/checksum.ts';
import type { Catalog, LoadedDataset } from '../content/load.ts';
import { localize } from '../content/localize.ts';
import type { UiStrings } from '../i18n/index.ts';
import { excerpt, markdownToText } from '../lib/markdown.ts';
import { writeLiveRuntime } from '../live/runtime-file.ts';
import { writeEmbeddedIndex } from '../search/index-file.ts';
import { inWorker } from '../lib/in-worker.ts';
import { placeDataFiles, type Place } from './place-files.ts';
import { FragmentStore } from '../standards/fragments.ts';
import type { RuntimeCatalog, RuntimeDataset } from './runtime-catalog-types.ts';
import { isInside, resolveInside } from '../lib/safe-path.ts';
import { urls } from '../lib/urls.ts';
import { dirMaker } from '../lib/dirs.ts';
import { FILE_CHARSETS, fileCharsets } from './file-charsets.ts';
import type { LinkedFiles } from '../server/http/precompress.ts';

/**
 * What the server knows of the portal (dist/portal/catalog.json). With `store`, each dataset's
 * summary (its description as plain text, cut, per language: most of the time at 10,000
 * datasets) comes from the build cache when its description and the portal's languages are
 * unchanged; the result is the same.
 */
export function runtimeCatalog(catalog: Catalog, ui: Record<string, UiStrings>, store?: FragmentStore): RuntimeCatalog {
  const { portal } = catalog;
  const languages = JSON.stringify([portal.languages, portal.defaultLanguage]);
  const cached = (d: LoadedDataset): Record<string, string> | undefined =>
    store ? (JSON.parse(store.get(`${languages}\0${JSON.stringify(d.config.description)}`, () => JSON.stringify(datasetSummaries(catalog, d)))) as Record<string, string>) : undefined;
  return {
    builtAt: buildTime(),
    portal: {
      name: portal.name,
      tagline: portal.tagline,
      languages: portal.languages,
      defaultLanguage: portal.defaultLanguage,
      baseUrl: portal.baseUrl,
      contact: portal.contact,
      theme: portal.theme,
      sectors: portal.sectors,
    },
    ui,
    publishers: [...catalog.publishers.values()].map((p) => ({ id: p.id, name: p.name })),
    datasets: catalog.datasets.map((d) => runtimeDataset(catalog, d, cached(d))),
  };
}

/** A dataset's description as plain text, cut, per language of the portal. */
function datasetSummaries(catalog: Catalog, d: LoadedDataset): Record<string, string> {
  const { portal } = catalog;
  return Object.fromEntries(portal.languages.map((lang) => [lang, excerpt(markdownToText(localize(d.config.description, lang, portal.defaultLanguage)), 240)]));
}

/** A dataset's card summary in the runtime catalog (`summary`: its summaries when the build cache had them). */
export function runtimeDataset(catalog: Catalog, d: LoadedDataset, summary = datasetSummaries(catalog, d)): RuntimeDataset {
  return {
    slug: d.slug,
    title: d.config.title,
    summary,
    sector: d.config.sector,
    publisher: d.config.publisher,
    license: d.license.id,
    formats: [...new Set(d.resources.map((r) => r.format))],
    tags: d.config.tags,
    frequency: d.config.frequency,
    updated: d.config.updated,
  };
}

const built = new WeakMap<Catalog, { ui: Record<string, UiStrings>; value: RuntimeCatalog }>();

/** runtimeCatalog with the summaries kept in the build cache, computed once per catalog (the build files and the static pages share it). */
export function cachedRuntimeCatalog(catalog: Catalog, ui: Record<string, UiStrings>): RuntimeCatalog {
  const hit = built.get(catalog);
  if (hit?.ui === ui) return hit.value;
  const store = new FragmentStore('summaries');
  const value = runtimeCatalog(catalog, ui, store);
  store.save();
  built.set(catalog, { ui, value });
  return value;
}

/** The data files of a build and their SHA-256, by path under client/ (<dist>/portal/data-files.json). */
const DATA_FILES = 'data-files.json';

/**
 * The data files of the build made before this one (the newest other build folder next to it
 * that lists them), by path under client/: a file with the same SHA-256 is hard-linked from it
 * instead of copied. A build is never written to once switched, so a link shares bytes that no
 * longer change; the publishing API replaces a content file by renaming a new one into place.
 */
function previousDataFiles(clientDir: string): { client: string; files: Record<string, string> } | undefined {
  for (const build of olderBuilds(dirname(resolve(clientDir)))) {
    try {
      const files = JSON.parse(readFileSync(join(build, 'portal', DATA_FILES), 'utf8')) as Record<string, string>;
      return { client: join(build, 'client'), files };
    } catch {
      // not a build, or one without the list: look further back
    }
  }
  return undefined;
}

const linkedHere = new Map<string, LinkedFiles>();

/**
 * The data files writeRuntimeFiles hard-linked from the previous build into `clientDir`, in this
 * process (scripts/build.ts): precompression takes that build's state for them without looking.
 */
export function linkedDataFiles(clientDir: string): LinkedFiles | undefined {
  return linkedHere.get(resolve(clientDir));
}

/**
 * Place the data files from the build's worker thread (src/lib/in-worker.ts): at 10,000 datasets,
 * 20,000 links and 10,000 folders are two seconds of system calls, which this thread no longer
 * waits for (it writes the runtime files and the exports meanwhile, on the other core).
 */
function placeFiles(places: Place[]): Promise<{ linked: number; failed: string[]; ms: number }> {
  return inWorker(new URL('./place-files.ts', import.meta.url), 'placeDataFiles', places, () => placeDataFiles(places));
}

/**
 * Copy every publisher file (data files and Table Schemas) to
 * <client>/datasets/<slug>/files/<path> unchanged (copyFile: byte for byte, reflinked where the
 * file system can; hard-linked from the previous build when its copy has the same SHA-256), and
 * write the runtime files the server reads at start to <dist>/portal/.
 * The files/ namespace holds nothing else, so no publisher file can replace a page or a
 * generated file; each path is checked again here, right before it is read.
 */
export async function writeRuntimeFiles(site: { catalog: Catalog; ui: Record<string, UiStrings> }, clientDir: string) {
  const { catalog } = site;
  // The embedded search engine's index, loaded by the server at start (also when Meilisearch is
  // configured, so the portal keeps searching if the deployer switches back). Its documents are
  // made here; the index on the build's worker thread, awaited by the caller like the data files.
  // First in the worker's queue: its 200 MB at 10,000 datasets are then given back before the
  // main thread writes the exports, the build's peak (one run that overlapped the two: 1,030 MB).
  const searchFrom = Date.now();
  const portalDir = resolve(clientDir, '..', 'portal');
  mkdirSync(portalDir, { recursive: true });
  const index = await writeEmbeddedIndex(catalog, join(portalDir, 'search-index.json'));
  const searchMs = Date.now() - searchFrom;
  const copies = new Map<string, string>();
  const mkdir = dirMaker();
  // Resolved once for the 20,000 paths of 10,000 datasets (each is still resolved, right before its copy).
  const realRoot = realpathSync.native(catalog.root);
  for (const ds of catalog.datasets) {
    const filesDir = join(clientDir, 'datasets', ds.slug, urls.filesSegment);
    for (const r of ds.resources) {
      for (const rel of [r.path, r.schemaPath, ...(r.versions ?? []).map((v) => v.path)]) {
        if (!rel) continue;
        const source = resolveInside(join(catalog.root, ds.dir), rel, catalog.root, realRoot);
        if (!source.ok) throw new Error(`${ds.dir}/${rel}: ${source.reason} (run "npm run validate")`);
        const target = resolve(filesDir, rel);
        if (!isInside(filesDir, target)) throw new Error(`${ds.dir}/${rel}: must stay inside its folder`);
        if (!copies.has(target)) copies.set(target, source.real);
      }
    }
  }
  // Checksums from the build's manifest (unchanged files are not read again).
  const sums = await sha256Files([...copies.values()]);
  const previous = previousDataFiles(clientDir);
  const listed: Record<string, string> = {};
  // What to place where: [folder, target, source, the previous build's copy when it has the same SHA-256].
  const places: Place[] = [];
  for (const [target, source] of copies) {
    const rel = relative(clientDir, target).split(sep).join('/');
    const sha = sums.get(source)!;
    listed[rel] = sha;
    places.push([dirname(target), target, source, previous?.files[rel] === sha ? join(previous.client, ...rel.split('/')) : '']);
  }
  // Made by a worker thread while this one writes the runtime files and the exports (src/integrations/portal.ts waits for it).
  const placed = placeFiles(places).then(({ linked, failed, ms }) => {
    // Paths under client/ linked from the previous build: precompression trusts that build's state for them.
    if (previous) {
      const unlinked = new Set(failed);
      const rels = new Set(places.filter((p) => p[3] && !unlinked.has(p[1])).map((p) => relative(clientDir, p[1]).split(sep).join('/')));
      linkedHere.set(resolve(clientDir), { client: previous.client, rels });
    }
    return { files: places.length, linked, ms };
  });
  // Awaited by the caller; until then, a failure is not an unhandled rejection that ends the process before it is reported.
  placed.catch(() => undefined);
  // Logos are validated in content and linked from pages and exports: copy them where those links point.
  const logos: [string, string][] = [];
  if (catalog.portal.theme?.logo) logos.push([catalog.portal.theme.logo, urls.themeLogo(catalog.portal.theme.logo)]);
  for (const p of catalog.publishers.values()) if (p.logo) logos.push([p.logo, urls.publisherLogo(p.id, p.logo)]);
  for (const [rel, address] of logos) {
    const source = resolveInside(catalog.root, rel);
    if (!source.ok) throw new Error(`${rel}: ${source.reason} (run "npm run validate")`);
    const target = join(clientDir, ...address.split('/'));
    mkdir(dirname(target));
    copyFileSync(source.real, target);
  }
  const copiedAt = Date.now();
  writeFileSync(join(portalDir, DATA_FILES), JSON.stringify(listed));
  writeFileSync(join(portalDir, FILE_CHARSETS), JSON.stringify(fileCharsets(catalog)));
  writeFileSync(join(portalDir, 'catalog.json'), JSON.stringify(cachedRuntimeCatalog(catalog, site.ui)));
  const cataloged = Date.now();
  // Live datasets, their Table Schemas and starting rows, for the rows API and the reporting form.
  const live = await writeLiveRuntime(catalog, portalDir);
  /** Milliseconds per part, for the build's log. */
  const ms = { catalog: cataloged - copiedAt, search: searchMs, live: Date.now() - cataloged };
  return { placed, indexed: index.done, datasets: catalog.datasets.length, live, ms };
}
