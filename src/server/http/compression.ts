import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import compression from 'compression';
import Negotiator from 'negotiator';

/**
 * Compression, in two ways:
 * - static files: brotli and gzip copies written once at build time next to each file
 *   (precompress.ts), listed in dist/portal/precompressed.json; the server only picks one;
 * - dynamic answers (on-demand pages, APIs): compressed as they are sent by the `compression`
 *   library, above a size threshold, never event streams (a compressor buffers: events would
 *   arrive late) and never a partial (Range) answer.
 */
export type Encoding = 'br' | 'gzip';

/** Where the build lists the files that have precompressed copies. */
export const PRECOMPRESSED_LIST = join('portal', 'precompressed.json');

/** Dynamic answers smaller than this are sent as they are: compressing them saves too little. */
export const DYNAMIC_THRESHOLD = 1024;

/** The encoding the client prefers among those a file has (brotli first at equal weight), or undefined for the file itself. */
export function chooseEncoding(acceptEncoding: string | undefined, available: readonly Encoding[] = ['br', 'gzip']): Encoding | undefined {
  if (!acceptEncoding || available.length === 0) return undefined;
  // negotiator ≥ 0.6.3 takes the server's preference for ties (its types predate it).
  const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } }) as unknown as { encoding(available: string[], preferred: string[]): string | undefined };
  const best = negotiator.encoding([...available, 'identity'], [...available]);
  return best === 'br' || best === 'gzip' ? best : undefined;
}

/** The files (paths under dist/client, with a leading slash) that have .br and .gz copies. */
export function loadPrecompressed(dist: string): ReadonlySet<string> {
  const list = join(dist, PRECOMPRESSED_LIST);
  if (!existsSync(list)) return new Set();
  return new Set(JSON.parse(readFileSync(list, 'utf8')) as string[]);
}

/**
 * The file of dist/client that the static handler would send for a decoded path, the way
 * @astrojs/node resolves it (a folder means its index.html), or undefined when none.
 */
export function staticFileOf(path: string, isDirectory: (p: string) => boolean): string {
  if (path.endsWith('/')) return `${path}index.html`;
  return isDirectory(path) ? `${path}/index.html` : path;
}

/** Whether a response may be compressed on the fly (the `compression` filter). */
export function compressibleAnswer(req: IncomingMessage, res: ServerResponse): boolean {
  const type = String(res.getHeader('Content-Type') ?? '');
  if (type.startsWith('text/event-stream')) return false;
  // A partial answer is a byte range of the file itself; compressing it would break resumption.
  if (res.statusCode === 206 || req.headers.range !== undefined) return false;
  // The library's types are Express's; it only reads Node's request and response.
  return compression.filter(req as never, res as never);
}

/** The on-the-fly compressor, as a (req, res, next) function. */
export function dynamicCompression(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const middleware = compression({ threshold: DYNAMIC_THRESHOLD, filter: compressibleAnswer });
  return (req, res, next) => middleware(req as never, res as never, next);
}
