import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LiveStore, TokenRecord } from './store.ts';

/** Publisher API tokens: random, shown once, stored only as a SHA-256 hash. */
export const TOKEN_PREFIX = 'cdp_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** "30d", "12h", "90m", or an ISO date; undefined: no expiry. */
export function parseExpiry(value: string | undefined, now = new Date()): string | null {
  if (!value) return null;
  const m = /^(\d+)([dhm])$/.exec(value);
  if (m) {
    const ms = Number(m[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm'];
    return new Date(now.getTime() + ms).toISOString();
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new Error(`--expires: "${value}" is neither a duration (30d, 12h, 90m) nor a date (2026-12-31)`);
  return d.toISOString();
}

export async function createToken(store: LiveStore, options: { publisher: string; datasets?: string[]; expires?: string | null; label?: string | null }) {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const record: TokenRecord = {
    id: `tok_${randomBytes(6).toString('hex')}`,
    hash: hashToken(token),
    publisher: options.publisher,
    datasets: options.datasets ?? [],
    label: options.label ?? null,
    created: new Date().toISOString(),
    expires: options.expires ?? null,
    revoked: null,
  };
  await store.addToken(record);
  return { token, record };
}

export type TokenCheck =
  | { ok: true; token: TokenRecord }
  | { ok: false; status: 401 | 403; code: string; message: string };

/** Who may push to a dataset of `publisher`: an unexpired, unrevoked token of that publisher, scoped to it if scoped at all. */
export async function checkToken(store: LiveStore, presented: string | undefined, dataset: { slug: string; publisher: string }, now = new Date()): Promise<TokenCheck> {
  if (!presented) return { ok: false, status: 401, code: 'unauthorized', message: 'This request needs a token: send "Authorization: Bearer <token>".' };
  const hash = hashToken(presented);
  const found = await store.findToken(hash);
  // The lookup is by hash; compare again in constant time so the answer never depends on a partial match.
  if (!found || !timingSafeEqual(Buffer.from(found.hash, 'hex'), Buffer.from(hash, 'hex'))) {
    return { ok: false, status: 401, code: 'unauthorized', message: 'Unknown token.' };
  }
  return checkTokenRecord(found, dataset, now);
}

/** Whether a stored token (found by its hash) may still push to `dataset`: not revoked, not expired, in scope. */
export function checkTokenRecord(found: TokenRecord, dataset: { slug: string; publisher: string }, now = new Date()): TokenCheck {
  if (found.revoked) return { ok: false, status: 401, code: 'unauthorized', message: 'This token has been revoked.' };
  if (found.expires && new Date(found.expires) <= now) return { ok: false, status: 401, code: 'unauthorized', message: 'This token has expired.' };
  if (found.publisher !== dataset.publisher || (found.datasets.length > 0 && !found.datasets.includes(dataset.slug))) {
    return { ok: false, status: 403, code: 'forbidden', message: `This token may not push rows to "${dataset.slug}".` };
  }
  return { ok: true, token: found };
}

/** The token of an "Authorization: Bearer …" header. */
export function bearer(header: string | null): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}
