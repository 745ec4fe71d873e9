import { describe, it, expect } from 'vitest';
import { makeCaster, checkTableSchema, type Field } from '../../../src/tableschema/index.js';

function cast(field: Partial<Field> & { type: Field['type'] }, value: unknown) {
  const r = checkTableSchema({ fields: [{ name: 'f', ...field }] });
  if (!r.schema) throw new Error(JSON.stringify(r.errors));
  return makeCaster(r.schema.fields[0]!)(value);
}
const ok = (field: Partial<Field> & { type: Field['type'] }, value: unknown) => {
  const r = cast(field, value);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const err = (field: Partial<Field> & { type: Field['type'] }, value: unknown) => {
  const r = cast(field, value);
  if (r.ok) throw new Error(`expected failure, got ${JSON.stringify(r.value)}`);
  return r.message;
};

describe('string', () => {
  it('default keeps the text', () => expect(ok({ type: 'string' }, ' a b ')).toBe(' a b '));
  it('email', () => {
    expect(ok({ type: 'string', format: 'email' }, 'a.b@example.fr')).toBe('a.b@example.fr');
    expect(err({ type: 'string', format: 'email' }, 'a@b')).toBe('"a@b" is not an email address');
  });
  it('uri', () => {
    expect(ok({ type: 'string', format: 'uri' }, 'https://x.fr/a?b=1')).toBe('https://x.fr/a?b=1');
    expect(err({ type: 'string', format: 'uri' }, 'www.x.fr')).toBe('"www.x.fr" is not a URI');
  });
  it('uuid', () => {
    expect(ok({ type: 'string', format: 'uuid' }, '0b1c5e3a-8d2f-4c4b-9d51-7d7f1f1e2a3b')).toBeTypeOf('string');
    expect(err({ type: 'string', format: 'uuid' }, '0b1c5e3a')).toBe('"0b1c5e3a" is not a UUID');
  });
  it('binary (base64)', () => {
    expect(ok({ type: 'string', format: 'binary' }, 'aGVsbG8=')).toBe('aGVsbG8=');
    expect(err({ type: 'string', format: 'binary' }, 'aGVsbG8')).toBe('"aGVsbG8" is not base64 data');
  });
});

describe('number', () => {
  it('plain, signed, exponent', () => {
    expect(ok({ type: 'number' }, '12.5')).toBe(12.5);
    expect(ok({ type: 'number' }, '-0.5')).toBe(-0.5);
    expect(ok({ type: 'number' }, '1e3')).toBe(1000);
    expect(ok({ type: 'number' }, '.5')).toBe(0.5);
  });
  it('NaN, INF, -INF', () => {
    expect(ok({ type: 'number' }, 'NaN')).toBeNaN();
    expect(ok({ type: 'number' }, 'INF')).toBe(Infinity);
    expect(ok({ type: 'number' }, '-INF')).toBe(-Infinity);
  });
  it('decimalChar and groupChar', () => {
    expect(ok({ type: 'number', decimalChar: ',' }, '12,5')).toBe(12.5);
    expect(ok({ type: 'number', decimalChar: ',', groupChar: ' ' }, '1 234,5')).toBe(1234.5);
    expect(ok({ type: 'number', groupChar: ',' }, '1,234.5')).toBe(1234.5);
    expect(err({ type: 'number' }, '12,5')).toBe('"12,5" is not a number');
  });
  it('bareNumber=false strips currency and percent', () => {
    expect(ok({ type: 'number', bareNumber: false }, '€ 12')).toBe(12);
    expect(ok({ type: 'number', bareNumber: false }, '95%')).toBe(95);
    expect(ok({ type: 'number', bareNumber: false }, '-12.5 EUR')).toBe(-12.5);
    expect(err({ type: 'number' }, '95%')).toBe('"95%" is not a number');
  });
  it('typed input', () => expect(ok({ type: 'number' }, 3.25)).toBe(3.25));
  it('rejects text', () => expect(err({ type: 'number' }, 'abc')).toBe('"abc" is not a number'));
});

describe('integer', () => {
  it('valid', () => {
    expect(ok({ type: 'integer' }, '42')).toBe(42);
    expect(ok({ type: 'integer' }, '-7')).toBe(-7);
    expect(ok({ type: 'integer' }, 12)).toBe(12);
  });
  it('invalid', () => {
    expect(err({ type: 'integer' }, 'douze')).toBe('"douze" is not an integer');
    expect(err({ type: 'integer' }, '1.5')).toBe('"1.5" is not an integer');
    expect(err({ type: 'integer' }, 1.5)).toBe('"1.5" is not an integer');
  });
  it('groupChar and bareNumber', () => {
    expect(ok({ type: 'integer', groupChar: ' ' }, '1 000 000')).toBe(1000000);
    expect(ok({ type: 'integer', bareNumber: false }, '12 lits')).toBe(12);
  });
  it('beyond 2^53', () => expect(err({ type: 'integer' }, '12345678901234567890')).toBe('"12345678901234567890" is too large for an integer (beyond ±2^53)'));
});

describe('boolean', () => {
  it('defaults', () => {
    for (const t of ['true', 'True', 'TRUE', '1']) expect(ok({ type: 'boolean' }, t)).toBe(true);
    for (const f of ['false', 'False', 'FALSE', '0']) expect(ok({ type: 'boolean' }, f)).toBe(false);
    expect(ok({ type: 'boolean' }, false)).toBe(false);
  });
  it('invalid lists the accepted values', () => expect(err({ type: 'boolean' }, 'maybe')).toBe('"maybe" is not a boolean (expected one of true, True, TRUE, 1, false, False, FALSE, 0)'));
  it('custom trueValues/falseValues', () => {
    const f = { type: 'boolean' as const, trueValues: ['oui'], falseValues: ['non'] };
    expect(ok(f, 'oui')).toBe(true);
    expect(ok(f, 'non')).toBe(false);
    expect(err(f, 'true')).toBe('"true" is not a boolean (expected one of oui, non)');
  });
});

describe('date', () => {
  it('default ISO', () => {
    expect(ok({ type: 'date' }, '2020-02-29')).toBe('2020-02-29');
    expect(err({ type: 'date' }, '2020-13-45')).toBe('"2020-13-45" is not a date (expected YYYY-MM-DD)');
    expect(err({ type: 'date' }, '2021-02-29')).toBe('"2021-02-29" is not a date (expected YYYY-MM-DD)');
    expect(err({ type: 'date' }, '18/03/2020')).toBe('"18/03/2020" is not a date (expected YYYY-MM-DD)');
  });
  it('strptime pattern', () => {
    expect(ok({ type: 'date', format: '%d/%m/%Y' }, '18/03/2020')).toBe('2020-03-18');
    expect(ok({ type: 'date', format: '%Y-%m-%d' }, '2020-03-18')).toBe('2020-03-18');
    expect(err({ type: 'date', format: '%d/%m/%Y' }, '2020-03-18')).toBe('"2020-03-18" is not a date (expected %d/%m/%Y)');
    expect(ok({ type: 'date', format: '%d %B %Y' }, '1 March 2021')).toBe('2021-03-01');
  });
  it('legacy fmt: prefix', () => expect(ok({ type: 'date', format: 'fmt:%d/%m/%Y' }, '01/02/2020')).toBe('2020-02-01'));
  it('any (day first)', () => {
    expect(ok({ type: 'date', format: 'any' }, '2020-03-18')).toBe('2020-03-18');
    expect(ok({ type: 'date', format: 'any' }, '18/03/2020')).toBe('2020-03-18');
    expect(ok({ type: 'date', format: 'any' }, '2020/3/8')).toBe('2020-03-08');
    expect(err({ type: 'date', format: 'any' }, 'yesterday')).toBe('"yesterday" is not a date (expected a recognisable date)');
  });
});

describe('time', () => {
  it('default', () => {
    expect(ok({ type: 'time' }, '14:05:00')).toBe('14:05:00');
    expect(err({ type: 'time' }, '25:00:00')).toBe('"25:00:00" is not a time (expected hh:mm:ss)');
    expect(err({ type: 'time' }, '14:05')).toBe('"14:05" is not a time (expected hh:mm:ss)');
  });
  it('pattern and any', () => {
    expect(ok({ type: 'time', format: '%H:%M' }, '9:30')).toBe('09:30:00');
    expect(ok({ type: 'time', format: '%I:%M %p' }, '07:30 PM')).toBe('19:30:00');
    expect(ok({ type: 'time', format: 'any' }, '19h30')).toBe('19:30:00');
  });
});

describe('datetime', () => {
  it('default ISO, naive or with offset (converted to UTC)', () => {
    expect(ok({ type: 'datetime' }, '2020-03-18T10:00:00Z')).toBe('2020-03-18T10:00:00Z');
    expect(ok({ type: 'datetime' }, '2020-03-18T10:00:00')).toBe('2020-03-18T10:00:00');
    expect(ok({ type: 'datetime' }, '2022-07-19T09:13:33.643000+02:00')).toBe('2022-07-19T07:13:33.643000Z');
    expect(err({ type: 'datetime' }, '2020-03-18 10:00:00')).toBe('"2020-03-18 10:00:00" is not a datetime (expected YYYY-MM-DDThh:mm:ss with optional Z or ±hh:mm)');
  });
  it('pattern with fraction', () => {
    expect(ok({ type: 'datetime', format: '%Y-%m-%d %H:%M:%S.%f' }, '2021-01-14 17:30:16.750551')).toBe('2021-01-14T17:30:16.750551');
  });
  it('any', () => {
    expect(ok({ type: 'datetime', format: 'any' }, '2021-01-14 17:30')).toBe('2021-01-14T17:30:00');
    expect(ok({ type: 'datetime', format: 'any' }, '14/01/2021 17:30:16')).toBe('2021-01-14T17:30:16');
  });
});

describe('year, yearmonth, duration', () => {
  it('year', () => {
    expect(ok({ type: 'year' }, '2021')).toBe(2021);
    expect(err({ type: 'year' }, '21')).toBe('"21" is not a year (expected YYYY)');
  });
  it('yearmonth', () => {
    expect(ok({ type: 'yearmonth' }, '2021-03')).toBe('2021-03');
    expect(err({ type: 'yearmonth' }, '2021-13')).toBe('"2021-13" is not a year-month (expected YYYY-MM)');
  });
  it('duration', () => {
    expect(ok({ type: 'duration' }, 'P1Y2M3DT4H5M6S')).toBe('P1Y2M3DT4H5M6S');
    expect(ok({ type: 'duration' }, 'PT0.5S')).toBe('PT0.5S');
    expect(err({ type: 'duration' }, 'P')).toBe('"P" is not a duration (expected ISO 8601, e.g. P1Y2M3DT4H5M6S)');
    expect(err({ type: 'duration' }, '3 days')).toBe('"3 days" is not a duration (expected ISO 8601, e.g. P1Y2M3DT4H5M6S)');
  });
});

describe('geopoint', () => {
  it('default "lon, lat"', () => {
    expect(ok({ type: 'geopoint' }, '2.35, 48.85')).toEqual([2.35, 48.85]);
    expect(ok({ type: 'geopoint' }, '2.35,48.85')).toEqual([2.35, 48.85]);
    expect(err({ type: 'geopoint' }, '48.85')).toBe('"48.85" is not a geopoint (expected "lon, lat", lon in -180..180, lat in -90..90)');
    expect(err({ type: 'geopoint' }, '2.35, 98')).toMatch(/is not a geopoint/);
  });
  it('array (trailing whitespace tolerated, as in the stationnement example)', () => {
    expect(ok({ type: 'geopoint', format: 'array' }, '[5.7145295,45.191463]\n')).toEqual([5.7145295, 45.191463]);
    expect(ok({ type: 'geopoint', format: 'array' }, [1, 2])).toEqual([1, 2]);
    expect(err({ type: 'geopoint', format: 'array' }, '[1]')).toMatch(/expected \[lon, lat\]/);
  });
  it('object', () => {
    expect(ok({ type: 'geopoint', format: 'object' }, '{"lon": 2, "lat": 48}')).toEqual([2, 48]);
    expect(err({ type: 'geopoint', format: 'object' }, '{"x": 2, "y": 48}')).toMatch(/is not a geopoint/);
  });
});

describe('geojson, array, object, any', () => {
  it('geojson', () => {
    expect(ok({ type: 'geojson' }, '{"type":"Point","coordinates":[2,48]}')).toEqual({ type: 'Point', coordinates: [2, 48] });
    expect(ok({ type: 'geojson' }, '{"type":"Feature","geometry":null,"properties":{}}')).toBeTruthy();
    expect(err({ type: 'geojson' }, '{"type":"Pointe"}')).toBe('"{\\"type\\":\\"Pointe\\"}" is not a GeoJSON object');
  });
  it('topojson', () => {
    expect(ok({ type: 'geojson', format: 'topojson' }, '{"type":"Topology","objects":{},"arcs":[]}')).toBeTruthy();
    expect(err({ type: 'geojson', format: 'topojson' }, '{"type":"Point","coordinates":[1,2]}')).toMatch(/is not a TopoJSON object/);
  });
  it('array', () => {
    expect(ok({ type: 'array' }, '["visuel", "auditif"]')).toEqual(['visuel', 'auditif']);
    expect(err({ type: 'array' }, 'visuel')).toBe('"visuel" is not a JSON array');
    expect(err({ type: 'array' }, '{}')).toBe('"{}" is not a JSON array');
  });
  it('object', () => {
    expect(ok({ type: 'object' }, '{"a":1}')).toEqual({ a: 1 });
    expect(err({ type: 'object' }, '[1]')).toBe('"[1]" is not a JSON object');
  });
  it('any', () => expect(ok({ type: 'any' }, 'whatever')).toBe('whatever'));
});
