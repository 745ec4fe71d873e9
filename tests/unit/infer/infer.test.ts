import { describe, expect, it } from 'vitest';
import { inferFile } from '../../../src/infer/infer.ts';
import { fieldOf, file, inferValid, lines } from './helpers.ts';

const repeat = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));

describe('numbers', () => {
  it('integer vs number', async () => {
    const inf = await inferValid(file(lines('a,b,c', '1,1.5,-3', '22,2,4', '0,3.25,+5')));
    expect(fieldOf(inf, 'a')).toEqual({ name: 'a', type: 'integer' });
    expect(fieldOf(inf, 'b')).toEqual({ name: 'b', type: 'number' });
    expect(fieldOf(inf, 'c').type).toBe('integer');
  });

  it('decimal comma, and thousands separated by spaces', async () => {
    const inf = await inferValid(file(lines('taux;montant;nombre', '1,5;1 234,50;1 000', '12;12,5;25', '0,25;3 000 000,1;3')));
    expect(fieldOf(inf, 'taux')).toEqual({ name: 'taux', type: 'number', decimalChar: ',' });
    expect(fieldOf(inf, 'montant')).toEqual({ name: 'montant', type: 'number', decimalChar: ',', groupChar: ' ' });
    expect(fieldOf(inf, 'nombre')).toEqual({ name: 'nombre', type: 'integer', groupChar: ' ' });
  });

  it('thousands with commas when a value settles it', async () => {
    const inf = await inferValid(file(lines('n', '"1,234,567"', '"12,000"', '5')));
    expect(fieldOf(inf, 'n')).toEqual({ name: 'n', type: 'integer', groupChar: ',' });
  });

  it('leading zeros make a code: "01001" stays text', async () => {
    const inf = await inferValid(file(lines('commune,dep,n', '01001,01,1', '75056,75,2', '2A004,2A,3')));
    expect(fieldOf(inf, 'commune').type).toBe('string');
    expect(fieldOf(inf, 'dep').type).toBe('string');
    const only = await inferValid(file(lines('insee', '01001', '01002')));
    expect(fieldOf(only, 'insee').type).toBe('string');
  });

  it('digits in a code-named or fixed-width column are an identifier, with a note', async () => {
    const inf = await inferValid(file(lines('code_postal,siret,count', '75001,12345678901234,12', '69002,98765432109876,345')));
    expect(fieldOf(inf, 'code_postal').type).toBe('string');
    expect(fieldOf(inf, 'siret').type).toBe('string');
    expect(fieldOf(inf, 'count').type).toBe('integer');
    expect(inf.notes.join('\n')).toContain('column "siret": digits read as an identifier (text), not a number, because its name says it is a code');
  });
});

describe('dates and times', () => {
  it('ISO and French dates with their format', async () => {
    const inf = await inferValid(file(lines('iso;fr;dt;heure', '2020-03-18;18/03/2020;2020-03-18T10:00:00Z;08:30', '2020-12-31;31/12/2020;2020-03-18T11:30:00+01:00;17:45')));
    expect(fieldOf(inf, 'iso')).toEqual({ name: 'iso', type: 'date' });
    expect(fieldOf(inf, 'fr')).toEqual({ name: 'fr', type: 'date', format: '%d/%m/%Y' });
    expect(fieldOf(inf, 'dt')).toEqual({ name: 'dt', type: 'datetime' });
    expect(fieldOf(inf, 'heure')).toEqual({ name: 'heure', type: 'time', format: '%H:%M' });
  });

  it('day first unless a value says otherwise', async () => {
    const dmy = await inferValid(file(lines('d', '01/02/2020', '03/04/2020')));
    expect(fieldOf(dmy, 'd').format).toBe('%d/%m/%Y');
    const mdy = await inferValid(file(lines('d', '01/02/2020', '12/31/2020')));
    expect(fieldOf(mdy, 'd').format).toBe('%m/%d/%Y');
  });

  it('datetimes written with a space, and with and without fractions of a second', async () => {
    const inf = await inferValid(file(lines('a,b', '2021-01-15 10:00:00,2021-01-15 10:00:00.123456', '2021-01-16 11:30:05,2021-01-16 11:30:05')));
    expect(fieldOf(inf, 'a')).toEqual({ name: 'a', type: 'datetime', format: '%Y-%m-%d %H:%M:%S' });
    expect(fieldOf(inf, 'b')).toEqual({ name: 'b', type: 'datetime', format: 'any' });
  });
});

