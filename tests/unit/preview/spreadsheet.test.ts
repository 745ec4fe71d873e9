import { describe, expect, it } from 'vitest';
import { neutraliseFormula, spreadsheetCell, spreadsheetFormat, spreadsheetLine } from '../../../src/preview/spreadsheet.ts';

describe('spreadsheet CSV', () => {
  const fr = spreadsheetFormat('fr-FR');
  const en = spreadsheetFormat('en-GB');

  it('uses the locale: ; and decimal comma in French, , and dot in English', () => {
    expect(fr).toEqual({ delimiter: ';', decimal: ',' });
    expect(en).toEqual({ delimiter: ',', decimal: '.' });
    expect(spreadsheetLine(['Orléans', 0.25, -5, null, true], fr)).toBe('Orléans;0,25;-5;;true');
    expect(spreadsheetLine(['a,b', 1.5], en)).toBe('"a,b",1.5');
  });

  it.each(['=1+2', '+33 1 23', '-cmd', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x")'])('neutralises %j', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it('leaves numbers as numbers, typed or written as text', () => {
    expect(spreadsheetCell(-5, fr)).toBe('-5');
    expect(neutraliseFormula('-5')).toBe('-5');
    expect(neutraliseFormula('+3.5')).toBe('+3.5');
    expect(neutraliseFormula('-0,25')).toBe('-0,25');
    expect(neutraliseFormula('plain')).toBe('plain');
  });

  it('quotes after neutralising', () => {
    expect(spreadsheetCell('=A1;B1', fr)).toBe(`"'=A1;B1"`);
    expect(spreadsheetCell('say "hi"', fr)).toBe('"say ""hi"""');
  });
});
