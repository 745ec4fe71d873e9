// The page writer of src/build/freeze.ts, in a worker thread: writes each rendered page into the
// build, links it into the page cache, and makes its brotli and gzip copies (kept next to it in
// the cache), while the main thread renders the next pages. Plain JavaScript: a worker thread does
// not get the tsx loader of the build process.
//
// Compressing here with zlib's synchronous calls costs about 1 ms of CPU per 33 kB page on this
// thread; zlib's asynchronous calls, made from the main thread, cost the main thread about 0.75 ms
// a page in stream bookkeeping (docs/benchmarks.md, "Full build at 10,000").
import { copyFileSync, linkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** A copy is kept only when gzip brings the file under this share of its size (precompress.ts). */
const { worthRatio } = workerData;

/** Hard link `from` to `to`, replacing a file there; a copy (renamed into place) across file systems. */
function link(from, to) {
  try {
    linkSync(from, to);
  } catch (e) {
    if (e.code === 'EEXIST') {
      rmSync(to, { force: true });
      return link(from, to);
    }
    if (e.code !== 'EXDEV' && e.code !== 'EPERM') throw e;
    const temporary = `${to}.tmp-${process.pid}`;
    copyFileSync(from, temporary);
    renameSync(temporary, to);
  }
}

/** Write a new file; one already there may be a link to a cache entry, so it is replaced, never written through. */
function writeNew(file, bytes) {
  try {
    writeFileSync(file, bytes, { flag: 'wx' });
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
    rmSync(file, { force: true });
    writeFileSync(file, bytes, { flag: 'wx' });
  }
}

/** One page: `{ id, target, entry, bytes, level }` (level: brotli and gzip levels, or null for no copies). */
function write({ target, entry, bytes, level }) {
  writeNew(target, bytes);
  // The link makes the cache entry appear complete at once.
  link(target, entry);
  if (!level) return {};
  const gz = gzipSync(bytes, { level: level.gz });
  if (gz.length > bytes.length * worthRatio) {
    writeFileSync(`${entry}.none`, '');
    return { copies: false };
  }
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: level.br, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  writeNew(`${target}.br`, br);
  writeNew(`${target}.gz`, gz);
  // The gzip copy last: its presence says the entry is complete.
  link(`${target}.br`, `${entry}.br`);
  link(`${target}.gz`, `${entry}.gz`);
  return { copies: true, br: br.length };
}

parentPort.on('message', (message) => {
  try {
    parentPort.postMessage({ id: message.id, ...write(message) });
  } catch (e) {
    parentPort.postMessage({ id: message.id, error: `${message.target}: ${e instanceof Error ? (e.stack ?? e.message) : e}` });
  }
});
