import { createHash } from 'node:crypto';
import { BodyError, bodyType, parseCsvRows, parseJsonPush, readBody, type IncomingRow } from '../live/body.ts';
import { commitRows, headerProblems, validateRows } from '../live/ingest.ts';
import { jumpMessage, markConfirmed, storeJumps } from '../live/jumps.ts';
import { implausibleMessage, implausibleRows } from '../live/plausibility.ts';
import { fillReporter, needsExistingReporters, reporterLabel, scopeProblems } from '../live/scope.ts';
import { bearer, checkToken } from '../live/tokens.ts';
import type { TokenRecord } from '../live/store.ts';
import type { LiveDataset } from '../live/types.ts';
import { apiError } from './api-error.ts';
import { TOKEN_ID_HEADER } from './http/access-log.ts';
import type { LiveContext } from './live.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * What a push reads of its request: the Astro route passes a web Request (webPush), the HTTP
 * server's own route (src/server/push-route.ts) the body it has already read.
 */
export interface PushRequest {
  headers: { get(name: string): string | null };
  /** Only its query string is read (?confirm=jumps). */
  url: string;
  /** The body, at most `limit` bytes (a BodyError 413 beyond). */
  read(limit: number): Promise<Buffer>;
}

function webPush(request: Request): PushRequest {
  return { headers: request.headers, url: request.url, read: (limit) => readBody(request, limit) };
}

/** POST /api/datasets/<slug>/rows: the contract is in docs/live-data.md. */
export async function pushRows(ctx: LiveContext, ds: LiveDataset, incoming: Request | PushRequest): Promise<Response> {
  const request = incoming instanceof Request ? webPush(incoming) : incoming;
  const auth = await checkToken(ctx.store, bearer(request.headers.get('authorization')), ds);
  if (!auth.ok) return apiError(auth.status, auth.code, auth.message, [], auth.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {});
  const response = await pushAuthorised(ctx, ds, request, auth.token);
  // For the access log: the HTTP wrapper reads the id and removes the header before sending.
  response.headers.set(TOKEN_ID_HEADER, auth.token.id);
  return response;
}

async function pushAuthorised(ctx: LiveContext, ds: LiveDataset, request: PushRequest, token: TokenRecord): Promise<Response> {
  const auth = { token };
  const wait = await ctx.limiter.take(auth.token.id);
  if (wait > 0) return apiError(429, 'too_many_requests', `Too many requests with this token; retry in ${wait} s.`, [], { 'Retry-After': String(wait) });

  const idemKey = request.headers.get('idempotency-key');
  if (idemKey !== null && !IDEMPOTENCY_KEY.test(idemKey)) return apiError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1 to 255 visible ASCII characters.');
  try {
    const { kind, charset } = bodyType(request.headers.get('content-type'));
    const body = await request.read(ctx.settings.maxBody);
    const { limits } = ctx.settings;
    const scope = `${auth.token.id}:${ds.slug}`;
    const hash = createHash('sha256')
      .update(`${kind}\n`)
      .update(charset === 'utf-8' ? '' : `${charset}\n`)
      .update(body)
      .digest('hex');
    if (idemKey !== null) {
      const previous = await ctx.store.getIdempotency(scope, idemKey);
      if (previous) return replay(previous, hash);
    }
    let incoming: IncomingRow[];
    let reason: string | null = null;
    // The cheap checks (header width, number of rows) are made while reading, before any row is cast.
    if (kind === 'json') ({ rows: incoming, reason } = parseJsonPush(body, limits));
    else {
      const csv = parseCsvRows(body, charset, limits);
      const problems = headerProblems(ds, csv.header, limits);
      if (problems.length) return apiError(422, 'invalid_header', 'The CSV header does not match the Table Schema; nothing was stored.', problems);
      incoming = csv.rows;
    }
    const { problems, count, rows, sources } = validateRows(ds, fillReporter(ds, auth.token, incoming), limits);
    if (count) {
      return apiError(422, 'invalid_rows', `${count.toLocaleString('en-US')} problem${count > 1 ? 's' : ''} in the rows; nothing was stored.`, problems);
    }
    const implausible = implausibleRows(ds, rows, sources);
    if (implausible.length) {
      const details = implausible.slice(0, limits.total).map((x) => ({ row: x.row, field: x.field, message: implausibleMessage(x) }));
      return apiError(
        422,
        'implausible_rows',
        `${implausible.length.toLocaleString('en-US')} row${implausible.length > 1 ? 's are' : ' is'} not plausible (a date to come or before the dataset starts, or a rule of the dataset broken); nothing was stored.`,
        details,
      );
    }
    const existing = needsExistingReporters(ds, auth.token)
      ? await ctx.store.reportersOf(
          ds.slug,
          rows.map((r) => r.key),
        )
      : undefined;
    const refused = scopeProblems(ds, auth.token, rows, sources, existing);
    if (refused.length) {
      return apiError(
        403,
        'forbidden_reporter',
        `${refused.length.toLocaleString('en-US')} row${refused.length > 1 ? 's' : ''} belong to another reporter than this token's; nothing was stored.`,
        refused.slice(0, limits.total),
      );
    }
    // Sudden jumps against the reporter's previous value: refused unless confirmed (src/live/jumps.ts).
    const jumps = await storeJumps(ctx.store, ds, rows, sources);
    const confirmed = new URL(request.url, 'http://localhost').searchParams.get('confirm') === 'jumps';
    if (jumps.length && !confirmed) {
      return apiError(
        422,
        'unconfirmed_jump',
        `${jumps.length.toLocaleString('en-US')} value${jumps.length > 1 ? 's jump' : ' jumps'} beyond a factor of ${ds.jump!.factor} against the reporter's previous value; nothing was stored. If ${jumps.length > 1 ? 'they are' : 'it is'} right, send the same request again with ?confirm=jumps.`,
        jumps.slice(0, limits.total).map((j) => ({ row: j.row, field: j.field, message: jumpMessage(j, reporterLabel(ds, j.reporter)) })),
      );
    }
    const answer = JSON.stringify({ accepted: incoming.length });
    const result = await commitRows(
      ctx.store,
      ctx.events,
      ds,
      markConfirmed(rows, sources, jumps),
      idemKey === null ? undefined : { scope, key: idemKey, record: { hash, status: 201, body: answer } },
      {
        token: auth.token.id,
        reason,
      },
    );
    if (result.replay) return replay(result.replay, hash);
    return new Response(answer, { status: 201, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } });
  } catch (e) {
    if (e instanceof BodyError) return apiError(e.status, e.code, e.message, e.details);
    throw e;
  }
}

function replay(previous: { hash: string; status: number; body: string }, hash: string): Response {
  if (previous.hash !== hash) return apiError(409, 'idempotency_conflict', 'This Idempotency-Key was already used with a different body.');
  return new Response(previous.body, { status: previous.status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Idempotent-Replayed': 'true' } });
}
