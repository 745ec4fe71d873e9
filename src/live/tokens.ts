import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hint } from '../tableschema/text.ts';
import type { LiveStore, TokenRecord } from './store.ts';

/** Publisher API tokens: random, shown once, stored only as a SHA-256 hash. */
export const TOKEN_PREFIX = 'cdp_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A mistake in the command line of `npm run token`: the command exits with status 2. */
export class TokenUsageError extends Error {}

/** The longest a token may be valid: longer is almost surely a typo (omit --expires for no expiry). */
export const MAX_EXPIRY_DAYS = 3650;

/** "30d", "12h", "90m", or an ISO date; undefined: no expiry. The date must be in the future and within MAX_EXPIRY_DAYS. */
export function parseExpiry(value: string | undefined, now = new Date()): string | null {
  if (value === undefined) return null;
  const m = /^([+-]?\d+)([dhm])$/.exec(value.trim());
  let at: number;
  if (m) {
    at = now.getTime() + Number(m[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm'];
    if (Number(m[1]) <= 0) throw new TokenUsageError(`--expires ${value}: a token must stay valid for some time; use a positive duration such as 30d, 12h or 90m`);
  } else {
    at = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim()) ? new Date(value.trim()).getTime() : NaN;
    if (Number.isNaN(at)) throw new TokenUsageError(`--expires: "${value}" is neither a duration (30d, 12h, 90m) nor a date (2026-12-31)`);
    if (at <= now.getTime()) throw new TokenUsageError(`--expires ${value}: this date has passed; the token would be expired at once`);
  }
  if (!Number.isFinite(at) || at - now.getTime() > MAX_EXPIRY_DAYS * 86_400_000) {
    throw new TokenUsageError(`--expires ${value}: at most ${MAX_EXPIRY_DAYS} days (10 years) ahead; omit --expires for a token without expiry`);
  }
  return new Date(at).toISOString();
}

/** What the built portal knows: its publishers and which live datasets each has. */
export interface TokenScopeCatalog {
  publishers: string[];
  live: { slug: string; publisher: string; reporters?: { id: string; name: string }[] }[];
  /** Where these lists come from, to name in messages. */
  catalogFile: string;
  liveFile: string;
}

/**
 * Refuse a token for a publisher or dataset the portal does not have (a typo would give a token
 * that is refused at every push). Returns warnings for what is allowed but probably useless.
 */
export function checkTokenScope(publisher: string, datasets: string[], catalog: TokenScopeCatalog, reporters: string[] = []): string[] {
  if (!catalog.publishers.includes(publisher)) {
    throw new TokenUsageError(
      `--publisher: no publisher "${publisher}" in ${catalog.catalogFile}${hint(publisher, catalog.publishers)}. Known publishers: ${catalog.publishers.join(', ') || 'none'}.`,
    );
  }
  const own = catalog.live.filter((d) => d.publisher === publisher).map((d) => d.slug);
  for (const slug of datasets) {
    const ds = catalog.live.find((d) => d.slug === slug);
    if (!ds) {
      throw new TokenUsageError(
        `--dataset: no live dataset "${slug}" in ${catalog.liveFile}${hint(
          slug,
          catalog.live.map((d) => d.slug),
        )}. Live datasets of ${publisher}: ${own.join(', ') || 'none'}.`,
      );
    }
    if (ds.publisher !== publisher) {
      throw new TokenUsageError(`--dataset: "${slug}" belongs to publisher "${ds.publisher}", not "${publisher}" (${catalog.liveFile}).`);
    }
  }
  if (reporters.length) checkReporterScope(datasets, reporters, catalog);
  return own.length ? [] : [`publisher "${publisher}" has no live dataset yet (${catalog.liveFile}): the token is refused until one is built.`];
}

/** Reporter ids belong to one dataset's reporters file: --reporter needs exactly one --dataset that declares them all. */
function checkReporterScope(datasets: string[], reporters: string[], catalog: TokenScopeCatalog): void {
  if (datasets.length !== 1)
    throw new TokenUsageError(`--reporter needs exactly one --dataset: reporter ids are those of one dataset's reporters file${datasets.length ? ` (${datasets.length} given)` : ''}.`);
  const ds = catalog.live.find((d) => d.slug === datasets[0])!;
  const known = (ds.reporters ?? []).map((r) => r.id);
  if (known.length === 0) throw new TokenUsageError(`--reporter: dataset "${ds.slug}" declares no reporters (live.reporters in its dataset.yaml), so a token cannot be limited to some of them.`);
  for (const id of reporters) {
    if (!known.includes(id)) {
      const shown = known.length > 10 ? `${known.slice(0, 10).join(', ')}, … (${known.length} in all)` : known.join(', ');
      throw new TokenUsageError(`--reporter: no reporter "${id}" in dataset "${ds.slug}"${hint(id, known)}. Its reporters: ${shown}.`);
    }
  }
}

export async function createToken(store: LiveStore, options: { publisher: string; datasets?: string[]; reporters?: string[]; expires?: string | null; label?: string | null }) {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const record: TokenRecord = {
    id: `tok_${randomBytes(6).toString('hex')}`,
    hash: hashToken(token),
    publisher: options.publisher,
    datasets: options.datasets ?? [],
    reporters: options.reporters ?? [],
    label: options.label ?? null,
    created: new Date().toISOString(),
    expires: options.expires ?? null,
    revoked: null,
  };
  await store.addToken(record);
  return { token, record };
}

export type TokenCheck = { ok: true; token: TokenRecord } | { ok: false; status: 401 | 403; code: string; message: string };

/** Who may push to a dataset of `publisher`: an unexpired, unrevoked token of that publisher, scoped to it if scoped at all. */
export async function checkToken(store: LiveStore, presented: string | undefined, dataset: { slug: string; publisher: string }, now = new Date()): Promise<TokenCheck> {
  if (!presented) return { ok: false, status: 401, code: 'unauthorized', message: 'This request needs a token: send "Authorization: Bearer <token>".' };
  const found = await findPresentedToken(store, presented);
  if (!found) return { ok: false, status: 401, code: 'unauthorized', message: 'Unknown token.' };
  return checkTokenRecord(found, dataset, now);
}

/** The stored token a client presented, if any (revoked and expired ones included: checkTokenRecord says). */
export async function findPresentedToken(store: LiveStore, presented: string): Promise<TokenRecord | undefined> {
  const hash = hashToken(presented);
  const found = await store.findToken(hash);
  // The lookup is by hash; compare again in constant time so the answer never depends on a partial match.
  if (!found || !timingSafeEqual(Buffer.from(found.hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
  return found;
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
