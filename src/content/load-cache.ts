// Loaded datasets kept between builds (PORTAL_CACHE/loaded.v8): a rebuild after one published
// dataset of 10,000 reads, parses and checks that one dataset.yaml and its Table Schemas, and
// takes the 9,999 others as the last build loaded them.
//
// What loading a dataset reads (src/content/load.ts loadDataset): its dataset.yaml, its Table
// Schemas and reporters file, the size and real location of every file it names, and what it
// checks them against (portal.yaml's languages, sectors, licences and maps, the publisher ids).
// The key of an entry is all of that by content: the SHA-256 of each file read and the size of
// each file only measured (relative paths to the content folder, never absolute ones), the rest
// as JSON, the code that loads
// (`LOAD_VERSION` and the source of src/content, src/config, src/tableschema and src/lib).
//
// Stat fast path, and why it is safe. Hashing each dataset.yaml and schema would cost most of what
// it saves, so an entry also keeps, for each file, the file system's identity and stamps (device,
// inode, size, modification and change times) as found before it was read. When every one is the
// same now (lstat: the file itself, not a link to it) the entry is taken without reading:
// - the same device and inode is the same file, wherever a link or rename put it, and a write to
//   it changes its modification time and its change time (which no program can set back): an
//   unchanged pair means unchanged bytes;
// - a write in the same clock tick as the read would keep the stamps, so a file whose stamps are
//   within RACY_MS of when it was read is never trusted on its stamps;
// - only entries without a symbolic link anywhere on their files' paths are kept (each path as
//   written is its real path), and the folders on the way are checked to be folders still
//   (lstat), so the real-location checks of loading give the same answer;
// - the build's copy checks every path again right before reading it (src/site/runtime-files.ts).
// When any stamp differs (an edit, a copied or checked-out folder), the key is computed again from
// the files themselves (a few small files per dataset) and the entry is used only if it is the same.
// Only datasets that loaded without an error are kept: errors are found (and worded, with their
// lines) by a real load on every run.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, type Stats, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { ContentIssue } from './issues.ts';
import type { LoadedDataset, LoadedResource } from './load.ts';
import type { HandoffReader } from './load-handoff.ts';

/** Raise when loading gives another result for the same files (the source digest below catches most changes). */
export const LOAD_VERSION = 1;
/** A modification this close before the read may have happened after it (same clock tick). */
const RACY_MS = 2000;
/** Entries no load used for this long are dropped. */
const MAX_AGE_MS = 30 * 86_400_000;

/** What loading one dataset gives (loadDataset's result and the notices it added). */
export interface LoadedEntry {
  dataset?: LoadedDataset;
  resources: LoadedResource[];
  tables?: LoadedResource[];
  notices: ContentIssue[];
}

/** A file loading a dataset reads (`read`: its bytes, else its size only), relative to the content folder, with its stamps. */
type Dep = [rel: string, read: boolean, dev: number, ino: number, size: number, mtimeMs: number, ctimeMs: number];
/** A file and whether loading reads its bytes (dataset.yaml, Table Schemas, a reporters YAML) or only its size (data files). */
type Read = [rel: string, read: boolean];

interface Entry {
  /** The content key (see above). */
  key: string;
  /** The real content folder the entry was loaded from: its absolute paths start with it. */
  root: string;
  /** When its files were read (before reading). */
  at: number;
  usedAt: number;
  deps: Dep[];
  /** The LoadedEntry, serialized (node:v8: keeps undefined values, shared objects). */
  value: Uint8Array;
}

interface CacheFile {
  version: number;
  entries: Record<string, Entry>;
}

let cacheFile: string | undefined;
let lastCounts = { reused: 0, loaded: 0, handed: 0 };

/** Datasets the last load of this process took from the cache, read, and took from processes loading ahead (for the build's log and tests). */
export function lastLoadCounts(): { reused: number; loaded: number; handed: number } {
  return { ...lastCounts };
}

/** Keep loaded datasets in `file` (undefined: load every dataset every time). */
export function useLoadCache(file: string | undefined): void {
  cacheFile = file;
}

let handoff: HandoffReader | undefined;
/**
 * Let the next load of this process take the datasets other processes loaded ahead
 * (src/content/load-handoff.ts; a first build's prepare step). Each is checked like an entry of
 * the cache file before it is used. Ends with that load.
 */