describe('booleans', () => {
  it('French, English, German and Estonian words, with their case variants', async () => {
    const inf = await inferValid(file(lines('fr,en,de,et,std', 'oui,yes,ja,jah,True', 'Non,No,nein,ei,False', 'OUI,yes,Ja,Jah,false')));
    expect(fieldOf(inf, 'fr')).toEqual({ name: 'fr', type: 'boolean', trueValues: ['oui', 'Oui', 'OUI'], falseValues: ['non', 'Non', 'NON'] });
    expect(fieldOf(inf, 'en')).toMatchObject({ type: 'boolean', trueValues: ['yes', 'Yes', 'YES'] });
    expect(fieldOf(inf, 'de')).toMatchObject({ type: 'boolean', trueValues: ['ja', 'Ja', 'JA'], falseValues: ['nein', 'Nein', 'NEIN'] });
    expect(fieldOf(inf, 'et')).toMatchObject({ type: 'boolean', trueValues: ['jah', 'Jah', 'JAH'], falseValues: ['ei', 'Ei', 'EI'] });
    // the spec's defaults are not written out
    expect(fieldOf(inf, 'std')).toEqual({ name: 'std', type: 'boolean' });
  });

  it('1/0 only when clearly boolean: both values, and enough of them', async () => {
    const many = await inferValid(file(lines('flag,count', ...repeat(30, (i) => `${i % 2},${i % 2}`).map((l, i) => (i === 0 ? l : l.replace(/,\d$/, `,${i % 3}`))))));
    expect(fieldOf(many, 'flag')).toEqual({ name: 'flag', type: 'boolean' });
    expect(fieldOf(many, 'count').type).toBe('integer');
    const few = await inferValid(file(lines('flag', '1', '0', '1')));
    expect(fieldOf(few, 'flag').type).toBe('integer');
    const ones = await inferValid(file(lines('flag', ...repeat(30, () => '1'))));
    expect(fieldOf(ones, 'flag').type).toBe('integer');
  });
});

describe('missing values and enums', () => {
  it('"NA", "N/A", "-", "NaN" in typed columns become missingValues; validation then accepts them', async () => {
    const inf = await inferValid(file(lines('n;x;t', '1;1,5;a', 'NA;-;b', 'N/A;NaN;-', '4;2;c')));
    expect(fieldOf(inf, 'n').type).toBe('integer');
    expect(fieldOf(inf, 'x')).toEqual({ name: 'x', type: 'number', decimalChar: ',' });
    expect(inf.schema.missingValues).toEqual(['', 'NA', 'N/A', 'NaN', '-']);
  });

  it('text columns alone do not add missing values', async () => {
    const inf = await inferValid(file(lines('t', 'a', '-', 'b')));
    expect(inf.schema.missingValues).toEqual(['']);
  });

  it('low-cardinality text becomes an enum; varied text does not', async () => {
    const rows = repeat(40, (i) => `${['forte', 'critique', 'modérée'][i % 3]},nom ${i}`);
    const inf = await inferValid(file(lines('tension,nom', ...rows)));
    expect(fieldOf(inf, 'tension').constraints).toEqual({ enum: ['critique', 'forte', 'modérée'] });
    expect(fieldOf(inf, 'nom').constraints).toBeUndefined();
    const few = await inferValid(file(lines('t', 'a', 'b', 'a')));
    expect(fieldOf(few, 't').constraints).toBeUndefined();
  });
});

describe('keys', () => {
  it('one unique column, an id-named one first', async () => {
    const inf = await inferValid(file(lines('nom,id,v', 'a,10,1', 'b,11,1', 'c,12,2')));
    expect(inf.schema.primaryKey).toEqual(['id']);
  });

  it('a pair when no column is unique alone', async () => {
    const inf = await inferValid(file(lines('dep;jour;n', '01;2020-03-18;1', '01;2020-03-19;1', '02;2020-03-18;2', '02;2020-03-19;2')));
    expect(inf.schema.primaryKey).toEqual(['dep', 'jour']);
  });

  it('none when every pair repeats, or a key column has empty cells', async () => {
    const dup = await inferValid(file(lines('a,b', '1,1', '1,1', '2,2')));
    expect(dup.schema.primaryKey).toBeUndefined();
    const gaps = await inferValid(file(lines('id,v', '1,a', ',a', '3,b')));
    expect(gaps.schema.primaryKey).toBeUndefined();
  });
});

