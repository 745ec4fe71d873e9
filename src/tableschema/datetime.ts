// Parsing of the temporal types (date, time, datetime) in the three format families of the
// Table Schema spec: "default" (ISO 8601), "any" (lenient) and strptime-style patterns.
// Results are normalised ISO strings so that cast rows stay JSON-friendly and comparable.

export type TemporalType = 'date' | 'time' | 'datetime';

interface Parts {
  y?: number;
  mo?: number;
  d?: number;
  h?: number;
  mi?: number;
  s?: number;
  frac?: string;
  /** UTC offset in minutes; undefined for naive values. */
  tz?: number;
  pm?: boolean;
}

export interface TemporalParser {
  parse(s: string): string | null;
  /** What a valid value looks like, for error messages. */
  expected: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function daysInMonth(y: number, m: number): number {
  return m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function parseTz(tz: string | undefined): number | undefined | null {
  if (tz === undefined || tz === '') return undefined;
  if (tz === 'Z' || tz === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(tz);
  if (!m) return null;
  const h = Number(m[2]);
  const mi = Number(m[3] ?? '0');
  if (h > 23 || mi > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + mi);
}

function validDate(p: Parts): boolean {
  const { y, mo, d } = p;
  if (y === undefined || mo === undefined || d === undefined) return false;
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function validTime(p: Parts): boolean {
  const h = p.h ?? 0;
  const mi = p.mi ?? 0;
  const s = p.s ?? 0;
  return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 59;
}

/** Shift aware values to UTC so equal instants get equal strings (needed by unique/enum/min/max). */
function toUtc(p: Parts): Parts {
  if (p.tz === undefined || p.tz === 0) return p;
  const ms = Date.UTC(p.y ?? 1970, (p.mo ?? 1) - 1, p.d ?? 1, p.h ?? 0, p.mi ?? 0, p.s ?? 0) - p.tz * 60000;
  const dt = new Date(ms);
  return {
    y: dt.getUTCFullYear(),
    mo: dt.getUTCMonth() + 1,
    d: dt.getUTCDate(),
    h: dt.getUTCHours(),
    mi: dt.getUTCMinutes(),
    s: dt.getUTCSeconds(),
    frac: p.frac,
    tz: 0,
  };
}

function fmtDate(p: Parts): string {
  return `${pad(p.y!, 4)}-${pad(p.mo!)}-${pad(p.d!)}`;
}
function fmtTime(p: Parts): string {
  const frac = p.frac ? '.' + p.frac : '';
  return `${pad(p.h ?? 0)}:${pad(p.mi ?? 0)}:${pad(p.s ?? 0)}${frac}${p.tz === undefined ? '' : 'Z'}`;
}

function finish(type: TemporalType, raw: Parts | null): string | null {
  if (!raw) return null;
  let p = raw;
  if (p.pm !== undefined && p.h !== undefined) {
    if (p.h < 1 || p.h > 12) return null;
    p = { ...p, h: (p.h % 12) + (p.pm ? 12 : 0) };
  }
  if (type !== 'time' && !validDate(p)) return null;
  if (type !== 'date' && !validTime(p)) return null;
  if (type === 'date') return fmtDate(p);
  if (type === 'time') {
    if (p.tz !== undefined) p = toUtc({ ...p, y: 2000, mo: 1, d: 1 });
    return fmtTime(p);
  }
  p = toUtc(p);
  return `${fmtDate(p)}T${fmtTime(p)}`;
}

function num(s: string | undefined): number | undefined {
  return s === undefined || s === '' ? undefined : Number(s);
}

// --- default (ISO 8601) ------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
// The spec's default is "YYYY-MM-DDThh:mm:ssZ"; like frictionless-py we also accept naive values,
// fractions and explicit offsets, because publishers emit them constantly (e.g. Python isoformat()).
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

function isoDate(s: string): Parts | null {
  const m = ISO_DATE.exec(s);
  return m ? { y: num(m[1]), mo: num(m[2]), d: num(m[3]) } : null;
}
function isoTime(s: string): Parts | null {
  const m = ISO_TIME.exec(s);
  if (!m) return null;
  const tz = parseTz(m[5]);
  return tz === null ? null : { h: num(m[1]), mi: num(m[2]), s: num(m[3]), frac: m[4], tz };
}
function isoDatetime(s: string, re = ISO_DATETIME): Parts | null {
  const m = re.exec(s);
  if (!m) return null;
  const tz = parseTz(m[8]);
  if (tz === null) return null;
  return { y: num(m[1]), mo: num(m[2]), d: num(m[3]), h: num(m[4]), mi: num(m[5]), s: num(m[6]) ?? 0, frac: m[7], tz };
}

// --- any (lenient) -------------------------------------------------------------------------

const LOOSE_DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
// Day-first: this framework serves European publishers, for whom 01/02/2020 is 1 February.
const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[T ](\d{1,2})[:h](\d{2})(?::(\d{2}))?(?:[.,](\d{1,9}))?)?$/;
const YMD_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const LOOSE_TIME = /^(\d{1,2})[:hH](\d{2})(?::(\d{2}))?(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

function anyParts(type: TemporalType, s: string): Parts | null {
  const t = s.trim();
  if (type === 'time') {
    const m = LOOSE_TIME.exec(t);
    if (!m) return null;
    const tz = parseTz(m[5]);
    return tz === null ? null : { h: num(m[1]), mi: num(m[2]), s: num(m[3]) ?? 0, frac: m[4], tz };
  }
  let m = LOOSE_DATETIME.exec(t);
  if (m) {
    const tz = parseTz(m[8]);
    if (tz === null) return null;
    const p: Parts = { y: num(m[1]), mo: num(m[2]), d: num(m[3]), h: num(m[4]) ?? 0, mi: num(m[5]) ?? 0, s: num(m[6]) ?? 0, frac: m[7], tz };
    return p;
  }
  m = DMY.exec(t);
  if (m) return { y: num(m[3]), mo: num(m[2]), d: num(m[1]), h: num(m[4]) ?? 0, mi: num(m[5]) ?? 0, s: num(m[6]) ?? 0, frac: m[7] };
  m = YMD_SLASH.exec(t);
  if (m) return { y: num(m[1]), mo: num(m[2]), d: num(m[3]), h: 0, mi: 0, s: 0 };
  return null;
}

// --- strptime patterns -----------------------------------------------------------------------

type Setter = (p: Parts, v: string) => boolean;

const DIRECTIVES: Record<string, [string, Setter]> = {
  Y: ['(\\d{4})', (p, v) => ((p.y = Number(v)), true)],
  y: ['(\\d{2})', (p, v) => ((p.y = 2000 + Number(v) - (Number(v) >= 69 ? 100 : 0)), true)],
  m: ['(\\d{1,2})', (p, v) => ((p.mo = Number(v)), true)],
  d: ['(\\d{1,2})', (p, v) => ((p.d = Number(v)), true)],
  e: ['\\s?(\\d{1,2})', (p, v) => ((p.d = Number(v)), true)],
  H: ['(\\d{1,2})', (p, v) => ((p.h = Number(v)), true)],
  I: ['(\\d{1,2})', (p, v) => ((p.h = Number(v)), true)],
  M: ['(\\d{1,2})', (p, v) => ((p.mi = Number(v)), true)],
  S: ['(\\d{1,2})', (p, v) => ((p.s = Number(v)), true)],
  f: ['(\\d{1,9})', (p, v) => ((p.frac = v), true)],
  p: ['([AaPp][Mm])', (p, v) => ((p.pm = v.toLowerCase() === 'pm'), true)],
  z: [
    '(Z|[+-]\\d{2}:?\\d{2})',
    (p, v) => {
      const tz = parseTz(v);
      if (tz === null || tz === undefined) return false;
      p.tz = tz;
      return true;
    },
  ],
  Z: ['(UTC|GMT|Z)', (p) => ((p.tz = 0), true)],
  b: ['([A-Za-z]{3})', (p, v) => setMonth(p, MONTHS.indexOf(v.toLowerCase()))],
  h: ['([A-Za-z]{3})', (p, v) => setMonth(p, MONTHS.indexOf(v.toLowerCase()))],
  B: ['([A-Za-z]+)', (p, v) => setMonth(p, FULL_MONTHS.indexOf(v.toLowerCase()))],
  a: ['([A-Za-z]{3})', () => true],
  A: ['([A-Za-z]+)', () => true],
  j: [
    '(\\d{1,3})',
    (p, v) => {
      const doy = Number(v);
      p.mo = 1;
      p.d = doy; // resolved once the year is known, see resolveDayOfYear
      (p as Parts & { doy?: number }).doy = doy;
      return doy >= 1 && doy <= 366;
    },
  ],
};

function setMonth(p: Parts, i: number): boolean {
  if (i < 0) return false;
  p.mo = i + 1;
  return true;
}

/** Compile a strptime pattern once; throws with a readable reason when the pattern is unusable. */
export function compileStrptime(pattern: string): (s: string) => Parts | null {
  let re = '^';
  const setters: Setter[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c !== '%') {
      re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      continue;
    }
    const d = pattern[++i];
    if (d === '%') {
      re += '%';
      continue;
    }
    const def = d === undefined ? undefined : DIRECTIVES[d];
    if (!def) throw new Error(`unsupported directive "%${d ?? ''}"`);
    re += def[0];
    setters.push(def[1]);
  }
  const rx = new RegExp(re + '$');
  return (s) => {
    const m = rx.exec(s);
    if (!m) return null;
    const p: Parts & { doy?: number } = {};
    for (let i = 0; i < setters.length; i++) if (!setters[i]!(p, m[i + 1]!)) return null;
    if (p.doy !== undefined) {
      const dt = new Date(Date.UTC(p.y ?? 1900, 0, p.doy));
      if (dt.getUTCFullYear() !== (p.y ?? 1900)) return null;
      p.mo = dt.getUTCMonth() + 1;
      p.d = dt.getUTCDate();
    }
    // strptime defaults missing date parts to 1900-01-01, which keeps time-only patterns valid
    p.y ??= 1900;
    p.mo ??= 1;
    p.d ??= 1;
    return p;
  };
}

/** Normalise the legacy "fmt:" prefix (Table Schema < 1.0) away. */
export function stripFmt(format: string | undefined): string | undefined {
  return format?.startsWith('fmt:') ? format.slice(4) : format;
}

export function temporalParser(type: TemporalType, format: string | undefined): TemporalParser {
  const fmt = stripFmt(format);
  if (fmt === undefined || fmt === 'default') {
    const expected = { date: 'YYYY-MM-DD', time: 'hh:mm:ss', datetime: 'YYYY-MM-DDThh:mm:ss with optional Z or ±hh:mm' }[type];
    const parts = type === 'date' ? isoDate : type === 'time' ? isoTime : (s: string) => isoDatetime(s);
    return { expected, parse: (s) => finish(type, parts(s)) };
  }
  if (fmt === 'any') {
    return { expected: `a recognisable ${type}`, parse: (s) => finish(type, anyParts(type, s)) };
  }
  const parts = compileStrptime(fmt);
  return { expected: fmt, parse: (s) => finish(type, parts(s)) };
}

// --- ordering for min/max ----------------------------------------------------------------

/** A number that orders cast temporal strings; NaN when the value is not comparable. */
export function temporalKey(type: 'date' | 'time' | 'datetime' | 'yearmonth', v: string): number {
  if (type === 'yearmonth') {
    const m = /^(\d{4})-(\d{2})$/.exec(v);
    return m ? Number(m[1]) * 12 + Number(m[2]) : NaN;
  }
  if (type === 'time') {
    const m = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?/.exec(v);
    return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4] ?? 0) : NaN;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(\.\d+)?)?/.exec(v);
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)) / 1000 + Number(m[7] ?? 0);
}

const DURATION =
  /^P(?!$)(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?=\d)(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/**
 * Seconds in an ISO 8601 duration, or NaN. Years and months have no fixed length, so ordering
 * uses their average lengths (365.25 and 30.44 days): fine for min/max constraints.
 */
export function durationSeconds(s: string): number {
  const m = DURATION.exec(s);
  if (!m) return NaN;
  const n = (i: number): number => Number((m[i] ?? '0').replace(',', '.'));
  return n(1) * 31557600 + n(2) * 2630016 + n(3) * 604800 + n(4) * 86400 + n(5) * 3600 + n(6) * 60 + n(7);
}
