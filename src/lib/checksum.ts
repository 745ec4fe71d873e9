import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readFileSync, readSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, sep } from 'node:path';

/**
 * SHA-256 of a file, hex, read as a stream (constant memory for large data files).
 * Cached per path, size and modification time for the life of the process, so
 * every export of one build (DCAT, Data Package, CKAN) hashes each file once; with a
 * manifest open (useChecksumManifest), also across processes and builds.
 */
const CACHE = Symbol.for('crisis-portal.sha256');
const MANIFEST = Symbol.for('crisis-portal.sha256-manifest');

interface Entry {
  size: number;
  mtimeMs: number;
  sha256: string;
}
interface Manifest {
  file: string;
  root: string;
  entries: Map<string, Entry>;
  dirty: boolean;
  /** Files hashed by reading them, and files whose checksum came from the manifest, in this process. */
  read: number;
  reused: number;
  /** Entries whose file this process found (stat-ed) since the manifest was read: no need to check they still exist. */
  seen: Set<string>;
}
const store = globalThis as typeof globalThis & { [CACHE]?: Map<string, Promise<string>>; [MANIFEST]?: Manifest };

/** A modification this close before the manifest was saved may have happened after the file was hashed (same mtime tick): hash it again. */
const RACY_MS = 2000;

/**
 * Keep checksums between processes and builds in `file` (JSON), by path relative to `root`
 * (the content folder) with size and modification time as a fast pre-check: an unchanged file
 * is not read again, and a copied content folder keeps its relative paths (its new modification
 * times only cost one read of each file, never a new preview or validation, which are keyed by
 * the checksum itself).
 */
export function useChecksumManifest(file: string, root: string): void {
  const realRoot = existsSync(root) ? realpathSync(root) : root;
  const current = store[MANIFEST];
  if (current?.file === file && current.root === realRoot) return;
  const entries = new Map<string, Entry>();
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { version: number; savedAt: number; entries: Record<string, [number, number, string]> };
    if (saved.version === 1) for (const [rel, [size, mtimeMs, sha256]] of Object.entries(saved.entries)) if (mtimeMs < saved.savedAt - RACY_MS) entries.set(rel, { size, mtimeMs, sha256 });
  } catch {
    // no manifest yet, or an unreadable one: every file is hashed again
  }
  store[MANIFEST] = { file, root: realRoot, entries, dirty: false, read: 0, reused: 0, seen: new Set() };
}

/**
 * Write the manifest (atomically) if this process learnt a checksum; entries of deleted files are
 * dropped. Only the entries of files this process did not look at are checked for that (a build
 * looks at every data file: 20,000 existence checks a build at 10,000 datasets, twice, otherwise).
 */
export function saveChecksumManifest(): void {
  const m = store[MANIFEST];
  if (!m?.dirty) return;
  const entries: Record<string, [number, number, string]> = {};
  for (const [rel, e] of m.entries) if (m.seen.has(rel) || existsSync(`${m.root}${sep}${rel}`)) entries[rel] = [e.size, e.mtimeMs, e.sha256];
  mkdirSync(dirname(m.file), { recursive: true });
  const tmp = `${m.file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: 1, savedAt: Date.now(), entries }));
  renameSync(tmp, m.file);
  m.dirty = false;
}

/** How many files this process hashed by reading them, and how many checksums it took from the manifest. */
export function checksumCounts(): { read: number; reused: number } {
  const m = store[MANIFEST];
  return { read: m?.read ?? 0, reused: m?.reused ?? 0 };
}

function manifestKey(path: string): string | undefined {
  const m = store[MANIFEST];
  if (!m) return undefined;
  const rel = relative(m.root, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : undefined;
}

/** The manifest's checksum of a file when its size and modification time are unchanged. */
function remembered(path: string, st: { size: number; mtimeMs: number }): string | undefined {
  const rel = manifestKey(path);
  if (rel !== undefined) store[MANIFEST]!.seen.add(rel);
  const e = rel === undefined ? undefined : store[MANIFEST]!.entries.get(rel);
  if (!e || e.size !== st.size || e.mtimeMs !== st.mtimeMs) return undefined;
  store[MANIFEST]!.reused++;
  return e.sha256;
}

function remember(path: string, st: { size: number; mtimeMs: number }, sha256: string): void {
  const rel = manifestKey(path);
  if (rel === undefined) return;
  const m = store[MANIFEST]!;
  m.entries.set(rel, { size: st.size, mtimeMs: st.mtimeMs, sha256 });
  m.dirty = true;
  m.read++;
}

/** Files up to this size are read in one synchronous call: a stream's set-up costs more than their bytes. */
const SMALL_FILE = 64 * 1024;

function hashSmall(path: string, st: { size: number; mtimeMs: number }): string {
  const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
  remember(path, st, sha);
  return sha;
}

export function sha256File(path: string): Promise<string> {
  const cache = (store[CACHE] ??= new Map());
  const st = statSync(path);
  const key = `${path}\0${st.size}\0${st.mtimeMs}`;
  let hit = cache.get(key);
  if (!hit) {
    const known = remembered(path, st);
    hit = known
      ? Promise.resolve(known)
      : st.size <= SMALL_FILE
        ? new Promise<string>((done) => done(hashSmall(path, st)))
        : new Promise<string>((done, fail) => {
            const hash = createHash('sha256');
            createReadStream(path)
              .on('data', (chunk) => hash.update(chunk))
              .on('error', fail)
              .on('end', () => {
                const sha = hash.digest('hex');
                remember(path, st, sha);
                done(sha);
              });
          });
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

/**
 * The same checksum, synchronously, for code that cannot wait (a page looking up its preview):
 * from this process's cache or the manifest, else read in 1 MB chunks.
 */
const known = new Map<string, string>();
export function sha256FileSync(path: string): string {
  const st = statSync(path);
  const key = `${path}\0${st.size}\0${st.mtimeMs}`;
  const hit = known.get(key) ?? remembered(path, st);
  if (hit) {
    known.set(key, hit);
    return hit;
  }
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    // No larger than the file (most are a few kilobytes), at most 1 MB.
    const buf = Buffer.allocUnsafe(Math.max(1, Math.min(1 << 20, st.size)));
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  const sha = hash.digest('hex');
  remember(path, st, sha);
  known.set(key, sha);
  return sha;
}

/** Checksums of many files, at most `parallel` read at once. */
export async function sha256Files(paths: readonly string[], parallel = 8): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const queue = [...new Set(paths)];
  let next = 0;
  const worker = async () => {
    for (let p = queue[next++]; p !== undefined; p = queue[next++]) out.set(p, await sha256File(p));
  };
  await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, worker));
  return out;
}
