import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { link, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { linkOrCopy } from '../../lib/dirs.ts';
import { sha256File } from '../../lib/checksum.ts';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { olderBuilds } from '../builds.ts';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, createBrotliCompress, createGzip, gzip, gzipSync, type BrotliOptions, type ZlibOptions } from 'node:zlib';
import { PRECOMPRESSED_LIST } from './compression.ts';
import { API_JSON } from './static-files.ts';

/**
 * Build step: brotli and gzip copies of every text file of dist/client, and of the JSON answers
 * written at build under /api/ (no extension: static-files.ts API_JSON), written once so that no
 * request pays for compression. A copy is kept only when it saves at least a tenth; the list of
 * files with copies is written to dist/portal/precompressed.json, and the server serves only
 * those: a publisher's own `data.csv.gz` is never taken for a copy.
 *
 * Levels: the site's own assets (/_astro/, fetched with every page) get brotli 10 and gzip 9;
 * pages, exports and derived files brotli 6 and gzip 9; files above 1 MB brotli 4 and gzip 5.
 * Measured on the generated dataset pages (33 kB of HTML each, docs/benchmarks.md): brotli 4 gives
 * 6.3 kB, 5 and 6 give 5.9 kB in the same 0.5 ms, 7 and 9 no more than 0.5 % less for 1.3× and 20×
 * the time, 11 gives 8 % less for 90× the time (minutes at 10,000 datasets). gzip 9 costs 0.4 ms.
 * Files up to 1 MB are read once and compressed in memory by zlib's one-shot calls, which run on
 * libuv's thread pool, several files at a time; gzip comes first and brotli is skipped when gzip
 * does not save a tenth. Larger files are streamed.
 * With a cache folder, copies are kept there by the file's SHA-256 and level and linked into the
 * build, so a rebuild compresses only the files whose bytes changed.
 */
export const COMPRESSIBLE = /\.(?:html|css|js|mjs|json|jsonld|geojson|svg|xml|txt|csv|tsv|ttl|map|webmanifest|md)$/i;
/** Smaller files fit in one packet either way. */
export const MIN_SIZE = 1024;
const BIG = 1024 * 1024;
/** A file gets copies only when gzip brings it under this share of its size. */
export const WORTH_RATIO = 0.9;

export function levels(rel: string, size: number): { br: number; gz: number } {
  if (size > BIG) return { br: 4, gz: 5 };
  return rel.startsWith('_astro/') ? { br: 10, gz: 9 } : { br: 6, gz: 9 };
}

async function compressTo(file: string, target: string, encoding: 'br' | 'gzip', size: number, level: number): Promise<number> {
  const compressor = encoding === 'br' ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: level, [constants.BROTLI_PARAM_SIZE_HINT]: size } }) : createGzip({ level });
  await pipeline(createReadStream(file), compressor, createWriteStream(target));
  return statSync(target).size;
}

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * The two copies of a file in memory: gzip first, and brotli only when gzip saved at least a tenth.
 * Each compressor's window is no larger than the file (any decoder reads a smaller window): their
 * default state, 4 MB for brotli and 384 kB for gzip, allocated and zeroed for each of the 20,000
 * small derived downloads of a 10,000-dataset build, was half of the time spent compressing them,
 * in the kernel (20,000 files of 2 kB: 4.5 s, of which 2.9 s of system time; 3.0 s and 1.4 s with
 * the window fitted, for 0.3 % more bytes).
 */
export async function compressBuffer(bytes: Buffer, level: { br: number; gz: number }): Promise<{ br: Buffer; gz: Buffer } | undefined> {
  const options = compressOptions(bytes.length, level);
  const gz = await gzipped(bytes, options.gz);
  if (gz.length > bytes.length * WORTH_RATIO) return undefined;
  return { br: await brotli(bytes, options.br), gz };
}

/**
 * compressBuffer on the calling thread: for a process that already has a core to itself (a
 * build's prepare step, one per core), a small file costs less compressed here than sent to the
 * thread pool and back.
 */
export function compressBufferSync(bytes: Buffer, level: { br: number; gz: number }): { br: Buffer; gz: Buffer } | undefined {
  const options = compressOptions(bytes.length, level);
  const gz = gzipSync(bytes, options.gz);
  if (gz.length > bytes.length * WORTH_RATIO) return undefined;
  return { br: brotliCompressSync(bytes, options.br), gz };
}

