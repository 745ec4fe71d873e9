import { describe, it, expect } from 'vitest';
import { readTable, sniffDelimiter, resolveDialect, type Dialect } from '../../../src/tableschema/index.js';
import { fixture, DATA } from './helpers.js';

async function all(path: string, dialect?: Dialect) {
  const r = await readTable(path, { dialect });
  const recs: { line: number; cells: string[] }[] = [];
  for await (const rec of r) recs.push({ line: rec.line, cells: rec.cells });
  return { r, recs };
}

describe('sniffing', () => {
  it('delimiter among , ; tab |, counted outside quotes', () => {
    expect(sniffDelimiter('a;b;c\n1;2;3\n')).toBe(';');
    expect(sniffDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(sniffDelimiter('a|b\n1|2\n')).toBe('|');
    expect(sniffDelimiter('a,b\n"1;2;3",4\n"5;6",7\n')).toBe(',');
    expect(sniffDelimiter('nom;prix\n"Dupont, Jean";1,5\n"Martin";2,25\n')).toBe(';');
  });
  it('encoding: BOM, valid UTF-8, otherwise windows-1252', () => {
    expect(resolveDialect(Buffer.from('\uFEFFa,b\n')).sniffed).toEqual({ delimiter: true, encoding: true, bom: true });
    expect(resolveDialect(Buffer.from('é,b\n')).dialect.encoding).toBe('utf-8');
    expect(resolveDialect(Buffer.from([0x65, 0xe9, 0x2c, 0x62, 0x0a])).dialect.encoding).toBe('windows-1252');
    expect(resolveDialect(Buffer.from('a;b\n'), { encoding: 'latin-1', delimiter: ',' })).toMatchObject({
      dialect: { encoding: 'windows-1252', delimiter: ',' },
      sniffed: { delimiter: false, encoding: false },
    });
  });
});

describe('readTable', () => {
  it('CRLF and quoted cells with embedded newlines keep physical line numbers', async () => {
    const p = fixture('id,txt\r\n1,"a\r\nb\r\nc"\r\n2,x\r\n3,"y\nz"\r\n4,w\r\n');
    const { r, recs } = await all(p);
    expect(r.header).toEqual(['id', 'txt']);
    expect(r.headerLine).toBe(1);
    expect(recs).toEqual([
      { line: 2, cells: ['1', 'a\r\nb\r\nc'] },
      { line: 5, cells: ['2', 'x'] },
      { line: 6, cells: ['3', 'y\nz'] },
      { line: 8, cells: ['4', 'w'] },
    ]);
  });
  it('mixed LF / CRLF line endings (as in the SPF hospital file)', async () => {
    const { recs } = await all(fixture('a;b\n1;2\n3;4\r\n5;6\r\n'));
    expect(recs).toEqual([
      { line: 2, cells: ['1', '2'] },
      { line: 3, cells: ['3', '4'] },
      { line: 4, cells: ['5', '6'] },
    ]);
  });
  it('UTF-8 BOM is skipped', async () => {
    const { r, recs } = await all(fixture(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('nom,ville\nÉlise,Orléans\n')])));
    expect(r.header).toEqual(['nom', 'ville']);
    expect(r.sniffed.bom).toBe(true);
    expect(recs[0]!.cells).toEqual(['Élise', 'Orléans']);
  });
  it('Latin-1 file is sniffed and decoded', async () => {
    const { r, recs } = await all(fixture(Buffer.from('nom;ville\nÉlise;Orléans\n€uro;x\n', 'latin1')));
    expect(r.dialect.encoding).toBe('windows-1252');
    expect(r.dialect.delimiter).toBe(';');
    expect(recs[0]!.cells).toEqual(['Élise', 'Orléans']);
  });
  it('declared windows-1252 decodes €', async () => {
    const { recs } = await all(fixture(Buffer.from([0x61, 0x0a, 0x80, 0x0a])), { encoding: 'cp1252' });
    expect(recs[0]!.cells).toEqual(['€']);
  });
  it('dialect: delimiter, quoteChar, escapeChar, skipInitialSpace, commentChar, header=false', async () => {
    expect((await all(fixture("a|b\n'x|y'|2\n"), { delimiter: '|', quoteChar: "'" })).recs[0]!.cells).toEqual(['x|y', '2']);
    expect((await all(fixture('a,b\n"x\\"y",2\n'), { escapeChar: '\\', doubleQuote: false })).recs[0]!.cells).toEqual(['x"y', '2']);
    expect((await all(fixture('a, b\n1, 2\n'), { skipInitialSpace: true })).r.header).toEqual(['a', 'b']);
    const c = await all(fixture('# comment\na,b\n# another\n1,2\n'), { commentChar: '#' });
    expect(c.r.headerLine).toBe(2);
    expect(c.recs).toEqual([{ line: 4, cells: ['1', '2'] }]);
    const h = await all(fixture('1,2\n3,4\n'), { header: false });
    expect(h.r.header).toBeNull();
    expect(h.recs).toEqual([
      { line: 1, cells: ['1', '2'] },
      { line: 2, cells: ['3', '4'] },
    ]);
  });
  it('empty file', async () => {
    const { r, recs } = await all(fixture(''));
    expect(r.empty).toBe(true);
    expect(recs).toEqual([]);
  });
  it('real file with a trailing delimiter, CRLF and semicolons', async () => {
    const { r, recs } = await all(`${DATA}/spf-donnees-hospitalieres-mirror/centres-vaccination.csv`);
    expect(r.dialect.delimiter).toBe(';');
    expect(r.header).toHaveLength(37);
    expect(r.header![36]).toBe('');
    expect(recs).toHaveLength(854);
    expect(recs[0]!.line).toBe(2);
    expect(recs.at(-1)!.line).toBe(855);
  });
});

describe('dialect.headerRows: notes above the header', () => {
  it('reads the header on the declared line and numbers data lines as in the file', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readTable, checkDialect } = await import('../../../src/tableschema/index.js');
    const path = join(mkdtempSync(join(tmpdir(), 'header-rows-')), 'f.csv');
    writeFileSync(path, 'Titre du fichier\nSource : SpF, 2020\n\na;b\n1;2\n');
    const r = await readTable(path, { dialect: { delimiter: ';', headerRows: [4] } });
    expect(r.header).toEqual(['a', 'b']);
    expect(r.headerLine).toBe(4);
    const rows = [];
    for await (const rec of r) rows.push(rec);
    expect(rows).toEqual([{ line: 5, cells: ['1', '2'] }]);
    expect(checkDialect({ headerRows: [0] })).toEqual([{ path: 'dialect.headerRows', message: 'headerRows must be a list of one line number, such as [4], not "[0]"' }]);
    expect(checkDialect({ headerRows: [4] })).toEqual([]);
  });
});
