// Casting of one value to the logical type of a field (Table Schema "types and formats").
// A caster is built once per field, so formats, patterns and value lists are compiled once.
// Inputs are either CSV cells (strings) or already-typed JSON values pushed through the API;
// outputs are JSON-friendly: dates/times as ISO strings, numbers as JS numbers, geopoints as
// [lon, lat], objects/arrays parsed.

import type { Field } from './model.js';
import { temporalParser, durationSeconds, stripFmt } from './datetime.js';
import { q, list } from './text.js';

export type CastResult = { ok: true; value: unknown } | { ok: false; message: string };
export type Caster = (value: unknown) => CastResult;

const ok = (value: unknown): CastResult => ({ ok: true, value });
const fail = (message: string): CastResult => ({ ok: false, message });

export const DEFAULT_TRUE_VALUES = ['true', 'True', 'TRUE', '1'];
export const DEFAULT_FALSE_VALUES = ['false', 'False', 'FALSE', '0'];

/** Formats accepted per type; date/time/datetime also accept "any" and strptime patterns. */
export const FORMATS: Record<string, readonly string[]> = {
  string: ['default', 'email', 'uri', 'binary', 'uuid'],
  geopoint: ['default', 'array', 'object'],
  geojson: ['default', 'topojson'],
  date: ['default', 'any'],
  time: ['default', 'any'],
  datetime: ['default', 'any'],
};

/**
 * local@domain.tld: one @, no space, a dot inside the domain. Checked without a regular
 * expression: /^[^@\s]+@[^@\s]+\.[^@\s]+$/ backtracks quadratically on a long run of dots
 * (30,000 characters took a second), and a pushed value may be a megabyte.
 */
function isEmail(s: string): boolean {
  const at = s.indexOf('@');
  if (at <= 0 || at !== s.lastIndexOf('@') || /\s/.test(s)) return false;
  return s.slice(at + 2, -1).includes('.');
}
// RFC 3986 shape: a scheme then something; stricter checks reject real-world URLs with spaces
// escaped differently, which is not what a publisher wants to hear about.
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function jsonParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/** Builds the number/integer text normaliser for decimalChar, groupChar and bareNumber. */
function numberText(field: Field, integer: boolean): (s: string) => string {
  const decimalChar = integer ? undefined : (field.decimalChar ?? '.');
  const groupChar = field.groupChar;
  const bare = field.bareNumber !== false;
  const group = groupChar ? new RegExp(escapeRe(groupChar), 'g') : undefined;
  const dec = decimalChar && decimalChar !== '.' ? new RegExp(escapeRe(decimalChar), 'g') : undefined;
  // bareNumber=false: currency signs, percent signs, units around the number are dropped
  // ("€ 12", "95%"); the sign and the digits are kept.
  const lead = new RegExp(`^[^0-9+\\-${decimalChar ? escapeRe(decimalChar) : ''}]+`);
  // Trailing non-digits are cut by a scan, not /[^0-9]+$/: that regex is quadratic on a long
  // run of letters (it is tried from every position).
  const trimTrail = (t: string): string => {
    let end = t.length;
    while (end > 0 && !isDigitCode(t.charCodeAt(end - 1))) end--;
    return t.slice(0, end);
  };
  return (s) => {
    let t = s;
    if (!bare) t = trimTrail(t.replace(lead, ''));
    if (group) t = t.replace(group, '');
    if (dec) t = t.replace(dec, '.');
    return t;
  };
}

function numberCaster(field: Field): Caster {
  const norm = numberText(field, false);
  return (v) => {
    if (typeof v === 'number') return ok(v);
    if (typeof v !== 'string') return fail(`${q(v)} is not a number`);
    const t = norm(v.trim());
    if (DECIMAL.test(t)) {
      // "1e400" is not the spec's INF: a written number beyond what a double holds is refused
      const n = Number(t);
      return Number.isFinite(n) ? ok(n) : fail(outOfRange(v));
    }
    // The spec's special values; case variants seen in the wild are accepted too.
    const u = t.toUpperCase();
    if (u === 'NAN') return ok(NaN);
    if (u === 'INF' || u === '+INF' || u === 'INFINITY') return ok(Infinity);
    if (u === '-INF' || u === '-INFINITY') return ok(-Infinity);
    return fail(`${q(v)} is not a number`);
  };
}

