// The publish layer: what the publishing API and form wrote since the build being served, shown
// at once. An accepted write starts a rebuild, which at 10,000 datasets takes a quarter of a
// minute (its whole-catalog files are tens of megabytes); meanwhile the server shows the written
// datasets from here: their pages and per-dataset exports, their search documents, their CKAN
// packages, their files and derived downloads, and a new dataset's DCAT nodes at the end of
// catalog.jsonld and catalog.ttl. An entry goes when a build that includes its write is served
// (src/server/publish-routes.ts): from then on the build shows the same dataset.
//
// On globalThis, like the publishing functions (src/server/publishing.ts): the server process
// fills it (src/publish/show-at-once.ts) and every build's copy of the routes reads it. This
// module holds no build-time code, so the build's server bundle stays free of it.
import type { CkanPackage } from '../standards/ckan.ts';
import type { SearchDocument } from '../search/types.ts';
import type { OnDemandDataset } from './dataset-page.ts';

export interface LayerDataset {
  slug: string;
  /** The write's number in this process: the entry goes once a build that includes it is served. */
  seq: number;
  /** What its page and per-dataset exports read (as src/server/dataset-page.ts gives it for a built dataset). */
  page: OnDemandDataset;
  /** One per portal language. */
  documents: SearchDocument[];
  ckan: CkanPackage;
  /**
   * Its DCAT-AP nodes, as catalog.jsonld (each node's JSON, comma-joined) and catalog.ttl (Turtle
   * blocks) write them: added to those of a served build that lacks the dataset (decided for each
   * answer, src/server/published-files.ts: a build with an earlier write of it has its nodes).
   */
  dcat: { json: string; turtle: string };
  /** A folder laid out like a build's dist/client/ with this dataset's files, derived downloads and chart groups. */
  clientDir: string;
  /** Its files declared in another encoding than UTF-8, as a build lists them (src/site/file-charsets.ts). */
  charsets: Record<string, string>;
}

export interface PublishLayer {
  /** Changes with every entry added or dropped: readers that keep a merged view rebuild it. */
  generation: number;
  datasets: Map<string, LayerDataset>;
}

const KEY = Symbol.for('crisis-portal.publish-layer');
const shared = globalThis as typeof globalThis & { [KEY]?: PublishLayer };

/** The layer of this process (empty in a process that does not publish). */
export function publishLayer(): PublishLayer {
  return (shared[KEY] ??= { generation: 0, datasets: new Map() });
}

/** A dataset written since the served build, if any. */
export function layerDataset(slug: string): LayerDataset | undefined {
  return shared[KEY]?.datasets.get(slug);
}

/** The datasets written since the served build (none in most processes). */
export function layerDatasets(): LayerDataset[] {
  const layer = shared[KEY];
  return layer ? [...layer.datasets.values()] : [];
}

let charsets: { base: ReadonlyMap<string, string> | undefined; generation: number; merged: ReadonlyMap<string, string> } | undefined;

/** A build's list of file charsets with the published datasets' own in place of theirs. */
export function withLayerCharsets(base: ReadonlyMap<string, string> | undefined): ReadonlyMap<string, string> | undefined {
  const layer = shared[KEY];
  if (!layer || layer.datasets.size === 0) return base;
  if (charsets && charsets.base === base && charsets.generation === layer.generation) return charsets.merged;
  const merged = new Map(base);
  for (const d of layer.datasets.values()) {
    for (const key of [...merged.keys()]) if (key.startsWith(`datasets/${d.slug}/`)) merged.delete(key);
    for (const [key, charset] of Object.entries(d.charsets)) merged.set(key, charset);
  }
  charsets = { base, generation: layer.generation, merged };
  return merged;
}
