import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type OutgoingHttpHeaders, type RequestListener, type ServerResponse } from 'node:http';
import https from 'node:https';
import { accessLogLine, TOKEN_ID_HEADER } from './access-log.ts';
import { sendApiError, sendPage, type PageStrings } from './answers.ts';
import { attachBody, bodyLimit, declaredTooLarge, discardBody, readLimited } from './body-limit.ts';
import { cacheControl } from './cache-control.ts';
import { dynamicCompression } from './compression.ts';
import { withCharset } from './content-type.ts';
import { corsHeaders, preflight } from './cors.ts';
import { EVENTS_PATH, EventStreamLimiter } from './event-streams.ts';
import { createMetrics, metricsAllowed, routeClass, type PortalMetrics } from './metrics.ts';
import { defaultLanguageAddress } from './default-language.ts';
import { movedFileAddress } from './moved-files.ts';
import { publisherFileHeaders } from './publisher-files.ts';
import { atPublicHttpsAddress, clientAddress, overHttps, requestPath } from './request-info.ts';
import { baseHeaders, contentSecurityPolicy, EMBED_PATH } from './security-headers.ts';
import type { HttpSettings } from './settings.ts';
import { textSetting } from '../../settings.ts';
import { staticAnswer, type StaticAnswer } from './static-files.ts';
import { withLayerCharsets } from '../publish-layer.ts';

/**
 * The portal's HTTP server: Astro's handler (static files and on-demand routes) inside one
 * place that applies the portal's policy to every request and every response. Each rule is a
 * module of its own; this file only puts them in order.
 */
export interface PortalServerOptions {
  /** The built site's handler (`handler` of dist/server/entry.mjs): static files, then routes. */
  handler: RequestListener;
  settings: HttpSettings;
  /** Hashes of Astro's inline scripts (security-headers.ts astroInlineScriptHashes). */
  scriptHashes: readonly string[];
  /** The portal's public address (portal.yaml baseUrl). */
  baseUrl?: string;
  strings: PageStrings;
  /** dist/client: old addresses of publisher files are redirected to their files/ address. */
  clientDir?: string;
  /** Files of dist/client with brotli and gzip copies (compression.ts loadPrecompressed). */
  precompressed?: ReadonlySet<string>;
  /** Publisher text files declared in another encoding than UTF-8, by `datasets/<slug>/files/<path>` (src/site/file-charsets.ts). */
  charsets?: ReadonlyMap<string, string>;
  /** TLS key and certificate: the server speaks HTTPS itself. */
  tls?: { key: Buffer; cert: Buffer };
  log?: (line: string) => void;
  /** One JSON line per request (access-log.ts); default: `log`. */
  accessLog?: (line: string) => void;
  /**
   * The build to answer each request with, when the server follows rebuilds (src/server/site.ts
   * SiteSwitch.enter): it replaces handler, clientDir, precompressed, charsets and strings above for that
   * request; `finished` is called once its answer is done.
   */
  site?: (finished: (done: () => void) => void) => SiteParts;
  /**
   * Routes answered by the process itself before any body is read (the CKAN write actions, which
   * stream their uploads to disk): true when the request was taken.
   */
  routes?: (req: IncomingMessage, res: ServerResponse, path: string, site: SiteParts) => boolean | Promise<boolean>;
  /**
   * The answer to a push (POST /api/datasets/<slug>/rows) computed by the process itself, after
   * the body limit and before Astro's handler (src/server/push-route.ts); undefined: Astro answers.
   */
  pushAnswer?: (req: IncomingMessage, path: string, clientDir: string | undefined) => Promise<Response | undefined>;
  /** The portal's version, for portal_build_info. */
  version?: string;
  /** PORTAL_METRICS_TOKEN: who may read /metrics besides loopback clients (metrics.ts). */
  metricsToken?: string;
}

/** What changes from one build to the next. */
export type SiteParts = Pick<PortalServerOptions, 'handler' | 'clientDir' | 'precompressed' | 'charsets' | 'strings'>;

