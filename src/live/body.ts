import { parse } from 'csv-parse/sync';
import { MIMEType } from 'node:util';
import { UnrepresentableNumber } from '../tableschema/index.ts';

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
}

/** A body over `limit` bytes: the 413 of the rows API. */
export const bodyTooLarge = (limit: number) => new BodyError(413, 'payload_too_large', `The body is larger than ${limit} bytes; split the rows into several requests.`);

/** Read at most `limit` bytes of a request body; more is a 413 (checked on Content-Length first, then while reading). */
export async function readBody(request: Request, limit: number): Promise<Buffer> {
  const tooLarge = () => bodyTooLarge(limit);
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

/** What the Content-Type says: JSON or CSV, and the charset to decode the body with. */
export interface BodyType {
  kind: BodyKind;
  /** A WHATWG encoding name (utf-8, windows-1252, utf-16le…); utf-8 when none is declared. */
  charset: string;
}

/** Per-request caps checked while reading the body, before any row is cast (see docs/security.md). */
export interface BodyLimits {
  maxColumns: number;
  maxRows: number;
}

const unsupported = (message: string) => new BodyError(415, 'unsupported_media_type', message);

export function bodyType(contentType: string | null): BodyType {
  let mime: MIMEType | undefined;
  try {
    mime = contentType ? new MIMEType(contentType) : undefined;
  } catch {
    mime = undefined;
  }
  const type = mime?.essence ?? (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const declared = mime?.params.get('charset')?.trim() || undefined;
  let kind: BodyKind;
  if (type === 'application/json' || /^application\/[a-z0-9.+-]*\+json$/.test(type)) kind = 'json';
  else if (type === 'text/csv') kind = 'csv';
  else throw unsupported(`Send rows as application/json ({"rows": [...]}) or text/csv, not ${type ? `"${type.slice(0, 100)}"` : 'a body without Content-Type'}.`);
  if (declared === undefined) return { kind, charset: 'utf-8' };
  let charset: string;
  try {
    // TextDecoder knows the WHATWG labels: iso-8859-1 and latin1 are read as windows-1252, as browsers do.
    charset = new TextDecoder(declared).encoding;
  } catch {
    throw unsupported(`Unknown charset "${declared.slice(0, 40)}" in Content-Type: send the body as UTF-8 (or declare windows-1252, iso-8859-1 or utf-16 for CSV).`);
  }
  if (kind === 'json' && charset !== 'utf-8') {
    throw unsupported(`JSON must be sent as UTF-8 (RFC 8259), not "${declared.slice(0, 40)}": convert the body to UTF-8 and declare charset=utf-8 or no charset.`);
  }
  return { kind, charset };
}

/** More rows than one request may carry: checked before any row is cast. */
export function tooManyRows(found: string, max: number): BodyError {
  return new BodyError(413, 'too_many_rows', `The body holds ${found} rows; send at most ${max.toLocaleString('en-US')} rows per request (split them into several requests).`);
}

// Markers for JSON number literals too large for a double, see keepHugeNumbers.
const HUGE = '\uE000number:';
// On valid JSON, strings and numbers are the only tokens holding digits: matching whole strings
// first means a number inside a string is never taken for one. Both alternatives run in linear time.
const JSON_TOKENS = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * Parse JSON keeping number literals beyond a double's range (1e400) as written, in an
 * UnrepresentableNumber, so a message can quote them. Only called when a first parse found
 * Infinity somewhere (the rare case): it costs a second pass over the text.
 */
function keepHugeNumbers(text: string): unknown {
  const marked = text.replace(JSON_TOKENS, (t) => (t[0] !== '"' && !Number.isFinite(Number(t)) ? JSON.stringify(HUGE + t) : t));
  return JSON.parse(marked, (_k, v: unknown) => (typeof v === 'string' && v.startsWith(HUGE) ? new UnrepresentableNumber(v.slice(HUGE.length)) : v));
}

/** Does the parsed JSON hold a number that JSON.parse turned into ±Infinity? */
function hasInfinity(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'number' && !Number.isFinite(v)) return true;
    if (v !== null && typeof v === 'object') for (const child of Object.values(v)) stack.push(child);
  }
  return false;
}

export function parseJsonRows(body: Buffer, limits: BodyLimits): IncomingRow[] {
  return parseJsonPush(body, limits).rows;
}

/** The longest reason a push or a retraction may give (it is kept in the audit log). */
export const MAX_REASON = 500;

