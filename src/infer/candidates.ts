// The types a column can be inferred as, most specific first. Each candidate is a Table Schema
// field descriptor plus a test; the test is the project's own caster for that descriptor
// (src/tableschema/types.ts), behind a stricter guard where the caster is lenient on purpose.
// So a column keeps a candidate only while validation would accept every value under it, and the
// schema written at the end is accepted by validation on the same file by construction.

import { makeCaster, type Field } from '../tableschema/index.ts';

export type FieldShape = Omit<Field, 'name'>;

export interface Candidate {
  /** Position in allCandidates(), for per-value memos. */
  id: number;
  /** Integer or number: the only candidates that accept a plain integer such as "42". */
  numeric: boolean;
  field: FieldShape;
  /** True when validation would read `value` as this type. */
  accept(value: unknown): boolean;
  /** Words for messages: "an integer", "a date (%d/%m/%Y)". */
  label: string;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * The written shape of a number: thousands groups only in their places, a decimal part only
 * for numbers, and no leading zero ("01001" is a code, not 1001). The caster alone accepts
 * "1.5" as an integer with groupChar "." and "01001" as 1001; this keeps such columns text.
 */
function numberShape(integer: boolean, decimalChar: string, groupChar?: string): RegExp {
  const whole = groupChar ? `(?:0|[1-9]\\d*|[1-9]\\d{0,2}(?:${escapeRe(groupChar)}\\d{3})+)` : '(?:0|[1-9]\\d*)';
  const frac = integer ? '' : `(?:${escapeRe(decimalChar)}\\d+)?(?:[eE][+-]?\\d+)?`;
  return new RegExp(`^[+-]?${whole}${frac}$`);
}

function candidate(field: FieldShape, label: string, guard?: (s: string) => boolean, typedOk?: (v: unknown) => boolean): Candidate {
  const cast = makeCaster({ name: 'x', ...field } as Field);
  return {
    id: 0,
    numeric: field.type === 'integer' || field.type === 'number',
    field,
    label,
    accept(value) {
      if (typeof value === 'string') {
        if (guard && !guard(value)) return false;
      } else if (typedOk && !typedOk(value)) return false;
      return cast(value).ok;
    },
  };
}

const numeric = (integer: boolean, decimalChar = '.', groupChar?: string): Candidate => {
  const shape = numberShape(integer, decimalChar, groupChar);
  const field: FieldShape = { type: integer ? 'integer' : 'number' };
  if (!integer && decimalChar !== '.') field.decimalChar = decimalChar;
  if (groupChar) field.groupChar = groupChar;
  const how = [decimalChar !== '.' ? `decimal "${decimalChar}"` : '', groupChar ? `thousands "${groupChar === ' ' ? 'space' : groupChar}"` : ''].filter(Boolean).join(', ');
  return candidate(
    field,
    `${integer ? 'an integer' : 'a number'}${how ? ` (${how})` : ''}`,
    (s) => shape.test(s.trim()),
    (v) => typeof v === 'number',
  );
};

const temporal = (type: 'date' | 'datetime' | 'time' | 'yearmonth', format: string | undefined, guard?: (s: string) => boolean): Candidate => {
  const field: FieldShape = { type };
  if (format) field.format = format;
  return candidate(field, `a ${type}${format ? ` (${format})` : ''}`, guard, () => false);
};

const NBSP = '\u00a0';
const NNBSP = '\u202f';
const noTime = (s: string): boolean => !s.includes(':');
const HTTP = /^(?:https?|ftp):\/\/\S+$/i;
const JSON_ARRAY = /^\s*\[/;
const JSON_OBJECT = /^\s*\{/;

/**
 * Every candidate, most specific first: the first one still standing at the end of the file
 * wins. Booleans are decided apart (src/infer/booleans.ts), from the distinct values.
 * Day-first before month-first: the portal serves European publishers, for whom 01/02/2020 is
 * 1 February; a file where some day is above 12 in second place settles it the other way.
 */
export function allCandidates(): Candidate[] {
  const list: Candidate[] = [
    numeric(true),
    numeric(true, '.', ' '),
    numeric(true, '.', NBSP),
    numeric(true, '.', NNBSP),
    // "1.234" and "1,234" are read as decimals before thousands: a wrong integer (1234 for
    // 1.234) is worse than a wrong decimal, and one value such as "1,234,567" settles it.
    numeric(false),
    numeric(false, ','),
    numeric(true, '.', ','),
    numeric(true, '.', '.'),
    numeric(false, '.', ','),
    numeric(false, ',', ' '),
    numeric(false, ',', NBSP),
    numeric(false, ',', NNBSP),
    numeric(false, ',', '.'),
    numeric(false, '.', ' '),
    temporal('date', undefined),
    temporal('date', '%d/%m/%Y'),
    temporal('date', '%d-%m-%Y'),
    temporal('date', '%d.%m.%Y'),
    temporal('date', '%Y/%m/%d'),
    temporal('date', '%m/%d/%Y'),
    temporal('date', '%d/%m/%y'),
    temporal('yearmonth', undefined),
    temporal('datetime', undefined),
    temporal('datetime', '%Y-%m-%d %H:%M:%S'),
    temporal('datetime', '%Y-%m-%d %H:%M:%S.%f'),
    temporal('datetime', '%Y-%m-%d %H:%M:%S%z'),
    temporal('datetime', '%Y-%m-%d %H:%M'),
    temporal('datetime', '%Y-%m-%dT%H:%M'),
    temporal('datetime', '%d/%m/%Y %H:%M:%S'),
    temporal('datetime', '%d/%m/%Y %H:%M'),
    // Lenient readings last: dates written several ways in one column (with and without leading
    // zeros, with and without a fraction of a second).
    temporal('date', 'any', noTime),
    temporal('datetime', 'any', (s) => !noTime(s)),
    temporal('time', undefined),
    temporal('time', '%H:%M'),
    candidate({ type: 'geopoint', format: 'array' }, 'a geopoint ([lon, lat])', (s) => JSON_ARRAY.test(s)),
    candidate({ type: 'array' }, 'a JSON array', (s) => JSON_ARRAY.test(s)),
    candidate({ type: 'object' }, 'a JSON object', (s) => JSON_OBJECT.test(s)),
    candidate({ type: 'string', format: 'email' }, 'an email address', undefined, () => false),
    candidate(
      { type: 'string', format: 'uri' },
      'a web address',
      (s) => HTTP.test(s),
      () => false,
    ),
    candidate({ type: 'string', format: 'uuid' }, 'a UUID', undefined, () => false),
  ];
  list.forEach((c, i) => (c.id = i));
  return list;
}

/**
 * A plain integer ("42", "-7", up to 15 digits, no leading zero): every numeric candidate
 * accepts it and no other candidate does (dates, times and codes all need a separator or a
 * letter), so the common case costs one regular expression instead of one cast per candidate.
 */
export const PLAIN_INTEGER = /^-?(?:0|[1-9]\d{0,14})$/;

/** Candidates a JSON string may take: values typed by JSON itself (numbers, booleans) are not re-read from text. */
export function isTextOnly(c: Candidate): boolean {
  return !c.numeric;
}