export interface PortalServer {
  server: http.Server;
  streams: EventStreamLimiter;
  metrics: PortalMetrics;
}

/** Counts the body bytes of an answer as they leave (after compression, which wraps write later). */
function countBytes(res: ServerResponse): () => number {
  let bytes = 0;
  const add = (chunk: unknown, encoding?: unknown) => {
    if (typeof chunk === 'string') bytes += Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    else if (chunk instanceof Uint8Array) bytes += chunk.byteLength;
  };
  const write = res.write;
  const end = res.end;
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    add(chunk, rest[0]);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof res.write;
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    if (typeof chunk !== 'function') add(chunk, rest[0]);
    return (end as (...a: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as typeof res.end;
  return () => bytes;
}

/**
 * Rewrites the response's headers at the last moment (writeHead, explicit or implicit), whoever
 * wrote the response: the static file server, an Astro route, or this wrapper.
 */
function finalHeaders(res: ServerResponse, apply: (status: number) => void) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    const message = typeof rest[0] === 'string' ? rest[0] : undefined;
    const headers = (typeof rest[0] === 'string' ? rest[1] : rest[0]) as OutgoingHttpHeaders | readonly unknown[] | undefined;
    if (Array.isArray(headers)) {
      // [[name, value], …] or [name, value, name, value, …]
      const pairs = Array.isArray(headers[0]) ? (headers as [string, string][]) : headers.flatMap((v, i) => (i % 2 ? [] : [[v, headers[i + 1]] as [string, string]]));
      for (const [k, v] of pairs) this.appendHeader(String(k), String(v));
    } else if (headers) {
      for (const [k, v] of Object.entries(headers)) if (v !== undefined && v !== null) this.setHeader(k, v as string | number | string[]);
    }
    apply(status);
    return message === undefined ? writeHead.call(this, status) : (writeHead as (s: number, m: string) => ServerResponse).call(this, status, message);
  } as typeof res.writeHead;
}

