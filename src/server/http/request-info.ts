import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * What the server may believe about a request. Forwarded headers are anyone's to send,
 * so they count only when PORTAL_TRUST_PROXY=1 says a reverse proxy overwrites them.
 */

/** True when the request reached us over TLS, or (trusted proxy) the proxy says it did. */
export function overHttps(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  if (!trustProxy) return false;
  const proto = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]!
    .trim()
    .toLowerCase();
  return proto === 'https';
}

/** The client's address: the socket's peer, or (trusted proxy) the address the proxy appended last. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const last = forwarded[forwarded.length - 1];
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** The decoded path of the request (no query), or undefined when it is not valid percent-encoding. */
export function requestPath(req: IncomingMessage): string | undefined {
  const raw = (req.url ?? '/').split(/[?#]/)[0]!;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * Whether the browser reached the portal under its public https address: then it came over
 * HTTPS even if a proxy in front spoke plain HTTP to us (HSTS and Secure cookies are right).
 */
export function atPublicHttpsAddress(req: IncomingMessage, baseUrl: string | undefined): boolean {
  if (!baseUrl) return false;
  try {
    const base = new URL(baseUrl);
    return base.protocol === 'https:' && String(req.headers.host ?? '').toLowerCase() === base.host.toLowerCase();
  } catch {
    return false;
  }
}