function integerCaster(field: Field): Caster {
  const norm = numberText(field, true);
  const check = (n: number, v: unknown): CastResult => (Number.isSafeInteger(n) ? ok(n) : fail(`${q(v)} is too large for an integer (beyond ±2^53)`));
  return (v) => {
    if (typeof v === 'number') return Number.isInteger(v) ? check(v, v) : fail(`${q(v)} is not an integer`);
    if (typeof v !== 'string') return fail(`${q(v)} is not an integer`);
    const t = norm(v.trim());
    if (INTEGER.test(t)) return check(Number(t), v);
    return fail(DECIMAL.test(t) && !Number.isFinite(Number(t)) ? outOfRange(v) : `${q(v)} is not an integer`);
  };
}

function booleanCaster(field: Field): Caster {
  const trues = field.trueValues ?? DEFAULT_TRUE_VALUES;
  const falses = field.falseValues ?? DEFAULT_FALSE_VALUES;
  const t = new Set(trues);
  const f = new Set(falses);
  const expected = `expected one of ${list([...trues, ...falses])}`;
  return (v) => {
    if (typeof v === 'boolean') return ok(v);
    const s = typeof v === 'number' ? String(v) : v;
    if (typeof s === 'string') {
      if (t.has(s)) return ok(true);
      if (f.has(s)) return ok(false);
    }
    return fail(`${q(v)} is not a boolean (${expected})`);
  };
}

function stringCaster(field: Field): Caster {
  const fmt = field.format ?? 'default';
  const check: [{ test(s: string): boolean }, string] | undefined =
    fmt === 'email' ? [{ test: isEmail }, 'an email address'] : fmt === 'uri' ? [URI, 'a URI'] : fmt === 'uuid' ? [UUID, 'a UUID'] : fmt === 'binary' ? [BASE64, 'base64 data'] : undefined;
  return (v) => {
    if (typeof v !== 'string') return fail(`${q(v)} is not a string`);
    if (check && !check[0].test(v)) return fail(`${q(v)} is not ${check[1]}`);
    return ok(v);
  };
}

const MAX_TEMPORAL_LENGTH = 100;

function temporalCaster(field: Field, type: 'date' | 'time' | 'datetime'): Caster {
  const parser = temporalParser(type, field.format);
  const article = type === 'time' ? 'a time' : type === 'date' ? 'a date' : 'a datetime';
  return (v) => {
    // No date or time is written in more than 100 characters; a longer value is not handed to the
    // strptime regular expressions, where a format such as "%A%B" could backtrack on megabytes.
    const r = typeof v === 'string' && v.length <= MAX_TEMPORAL_LENGTH ? parser.parse(v) : null;
    return r === null ? fail(`${q(v)} is not ${article} (expected ${parser.expected})`) : ok(r);
  };
}

function yearCaster(): Caster {
  return (v) => {
    if (typeof v === 'number' && Number.isInteger(v)) return ok(v);
    if (typeof v === 'string' && /^\d{4}$/.test(v)) return ok(Number(v));
    return fail(`${q(v)} is not a year (expected YYYY)`);
  };
}

