import type { IncomingMessage } from 'node:http';
import { dirname } from 'node:path';
import { bodyTooLarge } from '../live/body.ts';
import { attachedBody } from './http/body-limit.ts';
import { liveOfBuild } from './live.ts';
import { pushRows, type PushRequest } from './push.ts';

const ROWS_PATH = /^\/api\/datasets\/([^/]+)\/rows$/;

/**
 * POST /api/datasets/<slug>/rows answered by the HTTP server itself instead of going through
 * Astro's handler (which looks for a static file, builds a web Request, imports the route module
 * and renders it: more than half of a single-row push's CPU, docs/benchmarks.md). The same code
 * answers (src/server/push.ts), with the same process-global store, event fan-out and rate
 * limiter as the build's own routes (src/server/live.ts), and the live datasets of the build
 * that serves this request (`clientDir` is that build's client/ folder). The wrapper applies the
 * same headers, limits, access log and metrics to the answer as to any other.
 *
 * Resolves to undefined when the request is not one to take here: another address, no body read
 * by the wrapper, a store that cannot be opened (Astro's route answers its 503), a slug that is not
 * a live dataset of the build (Astro's route answers its 404).
 */
export async function pushAnswer(req: IncomingMessage, path: string, clientDir: string | undefined): Promise<Response | undefined> {
  const slug = ROWS_PATH.exec(path)?.[1];
  const body = attachedBody(req);
  if (slug === undefined || body === undefined || clientDir === undefined) return undefined;
  let ctx;
  try {
    ctx = await liveOfBuild(dirname(clientDir));
  } catch {
    return undefined;
  }
  const ds = ctx.datasets.get(slug);
  if (!ds) return undefined;
  const request: PushRequest = {
    // Node joins repeated headers as a web Request does; names are lower case in req.headers.
    headers: {
      get: (name) => {
        const v = req.headers[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      },
    },
    url: req.url ?? '/',
    read: async (limit) => {
      if (body.length > limit) throw bodyTooLarge(limit);
      return body;
    },
  };
  return pushRows(ctx, ds, request);
}
