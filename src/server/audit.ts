import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../preview/spreadsheet.ts';
import { reporterLabel } from '../live/scope.ts';
import type { AuditEntry, LiveStore } from '../live/store.ts';
import { bearer, checkToken } from '../live/tokens.ts';
import type { LiveDataset } from '../live/types.ts';
import { apiError } from './api-error.ts';
import type { LiveContext } from './live.ts';

/** Entries read from the store at a time: the download streams, whatever the size of the log. */
export const AUDIT_PAGE = 1000;

/** The columns of the CSV form of the audit log (docs/live-data.md, "Audit export"). */
export const AUDIT_COLUMNS = ['id', 'at', 'action', 'key', 'reporter', 'token', 'reason', 'confirmed', 'data'] as const;

/** The whole log of a dataset, oldest first, in pages of AUDIT_PAGE entries. */
export async function* auditPages(store: LiveStore, dataset: string, pageSize = AUDIT_PAGE): AsyncIterable<AuditEntry[]> {
  let after = 0;
  for (;;) {
    const page = await store.readAudit(dataset, after, pageSize);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.id;
    if (page.length < pageSize) return;
  }
}

/** CSV lines of audit entries; text cells neutralised for spreadsheets, the row's values as JSON in "data". */
export function auditCsv(entries: AuditEntry[]): string {
  const text = (v: string | null) => (v === null ? '' : neutraliseFormula(v));
  return stringify(
    entries.map((e) => [
      String(e.id),
      e.at ?? '',
      e.action,
      text(e.key),
      text(e.reporter),
      e.token ?? '',
      text(e.reason),
      e.confirmed ? 'true' : 'false',
      e.data === null ? '' : text(JSON.stringify(e.data)),
    ]),
    { eof: true, record_delimiter: '\r\n' },
  );
}

/**
 * GET /api/datasets/<slug>/audit?format=json|csv: every version of every row (seeds, writes,
 * retractions: who, when, why, confirmed jumps), for the dataset's publisher only: a token of the
 * publisher not limited to some reporters. Streamed page by page (docs/live-data.md).
 */
export async function auditExport(ctx: LiveContext, ds: LiveDataset, request: Request): Promise<Response> {
  const auth = await checkToken(ctx.store, bearer(request.headers.get('authorization')), ds);
  if (!auth.ok) return apiError(auth.status, auth.code, auth.message, [], auth.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {});
  if (auth.token.reporters.length) {
    const scope = auth.token.reporters.map((id) => reporterLabel(ds, id)).join(', ');
    return apiError(403, 'forbidden_audit', `The audit log of "${ds.slug}" is for its publisher: this token reports only for ${scope}. Use a token of the publisher created without --reporter.`);
  }
  const url = new URL(request.url);
  const unknown = [...url.searchParams.keys()].filter((k) => k !== 'format');
  const format = url.searchParams.get('format') ?? 'json';
  if ((format !== 'json' && format !== 'csv') || unknown.length) {
    return apiError(400, 'invalid_parameter', 'The only parameter is ?format=json (the default) or ?format=csv.', [
      ...(format !== 'json' && format !== 'csv' ? [{ field: 'format', message: `"${format.slice(0, 20)}" is not json or csv` }] : []),
      ...unknown.slice(0, 5).map((k) => ({ field: k.slice(0, 50), message: 'unknown parameter; the only one is format' })),
    ]);
  }
  const encoder = new TextEncoder();
  const { store } = ctx;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        if (format === 'csv') {
          controller.enqueue(encoder.encode(stringify([[...AUDIT_COLUMNS]], { eof: true, record_delimiter: '\r\n' })));
          for await (const page of auditPages(store, ds.slug)) controller.enqueue(encoder.encode(auditCsv(page)));
        } else {
          controller.enqueue(encoder.encode(`{"dataset":${JSON.stringify(ds.slug)},"entries":[`));
          let first = true;
          for await (const page of auditPages(store, ds.slug)) {
            const text = page.map((e) => JSON.stringify(e)).join(',');
            controller.enqueue(encoder.encode(first ? text : `,${text}`));
            first = false;
          }
          controller.enqueue(encoder.encode(']}'));
        }
        controller.close();
      } catch (e) {
        controller.error(e);
      }
    },
  });
  const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
  return new Response(stream, { headers: { 'Content-Type': type, 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="${ds.slug}-audit.${format}"` } });
}
