import { describe, expect, it } from 'vitest';
import { csvHeader, csvRows } from '../../../src/live/csv-out.ts';

const rows = [{ seq: 1, arrived: null, data: { t: '=1+1', n: -5, s: '-5', u: '@SUM(A1)', o: { a: '=x' } } }];
const fields = ['t', 'n', 's', 'u', 'o'];

describe('current-data CSV', () => {
  it('the spreadsheet form neutralises formulas with the build function, numbers untouched', () => {
    expect(csvRows(fields, rows, 'spreadsheet')).toBe(`'=1+1,-5,-5,'@SUM(A1),"{""a"":""=x""}"\r\n`);
    expect(csvHeader(['=cmd', 'ok'], 'spreadsheet')).toBe(`'=cmd,ok\r\n`);
  });
  it('the raw form keeps every value exactly', () => {
    expect(csvRows(fields, rows, 'raw')).toBe(`=1+1,-5,-5,@SUM(A1),"{""a"":""=x""}"\r\n`);
  });
});
