// Whole-catalog exports (catalog.jsonld and catalog.ttl, the CKAN index) assembled from one
// fragment per dataset, kept in the build cache (PORTAL_CACHE/exports/) under a key of what the
// fragment reads: the dataset as loaded (paths relative to the content folder), the checksums of
// its files, what the export takes from the rest of the catalog, and the source code. A rebuild
// after one published dataset renders one fragment and concatenates the others.
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundleKey, datasetHash, portable } from '../build/keys.ts';
import type { Catalog, LoadedDataset } from '../content/load.ts';
import { collectGarbage } from '../lib/collect.ts';
import { buildCacheDir } from '../settings.ts';
import { catalogChecksums } from './checksums.ts';
import { datasetNodes, eachCatalogNode, jsonLdNode, JSONLD_HEAD, JSONLD_TAIL, TURTLE_HEAD, turtleNode, type RdfNode } from './dcat.ts';

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
    const hash = datasetHash(ds, catalog.root);
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
/**
 * Unused records a store file may hold, as a share of the used ones, before it is written again
 * with only the used ones: a file never grows past 1 + STALE_SHARE times what a build reads.
 */
export const STALE_SHARE = 0.25;
const storable = (text: string) => !text.includes(KEY_END) && !text.includes(RECORD_END);
const HEADER_BYTES = Buffer.from(HEADER);
const KEY_END_BYTE = KEY_END.charCodeAt(0);
const RECORD_END_BYTE = RECORD_END.charCodeAt(0);

/**
 * One export's fragments (texts), read from the cache once. What a build rendered is appended to
 * the file (one write: a rebuild after one publish adds one record instead of writing 100 MB
 * again); the file is written whole, with only what this build used, when it would otherwise hold
 * more unused records than `STALE_SHARE` of the used ones. Two builds at once: each appends its
 * own records, or writes a whole file renamed into place (then the later one wins, and the
 * other's fragments are rendered again).
 */
export class FragmentStore {
  private readonly file: string;
  // Kept as the file's bytes, each fragment decoded when a build asks for it: at 10,000
  // datasets the DCAT file is over 100 MB, and read as one string (then split) it made the
  // heap grow by several times that before V8 collected it.
  private entries = new Map<string, Buffer>();
  private readonly used = new Map<string, Buffer>();
  /** Keys rendered by this build (not in the file yet). */
  private readonly added: string[] = [];
  /** Whether the file was read whole and valid (records can be appended to it). */
  private readable = false;
  rendered = 0;
  reused = 0;
  /** The counts when last saved (added to the process's tally). */
  private saved = { rendered: 0, reused: 0 };