export function useLoadHandoff(reader: HandoffReader | undefined): void {
  handoff?.close();
  handoff = reader;
}

let sourceDigest: string | null | undefined;
/**
 * The source of what loading runs: another version of the code loads every dataset again. Read
 * from this file's folder when it is the source (tsx), else from ./src (a bundle's copy of this
 * code, run from the project); null, so nothing is cached, when neither holds it.
 */
function codeDigest(): string | null {
  if (sourceDigest === undefined) {
    sourceDigest = null;
    const src = [join(import.meta.dirname, '..'), resolve('src')].find((dir) => existsSync(join(dir, 'content', 'load-cache.ts')));
    if (src) {
      const hash = createHash('sha256');
      for (const folder of ['content', 'config', 'tableschema', 'lib']) {
        const files = readdirSync(join(src, folder), { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => join(e.parentPath, e.name))
          .sort();
        for (const f of files) hash.update(relative(src, f)).update('\0').update(readFileSync(f)).update('\0');
      }
      sourceDigest = hash.digest('hex');
    }
  }
  return sourceDigest;
}

const toRel = (realRoot: string, abs: string) => relative(realRoot, abs).split(sep).join('/');

/** The files a loaded dataset read, relative to the content folder; undefined when one is reached through a symbolic link. */
function filesRead(realRoot: string, value: LoadedEntry, dir: string): Read[] | undefined {
  const ds = value.dataset;
  if (!ds) return undefined;
  const files = new Map<string, boolean>([[`${dir}/dataset.yaml`, true]]);
  const named = (written: string, real: string | undefined, read: boolean) => {
    // The path as written must be the real one: no link on the way.
    if (!real || toRel(realRoot, real) !== posix.join(dir, written)) return false;
    const rel = posix.join(dir, written);
    files.set(rel, read || files.get(rel) === true);
    return true;
  };
  for (const r of value.resources) {
    if (r.url !== undefined) continue;
    if (!named(r.path, r.absPath, false)) return undefined;
    if (r.schemaPath !== undefined && !named(r.schemaPath, r.schemaAbsPath, true)) return undefined;
    for (const v of r.versions ?? []) if (!named(v.path, v.absPath, false)) return undefined;
  }
  const reporters = ds.reporters;
  if (reporters?.kind === 'csv' && !named(reporters.table.path, reporters.table.absPath, false)) return undefined;
  // A reporters YAML is read: loading checks it is a file inside the folder, then parses it.
  if (reporters?.kind === 'yaml') files.set(reporters.file, true);
  return [...files];
}

/** Absolute paths of an entry loaded from another folder (a copy of it): moved to this one. */
function rebase(value: LoadedEntry, from: string, to: string): LoadedEntry {
  if (from === to) return value;
  const move = (p: string) => (p.startsWith(`${from}${sep}`) ? `${to}${p.slice(from.length)}` : p);
  const seen = new Set<LoadedResource>();
  const fix = (r: LoadedResource) => {
    if (seen.has(r)) return;
    seen.add(r);
    if (r.absPath) r.absPath = move(r.absPath);
    if (r.schemaAbsPath) r.schemaAbsPath = move(r.schemaAbsPath);
    for (const v of r.versions ?? []) v.absPath = move(v.absPath);
  };
  value.resources.forEach(fix);
  value.tables?.forEach(fix);
  value.dataset?.resources.forEach(fix);
  if (value.dataset?.reporters?.kind === 'csv') fix(value.dataset.reporters.table);
  return value;
}

/**
 * The cache of one load of a content folder: `get` a dataset's entry, or `put` what a real load
 * gave; `save` writes the file when something changed.
 */
export class LoadCache {
  private readonly file: string | undefined;
  private entries: Record<string, Entry> = {};
  private changed = false;
  private readonly context: string;
  private readonly reals = new Map<string, string>();
  private readonly folders = new Map<string, boolean>();
  reused = 0;
  loaded = 0;
  handed = 0;
  /** Datasets asked for so far (the load's progress, for the processes loading ahead). */
  private asked = 0;

  /**
   * `context`: what loading checks a dataset against besides its own files (JSON). `keyed`: the
   * entries' keys are wanted without a file (a process loading ahead for another one, whose keys
   * must start the same).
   */
  constructor(context: unknown, file = cacheFile, keyed = file !== undefined) {
    const code = keyed ? codeDigest() : null;
    this.file = code === null ? undefined : file;
    this.context = createHash('sha256')
      .update(`${LOAD_VERSION}\0${code ?? ''}\0`)
      .update(JSON.stringify(context) ?? '')
      .digest('hex');
    if (!this.file) return;
    try {
      const saved = deserialize(readFileSync(this.file)) as CacheFile;
      if (saved.version === LOAD_VERSION) this.entries = saved.entries;
    } catch {
      // no cache yet, or an unreadable one: every dataset is loaded
    }
  }

  /** The real path of a content folder (once per load). */
  private realOf(root: string): string {
    let real = this.reals.get(root);
    if (real === undefined) this.reals.set(root, (real = realpathSync.native(root)));
    return real;
  }

  /** Whether a folder on the way to a file is still a folder, not a link (checked once per load). */
  private isFolder(realRoot: string, rel: string): boolean {
    const path = join(realRoot, rel);
    let ok = this.folders.get(path);
    if (ok === undefined) {
      try {
        ok = lstatSync(path).isDirectory();
      } catch {
        ok = false;
      }
      this.folders.set(path, ok);
    }
    return ok;
  }

  /**
   * The content key: the context, then each file's relative path and size, and the SHA-256 of
   * the bytes of those loading reads (small files, read here: no stamp stands for them).
   */
  private keyOf(realRoot: string, dir: string, files: readonly Read[]): string {
    const hash = createHash('sha256').update(`${dir}\0`);
    for (const [rel, read] of files) {
      const abs = join(realRoot, ...rel.split('/'));
      hash.update(`${rel}\0${lstatSync(abs).size}\0`);
      if (read) hash.update(createHash('sha256').update(readFileSync(abs)).digest('hex'));
      hash.update('\0');
    }
    return `${this.context}:${hash.digest('hex')}`;
  }

  /** The dataset in folder `dir` (datasets/<slug>) of the content folder `root` as loaded before, when nothing it read changed. */
  get(root: string, dir: string): LoadedEntry | undefined {
    handoff?.reached(this.asked++);
    if (!this.file) return undefined;
    const own = this.entries[dir];
    // The context (portal, publishers, code) starts the key: another one loads the dataset again.
    if (own?.key.startsWith(`${this.context}:`)) return this.use(own, root, dir, true);
    const handed = handoff?.take(dir) as Entry | undefined;
    return handed?.key.startsWith(`${this.context}:`) ? this.use(handed, root, dir, false) : undefined;
  }

  /**
   * An entry's value when nothing it read changed: checked on its files' stamps, else on their
   * bytes. `kept`: the entry is this cache's own; a handed one joins it when its stamps are settled.
   */
  private use(entry: Entry, root: string, dir: string, kept: boolean): LoadedEntry | undefined {
    let realRoot: string;
    try {
      realRoot = this.realOf(root);
    } catch {
      return undefined;
    }
    let stamped = entry.root === realRoot;
    try {
      for (const [rel, , dev, ino, size, mtimeMs, ctimeMs] of entry.deps) {
        const parts = rel.split('/');
        for (let i = 1; i < parts.length; i++) if (!this.isFolder(realRoot, parts.slice(0, i).join('/'))) return undefined;
        const st = lstatSync(join(realRoot, ...parts));
        if (!st.isFile()) return undefined;
        if (stamped && !(st.dev === dev && st.ino === ino && st.size === size && st.mtimeMs === mtimeMs && st.ctimeMs === ctimeMs && Math.max(mtimeMs, ctimeMs) < entry.at - RACY_MS)) stamped = false;
      }
      if (!stamped) {
        // Stamps differ: the files' checksums decide.
        const before = Date.now();
        const files = entry.deps.map(([rel, read]): Read => [rel, read]);
        if (this.keyOf(realRoot, dir, files) !== entry.key) return undefined;
        const deps = this.settled(realRoot, files, before);
        if (deps) {
          entry.deps = deps;
          entry.at = before;
          this.changed = true;
        }
        stamped = deps !== undefined;
      }
    } catch {
      return undefined;
    }
    if (!kept && stamped) {
      entry.usedAt = Date.now();
      this.entries[dir] = entry;
      this.changed = true;
    }
    const value = rebase(deserialize(entry.value) as LoadedEntry, entry.root, realRoot);
    if (entry.root !== realRoot) {
      entry.root = realRoot;
      entry.value = serialize(value);
    }
    if (Date.now() - entry.usedAt > 86_400_000) {
      entry.usedAt = Date.now();
      this.changed = true;
    }
    if (kept) this.reused++;
    else this.handed++;
    return value;
  }

  /**
   * The stamps of files read (and hashed) after `before`, or undefined when one was modified since
   * RACY_MS before it: then what was read may not be what the stamps describe. Taken after the
   * key, so an unchanged change time here means the bytes were the same all along.
   */
  private settled(realRoot: string, files: readonly Read[], before: number): Dep[] | undefined {
    const deps: Dep[] = [];
    for (const [rel, read] of files) {
      const st: Stats = lstatSync(join(realRoot, ...rel.split('/')));
      if (Math.max(st.mtimeMs, st.ctimeMs) >= before - RACY_MS) return undefined;
      deps.push([rel, read, st.dev, st.ino, st.size, st.mtimeMs, st.ctimeMs]);
    }
    return deps;
  }

  /**
   * Keep what a real load of `dir` gave (`startedAt`: Date.now() before it read anything), when
   * it found no error (`valid`) and reached no file through a link. Called before anything changes `value`.
   */
  put(root: string, dir: string, value: LoadedEntry, startedAt: number, valid: boolean): void {
    this.loaded++;
    if (!this.file) return;
    if (!valid) {
      if (this.entries[dir]) {
        delete this.entries[dir];
        this.changed = true;
      }
      return;
    }
    let realRoot: string;
    try {
      realRoot = this.realOf(root);
    } catch {
      return;
    }
    const files = filesRead(realRoot, value, dir);
    if (!files) {
      if (this.entries[dir]) {
        delete this.entries[dir];
        this.changed = true;
      }
      return;
    }
    try {
      const key = this.keyOf(realRoot, dir, files);
      const deps = this.settled(realRoot, files, startedAt);
      // Just modified (a dataset being published): kept by a later load, once its files are settled.
      if (!deps) {
        if (this.entries[dir]) {
          delete this.entries[dir];
          this.changed = true;
        }
        return;
      }
      this.entries[dir] = { key, root: realRoot, at: startedAt, usedAt: Date.now(), deps, value: serialize(value) };
      this.changed = true;
    } catch {
      // a file went away meanwhile: not kept
    }
  }

  /**
   * The entry of a dataset this process loaded ahead for another one (`startedAt`: Date.now()
   * before it read anything; src/content/load-handoff.ts), when it found no error and reached no
   * file through a link. Its stamps are taken even when the files were just modified: the other
   * process then checks the files' bytes against the key.
   */
  handOver(root: string, dir: string, value: LoadedEntry, startedAt: number): unknown {
    try {
      const realRoot = this.realOf(root);
      const files = filesRead(realRoot, value, dir);
      if (!files) return undefined;
      const key = this.keyOf(realRoot, dir, files);
      const deps = files.map(([rel, read]): Dep => {
        const st = lstatSync(join(realRoot, ...rel.split('/')));
        return [rel, read, st.dev, st.ino, st.size, st.mtimeMs, st.ctimeMs];
      });
      return { key, root: realRoot, at: startedAt, usedAt: Date.now(), deps, value: serialize(value) } satisfies Entry;
    } catch {
      return undefined; // a file went away meanwhile
    }
  }

  /** Write the cache (atomically) when this load changed it; entries unused for a month are dropped. */
  save(): void {
    useLoadHandoff(undefined);
    lastCounts = { reused: this.reused, loaded: this.loaded, handed: this.handed };
    if (!this.file || !this.changed) return;
    const now = Date.now();
    for (const [dir, e] of Object.entries(this.entries)) if (now - e.usedAt > MAX_AGE_MS) delete this.entries[dir];
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(tmp, serialize({ version: LOAD_VERSION, entries: this.entries } satisfies CacheFile));
      renameSync(tmp, this.file);
    } catch {
      // A cache that cannot be written only costs time.
      rmSync(tmp, { force: true });
    }
    this.changed = false;
  }
}
