// Frictionless CSV Dialect: normalisation of a declared dialect and sniffing of what is not
// declared (delimiter, encoding) from the first bytes of the file.

import { isUtf8 } from 'node:buffer';
import { q, hint } from './text.js';

export interface Dialect {
  delimiter?: string;
  quoteChar?: string;
  doubleQuote?: boolean;
  escapeChar?: string;
  lineTerminator?: string;
  header?: boolean;
  skipInitialSpace?: boolean;
  commentChar?: string;
  encoding?: string;
  caseSensitiveHeader?: boolean;
  /**
   * Table Dialect v2: the line of the header row, as a one-item list (`[4]`), for files with
   * notes (title, source, extraction date) above the header. Lines before it are not data.
   */
  headerRows?: number[];
}

/**
 * Decoders we support. Latin-1 / ISO-8859-1 are read as windows-1252, its superset, exactly as
 * browsers (WHATWG Encoding) do: files labelled Latin-1 are in practice windows-1252 (€, œ, ’).
 */
export type Encoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface ResolvedDialect {
  delimiter: string;
  quoteChar: string;
  doubleQuote: boolean;
  escapeChar?: string;
  lineTerminator?: string;
  header: boolean;
  skipInitialSpace: boolean;
  commentChar?: string;
  encoding: Encoding;
  caseSensitiveHeader: boolean;
  /** 1-based line of the header row; lines before it are skipped (1 when not declared). */
  headerLine: number;
}

export interface SniffInfo {
  /** True when the delimiter was guessed rather than declared. */
  delimiter: boolean;
  /** True when the encoding was guessed rather than declared. */
  encoding: boolean;
  /** True when the file starts with a byte order mark, UTF-8 or UTF-16 (it is skipped). */
  bom: boolean;
}

const ENCODING_ALIASES: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-8-sig': 'utf-8',
  'latin-1': 'windows-1252',
  latin1: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'cp-1252': 'windows-1252',
  // "utf-16" without a byte order: little-endian, as Windows and the WHATWG decoder read it
  'utf-16': 'utf-16le',
  utf16: 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

export function normaliseEncoding(name: string): Encoding | undefined {
  return ENCODING_ALIASES[name.trim().toLowerCase()];
}

const DIALECT_KEYS = [
  'delimiter',
  'quoteChar',
  'doubleQuote',
  'escapeChar',
  'lineTerminator',
  'header',
  'skipInitialSpace',
  'commentChar',
  'encoding',
  'caseSensitiveHeader',
  'nullSequence',
  'csvddfVersion',
  'headerRows',
];

/** Checks a declared dialect; messages are plain sentences like the descriptor check's. */
export function checkDialect(d: unknown): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  if (d === undefined) return errors;
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return [{ path: 'dialect', message: 'a dialect must be an object' }];
  const o = d as Record<string, unknown>;
  for (const k of ['delimiter', 'quoteChar', 'escapeChar', 'commentChar'] as const) {
    if (o[k] !== undefined && (typeof o[k] !== 'string' || (o[k] as string).length !== 1)) errors.push({ path: `dialect.${k}`, message: `${k} must be a single character, not ${q(o[k])}` });
  }
  for (const k of ['doubleQuote', 'header', 'skipInitialSpace', 'caseSensitiveHeader'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') errors.push({ path: `dialect.${k}`, message: `${k} must be true or false` });
  }
  if (o.encoding !== undefined && (typeof o.encoding !== 'string' || !normaliseEncoding(o.encoding)))
    errors.push({ path: 'dialect.encoding', message: `${q(o.encoding)} is not a supported encoding (use utf-8, latin-1, windows-1252 or utf-16)` });
  if (o.headerRows !== undefined && !(Array.isArray(o.headerRows) && o.headerRows.length === 1 && Number.isInteger(o.headerRows[0]) && (o.headerRows[0] as number) >= 1))
    errors.push({ path: 'dialect.headerRows', message: `headerRows must be a list of one line number, such as [4], not ${q(o.headerRows)}` });
  for (const k of Object.keys(o)) {
    const h = hint(k, DIALECT_KEYS);
    if (!DIALECT_KEYS.includes(k) && h) errors.push({ path: `dialect.${k}`, message: `"${k}" is not a dialect property${h}` });
  }
  return errors;
}

const CANDIDATES = [',', ';', '\t', '|'];

/**
 * The delimiter whose per-line count (outside quotes) is the most consistent over the first
 * lines of the sample. Ties go to the candidate listed first (comma).
 */