/** A JSON push: its rows and, for a correction, an optional "reason" kept in the audit log. */
export function parseJsonPush(body: Buffer, limits: BodyLimits): { rows: IncomingRow[]; reason: string | null } {
  let data: unknown;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    data = JSON.parse(text);
  } catch (e) {
    throw new BodyError(400, 'invalid_json', `The body is not valid UTF-8 JSON: ${(e as Error).message.slice(0, 200)}`);
  }
  if (depthOf(data) > MAX_DEPTH) throw new BodyError(400, 'invalid_body', `The body is nested more than ${MAX_DEPTH} levels deep.`);
  const rowCount = (data as { rows?: unknown } | null)?.rows;
  if (Array.isArray(rowCount) && rowCount.length > limits.maxRows) throw tooManyRows(rowCount.length.toLocaleString('en-US'), limits.maxRows);
  if (hasInfinity(data)) data = keepHugeNumbers(text);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new BodyError(400, 'invalid_body', 'The body must be a JSON object: {"rows": [{...}, ...]}.');
  const extra = Object.keys(data).filter((k) => k !== 'rows' && k !== 'reason');
  if (extra.length)
    throw new BodyError(
      400,
      'invalid_body',
      `Unknown propert${extra.length > 1 ? 'ies' : 'y'} ${extra
        .slice(0, 5)
        .map((k) => JSON.stringify(k.slice(0, 50)))
        .join(', ')}${extra.length > 5 ? ` and ${extra.length - 5} more` : ''}: the body holds only "rows" (and an optional "reason").`,
    );
  const reason = (data as { reason?: unknown }).reason;
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > MAX_REASON)) throw new BodyError(400, 'invalid_body', `"reason" must be a text of at most ${MAX_REASON} characters.`);
  const rows = (data as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) throw new BodyError(400, 'invalid_body', '"rows" must be an array of objects.');
  const bad = rows.findIndex((r) => r === null || typeof r !== 'object' || Object.getPrototypeOf(r) !== Object.prototype);
  if (bad >= 0) throw new BodyError(400, 'invalid_body', `rows[${bad}] is not an object.`, [{ row: bad + 1, field: null, message: 'not an object' }]);
  return { rows: rows.map((values, i) => ({ row: i + 1, values: values as Record<string, unknown> })), reason: typeof reason === 'string' && reason.trim() ? reason.trim() : null };
}

/** Cells of the first line for each candidate delimiter, counted without splitting (the line may be a megabyte). */
function headerWidths(text: string): { delimiter: string; cells: number } {
  const candidates = [',', ';', '\t'];
  const counts = [1, 1, 1];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') break;
    const k = candidates.indexOf(c);
    if (k >= 0) counts[k]!++;
  }
  // the most cells wins; ties go to the comma, then the semicolon
  let best = 0;
  for (let k = 1; k < candidates.length; k++) if (counts[k]! > counts[best]!) best = k;
  return { delimiter: candidates[best]!, cells: counts[best]! };
}

/**
 * Parse a CSV body with a header row; the delimiter (, ; tab) is sniffed from the header line.
 * The cheap checks come first: the header is counted before anything is parsed, and parsing
 * stops one record past the row cap.
 */
export function parseCsvRows(body: Buffer, charset: string, limits: BodyLimits): { header: string[]; rows: IncomingRow[] } {
  let text: string;
  try {
    const decoder = new TextDecoder(charset, { fatal: true, ignoreBOM: false });
    // Streaming, then flushing: Node 20's one-shot decode() of windows-1252 takes a Latin-1
    // shortcut that turns € (0x80), – (0x96) and the rest of 0x80–0x9F into control characters.
    text = decoder.decode(body, { stream: true }) + decoder.decode();
  } catch {
    throw new BodyError(400, 'invalid_csv', `The CSV body is not valid ${charset === 'utf-8' ? 'UTF-8' : charset}; declare its charset in Content-Type (for example text/csv; charset=windows-1252).`);
  }
  const { delimiter, cells } = headerWidths(text);
  if (cells > limits.maxColumns) {
    throw new BodyError(
      413,
      'too_many_columns',
      `The CSV header has ${cells.toLocaleString('en-US')} columns; at most ${limits.maxColumns.toLocaleString('en-US')} are read. Send only the dataset's columns.`,
    );
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: 1 << 20,
      // the header, the allowed rows, and one more to know the cap was passed
      to: limits.maxRows + 2,
    }) as unknown as typeof records;
  } catch (e) {
    throw new BodyError(400, 'invalid_csv', `The CSV body cannot be read: ${(e as Error).message.slice(0, 200)}`);
  }
  if (records.length === 0) throw new BodyError(400, 'invalid_csv', 'The CSV body is empty: it needs a header row.');
  if (records.length > limits.maxRows + 1) throw tooManyRows(`more than ${limits.maxRows.toLocaleString('en-US')}`, limits.maxRows);
  const header = records[0]!.record.map((h) => h.trim());
  const rows = records.slice(1).map(({ record, info }) => {
    if (record.length > header.length)
      throw new BodyError(400, 'invalid_csv', `Line ${info.lines} has ${record.length.toLocaleString('en-US')} cells but the header has ${header.length}.`, [
        { row: info.lines, field: null, message: 'too many cells' },
      ]);
    return { row: info.lines, values: Object.fromEntries(header.map((h, i) => [h, record[i] === '' || record[i] === undefined ? null : record[i]])) };
  });
  return { header, rows };
}
