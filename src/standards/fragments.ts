// Whole-catalog exports (catalog.jsonld and catalog.ttl, the CKAN index) assembled from one
// fragment per dataset, kept in the build cache (PORTAL_CACHE/exports/) under a key of what the
// fragment reads: the dataset as loaded (paths relative to the content folder), the checksums of
// its files, what the export takes from the rest of the catalog, and the source code. A rebuild
// after one published dataset renders one fragment and concatenates the others.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundleKey, portable } from '../build/keys.ts';
import type { Catalog, LoadedDataset } from '../content/load.ts';
import { buildCacheDir } from '../settings.ts';
import { catalogChecksums } from './checksums.ts';
import { catalogNodes, datasetNodes, jsonLdNode, turtleNode, type RdfNode } from './dcat.ts';

/** Raise when a fragment's text changes for the same key (the source code is part of the key, so rarely). */
export const FRAGMENTS_VERSION = 1;

const CODE = Symbol.for('crisis-portal.fragments-code');
const shared = globalThis as typeof globalThis & { [CODE]?: string };

/** The source code's key (the Astro bundle's, src/build/keys.ts): another version of the code renders fragments anew. */
function codeKey(): string {
  return (shared[CODE] ??= bundleKey(process.cwd()));
}

const datasetKeys = new WeakMap<LoadedDataset, string>();

/** What a fragment reads of its dataset: the loaded dataset and the SHA-256 of its files (`checksums`: the catalog's, catalogChecksums; kept per dataset object). */
export function datasetFragmentKey(catalog: Catalog, ds: LoadedDataset, checksums?: ReadonlyMap<string, string>): string {
  let key = datasetKeys.get(ds);
  if (key === undefined) {
    const hash = createHash('sha256').update(portable(ds, catalog.root));
    for (const r of ds.resources) hash.update('\0').update(checksums?.get(r.absPath) ?? '');
    key = hash.digest('hex');
    datasetKeys.set(ds, key);
  }
  return key;
}

/** The store file: a first line, then `key KEY_END text RECORD_END` per fragment. */
const HEADER = `crisis-portal fragments ${FRAGMENTS_VERSION}\n`;
// Control characters neither JSON text nor Turtle blocks ever hold raw (both escape them): the
// file is split, not parsed, which matters at 10,000 datasets (100 MB of fragments).
const KEY_END = '\u0005';
const RECORD_END = '\u0006';
/** Separators a fragment's text may use inside (the DCAT one: between a node's parts, between nodes). */
export const FIELD = '\u0001';
export const ITEM = '\u0002';
const storable = (text: string) => !text.includes(KEY_END) && !text.includes(RECORD_END);

/**
 * One export's fragments (texts), read from the cache once and written back (only what this
 * build used) when something was rendered or dropped. Two builds at once each write a whole file
 * (renamed into place): the later one wins, and the other's fragments are rendered again.
 */
export class FragmentStore {
  private readonly file: string;
  private entries = new Map<string, string>();
  private readonly used = new Map<string, string>();
  rendered = 0;
  reused = 0;

  constructor(
    readonly name: string,
    dir = buildCacheDir('exports'),
  ) {
    this.file = join(dir, `${name}.fragments`);
    let text = '';
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      // no cache yet: every fragment is rendered
    }
    if (!text.startsWith(HEADER)) return;
    for (const record of text.slice(HEADER.length).split(RECORD_END)) {
      const at = record.indexOf(KEY_END);
      if (at > 0) this.entries.set(record.slice(0, at), record.slice(at + 1));
    }
  }

  /**
   * The fragment of one dataset: from the cache when its key is unchanged, else rendered by
   * `render`. `reads` names everything the fragment depends on (the dataset's key, contextKey…).
   */
  get(reads: string, render: () => string): string {
    const key = createHash('sha256').update(`${FRAGMENTS_VERSION}\0${codeKey()}\0${this.name}\0${reads}`).digest('hex');
    let text = this.used.get(key) ?? this.entries.get(key);
    if (text === undefined) {
      text = render();
      this.rendered++;
      if (!storable(text)) return text;
    } else this.reused++;
    this.used.set(key, text);
    return text;
  }

  /** Keep what this build used (and only that), when it differs from what was read. */
  save(): void {
    if (this.rendered === 0 && this.entries.size === this.used.size) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    const out = openSync(temporary, 'w');
    try {
      writeSync(out, HEADER);
      // One write per record: the whole file as one string could pass V8's string length limit.
      for (const [key, text] of this.used) writeSync(out, `${key}${KEY_END}${text}${RECORD_END}`);
    } finally {
      closeSync(out);
    }
    renameSync(temporary, this.file);
    this.entries = new Map(this.used);
  }
}

/** A digest of what every fragment of an export reads besides its dataset. */
export function contextKey(catalog: Catalog): string {
  return createHash('sha256')
    .update(portable({ portal: catalog.portal, publishers: catalog.publishers }, catalog.root))
    .digest('hex');
}

/** The catalog's DCAT nodes as texts, and how many dataset fragments were rendered or read from the cache. */
export interface DcatTexts {
  json: string[];
  turtle: string[];
  rendered: number;
  reused: number;
}
const dcat = new WeakMap<Catalog, Promise<DcatTexts>>();

/** A dataset's nodes as one text: id, JSON-LD object and Turtle block of each node. */
function encodeNodes(nodes: RdfNode[]): string {
  return nodes.map((n) => [n.id, JSON.stringify(jsonLdNode(n)), turtleNode(n)].join(FIELD)).join(ITEM);
}

function decodeNodes(text: string): { id: string; json: string; turtle: string }[] {
  return text.split(ITEM).map((node) => {
    const [id, json, turtle] = node.split(FIELD) as [string, string, string];
    return { id, json, turtle };
  });
}

/**
 * The DCAT-AP catalog graph's nodes as JSON-LD objects and Turtle blocks (catalog.jsonld and
 * catalog.ttl), each dataset's from its fragment: computed once per catalog and process.
 */
export function dcatCatalogTexts(catalog: Catalog): Promise<DcatTexts> {
  let texts = dcat.get(catalog);
  if (!texts) {
    texts = (async () => {
      const checksums = await catalogChecksums(catalog);
      const store = new FragmentStore('dcat');
      const context = contextKey(catalog);
      const lists = catalog.datasets.map((ds) => decodeNodes(store.get(`${context}\0${datasetFragmentKey(catalog, ds, checksums)}`, () => encodeNodes(datasetNodes(catalog, ds, { checksums })))));
      store.save();
      const nodes = catalogNodes(catalog, lists, (n) => decodeNodes(encodeNodes([n]))[0]!);
      return { json: nodes.map((n) => n.json), turtle: nodes.map((n) => n.turtle), rendered: store.rendered, reused: store.reused };
    })();
    dcat.set(catalog, texts);
  }
  return texts;
}
