// The files of the publish layer (src/server/publish-layer.ts), answered by the server process
// before the build's static files: a published dataset's files, derived downloads and chart
// groups, and the whole-catalog DCAT exports with the new datasets' nodes added at the end. Each
// answer streams one file (and a few kilobytes): the same cost as the static file it stands for.
// The file is opened before the answer starts: a rebuild served meanwhile removes the layer's
// folder (and, later, the older build's), which an open file outlives.
import { closeSync, constants, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { contentType } from 'mime-types';
import { JSONLD_TAIL } from '../standards/dcat.ts';
import { isInside, relativePathProblem } from '../lib/safe-path.ts';
import { TRANSIENT } from './http/cache-control.ts';
import { layerDatasets } from './publish-layer.ts';

const DATASET_FILE = /^\/datasets\/([^/]+)\/((?:files|derived|_preview)\/.+)$/;
const DCAT_FILES = new Set(['/catalog.jsonld', '/catalog.ttl']);

interface OpenFile {
  fd: number;
  size: number;
}

/** A regular file, opened (never blocking: O_NONBLOCK), or undefined. */
function openFile(file: string): OpenFile | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isFile()) return { fd, size: stat.size };
  } catch {
    /* closed below */
  }
  closeSync(fd);
  return undefined;
}

/** The last bytes of a file. */
function tail(file: OpenFile, length: number): string {
  const bytes = Buffer.alloc(length);
  readSync(file.fd, bytes, 0, length, file.size - length);
  return bytes.toString('utf8');
}

/** The file's first `end` bytes (all of it by default), as a stream that closes it. */
function bytesOf(file: OpenFile, end = file.size): Readable | Buffer {
  if (end > 0) return createReadStream('', { fd: file.fd, start: 0, end: end - 1 });
  closeSync(file.fd);
  return Buffer.alloc(0);
}

async function send(req: IncomingMessage, res: ServerResponse, path: string, parts: (Readable | Buffer)[], length: number): Promise<void> {
  res.writeHead(200, { 'Content-Type': contentType(path.slice(path.lastIndexOf('/') + 1)) || 'application/octet-stream', 'Content-Length': String(length), 'Cache-Control': TRANSIENT });
  if ((req.method ?? 'GET').toUpperCase() === 'HEAD') {
    for (const p of parts) if (p instanceof Readable) p.destroy();
    res.end();
    return;
  }
  async function* body() {
    for (const p of parts) {
      if (Buffer.isBuffer(p)) yield p;
      else for await (const chunk of p) yield chunk as Buffer;
    }
  }
  await pipeline(Readable.from(body()), res).catch(() => res.destroy());
}

/** What the layer answers for a path: the parts of its body (files opened), their length. */
interface Planned {
  parts: (Readable | Buffer)[];
  length: number;
}

/** The layer's answer to `path`, its files opened, or undefined when it has none (publishedAnswer). */
function planned(path: string, clientDir: string, served: (slug: string) => boolean): Planned | undefined {
  const shown = layerDatasets();
  if (shown.length === 0) return undefined;
  if (DCAT_FILES.has(path)) {
    const added = shown.filter((d) => !served(d.slug));
    if (added.length === 0) return undefined;
    const file = openFile(join(clientDir, path.slice(1)));
    if (!file) return undefined;
    if (path.endsWith('.jsonld')) {
      // The graph's closing, replaced by the new nodes and the same closing.
      if (file.size < JSONLD_TAIL.length || tail(file, JSONLD_TAIL.length) !== JSONLD_TAIL) {
        closeSync(file.fd);
        return undefined;
      }
      const extra = Buffer.from(`${added.map((d) => `,${d.dcat.json}`).join('')}${JSONLD_TAIL}`);
      return { parts: [bytesOf(file, file.size - JSONLD_TAIL.length), extra], length: file.size - JSONLD_TAIL.length + extra.length };
    }
    const extra = Buffer.from(added.map((d) => `\n${d.dcat.turtle}`).join(''));
    return { parts: [bytesOf(file), extra], length: file.size + extra.length };
  }
  const m = DATASET_FILE.exec(path);
  const entry = m ? shown.find((d) => d.slug === m[1]) : undefined;
  // Only an address spelled plainly (no "", "." or ".." folder, no trailing "/"): any other
  // spelling is the build's to answer, as it would be without the layer.
  if (!m || !entry || relativePathProblem(m[2]!) !== undefined) return undefined;
  const folder = join(entry.clientDir, 'datasets', m[1]!);
  const target = resolve(folder, m[2]!);
  const file = isInside(folder, target) ? openFile(target) : undefined;
  // Not one of its files: the build's answer (a 404 page, or a file the build has that this write left alone).
  return file ? { parts: [bytesOf(file)], length: file.size } : undefined;
}

/**
 * Answer a GET or HEAD from the publish layer, if it has what `path` (decoded) asks: true when
 * answered. `clientDir`: the served build's dist/client/; `served`: whether that build has a
 * dataset (the layer's datasets it lacks get their DCAT nodes added to the whole-catalog exports;
 * one it has, even from an earlier write of a dataset the layer still shows, has its nodes there).
 * `compress`: the server's on-the-fly compressor. The build's copies are precompressed; the
 * layer's are not, and a whole-catalog export of a large portal is tens of megabytes, sent to
 * every client until the rebuild is served.
 */
export async function publishedAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  clientDir: string,
  served: (slug: string) => boolean,
  compress?: (req: IncomingMessage, res: ServerResponse, next: () => void) => void,
): Promise<boolean> {
  const answer = planned(path, clientDir, served);
  if (!answer) return false;
  if (compress) await new Promise<void>((done) => compress(req, res, () => void send(req, res, path, answer.parts, answer.length).then(done)));
  else await send(req, res, path, answer.parts, answer.length);
  return true;
}
