// Streaming CSV reader: bytes -> text (declared or sniffed encoding, BOM skipped, invalid UTF-8
// detected) -> csv-parse -> records with the physical line number where each record starts.
// Nothing is accumulated: memory stays flat whatever the file size.

import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { isUtf8 } from 'node:buffer';
import { parse, type Options as CsvOptions } from 'csv-parse';
import { resolveDialect, type Dialect, type ResolvedDialect, type SniffInfo } from './dialect.js';

export interface TableRecord {
  /** 1-based physical line of the file where the record starts (header = line 1). */
  line: number;
  cells: string[];
  /** Set when the record holds text decoded from invalid UTF-8 bytes (U+FFFD). */
  invalidUtf8?: true;
}

export interface TableReader extends AsyncIterable<TableRecord> {
  dialect: ResolvedDialect;
  sniffed: SniffInfo;
  /** Header cells as written (dialect.header), or null when the file has no header row. */
  header: string[] | null;
  headerLine: number | null;
  /** True when the file holds no record at all (0 bytes, or only blank/comment lines). */
  empty: boolean;
  /** Release the file when the records will not be iterated to the end (e.g. a preview). */
  close(): Promise<void>;
}

/** A record the parser could not read (e.g. a quote never closed); `line` is where it starts. */
export class TableReadError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export const SAMPLE_BYTES = 64 * 1024;
/** Above this many characters in one record we stop: it is an unclosed quote, not data. */
const MAX_RECORD_CHARS = 8 * 1024 * 1024;

/**
 * The file's first SAMPLE_BYTES (all of a small file) and its size. Synchronous: four system calls
 * on one open file, bounded to 64 kB, cost less than the four trips to the thread pool and back
 * they took asynchronously (a first build reads 10,000 such samples).
 */
async function readSample(path: string): Promise<{ sample: Buffer; complete: boolean; size: number }> {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    // No more than the file: 10,000 files of a few kilobytes each made 640 MB of zeroed buffers.
    const want = Math.min(SAMPLE_BYTES, size);
    const buf = Buffer.allocUnsafe(want);
    const bytesRead = want > 0 ? readSync(fd, buf, 0, want, 0) : 0;
    return { sample: buf.subarray(0, bytesRead), complete: bytesRead >= size, size };
  } finally {
    closeSync(fd);
  }
}

/** Decodes chunks and notes whether any byte sequence was invalid UTF-8. */
class Decoder extends Transform {
  invalid = false;
  private readonly decoder: TextDecoder;
  private tail: Buffer = Buffer.alloc(0);
  constructor(
    private readonly utf8: boolean,
    encoding: string,
  ) {
    super({ decodeStrings: true, readableObjectMode: false, encoding: 'utf8' });
    this.decoder = new TextDecoder(encoding);
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (this.utf8 && !this.invalid) {
      const all = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
      // keep a multi-byte sequence cut by the chunk boundary for the next round
      let end = all.length;
      for (let back = 1; back <= Math.min(3, all.length); back++) {
        const b = all[all.length - back]!;
        if ((b & 0xc0) !== 0x80) {
          const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
          if (need > back) end = all.length - back;
          break;
        }
      }
      if (!isUtf8(all.subarray(0, end))) this.invalid = true;
      this.tail = Buffer.from(all.subarray(end));
    }
    cb(null, this.decoder.decode(chunk, { stream: true }));
  }
  override _flush(cb: TransformCallback): void {
    if (this.utf8 && this.tail.length > 0) this.invalid = true;
    cb(null, this.decoder.decode());
  }
}

/** Lines spanned inside one record's cells (quoted newlines): CRLF, LF and CR count once each. */
function newlinesIn(cells: string[]): number {
  let n = 0;
  for (const c of cells) {
    if (c.indexOf('\n') < 0 && c.indexOf('\r') < 0) continue;
    for (let i = 0; i < c.length; i++) {
      const ch = c.charCodeAt(i);
      if (ch === 10) n++;
      else if (ch === 13) {
        n++;
        if (c.charCodeAt(i + 1) === 10) i++;
      }
    }
  }
  return n;
}