function compressOptions(size: number, level: { br: number; gz: number }): { gz: ZlibOptions; br: BrotliOptions } {
  const bits = Math.ceil(Math.log2(size + 1));
  return {
    gz: { level: level.gz, windowBits: Math.min(15, Math.max(9, bits)), memLevel: Math.min(8, Math.max(1, bits - 7)) },
    br: {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: level.br,
        [constants.BROTLI_PARAM_SIZE_HINT]: size,
        [constants.BROTLI_PARAM_LGWIN]: Math.min(constants.BROTLI_DEFAULT_WINDOW, Math.max(constants.BROTLI_MIN_WINDOW_BITS, bits)),
      },
    },
  };
}

/** Copies unused by any build for this long leave the cache. */
const CACHE_MAX_AGE_MS = 30 * 86_400_000;

let tmpCount = 0;

/**
 * Files compressed at once. zlib's one-shot calls run on libuv's thread pool (4 threads), so a
 * few files in flight keep every core busy while the main thread reads, hashes and writes the next.
 */
const IN_FLIGHT = Math.max(4, 2 * availableParallelism());

/** Whether a file of dist/client (`rel`, without the leading slash) gets compressed copies when it is big enough. */
export function isCompressible(rel: string): boolean {
  return COMPRESSIBLE.test(rel) || API_JSON.test(`/${rel}`);
}

/** Files up to this size are compressed from memory in one call (larger ones are streamed here). */
export const IN_MEMORY_MAX = BIG;

/** What the caller did for a file: its two copies are next to it (`copies`), or they were not worth it. */
export interface Handled {
  copies: boolean;
  /** Bytes of the file and of its brotli copy, when they were compressed in this build. */
  size?: number;
  br?: number;
}

/**
 * `handled`: files whose copies the caller made already (src/build/freeze.ts compresses each page
 * as it renders it, and keeps the copies with the page), by address (`/fr/index.html`). They are
 * neither read nor compressed again here, only listed (`withPages` counts them).
 */
