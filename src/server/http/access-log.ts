/**
 * One JSON line per request, for the operator's log pipeline (journald, Loki, …). Secrets never
 * reach it: the query string keeps only parameters that cannot carry one (anything named like a
 * token, key, secret, password, session, code or signature is dropped), no header is logged, and
 * a push shows the id of the token used, never the token (the rows API hands the id over in
 * TOKEN_ID_HEADER, which the server removes before the answer leaves).
 */
export const TOKEN_ID_HEADER = 'x-portal-token-id';

const SECRET_PARAM = /token|key|secret|passw|session|code|sig|auth|jwt|credential/i;

/** The request target without secret-looking query parameters (their names are kept, values shown as "…"). */
export function redactTarget(target: string): string {
  const q = target.indexOf('?');
  if (q < 0) return target;
  const path = target.slice(0, q);
  const kept = target
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // an undecodable name is judged as written
      }
      return SECRET_PARAM.test(decoded) ? `${name}=…` : pair;
    });
  return kept.length ? `${path}?${kept.join('&')}` : path;
}

export interface AccessEntry {
  time: string;
  method: string;
  target: string;
  status: number;
  /** Body bytes sent (after compression). */
  bytes: number;
  durationMs: number;
  route: string;
  tokenId?: string;
  /** The answer was cut before its end (client left, stream closed). */
  aborted?: boolean;
}

export function accessLogLine(entry: AccessEntry): string {
  return JSON.stringify({ ...entry, target: redactTarget(entry.target), durationMs: Math.round(entry.durationMs * 10) / 10 });
}