export function sniffDelimiter(text: string, quoteChar = '"', complete = true): string | undefined {
  const counts: number[][] = CANDIDATES.map(() => []);
  const cur = CANDIDATES.map(() => 0);
  let inQuotes = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < 200; i++) {
    const c = text[i]!;
    if (c === quoteChar)
      inQuotes = !inQuotes; // a doubled quote toggles twice: still right
    else if (!inQuotes && (c === '\n' || c === '\r')) {
      if (c === '\r' && text[i + 1] === '\n') i++;
      CANDIDATES.forEach((_, k) => (counts[k]!.push(cur[k]!), (cur[k] = 0)));
      lines++;
    } else if (!inQuotes) {
      const k = CANDIDATES.indexOf(c);
      if (k >= 0) cur[k]!++;
    }
  }
  // The last line counts only if the sample holds the whole file (else it may be cut short).
  if (complete && cur.some((n) => n > 0)) CANDIDATES.forEach((_, k) => counts[k]!.push(cur[k]!));
  let best: string | undefined;
  let bestScore = -1;
  CANDIDATES.forEach((cand, k) => {
    const cs = counts[k]!;
    if (cs.length === 0) return;
    const freq = new Map<number, number>();
    for (const n of cs) freq.set(n, (freq.get(n) ?? 0) + 1);
    let mode = 0;
    let modeFreq = 0;
    for (const [n, f] of freq) if (n > 0 && (f > modeFreq || (f === modeFreq && n > mode))) [mode, modeFreq] = [n, f];
    if (mode === 0) return;
    // consistency first, then the number of columns it yields
    const score = (modeFreq / cs.length) * 1000 + Math.min(mode, 999);
    if (score > bestScore) [best, bestScore] = [cand, score];
  });
  return best;
}

/** Strip up to 3 trailing bytes of a UTF-8 sequence cut by the end of the sample. */
function cutIncomplete(buf: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back]!;
    if ((b & 0xc0) !== 0x80) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      return need > back ? buf.subarray(0, buf.length - back) : buf;
    }
  }
  return buf;
}

export function hasUtf8Bom(buf: Uint8Array): boolean {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

/**
 * The encoding a byte order mark announces. Spreadsheets save "Unicode text" as UTF-16 with a
 * BOM; read as windows-1252 it would be every other byte NUL.
 */
export function bomEncoding(buf: Uint8Array): Encoding | undefined {
  if (hasUtf8Bom(buf)) return 'utf-8';
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * Resolve a dialect against the first bytes of the file. `complete` says whether the sample is
 * the whole file. Encoding: declared > BOM (UTF-8, UTF-16 LE/BE) > valid UTF-8 > windows-1252.
 */
export function resolveDialect(sample: Buffer, declared: Dialect = {}, complete = false): { dialect: ResolvedDialect; sniffed: SniffInfo } {
  const bomEnc = bomEncoding(sample);
  const bom = bomEnc !== undefined;
  let encoding: Encoding;
  let encodingSniffed = false;
  const declaredEnc = declared.encoding === undefined ? undefined : normaliseEncoding(declared.encoding);
  if (declaredEnc) encoding = declaredEnc;
  else {
    encodingSniffed = true;
    encoding = bomEnc ?? (isUtf8(complete ? sample : cutIncomplete(sample)) ? 'utf-8' : 'windows-1252');
  }
  const quoteChar = declared.quoteChar ?? '"';
  let delimiter = declared.delimiter;
  let delimiterSniffed = false;
  if (delimiter === undefined) {
    const cut = complete ? sample : encoding === 'utf-8' ? cutIncomplete(sample) : encoding.startsWith('utf-16') ? sample.subarray(0, sample.length & ~1) : sample;
    const text = new TextDecoder(encoding).decode(cut);
    delimiter = sniffDelimiter(text, quoteChar, complete) ?? ',';
    delimiterSniffed = true;
  }
  const dialect: ResolvedDialect = {
    delimiter,
    quoteChar,
    doubleQuote: declared.doubleQuote ?? true,
    header: declared.header ?? true,
    skipInitialSpace: declared.skipInitialSpace ?? false,
    encoding,
    caseSensitiveHeader: declared.caseSensitiveHeader ?? false,
    headerLine: declared.headerRows?.[0] ?? 1,
  };
  if (declared.escapeChar !== undefined) dialect.escapeChar = declared.escapeChar;
  if (declared.lineTerminator !== undefined) dialect.lineTerminator = declared.lineTerminator;
  if (declared.commentChar !== undefined) dialect.commentChar = declared.commentChar;
  return { dialect, sniffed: { delimiter: delimiterSniffed, encoding: encodingSniffed, bom } };
}
