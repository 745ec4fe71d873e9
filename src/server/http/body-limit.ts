import type { IncomingMessage } from 'node:http';

/**
 * One body limit for every endpoint, applied before a route sees the request: an API body
 * up to PORTAL_MAX_BODY, a form (or any other) body up to PORTAL_MAX_FORM_BODY. A declared
 * Content-Length above it is refused before a byte is read; a body without one (chunked) is
 * counted as it arrives and refused as soon as it passes the limit. Reading it whole here costs
 * at most the limit per request, which the routes held anyway; they get it as a finished stream.
 */
export function bodyLimit(method: string, path: string, limits: { maxBody: number; maxFormBody: number }): number | undefined {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return undefined;
  return path.startsWith('/api/') ? limits.maxBody : limits.maxFormBody;
}

export type BodyRead = { ok: true; body: Buffer } | { ok: false; reason: 'too_large' | 'aborted' };

/** Whether a declared Content-Length is already over the limit. */
export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared > limit;
}

/** Read the body, stopping (and pausing the socket) as soon as it passes `limit` bytes. */
export function readLimited(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (r: BodyRead) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
      done(r);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        chunks.length = 0;
        finish({ ok: false, reason: 'too_large' });
      } else chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, body: Buffer.concat(chunks, size) });
    const onAbort = () => finish({ ok: false, reason: 'aborted' });
    const onClose = () => {
      if (!req.complete) onAbort();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}

const READ = Symbol('body read by the wrapper');

/**
 * Hand a body read here to the Astro adapter: it reads `req.body` when set, and takes an async
 * iterable for a stream (a Buffer would be turned into JSON, a Readable too: both have own keys).
 */
export function attachBody(req: IncomingMessage, body: Buffer) {
  async function* once() {
    if (body.length) yield body;
  }
  (req as IncomingMessage & { body?: unknown }).body = once();
  (req as IncomingMessage & { [READ]?: Buffer })[READ] = body;
}

/** The body attachBody kept, for a route of the server's own (src/server/push-route.ts). */
export function attachedBody(req: IncomingMessage): Buffer | undefined {
  return (req as IncomingMessage & { [READ]?: Buffer })[READ];
}

/** How much of a refused body is read and thrown away before the connection is closed. */
const DISCARD_MAX = 8 * 1024 * 1024;
const DISCARD_MS = 2000;

/**
 * After refusing a body (413), the rest of it is discarded as it comes (closing at once would make
 * the client fail writing before it reads the answer), up to a bound in bytes and time; then the
 * connection goes.
 */
export function discardBody(req: IncomingMessage): void {
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_MAX) req.socket.destroy();
  });
  req.resume();
  setTimeout(() => {
    if (!req.complete) req.socket.destroy();
  }, DISCARD_MS).unref();
}