export function createPortalServer(options: PortalServerOptions): PortalServer {
  const { settings } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const streams = new EventStreamLimiter(settings);
  const policy = contentSecurityPolicy(options.scriptHashes);
  const embedPolicy = contentSecurityPolicy(options.scriptHashes, { embeddable: true });
  const compress = dynamicCompression();
  const noCopies = new Set<string>();

  const accessLog = options.accessLog ?? log;
  const metrics = createMetrics({ openStreams: () => streams.openStreams, version: options.version ?? 'unknown' });

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    const target = req.url ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const sent = countBytes(res);
    let tokenId: string | undefined;
    // The rows API names the token it accepted; the name is for the log, never for the client.
    finalHeaders(res, () => {
      const id = res.getHeader(TOKEN_ID_HEADER);
      if (id !== undefined) tokenId = String(id);
      res.removeHeader(TOKEN_ID_HEADER);
    });
    res.once('close', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const path = requestPath(req) ?? target.split(/[?#]/)[0]!;
      const route = routeClass(path);
      const status = res.headersSent ? res.statusCode : 0;
      metrics.requests.inc({ route, method, status: String(status) });
      if (route !== 'events') metrics.duration.observe({ route }, durationMs / 1000);
      if (route === 'rows' && method === 'POST') metrics.pushes.inc({ outcome: status >= 200 && status < 300 ? 'accepted' : 'refused', status: String(status) });
      accessLog(
        accessLogLine({
          time: new Date().toISOString(),
          method,
          target,
          status,
          bytes: sent(),
          durationMs,
          route,
          ...(tokenId ? { tokenId } : {}),
          ...(res.writableFinished ? {} : { aborted: true }),
        }),
      );
    });
    const site = options.site ? options.site((done) => res.once('close', done)) : options;
    handle(req, res, site).catch((e: unknown) => {
      log(`request failed: ${(e as Error).message}`);
      if (!res.headersSent) sendApiError(res, 500, 'internal_error', 'The server failed to answer this request.');
      else res.destroy();
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, site: SiteParts) => {
    const { strings } = site;
    const precompressed = site.precompressed ?? noCopies;
    const method = (req.method ?? 'GET').toUpperCase();
    const path = requestPath(req);
    const rawPath = (req.url ?? '/').split(/[?#]/)[0]!;
    const preflightRequest = method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    const https = overHttps(req, settings.trustProxy) || atPublicHttpsAddress(req, options.baseUrl);
    // Tells the routes (Secure cookies) what only this wrapper can know; a client's own value is dropped.
    delete req.headers['x-portal-https'];
    if (https) req.headers['x-portal-https'] = '1';

    let served: StaticAnswer | undefined;
    const embeddable = EMBED_PATH.test(path ?? rawPath);
    finalHeaders(res, (status) => {
      for (const [k, v] of Object.entries(baseHeaders({ https, embeddable }))) if (!res.hasHeader(k) || k === 'X-Content-Type-Options') res.setHeader(k, v);
      res.setHeader('Content-Security-Policy', embeddable ? embedPolicy : policy);
      // A preflight answered below carries its own CORS headers.
      if (!preflightRequest) {
        res.removeHeader('Access-Control-Allow-Origin');
        for (const [k, v] of Object.entries(corsHeaders(method, path ?? rawPath))) res.setHeader(k, v);
      }
      const file = path === undefined ? undefined : publisherFileHeaders(path, status < 400, withLayerCharsets(site.charsets));
      if (file) {
        for (const [k, v] of Object.entries(file)) res.setHeader(k, v);
        if (!file['Content-Disposition']) res.removeHeader('Content-Disposition');
      }
      if (served?.varies) res.setHeader('Vary', [res.getHeader('Vary'), 'Accept-Encoding'].filter(Boolean).join(', '));
      if (served?.encoding && (status === 200 || status === 304)) {
        res.setHeader('Content-Encoding', served.encoding);
        if (!file && served.type) res.setHeader('Content-Type', served.type);
      }
      // A file the static handler could not type (no extension: /api/dashboards/<id>) gets its own.
      if (!file && served?.type && status < 400 && String(res.getHeader('Content-Type') ?? '').startsWith('application/octet-stream')) res.setHeader('Content-Type', served.type);
      if (status < 400 && (status < 300 || status === 304)) {
        const chosen = res.getHeader('Cache-Control');
        res.setHeader('Cache-Control', cacheControl(path ?? rawPath, served !== undefined, chosen === undefined ? undefined : String(chosen)));
      }
      const type = res.getHeader('Content-Type');
      if (type !== undefined) res.setHeader('Content-Type', withCharset(String(type))!);
    });

    const isApi = rawPath.startsWith('/api/');
    // Malformed percent-encoding anywhere in the address (the adapter would answer in plain text).
    let decodable = path !== undefined;
    try {
      decodeURI(req.url ?? '/');
    } catch {
      decodable = false;
    }
    if (!decodable) {
      if (isApi) return sendApiError(res, 400, 'invalid_parameter', 'The address is not valid percent-encoded UTF-8.');
      return sendPage(res, 400, rawPath, strings, 'http.badRequest');
    }

    // Operations endpoints, answered here: they must work even when the routes cannot.
    if (path === '/healthz' && (method === 'GET' || method === 'HEAD')) {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(method === 'HEAD' ? undefined : '{"status":"up"}\n');
    }
    if (path === '/metrics' && method === 'GET') {
      if (!metricsAllowed(req.socket.remoteAddress, req.headers.authorization, options.metricsToken))
        return sendApiError(res, 403, 'forbidden', 'Metrics are served to the machine itself, or with PORTAL_METRICS_TOKEN.');
      const body = await metrics.registry.metrics();
      res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
      return res.end(body);
    }

    if (method === 'GET' || method === 'HEAD') {
      const target = req.url ?? '/';
      const query = target.includes('?') ? target.slice(target.indexOf('?')) : '';
      const unprefixed = defaultLanguageAddress(rawPath, query, strings.languages[0]);
      if (unprefixed) {
        res.writeHead(301, { Location: unprefixed, 'Cache-Control': 'public, max-age=86400' });
        return res.end();
      }
    }
    if ((method === 'GET' || method === 'HEAD') && site.clientDir) {
      const moved = movedFileAddress(path!, site.clientDir);
      if (moved) {
        res.writeHead(301, { Location: moved, 'Cache-Control': 'public, max-age=86400' });
        return res.end();
      }
    }

    if (preflightRequest) {
      const answer = preflight(path!, String(req.headers['access-control-request-method']).toUpperCase());
      res.writeHead(answer.status, answer.headers);
      return res.end();
    }

    if (options.routes && (await options.routes(req, res, path!, site))) return;

    const limit = bodyLimit(method, path!, settings);
    if (limit !== undefined) {
      const tooLarge = () => {
        if (isApi) sendApiError(res, 413, 'payload_too_large', `The body is larger than ${limit} bytes.`);
        else sendPage(res, 413, path!, strings, 'http.tooLarge', { limit: Math.floor(limit / 1024) });
        discardBody(req);
      };
      if (declaredTooLarge(req, limit)) return tooLarge();
      const read = await readLimited(req, limit);
      if (!read.ok) {
        if (read.reason === 'too_large') return tooLarge();
        return res.destroy();
      }
      attachBody(req, read.body);
    }

    if (method === 'GET' && EVENTS_PATH.test(path!)) {
      const admission = streams.admit(clientAddress(req, settings.trustProxy));
      if (!admission.ok) {
        return sendApiError(res, admission.status, admission.status === 429 ? 'too_many_streams' : 'server_busy', admission.message, { 'Retry-After': String(admission.retryAfter) });
      }
      res.once('close', admission.release);
      streams.guard(res, (queued) => log(`event stream closed: its reader left ${queued} bytes unread (PORTAL_SSE_MAX_QUEUE ${settings.sseMaxQueue}); dropped so far: ${streams.dropped}`));
    }

    // Pushes skip Astro's static lookup, web Request and route rendering; the answer is the route's own.
    const pushed = method === 'POST' && options.pushAnswer ? await options.pushAnswer(req, path!, site.clientDir) : undefined;
    if (pushed) {
      const body = Buffer.from(await pushed.arrayBuffer());
      return compress(req, res, () => {
        res.writeHead(pushed.status, Object.fromEntries(pushed.headers));
        // Written as Astro's adapter writes it (chunked, no Content-Length): the same answer either way.
        res.write(body);
        res.end();
      });
    }

    if ((method === 'GET' || method === 'HEAD') && site.clientDir) served = staticAnswer(req, path!, rawPath, site.clientDir, precompressed);
    // Static files are compressed at build time, event streams never: the rest is compressed here.
    if (served || EVENTS_PATH.test(path!)) return site.handler(req, res);
    compress(req, res, () => site.handler(req, res));
  };

  const serverOptions: http.ServerOptions = {
    requestTimeout: settings.requestTimeoutMs,
    headersTimeout: settings.headersTimeoutMs,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    // Node checks the two timeouts above this often (30 s by default: too coarse for short limits).
    connectionsCheckingInterval: Math.max(100, Math.min(1000, settings.requestTimeoutMs / 4)),
  };
  const server = options.tls ? https.createServer({ ...serverOptions, ...options.tls }, listener) : http.createServer(serverOptions, listener);
  server.maxHeadersCount = settings.maxHeadersCount;
  return { server, streams, metrics };
}

/** TLS files named by the same variables the Node adapter reads. */
export function tlsFromEnv(env: NodeJS.ProcessEnv = process.env): { key: Buffer; cert: Buffer } | undefined {
  const cert = textSetting('SERVER_CERT_PATH', env);
  const key = textSetting('SERVER_KEY_PATH', env);
  if (!cert || !key) return undefined;
  return { key: readFileSync(key), cert: readFileSync(cert) };
}