  constructor(
    readonly name: string,
    dir = buildCacheDir('exports'),
  ) {
    this.file = join(dir, `${name}.fragments`);
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.file);
    } catch {
      return; // no cache yet: every fragment is rendered
    }
    if (!bytes.subarray(0, HEADER_BYTES.length).equals(HEADER_BYTES)) return;
    this.readable = true;
    for (let at = HEADER_BYTES.length; at < bytes.length; ) {
      let end = bytes.indexOf(RECORD_END_BYTE, at);
      if (end < 0) end = bytes.length;
      const keyEnd = bytes.indexOf(KEY_END_BYTE, at);
      if (keyEnd > at && keyEnd < end) this.entries.set(bytes.toString('latin1', at, keyEnd), bytes.subarray(keyEnd + 1, end));
      at = end + 1;
    }
  }

  /**
   * The fragment of one dataset: from the cache when its key is unchanged, else rendered by
   * `render`. `reads` names everything the fragment depends on (the dataset's key, contextKey…).
   */
  get(reads: string, render: () => string): string {
    return this.fragment(
      reads,
      render,
      (kept) => kept.toString('utf8'),
      (text) => text,
    );
  }

  /** The same fragment as its UTF-8 bytes, not decoded when it comes from the cache. */
  getBytes(reads: string, render: () => string): Buffer {
    return this.fragment(
      reads,
      render,
      (kept) => kept,
      (text, bytes) => bytes ?? Buffer.from(text),
    );
  }

  private fragment<T>(reads: string, render: () => string, fromKept: (bytes: Buffer) => T, fromText: (text: string, bytes?: Buffer) => T): T {
    const key = createHash('sha256').update(`${FRAGMENTS_VERSION}\0${codeKey()}\0${this.name}\0${reads}`).digest('hex');
    const kept = this.used.get(key) ?? this.entries.get(key);
    if (kept !== undefined) {
      this.reused++;
      this.used.set(key, kept);
      return fromKept(kept);
    }
    const text = render();
    this.rendered++;
    if (!storable(text)) return fromText(text);
    const bytes = Buffer.from(text);
    this.used.set(key, bytes);
    this.added.push(key);
    return fromText(text, bytes);
  }

  /**
   * Keep what this build used: its new records appended, or the file written again with only
   * those when the unused ones have grown past STALE_SHARE of them. Either way, the next build
   * reads the same fragments for the keys this one used.
   */
  save(): void {
    const counts = (tally[this.name] ??= { rendered: 0, reused: 0 });
    counts.rendered += this.rendered - this.saved.rendered;
    counts.reused += this.reused - this.saved.reused;
    this.saved = { rendered: this.rendered, reused: this.reused };
    const stale = this.entries.size - (this.used.size - this.added.length);
    if (this.added.length === 0 && stale === 0) return;
    mkdirSync(dirname(this.file), { recursive: true });
    if (this.readable && stale <= this.used.size * STALE_SHARE) {
      if (this.added.length === 0) return;
      const records: Buffer[] = [];
      for (const key of this.added) records.push(Buffer.from(`${key}${KEY_END}`), this.used.get(key)!, Buffer.from(RECORD_END));
      // One write at the end of the file (O_APPEND): another build's appended records stay whole.
      appendFileSync(this.file, Buffer.concat(records));
    } else {
      const temporary = `${this.file}.${process.pid}.tmp`;
      const out = openSync(temporary, 'w');
      try {
        writeSync(out, HEADER);
        for (const [key, bytes] of this.used) {
          writeSync(out, `${key}${KEY_END}`);
          writeSync(out, bytes);
          writeSync(out, RECORD_END);
        }
      } finally {
        closeSync(out);
      }
      renameSync(temporary, this.file);
      this.readable = true;
    }
    for (const [key, bytes] of this.used) this.entries.set(key, bytes);
    this.added.length = 0;
  }
}

const tally: Record<string, { rendered: number; reused: number }> = {};

/** Fragments rendered and taken from the cache by this process, per store (for the build's log and tests). */
export function fragmentCounts(): Readonly<Record<string, { rendered: number; reused: number }>> {
  return structuredClone(tally);
}

/** A digest of what every fragment of an export reads besides its dataset. */
export function contextKey(catalog: Catalog): string {
  return createHash('sha256')
    .update(portable({ portal: catalog.portal, publishers: catalog.publishers }, catalog.root))
    .digest('hex');
}

/** A dataset's nodes as one text: id, JSON-LD object and Turtle block of each node. */
function encodeNodes(nodes: RdfNode[]): string {
  return nodes.map((n) => [n.id, JSON.stringify(jsonLdNode(n)), turtleNode(n)].join(FIELD)).join(ITEM);
}

const FIELD_BYTE = FIELD.charCodeAt(0);
const ITEM_BYTE = ITEM.charCodeAt(0);

/** A node of a fragment as bytes: its id (decoded, to drop a node already written), and its JSON-LD object and Turtle block (not decoded). */
interface NodeBytes {
  id: string;
  json: Buffer;
  turtle: Buffer;
}