describe('reading any CSV', () => {
  it('notes above the header become dialect.headerRows, which validation honours', async () => {
    const inf = await inferValid(file(lines('Source : Santé publique France', 'Extraction du 15/11/2020', '', 'dep;jour;hosp', '01;2020-11-15;12', '02;2020-11-15;7')));
    expect(inf.dialect).toEqual({ delimiter: ';', encoding: 'utf-8', headerRows: [4] });
    expect(inf.schema.fields.map((f) => f.name)).toEqual(['dep', 'jour', 'hosp']);
    expect(inf.rows).toBe(2);
  });

  it('UTF-8 with a byte order mark', async () => {
    const inf = await inferValid(file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines('nom;n', 'Hôpital;1', 'Clinique;2'))])));
    expect(inf.schema.fields[0]!.name).toBe('nom');
    expect(inf.dialect?.encoding).toBe('utf-8');
  });

  it('Latin-1 (windows-1252), declared so that validation needs no guess', async () => {
    const inf = await inferValid(file(Buffer.from(lines('nom;fermé', 'Hôpital Nord;oui', 'Clinique Sœur;non'), 'latin1')));
    expect(inf.dialect).toEqual({ delimiter: ';', encoding: 'windows-1252' });
    expect(inf.schema.fields.map((f) => f.name)).toEqual(['nom', 'fermé']);
    expect(fieldOf(inf, 'fermé').type).toBe('boolean');
  });

  it('UTF-16 with a byte order mark (spreadsheets\' "Unicode text"), tab-separated', async () => {
    const text = lines('région\tlits', 'Île-de-France\t1 200', 'Bretagne\t300');
    const inf = await inferValid(file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'txt'));
    expect(inf.dialect).toEqual({ delimiter: '\t', encoding: 'utf-16le' });
    expect(fieldOf(inf, 'lits')).toEqual({ name: 'lits', type: 'integer', groupChar: ' ' });
  });

  it('a trailing delimiter on every line is not a column', async () => {
    const inf = await inferValid(file(lines('a;b;', '1;x;', '2;y;')));
    expect(inf.schema.fields.map((f) => f.name)).toEqual(['a', 'b']);
  });
});

describe('what cannot be inferred is said', () => {
  it('a column with no value: string, and which column', async () => {
    const inf = await inferValid(file(lines('a,vide', '1,', '2,')));
    expect(fieldOf(inf, 'vide').type).toBe('string');
    expect(inf.emptyColumns).toEqual(['vide']);
    expect(inf.notes).toContain('column "vide": no value in any of the 2 rows, so its type cannot be inferred: typed as text (string); set its type in the schema once it has data');
  });

  it('mostly numbers but one word: string, naming the line and the value', async () => {
    const inf = await inferValid(file(lines('n', '1', '2', '3', 'n.c.', '5')));
    expect(fieldOf(inf, 'n').type).toBe('string');
    expect(inf.notes).toContain(
      'column "n": 4 of 5 values read as an integer, but line 5 holds "n.c.": typed as text (string). If that value means "no value" or is a mistake, correct the file or the schema',
    );
  });

  it('the odd value early in the file is said too, with how many values the type reads and how many it does not', async () => {
    const inf = await inferValid(file(lines('n', 'n.c.', ...Array.from({ length: 27 }, (_, i) => String(i * 3)), 's.o.', '7', 'n.c.')));
    expect(fieldOf(inf, 'n').type).toBe('string');
    expect(inf.notes).toContain(
      'column "n": 28 of 31 values read as an integer, but line 2 holds "n.c." (and 2 more values cannot be read so): typed as text (string). If that value means "no value" or is a mistake, correct the file or the schema',
    );
  });

  it('a column of codes with leading zeros is text on purpose: no near-miss note', async () => {
    const inf = await inferValid(file(lines('dep', ...Array.from({ length: 40 }, (_, i) => String(i + 1).padStart(2, '0')), '2A')));
    expect(fieldOf(inf, 'dep').type).toBe('string');
    expect(inf.notes.filter((n) => n.startsWith('column "dep"'))).toEqual([]);
  });

  it('a file that cannot be parsed: why, and the line', async () => {
    await expect(inferFile(file(lines('a,b', '1,2', '3,"x', '4,5')))).rejects.toThrow('line 3: a quoted cell is never closed (unbalanced quote character)');
  });

  it('header problems name the column', async () => {
    await expect(inferFile(file(lines('a,,c', '1,2,3')))).rejects.toThrow('line 1: column 2 of the header has no name; write a name for every column in the header, then run again');
    await expect(inferFile(file(lines('a,b,a', '1,2,3')))).rejects.toThrow('line 1: columns 1 and 3 of the header are both named "a"');
    await expect(inferFile(file(''))).rejects.toThrow('the file is empty');
    await expect(inferFile(file(lines('a,b')))).rejects.toThrow('the file has a header but no data line');
  });
});

