import { BodyError, MAX_REASON, bodyType, readBody } from '../live/body.ts';
import { rowKey } from '../live/ingest.ts';
import { retractAndAnnounce } from '../live/retraction.ts';
import { mayChange, reporterLabel } from '../live/scope.ts';
import { bearer, checkToken } from '../live/tokens.ts';
import type { LiveDataset } from '../live/types.ts';
import { makeCaster } from '../tableschema/index.ts';
import { apiError, json } from './api-error.ts';
import type { LiveContext } from './live.ts';

type Detail = { row: number; field: string | null; message: string };

/** The keys of a retraction body, cast like pushed values; problems per position in "keys". */
function castKeys(ds: LiveDataset, keys: unknown[]): { keys: string[]; problems: Detail[] } {
  const problems: Detail[] = [];
  const out: string[] = [];
  const fields = ds.key.map((k) => ds.tableSchema.fields.find((f) => f.name === k)!);
  const casters = fields.map((f) => makeCaster(f));
  keys.forEach((k, i) => {
    if (k === null || typeof k !== 'object' || Array.isArray(k)) {
      problems.push({ row: i + 1, field: null, message: `must be an object of the key fields (${ds.key.join(', ')})` });
      return;
    }
    const values = k as Record<string, unknown>;
    const extra = Object.keys(values).filter((name) => !ds.key.includes(name));
    for (const name of extra.slice(0, 3)) problems.push({ row: i + 1, field: name, message: `"${name.slice(0, 50)}" is not a key field (${ds.key.join(', ')})` });
    const row: Record<string, unknown> = {};
    fields.forEach((f, j) => {
      const v = values[f.name];
      if (v === undefined || v === null || v === '') {
        problems.push({ row: i + 1, field: f.name, message: `"${f.name}" identifies the row and is missing` });
        return;
      }
      const cast = casters[j]!(typeof v === 'string' ? v : JSON.stringify(v));
      if (cast.ok) row[f.name] = cast.value;
      else problems.push({ row: i + 1, field: f.name, message: cast.message });
    });
    out.push(rowKey(ds, row));
  });
  return { keys: out, problems };
}

/**
 * DELETE /api/datasets/<slug>/rows {"keys": [{…}], "reason": "…"}: a reporter retracts its own
 * rows. Every key must exist (404) and belong to the token's reporters (403); then all are
 * retracted in one transaction, each logged with who, when and why (docs/live-data.md).
 */
export async function retractRows(ctx: LiveContext, ds: LiveDataset, request: Request): Promise<Response> {
  const auth = await checkToken(ctx.store, bearer(request.headers.get('authorization')), ds);
  if (!auth.ok) return apiError(auth.status, auth.code, auth.message, [], auth.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {});
  const wait = await ctx.limiter.take(auth.token.id);
  if (wait > 0) return apiError(429, 'too_many_requests', `Too many requests with this token; retry in ${wait} s.`, [], { 'Retry-After': String(wait) });
  try {
    if (bodyType(request.headers.get('content-type')).kind !== 'json') return apiError(415, 'unsupported_media_type', 'Send the retraction as application/json: {"keys": [{...}], "reason": "..."}.');
    const body = await readBody(request, ctx.settings.maxBody);
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch (e) {
      return apiError(400, 'invalid_json', `The body is not valid UTF-8 JSON: ${(e as Error).message.slice(0, 200)}`);
    }
    const { keys, reason } = (data ?? {}) as { keys?: unknown; reason?: unknown };
    const shape = 'The body must be {"keys": [{...key fields...}], "reason": "why"}';
    if (data === null || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).some((k) => k !== 'keys' && k !== 'reason')) return apiError(400, 'invalid_body', `${shape}.`);
    if (!Array.isArray(keys) || keys.length === 0) return apiError(400, 'invalid_body', `${shape}: "keys" must list at least one row.`);
    if (keys.length > ctx.settings.limits.maxRows) return apiError(413, 'too_many_rows', `At most ${ctx.settings.limits.maxRows} keys per request.`);
    if (typeof reason !== 'string' || !reason.trim() || reason.length > MAX_REASON)
      return apiError(400, 'invalid_body', `${shape}: "reason" is required, a text of at most ${MAX_REASON} characters (it is kept in the audit log).`);
    const cast = castKeys(ds, keys);
    if (cast.problems.length)
      return apiError(
        422,
        'invalid_keys',
        `${cast.problems.length} problem${cast.problems.length > 1 ? 's' : ''} in the keys; nothing was retracted.`,
        cast.problems.slice(0, ctx.settings.limits.total),
      );
    const owners = await ctx.store.reportersOf(ds.slug, cast.keys);
    const missing = cast.keys.flatMap((k, i) => (owners.has(k) ? [] : [{ row: i + 1, field: null, message: `no row with the key ${k}` }]));
    if (missing.length) return apiError(404, 'row_not_found', `${missing.length} of the rows to retract do not exist; nothing was retracted.`, missing.slice(0, ctx.settings.limits.total));
    if (auth.token.reporters.length) {
      const scope = auth.token.reporters.map((id) => reporterLabel(ds, id)).join(', ');
      const others = cast.keys.flatMap((k, i) => {
        const owner = owners.get(k) ?? null;
        return mayChange(auth.token, owner)
          ? []
          : [{ row: i + 1, field: ds.reporter ?? null, message: `the row ${k} is for reporter ${reporterLabel(ds, owner)}, but this token reports only for ${scope}` }];
      });
      if (others.length)
        return apiError(403, 'forbidden_reporter', `${others.length} of the rows belong to another reporter than this token's; nothing was retracted.`, others.slice(0, ctx.settings.limits.total));
    }
    const { retracted } = await retractAndAnnounce(ctx.store, ctx.events, {
      dataset: ds.slug,
      keys: [...new Set(cast.keys)],
      at: new Date().toISOString(),
      author: { token: auth.token.id, reason: reason.trim() },
    });
    return json({ retracted }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (e) {
    if (e instanceof BodyError) return apiError(e.status, e.code, e.message, e.details);
    throw e;
  }
}
