import { flagSetting, numberSetting } from '../../settings.ts';

/**
 * The HTTP limits of the server, from the environment, with their defaults (documented in
 * docs/security.md and the README). Read once at start by scripts/serve.ts.
 */
export interface HttpSettings {
  /** Largest body of an API request (POST /api/…), bytes. The same variable the rows API has always read. */
  maxBody: number;
  /** Largest body of a form post (the reporting form, any other non-API POST), bytes. */
  maxFormBody: number;
  /** Time to receive a whole request (headers and body), ms. Responses (event streams) are not limited by it. */
  requestTimeoutMs: number;
  /** Time to receive the request headers, ms. */
  headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open, ms. */
  keepAliveTimeoutMs: number;
  maxHeadersCount: number;
  /** Open event streams, in all and per client address. */
  sseMax: number;
  sseMaxPerClient: number;
  /** Bytes an event-stream subscriber may leave unread before it is dropped. */
  sseMaxQueue: number;
  /** Believe X-Forwarded-Proto and X-Forwarded-For (set only behind a reverse proxy that overwrites them). */
  trustProxy: boolean;
}

export function httpSettings(env: NodeJS.ProcessEnv = process.env): HttpSettings {
  // Each variable's meaning, default and smallest value are in src/settings.ts.
  const num = (name: string) => numberSetting(name, env);
  const requestTimeoutMs = num('PORTAL_REQUEST_TIMEOUT') * 1000;
  return {
    maxBody: num('PORTAL_MAX_BODY'),
    maxFormBody: num('PORTAL_MAX_FORM_BODY'),
    requestTimeoutMs,
    // Node refuses a headers timeout longer than the request timeout.
    headersTimeoutMs: Math.min(num('PORTAL_HEADERS_TIMEOUT') * 1000, requestTimeoutMs),
    // Longer than the idle timeout of common reverse proxies and HTTP clients (60 s): a server that
    // closes an idle connection first races a client reusing it, and that request fails.
    keepAliveTimeoutMs: num('PORTAL_KEEPALIVE_TIMEOUT') * 1000,
    maxHeadersCount: 100,
    sseMax: num('PORTAL_SSE_MAX'),
    sseMaxPerClient: num('PORTAL_SSE_MAX_PER_CLIENT'),
    sseMaxQueue: num('PORTAL_SSE_MAX_QUEUE'),
    trustProxy: flagSetting('PORTAL_TRUST_PROXY', env),
  };
}
