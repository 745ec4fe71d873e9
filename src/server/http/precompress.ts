import { createReadStream, createWriteStream, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import { PRECOMPRESSED_LIST } from './compression.ts';
import { API_JSON } from './static-files.ts';

/**
 * Build step: brotli (quality 10: within 4 % of 11 at a third of its time) and gzip (level 9) copies of every text file of dist/client,
 * and of the JSON answers written at build under /api/ (no extension: static-files.ts API_JSON),
 * written once so that no request pays for compression. A copy is kept only when it saves at
 * least a tenth; the list of files with copies is written to dist/portal/precompressed.json, and
 * the server serves only those: a publisher's own `data.csv.gz` is never taken for a copy.
 */
export const COMPRESSIBLE = /\.(?:html|css|js|mjs|json|jsonld|geojson|svg|xml|txt|csv|tsv|ttl|map|webmanifest|md)$/i;
/** Smaller files fit in one packet either way. */
export const MIN_SIZE = 1024;

async function compressTo(file: string, target: string, encoding: 'br' | 'gzip', size: number): Promise<number> {
  // Near-best settings for pages and assets; on big data files they cost minutes of build for a
  // few percent, so those get brotli 4 and gzip 5 (still far smaller than the file, and fast).
  const big = size > 1024 * 1024;
  const compressor =
    encoding === 'br' ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: big ? 4 : 10, [constants.BROTLI_PARAM_SIZE_HINT]: size } }) : createGzip({ level: big ? 5 : 9 });
  await pipeline(createReadStream(file), compressor, createWriteStream(target));
  return statSync(target).size;
}

export async function precompress(dist: string): Promise<{ files: number; before: number; after: number }> {
  const client = join(dist, 'client');
  const listed: string[] = [];
  let before = 0;
  let after = 0;
  const files = readdirSync(client, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && (COMPRESSIBLE.test(e.name) || API_JSON.test(`/${relative(client, join(e.parentPath, e.name)).split(sep).join('/')}`)))
    .map((e) => join(e.parentPath, e.name));
  const one = async (file: string) => {
    const size = statSync(file).size;
    // A publisher's own data.csv.gz next to data.csv is a file of its own, never overwritten.
    if (size < MIN_SIZE || existsSync(`${file}.br`) || existsSync(`${file}.gz`)) return;
    const br = await compressTo(file, `${file}.br`, 'br', size);
    const gz = await compressTo(file, `${file}.gz`, 'gzip', size);
    // Both copies or none: the server assumes a listed file has both.
    if (gz > size * 0.9) {
      for (const f of [`${file}.br`, `${file}.gz`]) rmSync(f);
      return;
    }
    listed.push(`/${relative(client, file).split(sep).join('/')}`);
    before += size;
    after += br;
  };
  // Two files at a time: zlib works on the thread pool, so this uses two cores.
  let next = 0;
  const worker = async () => {
    while (next < files.length) await one(files[next++]!);
  };
  await Promise.all([worker(), worker()]);
  writeFileSync(join(dist, PRECOMPRESSED_LIST), `${JSON.stringify(listed.sort())}\n`);
  return { files: listed.length, before, after };
}