function yearmonthCaster(): Caster {
  return (v) => {
    let y: number | undefined;
    let m: number | undefined;
    if (typeof v === 'string') {
      const r = /^(\d{4})-(\d{2})$/.exec(v);
      if (r) [y, m] = [Number(r[1]), Number(r[2])];
    } else if (Array.isArray(v) && v.length === 2 && v.every(Number.isInteger)) {
      [y, m] = v as [number, number];
    }
    if (y === undefined || m === undefined || m < 1 || m > 12 || y < 0 || y > 9999) return fail(`${q(v)} is not a year-month (expected YYYY-MM)`);
    return ok(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`);
  };
}

function durationCaster(): Caster {
  return (v) => (typeof v === 'string' && !Number.isNaN(durationSeconds(v)) ? ok(v) : fail(`${q(v)} is not a duration (expected ISO 8601, e.g. P1Y2M3DT4H5M6S)`));
}

function lonLat(lon: unknown, lat: unknown): [number, number] | undefined {
  const x = typeof lon === 'string' && lon.trim() !== '' ? Number(lon) : lon;
  const y = typeof lat === 'string' && lat.trim() !== '' ? Number(lat) : lat;
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return undefined;
  if (x < -180 || x > 180 || y < -90 || y > 90) return undefined;
  return [x, y];
}

function geopointCaster(field: Field): Caster {
  const fmt = field.format ?? 'default';
  const expected = fmt === 'array' ? '[lon, lat]' : fmt === 'object' ? '{"lon": …, "lat": …}' : '"lon, lat"';
  return (v) => {
    let r: [number, number] | undefined;
    if (fmt === 'default') {
      if (typeof v === 'string') {
        const m = /^\s*([^,\s]+)\s*,\s*([^,\s]+)\s*$/.exec(v);
        if (m) r = lonLat(m[1], m[2]);
      } else if (Array.isArray(v) && v.length === 2) r = lonLat(v[0], v[1]);
    } else {
      const parsed = typeof v === 'string' ? jsonParse(v) : v;
      if (fmt === 'array' && Array.isArray(parsed) && parsed.length === 2) r = lonLat(parsed[0], parsed[1]);
      if (fmt === 'object' && isPlainObject(parsed) && Object.keys(parsed).length === 2) r = lonLat(parsed.lon, parsed.lat);
    }
    return r ? ok(r) : fail(`${q(v)} is not a geopoint (expected ${expected}, lon in -180..180, lat in -90..90)`);
  };
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);

/** Shape check of GeoJSON (RFC 7946) deep enough to catch wrong data, not a full validator. */
function isGeoJson(v: unknown): boolean {
  if (!isPlainObject(v) || typeof v.type !== 'string') return false;
  if (GEOMETRY_TYPES.has(v.type)) return Array.isArray(v.coordinates);
  if (v.type === 'GeometryCollection') return Array.isArray(v.geometries) && v.geometries.every(isGeoJson);
  if (v.type === 'Feature') return 'geometry' in v && (v.geometry === null || isGeoJson(v.geometry)) && 'properties' in v;
  if (v.type === 'FeatureCollection') return Array.isArray(v.features) && v.features.every(isGeoJson);
  return false;
}

function geojsonCaster(field: Field): Caster {
  const topo = field.format === 'topojson';
  return (v) => {
    const parsed = typeof v === 'string' ? jsonParse(v) : v;
    const good = topo ? isPlainObject(parsed) && parsed.type === 'Topology' && isPlainObject(parsed.objects) && Array.isArray(parsed.arcs) : isGeoJson(parsed);
    return good ? ok(parsed) : fail(`${q(v)} is not a ${topo ? 'TopoJSON' : 'GeoJSON'} object`);
  };
}

function jsonCaster(kind: 'array' | 'object'): Caster {
  return (v) => {
    const parsed = typeof v === 'string' ? jsonParse(v) : v;
    const good = kind === 'array' ? Array.isArray(parsed) : isPlainObject(parsed);
    return good ? ok(parsed) : fail(`${q(v)} is not a JSON ${kind}`);
  };
}

/**
 * A JSON number literal too large for a double (`1e400`): JSON.parse makes it Infinity, which
 * JSON.stringify writes as null, so a message would read `"null" is not an integer`. The live
 * body reader keeps such literals as written in this wrapper (src/live/body.ts) so that every
 * caster refuses them quoting the text the client sent.
 */
export class UnrepresentableNumber {
  constructor(readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

const outOfRange = (v: unknown): string => `${q(v)} is out of range (not a finite number)`;

/** The caster of a field's type and format. Assumes the field passed checkTableSchema. */
export function makeCaster(field: Field): Caster {
  const cast = typeCaster(field);
  return (v) => (v instanceof UnrepresentableNumber ? fail(outOfRange(v.text)) : cast(v));
}

function typeCaster(field: Field): Caster {
  switch (field.type) {
    case 'string':
      return stringCaster(field);
    case 'number':
      return numberCaster(field);
    case 'integer':
      return integerCaster(field);
    case 'boolean':
      return booleanCaster(field);
    case 'date':
    case 'time':
    case 'datetime':
      return temporalCaster(field, field.type);
    case 'year':
      return yearCaster();
    case 'yearmonth':
      return yearmonthCaster();
    case 'duration':
      return durationCaster();
    case 'geopoint':
      return geopointCaster(field);
    case 'geojson':
      return geojsonCaster(field);
    case 'array':
      return jsonCaster('array');
    case 'object':
      return jsonCaster('object');
    case 'any':
      return ok;
    default:
      return ok;
  }
}

/** Whether a format is valid for a type; date-ish types accept strptime patterns. */
export function formatError(type: string, format: string): string | undefined {
  if (format === 'default') return undefined;
  const allowed = FORMATS[type];
  if (type === 'date' || type === 'time' || type === 'datetime') {
    const f = stripFmt(format)!;
    if (allowed!.includes(f)) return undefined;
    if (!f.includes('%')) return `"${format}" is not a ${type} format (use "default", "any" or a pattern like "%d/%m/%Y")`;
    try {
      temporalParser(type, f);
      return undefined;
    } catch (e) {
      return `"${format}" is not a usable ${type} pattern: ${(e as Error).message}`;
    }
  }
  if (allowed?.includes(format)) return undefined;
  return allowed ? `"${format}" is not a ${type} format (expected one of ${list(allowed)})` : `"${format}" is not a ${type} format (${type} only has "default")`;
}
