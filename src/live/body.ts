import { parse } from 'csv-parse/sync';

export class BodyError extends Error {
  constructor(readonly status: 400 | 413 | 415, readonly code: string, message: string, readonly details: unknown[] = []) {
    super(message);
  }
}

/** Read at most `limit` bytes of a request body; more is a 413 (checked on Content-Length first, then while reading). */
export async function readBody(request: Request, limit: number): Promise<Buffer> {
  const tooLarge = () => new BodyError(413, 'payload_too_large', `The body is larger than ${limit} bytes; split the rows into several requests.`);
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

export const MAX_DEPTH = 32;

/** Deepest nesting of arrays/objects, walked without recursion. */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > max) max = d + 1;
    if (max > MAX_DEPTH) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/** A pushed row and where it came from (1-based position in "rows", or CSV line). */
export interface IncomingRow {
  row: number;
  values: Record<string, unknown>;
}

export type BodyKind = 'json' | 'csv';

export function bodyKind(contentType: string | null): BodyKind {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || /^application\/[a-z0-9.+-]*\+json$/.test(type)) return 'json';
  if (type === 'text/csv') return 'csv';
  throw new BodyError(415, 'unsupported_media_type', `Send rows as application/json ({"rows": [...]}) or text/csv, not ${type ? `"${type}"` : 'a body without Content-Type'}.`);
}

export function parseJsonRows(body: Buffer): IncomingRow[] {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (e) {
    throw new BodyError(400, 'invalid_json', `The body is not valid UTF-8 JSON: ${(e as Error).message}`);
  }
  if (depthOf(data) > MAX_DEPTH) throw new BodyError(400, 'invalid_body', `The body is nested more than ${MAX_DEPTH} levels deep.`);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new BodyError(400, 'invalid_body', 'The body must be a JSON object: {"rows": [{...}, ...]}.');
  const extra = Object.keys(data).filter((k) => k !== 'rows');
  if (extra.length) throw new BodyError(400, 'invalid_body', `Unknown propert${extra.length > 1 ? 'ies' : 'y'} ${extra.map((k) => JSON.stringify(k)).join(', ')}: the body holds only "rows".`);
  const rows = (data as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) throw new BodyError(400, 'invalid_body', '"rows" must be an array of objects.');
  const bad = rows.findIndex((r) => r === null || typeof r !== 'object' || Array.isArray(r));
  if (bad >= 0) throw new BodyError(400, 'invalid_body', `rows[${bad}] is not an object.`, [{ row: bad + 1, field: null, message: 'not an object' }]);
  return rows.map((values, i) => ({ row: i + 1, values: values as Record<string, unknown> }));
}

/** Parse a CSV body with a header row; the delimiter (, ; tab) is sniffed from the header line. */
export function parseCsvRows(body: Buffer): { header: string[]; rows: IncomingRow[] } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    throw new BodyError(400, 'invalid_csv', 'The CSV body is not valid UTF-8.');
  }
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1]);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter: counts[0]![0], bom: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: 1 << 20 }) as unknown as typeof records;
  } catch (e) {
    throw new BodyError(400, 'invalid_csv', `The CSV body cannot be read: ${(e as Error).message}`);
  }
  if (records.length === 0) throw new BodyError(400, 'invalid_csv', 'The CSV body is empty: it needs a header row.');
  const header = records[0]!.record.map((h) => h.trim());
  const rows = records.slice(1).map(({ record, info }) => {
    if (record.length > header.length) throw new BodyError(400, 'invalid_csv', `Line ${info.lines} has ${record.length} cells but the header has ${header.length}.`, [{ row: info.lines, field: null, message: 'too many cells' }]);
    return { row: info.lines, values: Object.fromEntries(header.map((h, i) => [h, record[i] === '' || record[i] === undefined ? null : record[i]])) };
  });
  return { header, rows };
}