export function csvParseOptions(d: ResolvedDialect): CsvOptions {
  const o: CsvOptions = {
    delimiter: d.delimiter,
    quote: d.quoteChar === '' ? false : d.quoteChar,
    // doubleQuote=true means "" inside quotes is a quote, i.e. the escape is the quote itself
    escape: d.escapeChar ?? (d.doubleQuote ? d.quoteChar : null),
    ltrim: d.skipInitialSpace,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
    // Universal newlines, like Python's csv: real files mix LF and CRLF (the SPF hospital file
    // switches to CRLF for its last 909 lines), and csv-parse would otherwise lock onto the
    // first terminator it sees and leave "\r" in the last cell of every later line.
    record_delimiter: ['\r\n', '\n', '\r'],
  };
  if (d.commentChar !== undefined) {
    o.comment = d.commentChar;
    o.comment_no_infix = true;
    o.info = true;
  }
  if (d.lineTerminator !== undefined && !['\n', '\r\n', '\r'].includes(d.lineTerminator)) o.record_delimiter = d.lineTerminator;
  return o;
}

/**
 * The records of a file, from `whole` when the sample held all of it: most data files of a large
 * portal are a few kilobytes, and opening each a second time for a stream cost more than parsing
 * it (at 10,000 datasets, seconds of a build's system calls). The same decoder and parser either way.
 */
async function* records(path: string, dialect: ResolvedDialect, whole?: Buffer): AsyncGenerator<TableRecord> {
  const decoder = new Decoder(dialect.encoding === 'utf-8', dialect.encoding);
  const parser = parse(csvParseOptions(dialect));
  decoder.on('error', (e) => parser.destroy(e));
  decoder.pipe(parser);
  const source = whole ? undefined : createReadStream(path, { highWaterMark: 256 * 1024 });
  if (source) {
    source.on('error', (e) => decoder.destroy(e));
    source.pipe(decoder);
  } else decoder.end(whole);
  const withInfo = dialect.commentChar !== undefined;
  let nextLine = 1;
  let comments = 0;
  try {
    for await (const out of parser) {
      let cells: string[];
      let line = nextLine;
      if (withInfo) {
        const { record, info } = out as { record: string[]; info: { comment_lines: number } };
        cells = record;
        line += info.comment_lines - comments; // comment lines skipped before this record
        comments = info.comment_lines;
      } else cells = out as string[];
      nextLine = line + newlinesIn(cells) + 1;
      const rec: TableRecord = { line, cells };
      if (decoder.invalid && cells.some((c) => c.includes('\uFFFD'))) rec.invalidUtf8 = true;
      yield rec;
    }
  } catch (e) {
    const err = e as Error & { code?: string };
    const reason =
      err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted cell is never closed (unbalanced quote character)'
        : err.code === 'CSV_MAX_RECORD_SIZE'
          ? `a record is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters (probably an unbalanced quote)`
          : err.message;
    throw new TableReadError(reason, nextLine);
  } finally {
    source?.destroy();
  }
}

/**
 * Open a CSV file for reading: resolves the dialect (sniffing delimiter and encoding when not
 * declared), reads the header row, and iterates the data records lazily.
 * With dialect.header=false and a schema, the header is the schema's field names.
 */
export async function readTable(path: string, options: { dialect?: Dialect; schema?: { fields: { name: string }[] } } = {}): Promise<TableReader> {
  const { sample, complete, size } = await readSample(path);
  const { dialect, sniffed } = resolveDialect(sample, options.dialect ?? {}, complete);
  const it = size === 0 ? undefined : records(path, dialect, complete ? sample : undefined);
  let first: TableRecord | undefined;
  if (it) {
    // skip blank lines before the header, as readers conventionally do, and the notes above
    // a header declared further down (dialect.headerRows)
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      if (dialect.header && r.value.line < dialect.headerLine) continue;
      if (r.value.cells.length === 1 && r.value.cells[0] === '' && dialect.header) continue;
      first = r.value;
      break;
    }
  }
  const empty = first === undefined;
  const header = dialect.header ? (first?.cells ?? null) : (options.schema?.fields.map((f) => f.name) ?? null);
  const reader: TableReader = {
    dialect,
    sniffed,
    header,
    headerLine: dialect.header && first ? first.line : null,
    empty,
    async close() {
      await it?.return(undefined);
    },
    async *[Symbol.asyncIterator]() {
      if (!it) return;
      if (!dialect.header && first) yield first;
      yield* it;
    },
  };
  return reader;
}
