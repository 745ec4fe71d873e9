// What each built part depends on, as digests: the Astro bundle (the source), the content every
// page reads (portal.yaml, UI strings, sectors, publishers, dashboards, map layers: everything
// outside datasets/), and each dataset. A page's cache key combines the ones it reads
// (src/build/freeze.ts); when unsure, a page counts as reading everything.
import { createHash, type Hash } from 'node:crypto';
import { type Dirent, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { LoadedDataset } from '../content/load.ts';
import type { UiStrings } from '../i18n/index.ts';
import { sha256FileSync } from '../lib/checksum.ts';
import type { Catalog } from '../content/load.ts';

/** Raise when what a key covers changes for the same input (a new page dependency, another output). */
export const KEYS_VERSION = 1;

/** Files a bundle is built from, relative to the project root (folders are read whole). */
export const BUNDLE_INPUTS = ['src', 'public', 'astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'];

/**
 * The regular files at or under `path` (none when it does not exist), sorted. Each folder is read
 * once, with no stat of `path` first: 10,000 dataset folders per build, a third less time than a
 * recursive readdir after an existence check and a stat.
 */
function filesUnder(path: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR' && dir === path) out.push(path);
      else if (code !== 'ENOENT' || dir !== path) throw e;
      return;
    }
    for (const e of entries) {
      const child = join(dir, e.name);
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) out.push(child);
    }
  };
  walk(path);
  return out.sort();
}

/**
 * The Astro bundle's key: every source file (path and bytes), Node's version, and the `PUBLIC_*`
 * environment variables Vite writes into the bundle (import.meta.env). HOST and PORT, also in the
 * bundle, are only its own server's, which the portal never starts (scripts/serve.ts): a server
 * started on another port rebuilds with the same bundle.
 */
export function bundleKey(root: string, inputs: readonly string[] = BUNDLE_INPUTS, env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash('sha256').update(`bundle ${KEYS_VERSION} ${process.version}\0`);
  for (const name of Object.keys(env)
    .filter((n) => n.startsWith('PUBLIC_'))
    .sort())
    hash.update(`${name}=${env[name]}\0`);
  for (const input of inputs) for (const file of filesUnder(join(root, input))) hash.update(relative(root, file).split(sep).join('/')).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 24);
}

/**
 * The settings code run by static pages reads (src/lib/build-time.ts); the others are the server's
 * or the build's own (a server started on another port rebuilds the same pages). A page that
 * starts reading another setting adds it here.
 */
export const PAGE_SETTINGS = ['SOURCE_DATE_EPOCH'];

export interface ContentKeys {
  /** Everything outside datasets/, the UI strings, the settings, the build time. */
  global: string;
  /** One per dataset: its loaded metadata and schemas, and every file in its folder. */
  datasets: Map<string, string>;
  /** The whole content: for pages that list or sum up every dataset. */
  all: string;
}

/** A loaded value as JSON with the content folder's path taken out, so a copied folder keeps its keys. */
export function portable(value: unknown, root: string): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Map ? [...v] : v))
    .split(JSON.stringify(root).slice(1, -1))
    .join('<content>');
}

function filesDigest(hash: ReturnType<typeof createHash>, root: string, files: readonly string[]): void {
  for (const file of files) hash.update(relative(root, file).split(sep).join('/')).update('\0').update(sha256FileSync(file)).update('\0');
}

const datasetHashes = new WeakMap<LoadedDataset, { root: string; hash: Hash }>();

/**
 * A SHA-256 that has read the dataset as loaded (portable: paths relative to `root`), to be
 * continued by the caller: each call gets its own copy. The dataset's JSON is made once per
 * loaded dataset, not once per key that includes it (the pages' key, the exports' fragments).
 */
export function datasetHash(ds: LoadedDataset, root: string): Hash {
  let kept = datasetHashes.get(ds);
  if (kept?.root !== root) datasetHashes.set(ds, (kept = { root, hash: createHash('sha256').update(portable(ds, root)) }));
  return kept.hash.copy();
}

function datasetKey(ds: LoadedDataset, root: string): string {
  const hash = datasetHash(ds, root);
  // Its folder, and the files it names wherever they are in the content folder.
  const named = ds.resources.flatMap((r) => [r.absPath, r.schemaAbsPath, ...(r.versions ?? []).map((v) => v.absPath)]).filter((f): f is string => !!f && existsSync(f));
  filesDigest(hash, root, [...new Set([...filesUnder(join(root, ds.dir)), ...named])]);
  return hash.digest('hex');
}

export function contentKeys(catalog: Catalog, ui: Record<string, UiStrings>, env: NodeJS.ProcessEnv = process.env): ContentKeys {
  const root = catalog.root;
  // Names starting with "." are not content (loading skips them): .git, and .publishing, where the
  // publishing API keeps its drafts and uploads (src/publish/content.ts), which would otherwise
  // change the key of every page at each publish.
  const outside = readdirSync(root)
    .filter((name) => name !== 'datasets' && !name.startsWith('.'))
    .sort()
    .flatMap((name) => filesUnder(join(root, name)));
  const g = createHash('sha256').update(`content ${KEYS_VERSION}\0`);
  filesDigest(g, root, outside);
  g.update(portable({ portal: catalog.portal, publishers: catalog.publishers, dashboards: catalog.dashboards, ui }, root));
  for (const name of PAGE_SETTINGS) g.update(`${name}=${env[name] ?? ''}\0`);
  const global = g.digest('hex');
  const datasets = new Map(catalog.datasets.map((d) => [d.slug, datasetKey(d, root)]));
  const all = createHash('sha256')
    .update(global)
    .update([...datasets].map(([slug, key]) => `${slug}=${key}`).join('\n'))
    .digest('hex');
  return { global, datasets, all };
}

const keysOf = new WeakMap<Catalog, ContentKeys>();

/** contentKeys, once per loaded catalog: the pages and the dataset pages' files of one build share them. */
export function contentKeysOf(catalog: Catalog, ui: Record<string, UiStrings>): ContentKeys {
  let keys = keysOf.get(catalog);
  if (!keys) keysOf.set(catalog, (keys = contentKeys(catalog, ui)));
  return keys;
}
