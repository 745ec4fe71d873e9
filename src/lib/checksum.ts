import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';

/**
 * SHA-256 of a file, hex, read as a stream (constant memory for large data files).
 * Cached per path, size and modification time for the life of the process, so
 * every export of one build (DCAT, Data Package, CKAN) hashes each file once.
 */
const CACHE = Symbol.for('crisis-portal.sha256');
const store = globalThis as typeof globalThis & { [CACHE]?: Map<string, Promise<string>> };

export function sha256File(path: string): Promise<string> {
  const cache = (store[CACHE] ??= new Map());
  const st = statSync(path);
  const key = `${path}\0${st.size}\0${st.mtimeMs}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = new Promise<string>((done, fail) => {
      const hash = createHash('sha256');
      createReadStream(path)
        .on('data', (chunk) => hash.update(chunk))
        .on('error', fail)
        .on('end', () => done(hash.digest('hex')));
    });
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

/** Checksums of many files, at most `parallel` read at once. */
export async function sha256Files(paths: readonly string[], parallel = 8): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const queue = [...new Set(paths)];
  const worker = async () => {
    for (let p = queue.shift(); p !== undefined; p = queue.shift()) out.set(p, await sha256File(p));
  };
  await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, worker));
  return out;
}
