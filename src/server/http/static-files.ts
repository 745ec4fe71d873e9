import { statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { lookup } from 'mime-types';
import { chooseEncoding, staticFileOf, type Encoding } from './compression.ts';

/**
 * Which file of dist/client answers a GET or HEAD, and whether its brotli or gzip copy is sent
 * instead. Astro's static handler (`send`: ETag, Last-Modified, 304, Range, HEAD) still sends
 * the bytes; only the address it reads is changed to the copy's, so the copy gets its own ETag.
 */
export interface StaticAnswer {
  /** The file's path under dist/client (decoded, leading slash). */
  file: string;
  /** The file has precompressed copies: answers vary with Accept-Encoding. */
  varies: boolean;
  /** The copy sent, if any. */
  encoding?: Encoding;
  /** The media type of the file itself (the copy's own would be application/gzip). */
  type?: string;
}

/**
 * Static files under /api/ without an extension are JSON answers written at build
 * (/api/dashboards/<id>): sent, and precompressed, as JSON rather than application/octet-stream.
 */
export const API_JSON = /^\/api\/[^.]+$/;

/** The media type of a file of dist/client (path with a leading slash), if known. */
export function staticType(file: string): string | undefined {
  return lookup(file) || (API_JSON.test(file) ? 'application/json' : undefined);
}

export function staticAnswer(req: IncomingMessage, path: string, rawPath: string, clientDir: string, precompressed: ReadonlySet<string>): StaticAnswer | undefined {
  if (path.split('/').includes('..') || path.includes('\0')) return undefined;
  const isDirectory = (p: string) => {
    try {
      return statSync(join(clientDir, p)).isDirectory();
    } catch {
      return false;
    }
  };
  const file = staticFileOf(path, isDirectory);
  try {
    if (!statSync(join(clientDir, file)).isFile()) return undefined;
  } catch {
    return undefined;
  }
  const varies = precompressed.has(file);
  // A Range asks for bytes of the file itself (a resumed download): never of a copy.
  const encoding = varies && req.headers.range === undefined ? chooseEncoding(req.headers['accept-encoding'] as string | undefined) : undefined;
  if (encoding) {
    const query = (req.url ?? '').slice(rawPath.length);
    req.url = `${staticFileOf(rawPath, () => isDirectory(path))}.${encoding === 'br' ? 'br' : 'gz'}${query}`;
  }
  return { file, varies, encoding, type: staticType(file) };
}