/** encodeNodes' bytes split back into nodes, on the separators' bytes (UTF-8 never uses them inside a character). */
function decodeNodes(bytes: Buffer): NodeBytes[] {
  const nodes: NodeBytes[] = [];
  for (let at = 0; at <= bytes.length; ) {
    let end = bytes.indexOf(ITEM_BYTE, at);
    if (end < 0) end = bytes.length;
    const idEnd = bytes.indexOf(FIELD_BYTE, at);
    const jsonEnd = bytes.indexOf(FIELD_BYTE, idEnd + 1);
    nodes.push({ id: bytes.toString('utf8', at, idEnd), json: bytes.subarray(idEnd + 1, jsonEnd), turtle: bytes.subarray(jsonEnd + 1, end) });
    at = end + 1;
  }
  return nodes;
}

/**
 * Pieces joined by a separator, written to a file as they come, in writes of about 64 kB: a
 * whole-catalog export is never held in memory (catalog.jsonld is 60 MB at 10,000 datasets; as
 * one text, with every node's text held at once, it was most of the build's peak memory). The
 * pieces are the fragments' bytes as the cache holds them: nothing is decoded or encoded again.
 */
class FileJoiner {
  private readonly fd: number;
  private pending: Buffer[] = [];
  private size = 0;
  private any = false;
  private readonly separator: Buffer;

  constructor(file: string, head: string, separator: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.fd = openSync(file, 'w');
    writeSync(this.fd, head);
    this.separator = Buffer.from(separator);
  }

  add(...piece: Buffer[]): void {
    if (this.any && this.separator.length > 0) {
      this.pending.push(this.separator);
      this.size += this.separator.length;
    }
    this.any = true;
    for (const p of piece) {
      this.pending.push(p);
      this.size += p.length;
    }
    if (this.size >= 65_536) this.flush();
  }

  private flush(): void {
    if (this.pending.length > 0) writeSync(this.fd, Buffer.concat(this.pending, this.size));
    this.pending = [];
    this.size = 0;
  }

  close(tail: string): void {
    this.flush();
    writeSync(this.fd, tail);
    closeSync(this.fd);
  }
}

const RENDERED_PER_COLLECTION = 2500;
const NEWLINE = Buffer.from('\n');

/**
 * Write catalog.jsonld (`json`) and catalog.ttl (`turtle`), whichever `files` names, in one pass:
 * the DCAT-AP catalog graph's nodes, each dataset's from its fragment, one dataset at a time.
 * Says how many dataset fragments were rendered or read from the cache.
 */
export async function writeDcatCatalog(catalog: Catalog, files: { json?: string; turtle?: string }): Promise<{ rendered: number; reused: number }> {
  const checksums = await catalogChecksums(catalog);
  const store = new FragmentStore('dcat');
  const context = contextKey(catalog);
  const temporary = (file: string) => `${file}.${process.pid}.tmp`;
  const json = files.json ? new FileJoiner(temporary(files.json), JSONLD_HEAD(), ',') : undefined;
  const turtle = files.turtle ? new FileJoiner(temporary(files.turtle), TURTLE_HEAD(), '') : undefined;
  function* datasets() {
    for (const ds of catalog.datasets) {
      const before = store.rendered;
      yield decodeNodes(store.getBytes(`${context}\0${datasetFragmentKey(catalog, ds, checksums)}`, () => encodeNodes(datasetNodes(catalog, ds, { checksums }))));
      // Rendering a fragment makes a graph of objects that is garbage once written: collected
      // every RENDERED_PER_COLLECTION fragments, a cold build at 10,000 datasets stays under 1 GB.
      if (store.rendered > before && store.rendered % RENDERED_PER_COLLECTION === 0) collectGarbage();
    }
  }
  try {
    eachCatalogNode(
      catalog,
      datasets(),
      (n) => decodeNodes(Buffer.from(encodeNodes([n])))[0]!,
      (n) => {
        json?.add(n.json);
        if (n.turtle.length > 0) turtle?.add(NEWLINE, n.turtle);
      },
    );
  } finally {
    json?.close(JSONLD_TAIL);
    turtle?.close('');
  }
  for (const file of [files.json, files.turtle]) if (file) renameSync(temporary(file), file);
  store.save();
  return { rendered: store.rendered, reused: store.reused };
}
