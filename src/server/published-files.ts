// The files of the publish layer (src/server/publish-layer.ts), answered by the server process
// before the build's static files: a published dataset's files, derived downloads and chart
// groups, and the whole-catalog DCAT exports with the new datasets' nodes added at the end. Each
// answer streams one file (and a few kilobytes): the same cost as the static file it stands for.
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { contentType } from 'mime-types';
import { JSONLD_TAIL } from '../standards/dcat.ts';
import { isInside } from '../lib/safe-path.ts';
import { TRANSIENT } from './http/cache-control.ts';
import { layerDatasets } from './publish-layer.ts';

const DATASET_FILE = /^\/datasets\/([^/]+)\/((?:files|derived|_preview)\/.+)$/;
const DCAT_FILES = new Set(['/catalog.jsonld', '/catalog.ttl']);

function fileSize(file: string): number | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/** The last bytes of a file. */
function tail(file: string, size: number, length: number): string {
  const fd = openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(length);
    readSync(fd, bytes, 0, length, size - length);
    return bytes.toString('utf8');
  } finally {
    closeSync(fd);
  }
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

/**
 * Answer a GET or HEAD from the publish layer, if it has what `path` (decoded) asks: true when
 * answered. `clientDir`: the served build's dist/client/.
 */
export async function publishedAnswer(req: IncomingMessage, res: ServerResponse, path: string, clientDir: string): Promise<boolean> {
  const shown = layerDatasets();
  if (shown.length === 0) return false;
  if (DCAT_FILES.has(path)) {
    const added = shown.filter((d) => d.added);
    const file = join(clientDir, path.slice(1));
    const size = fileSize(file);
    if (added.length === 0 || size === undefined) return false;
    if (path.endsWith('.jsonld')) {
      // The graph's closing, replaced by the new nodes and the same closing.
      if (size < JSONLD_TAIL.length || tail(file, size, JSONLD_TAIL.length) !== JSONLD_TAIL) return false;
      const extra = Buffer.from(`${added.map((d) => `,${d.dcat.json}`).join('')}${JSONLD_TAIL}`);
      await send(req, res, path, [createReadStream(file, { end: size - JSONLD_TAIL.length - 1 }), extra], size - JSONLD_TAIL.length + extra.length);
    } else {
      const extra = Buffer.from(added.map((d) => `\n${d.dcat.turtle}`).join(''));
      await send(req, res, path, [createReadStream(file), extra], size + extra.length);
    }
    return true;
  }
  const m = DATASET_FILE.exec(path);
  const entry = m ? shown.find((d) => d.slug === m[1]) : undefined;
  if (!m || !entry) return false;
  const folder = join(entry.clientDir, 'datasets', m[1]!);
  const file = resolve(folder, m[2]!);
  const size = isInside(folder, file) ? fileSize(file) : undefined;
  // Not one of its files: the build's answer (a 404 page, or a file the build has that this write left alone).
  if (size === undefined) return false;
  await send(req, res, path, [createReadStream(file)], size);
  return true;
}