export async function precompress(
  dist: string,
  cacheDir?: string,
  handled: ReadonlyMap<string, Handled> = new Map(),
  linked?: LinkedFiles,
): Promise<{ files: number; before: number; after: number; reused: number; withPages: number }> {
  const client = join(dist, 'client');
  const listed: string[] = [];
  let before = 0;
  let after = 0;
  let reused = 0;
  if (cacheDir) mkdirSync(cacheDir, { recursive: true });
  // What the cache holds, read once: one lookup per file instead of a stat of each entry.
  const cached = new Set(cacheDir ? readdirSync(cacheDir) : []);
  // A second run over the same build keeps the copies it made the first time listed (they exist
  // already, so they are skipped below): without this, the list would shrink to the new files.
  const listFile = join(dist, PRECOMPRESSED_LIST);
  const earlier = new Set<string>(existsSync(listFile) ? (JSON.parse(readFileSync(listFile, 'utf8')) as string[]) : []);
  const all = readdirSync(client, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
  // Paths under client/, with "/": 150,000 of them at 10,000 datasets, so no path.relative each.
  const relOf = sep === '/' && client === resolve(client) ? (file: string) => file.slice(client.length + 1) : (file: string) => relative(client, file).split(sep).join('/');
  // What this build learnt of each file it handled below, for the next build (see previousCopies).
  const state: Record<string, StateEntry> = {};
  const present = new Set(all);
  const files: string[] = [];
  let withPages = 0;
  const older = previousCopies(dist);
  // Files the build hard-linked from that very build at the same path: the same inode, so that
  // build's state describes them and they are not even stat-ed (20,000 calls at 10,000 datasets).
  const sameAsOlder = older && linked && resolve(linked.client) === resolve(older.client) ? linked.rels : undefined;
  for (const file of all) {
    const rel = relOf(file);
    const done = handled.get(`/${rel}`);
    if (done === undefined) {
      if (isCompressible(rel)) files.push(file);
    } else if (done.copies && present.has(`${file}.br`) && present.has(`${file}.gz`)) {
      listed.push(`/${rel}`);
      withPages++;
      before += done.size ?? 0;
      after += done.br ?? 0;
    }
  }
  const one = async (file: string) => {
    const rel = relOf(file);
    // A publisher's own data.csv.gz next to data.csv is a file of its own, never overwritten.
    if (present.has(`${file}.br`) || present.has(`${file}.gz`)) {
      if (earlier.has(`/${rel}`) && present.has(`${file}.br`) && present.has(`${file}.gz`)) listed.push(`/${rel}`);
      return;
    }
    const theirs = older?.state[rel];
    // Synchronous: 20,000 small data files at 10,000 datasets, each a trip to the thread pool otherwise.
    const mine = theirs && sameAsOlder?.has(rel) ? { dev: theirs[0], ino: theirs[1], size: theirs[2] } : statSync(file);
    const { size } = mine;
    const known = (br: number, touched = Date.now()) => (state[rel] = [mine.dev, mine.ino, size, br, touched]);
    // Too small to be worth copies; kept in the state all the same, so that the next build need
    // not stat it when it is linked from this one.
    if (size < MIN_SIZE) {
      known(-1, 0);
      return;
    }
    // The same file as in the build before (a data file or derived download linked from it,
    // src/site/runtime-files.ts, src/preview/store.ts): the same device and inode is the same
    // file, and a build is never written once switched, so the copies that build made of it, or
    // its finding that none was worth it, hold for these very bytes. Neither file is read, nor
    // the older one looked at: that build's state says all of it.
    if (theirs && theirs[0] === mine.dev && theirs[1] === mine.ino && theirs[2] === size) {
      const [, , , br, touched] = theirs;
      if (br < 0) {
        known(br, touched);
        return;
      }
      const old = join(older!.client, ...rel.split('/'));
      try {
        await link(`${old}.br`, `${file}.br`);
        await link(`${old}.gz`, `${file}.gz`);
        // The copies are the cache's entries (same inode): marked used (pruneCompressed) once a day.
        let marked = touched;
        if (Date.now() - touched > 86_400_000) {
          marked = Date.now();
          await utimes(`${file}.gz`, new Date(marked), new Date(marked));
        }
        known(br, marked);
        listed.push(`/${rel}`);
        reused++;
        before += size;
        after += br;
        return;
      } catch {
        // the older build is being removed, or another file system: compress as usual
        for (const f of [`${file}.br`, `${file}.gz`]) rmSync(f, { force: true });
      }
    }
    const level = levels(rel, size);
    // Files up to 1 MB are read once into memory (hashed and compressed from the same bytes);
    // larger ones are streamed.
    const bytes = size <= BIG ? await readFile(file) : undefined;
    let br: number;
    let gz: number;
    if (cacheDir) {
      const entry = await cacheEntry(file, size, level, cacheDir, cached, bytes);
      if (entry.reused) reused++;
      if (entry.none) {
        known(-1);
        return;
      }
      const base = join(cacheDir, entry.name);
      linkOrCopy(`${base}.br`, `${file}.br`);
      linkOrCopy(`${base}.gz`, `${file}.gz`);
      [br, gz] = await Promise.all([stat(`${file}.br`).then((s) => s.size), stat(`${file}.gz`).then((s) => s.size)]);
    } else if (bytes) {
      const copies = await compressBuffer(bytes, level);
      if (!copies) {
        known(-1);
        return;
      }
      await Promise.all([writeFile(`${file}.br`, copies.br), writeFile(`${file}.gz`, copies.gz)]);
      br = copies.br.length;
      gz = copies.gz.length;
    } else {
      br = await compressTo(file, `${file}.br`, 'br', size, level.br);
      gz = await compressTo(file, `${file}.gz`, 'gzip', size, level.gz);
    }
    // Both copies or none: the server assumes a listed file has both.
    if (gz > size * WORTH_RATIO) {
      for (const f of [`${file}.br`, `${file}.gz`]) rmSync(f);
      known(-1);
      return;
    }
    known(br);
    listed.push(`/${rel}`);
    before += size;
    after += br;
  };
  let next = 0;
  const worker = async () => {
    while (next < files.length) await one(files[next++]!);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  writeFileSync(listFile, `${JSON.stringify(listed.sort())}\n`);
  writeFileSync(join(dist, PRECOMPRESS_STATE), JSON.stringify(state));
  if (cacheDir) pruneCompressed(cacheDir);
  return { files: listed.length, before, after, reused, withPages };
}

/**
 * The cache entry of a file's copies at `level` (`<sha256>.<br>-<gz>.br` and `.gz`, or `.none`
 * when not worth it), made when missing; `cached`: the names the cache folder holds, kept up to
 * date. `bytes`: the file's content when read already (a file of at most 1 MB), else it is streamed.
 */
async function cacheEntry(
  file: string,
  size: number,
  level: { br: number; gz: number },
  cacheDir: string,
  cached: { has(name: string): boolean; add(name: string): unknown },
  bytes?: Buffer,
): Promise<{ name: string; none: boolean; reused: boolean }> {
  const name = `${bytes ? createHash('sha256').update(bytes).digest('hex') : await sha256File(file)}.${level.br}-${level.gz}`;
  const base = join(cacheDir, name);
  if (cached.has(`${name}.none`)) return { name, none: true, reused: true };
  if (cached.has(`${name}.gz`)) {
    const now = new Date();
    await utimes(`${base}.gz`, now, now);
    return { name, none: false, reused: true };
  }
  // Unique per file: two files with the same bytes share a cache entry and may be compressed at once.
  const tmp = `.${process.pid}-${++tmpCount}.tmp`;
  const none = async () => {
    await writeFile(`${base}.none`, '');
    cached.add(`${name}.none`);
    return { name, none: true, reused: false };
  };
  if (bytes) {
    const copies = await compressBuffer(bytes, level);
    if (!copies) return none();
    await Promise.all([writeFile(`${base}.br${tmp}`, copies.br), writeFile(`${base}.gz${tmp}`, copies.gz)]);
  } else {
    await compressTo(file, `${base}.br${tmp}`, 'br', size, level.br);
    const gzSize = await compressTo(file, `${base}.gz${tmp}`, 'gzip', size, level.gz);
    if (gzSize > size * WORTH_RATIO) {
      for (const f of [`${base}.br${tmp}`, `${base}.gz${tmp}`]) rmSync(f);
      return none();
    }
  }
  // The gzip copy last: its presence says the entry is complete.
  renameSync(`${base}.br${tmp}`, `${base}.br`);
  renameSync(`${base}.gz${tmp}`, `${base}.gz`);
  cached.add(`${name}.br`);
  cached.add(`${name}.gz`);
  return { name, none: false, reused: false };
}

/**
 * A large file's copies made into the cache ahead of precompression, which then only links them
 * (`rel`: its path under client/, which sets the levels). A build's worker thread does this for the
 * whole-catalog exports (tens of megabytes each at 10,000 datasets) while the main thread writes
 * the rest (src/build/build-files.ts), instead of at the end with nothing else to do.
 */
export async function compressIntoCache(input: { file: string; rel: string; cacheDir: string }): Promise<void> {
  const { size } = await stat(input.file);
  if (size < MIN_SIZE || !isCompressible(input.rel)) return;
  mkdirSync(input.cacheDir, { recursive: true });
  const onDisk = { has: (name: string) => existsSync(join(input.cacheDir, name)), add: () => undefined };
  await cacheEntry(input.file, size, levels(input.rel, size), input.cacheDir, onDisk, size <= BIG ? await readFile(input.file) : undefined);
}

/**
 * What precompression learnt of each file it handled (not the pages), by path under client/:
 * device, inode and size of the file, its brotli copy's size (-1: no copies, not worth it), and
 * when its copies were last marked used in the cache. The next build reads it instead of looking
 * at this build's files (src/server/http/precompress.ts `one`).
 */
export const PRECOMPRESS_STATE = join('portal', 'precompress-state.json');

/** Files of a build hard-linked from an older build's `client` folder at the same paths (`rels`, under client/). */
export interface LinkedFiles {
  client: string;
  rels: ReadonlySet<string>;
}
type StateEntry = [dev: number, ino: number, size: number, br: number, touched: number];

/**
 * The state of the build made before `dist` (the newest other build folder of its builds folder
 * that has one), when `dist` is one of a builds folder (src/server/builds.ts).
 */
function previousCopies(dist: string): { client: string; state: Record<string, StateEntry> } | undefined {
  if (!dirname(resolve(dist)).endsWith('.builds')) return undefined;
  for (const build of olderBuilds(dist)) {
    try {
      return { client: join(build, 'client'), state: JSON.parse(readFileSync(join(build, PRECOMPRESS_STATE), 'utf8')) as Record<string, StateEntry> };
    } catch {
      // not a finished build: look further back
    }
  }
  return undefined;
}

/** Drop cached copies no build used for a month (at most once a day), and temporary files of a build that died. */
function pruneCompressed(cacheDir: string, now = Date.now()): void {
  const stamp = join(cacheDir, '.pruned');
  if (existsSync(stamp) && now - statSync(stamp).mtimeMs < 86_400_000) return;
  writeFileSync(stamp, '');
  const used = new Map<string, number>();
  const names = readdirSync(cacheDir);
  for (const f of names) if (f.endsWith('.gz') || f.endsWith('.none')) used.set(f.slice(0, f.lastIndexOf('.')), statSync(join(cacheDir, f)).mtimeMs);
  for (const f of names) {
    if (f === '.pruned') continue;
    const file = join(cacheDir, f);
    const age = f.endsWith('.tmp') ? now - statSync(file).mtimeMs - 3_600_000 + CACHE_MAX_AGE_MS : now - (used.get(f.replace(/\.(br|gz|none)$/, '')) ?? 0);
    if (age > CACHE_MAX_AGE_MS) rmSync(file, { force: true });
  }
}
