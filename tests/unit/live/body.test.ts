import { describe, expect, it } from 'vitest';
import { BodyError, bodyType, parseCsvRows, parseJsonRows } from '../../../src/live/body.ts';
import { UnrepresentableNumber } from '../../../src/tableschema/index.ts';

const limits = { maxColumns: 5, maxRows: 3 };
const error = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof BodyError) return { status: e.status, code: e.code, message: e.message };
    throw e;
  }
  throw new Error('no error');
};

describe('bodyType', () => {
  it('reads the kind and the charset; latin-1 labels are windows-1252', () => {
    expect(bodyType('text/csv')).toEqual({ kind: 'csv', charset: 'utf-8' });
    expect(bodyType('text/csv; charset="ISO-8859-1"')).toEqual({ kind: 'csv', charset: 'windows-1252' });
    expect(bodyType('TEXT/CSV;Charset=UTF-16')).toEqual({ kind: 'csv', charset: 'utf-16le' });
    expect(bodyType('application/merge-patch+json; charset=UTF-8')).toEqual({ kind: 'json', charset: 'utf-8' });
  });
  it('refuses unknown charsets and JSON in anything but UTF-8 (415)', () => {
    expect(error(() => bodyType('text/csv; charset=ebcdic-fr'))).toMatchObject({ status: 415, message: expect.stringContaining('"ebcdic-fr"') });
    expect(error(() => bodyType('application/json; charset=windows-1252'))).toMatchObject({ status: 415, message: expect.stringContaining('RFC 8259') });
    expect(error(() => bodyType('text/plain'))).toMatchObject({ status: 415 });
    expect(error(() => bodyType(null))).toMatchObject({ status: 415 });
  });
});

describe('parseJsonRows', () => {
  it('keeps number literals beyond a double as written, and only those', () => {
    const rows = parseJsonRows(Buffer.from('{"rows": [{"a": 1e400, "b": "1e400", "c": 12, "d": [-2E+999], "e": 1.5e3}]}'), limits);
    const v = rows[0]!.values;
    expect(v.a).toEqual(new UnrepresentableNumber('1e400'));
    expect(v.b).toBe('1e400');
    expect(v.c).toBe(12);
    expect(v.d).toEqual([new UnrepresentableNumber('-2E+999')]);
    expect(v.e).toBe(1500);
  });
  it('refuses more rows than allowed before looking at them (413)', () => {
    expect(error(() => parseJsonRows(Buffer.from(JSON.stringify({ rows: [{}, {}, {}, {}] })), limits))).toMatchObject({ status: 413, code: 'too_many_rows' });
  });
});

describe('parseCsvRows', () => {
  it('decodes the declared charset', () => {
    const body = Buffer.from([...Buffer.from('nom\n'), 0x80, 0x20, 0xe9, 0x96, 0x0a]);
    expect(parseCsvRows(body, 'windows-1252', limits).rows[0]!.values).toEqual({ nom: '€ é–' });
    const utf16 = Buffer.from('\uFEFFnom;n\nÉloi;1\n', 'utf16le');
    expect(parseCsvRows(utf16, 'utf-16le', limits)).toMatchObject({ header: ['nom', 'n'], rows: [{ row: 2, values: { nom: 'Éloi', n: '1' } }] });
  });
  it('counts header cells before parsing, and stops one row past the cap', () => {
    expect(error(() => parseCsvRows(Buffer.from(`${';'.repeat(5)}\n`), 'utf-8', limits))).toMatchObject({ status: 413, code: 'too_many_columns', message: expect.stringContaining('6 columns') });
    expect(parseCsvRows(Buffer.from('a,b\n1,2\n3,4\n5,6\n'), 'utf-8', limits).rows).toHaveLength(3);
    expect(error(() => parseCsvRows(Buffer.from('a,b\n1,2\n3,4\n5,6\n7,8\n'), 'utf-8', limits))).toMatchObject({ status: 413, code: 'too_many_rows' });
  });
  it('says which charset failed', () => {
    expect(error(() => parseCsvRows(Buffer.from([0x61, 0xe9, 0x0a]), 'utf-8', limits))).toMatchObject({ status: 400, message: expect.stringContaining('not valid UTF-8') });
  });
});