describe('JSON and GeoJSON', () => {
  it('an array of objects, typed by JSON itself', async () => {
    const inf = await inferFile(
      file(
        JSON.stringify([
          { code: '01', n: 1, x: 1.5, ok: true, jour: '2020-03-18' },
          { code: '02', n: 2, x: 2, ok: false, jour: '2020-03-19' },
        ]),
        'json',
      ),
    );
    expect(inf.format).toBe('json');
    expect(inf.schema.fields).toEqual([
      { name: 'code', type: 'string' },
      { name: 'n', type: 'integer' },
      { name: 'x', type: 'number' },
      { name: 'ok', type: 'boolean' },
      { name: 'jour', type: 'date' },
    ]);
    expect(inf.schema.primaryKey).toEqual(['code']);
  });

  it('GeoJSON: the properties of the features (EHAK codes keep their zeros)', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: null, properties: { MNIMI: 'Harju maakond', MKOOD: '0037' } },
        { type: 'Feature', geometry: null, properties: { MNIMI: 'Tartu maakond', MKOOD: '0079' } },
      ],
    };
    const inf = await inferFile(file(JSON.stringify(fc), 'geojson'));
    expect(inf.format).toBe('geojson');
    expect(inf.schema.fields).toEqual([
      { name: 'MNIMI', type: 'string' },
      { name: 'MKOOD', type: 'string' },
    ]);
  });

  it('JSON that is not a table says so', async () => {
    await expect(inferFile(file('{"a": 1}', 'json'))).rejects.toThrow('a JSON file must hold an array of objects');
    await expect(inferFile(file('[1, 2]', 'json'))).rejects.toThrow('item 1 is not an object');
    await expect(inferFile(file('[{"a": 1},', 'json'))).rejects.toThrow('not valid JSON');
  });
});

describe('real files', () => {
  it('centres-vaccination: t/f booleans, French dates, microsecond datetimes, gid key', async () => {
    const inf = await inferValid('content/datasets/centres-vaccination/centres-vaccination.csv');
    expect(fieldOf(inf, 'rdv')).toEqual({ name: 'rdv', type: 'boolean', trueValues: ['t', 'T'], falseValues: ['f', 'F'] });
    expect(fieldOf(inf, 'date_ouverture')).toEqual({ name: 'date_ouverture', type: 'date', format: '%d/%m/%Y' });
    expect(fieldOf(inf, '_edit_datemaj')).toEqual({ name: '_edit_datemaj', type: 'datetime', format: '%Y-%m-%d %H:%M:%S.%f' });
    expect(inf.schema.primaryKey).toEqual(['gid']);
  });

  it('SPF new hospitalisations: département codes as text, (dep, jour) as the key', async () => {
    const inf = await inferValid('content/datasets/donnees-hospitalieres-nouveaux-covid19/donnees-hospitalieres-nouveaux-covid19-2020-10-29-19h00.csv');
    expect(inf.schema.fields.map((f) => f.type)).toEqual(['string', 'date', 'integer', 'integer', 'integer', 'integer']);
    expect(inf.schema.primaryKey).toEqual(['dep', 'jour']);
  });
});
