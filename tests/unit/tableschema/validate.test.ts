import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { validateDataset, type TableIssue } from '../../../src/tableschema/index.js';
import { fixture, run, DATA } from './helpers.js';

const hosp = {
  fields: [
    { name: 'dep', type: 'string', constraints: { required: true } },
    { name: 'jour', type: 'date' },
    { name: 'lits_occupes', type: 'integer', constraints: { minimum: 0 } },
  ],
  primaryKey: ['dep', 'jour'],
};

describe('header problems', () => {
  it('missing, extra, misspelled, blank and duplicate headers', async () => {
    const p = fixture('dep,lits_ocupes,,autre,autre\n01,3,,x,y\n');
    const { lines } = await run({ path: p, schema: hosp });
    expect(lines).toEqual([
      '1 blank-header column 3 has a blank header',
      '1 duplicate-header column 5 "autre" duplicates column 4',
      '1 non-matching-header column "lits_ocupes" is not in the schema (did you mean "lits_occupes"?)',
      '1 extra-header column "autre" is not in the schema',
      '1 missing-header column "jour" of the schema is missing from the header',
    ]);
  });
  it('order may differ from the schema: columns are matched by name', async () => {
    const { summary, issues } = await run({ path: fixture('lits_occupes,jour,dep\n3,2020-03-18,01\n'), schema: hosp });
    expect(issues).toEqual([]);
    expect(summary).toMatchObject({ rows: 1, errors: 0, valid: true, delimiter: ',', encoding: 'utf-8' });
  });
  it('values of a misspelled column are still checked against the field', async () => {
    const { lines } = await run({ path: fixture('dep,jour,lits_ocupes\n01,2020-03-18,douze\n'), schema: hosp });
    expect(lines.at(-1)).toBe('2 type-or-format-error column "lits_occupes": "douze" is not an integer');
  });
});

describe('row problems', () => {
  it('short, long and blank rows, cast and constraint errors with line numbers', async () => {
    const p = fixture('dep,jour,lits_occupes\n01,2020-03-18,douze\n02,2020-03-18\n\n03,2020-13-45,-3,x\n,,\n04,"2020-03-18",5\n');
    const { lines, summary } = await run({ path: p, schema: hosp });
    expect(lines).toEqual([
      '2 type-or-format-error column "lits_occupes": "douze" is not an integer',
      '3 missing-value row has 2 values, expected 3',
      '4 blank-row row is blank',
      '5 extra-value row has 4 values, expected 3',
      '5 type-or-format-error column "jour": "2020-13-45" is not a date (expected YYYY-MM-DD)',
      '5 minimum-constraint column "lits_occupes": "-3" is less than the minimum 0',
      '6 blank-row row is blank',
    ]);
    expect(summary.rows).toBe(6);
    expect(summary.errorsByCode).toEqual({ 'type-or-format-error': 2, 'missing-value': 1, 'blank-row': 2, 'extra-value': 1, 'minimum-constraint': 1 });
  });
  it('line numbers after quoted multi-line cells', async () => {
    const schema = { fields: [{ name: 'id', type: 'integer' }, { name: 'note' }] };
    const { lines } = await run({ path: fixture('id,note\r\n1,"multi\r\nline"\r\nx,ok\r\n'), schema });
    expect(lines).toEqual(['4 type-or-format-error column "id": "x" is not an integer']);
  });
  it('header=false maps columns by position', async () => {
    const { lines } = await run({ path: fixture('01,2020-03-18,x\n'), schema: hosp, dialect: { header: false } });
    expect(lines).toEqual(['1 type-or-format-error column "lits_occupes": "x" is not an integer']);
  });
});

describe('keys', () => {
  it('primary key duplicates and nulls', async () => {
    const p = fixture('dep,jour,lits_occupes\n01,2020-03-18,1\n01,2020-03-19,1\n01,2020-03-18,2\n02,,1\n');
    const { lines } = await run({ path: p, schema: hosp });
    expect(lines).toEqual(['4 primary-key-error primary key (dep, jour) = (01, 2020-03-18) duplicates line 2', '5 required-constraint column "jour": value is required (part of the primary key)']);
  });
  it('unique constraint, on cast values', async () => {
    const schema = {
      fields: [
        { name: 'id', type: 'integer', constraints: { unique: true } },
        { name: 'code', constraints: { unique: true } },
      ],
    };
    const { lines } = await run({ path: fixture('id,code\n1,a\n2,b\n01,\n3,\n4,a\n'), schema });
    expect(lines).toEqual(['4 unique-constraint column "id": value "01" duplicates line 2', '6 unique-constraint column "code": value "a" duplicates line 2']);
  });
  it('self-referencing foreign key', async () => {
    const schema = { fields: [{ name: 'id' }, { name: 'parent' }], foreignKeys: [{ fields: 'parent', reference: { resource: '', fields: 'id' } }] };
    const { lines } = await run({ path: fixture('id,parent\na,\nb,a\nc,z\n'), schema });
    expect(lines).toEqual(['4 foreign-key-error (parent) = (z) is not in this resource (id)']);
  });
  it('foreign keys between resources of one dataset', async () => {
    const deps = fixture('code;nom\n01;Ain\n2A;Corse-du-Sud\n');
    const hospP = fixture('dep,jour,lits_occupes\n01,2020-03-18,1\n2A,2020-03-18,1\n99,2020-03-18,1\n');
    const issues: [string, TableIssue][] = [];
    const res = await validateDataset(
      [
        { name: 'hospitalisations', path: hospP, schema: { ...hosp, foreignKeys: [{ fields: ['dep'], reference: { resource: 'departements', fields: ['code'] } }] } },
        { name: 'departements', path: deps, schema: { fields: [{ name: 'code' }, { name: 'nom' }], primaryKey: 'code' } },
      ],
      (r, i) => issues.push([r, i]),
    );
    expect(issues).toEqual([['hospitalisations', { line: 4, column: 'dep', code: 'foreign-key-error', message: '(dep) = (99) is not in resource "departements" (code)' }]]);
    expect(res.departements!.valid).toBe(true);
    expect(res.hospitalisations!.errors).toBe(1);
  });
  it('a foreign key to an unknown resource is reported once', async () => {
    const schema = { ...hosp, foreignKeys: [{ fields: 'dep', reference: { resource: 'nope', fields: 'code' } }] };
    const { lines } = await run({ path: fixture('dep,jour,lits_occupes\n01,2020-03-18,1\n'), schema });
    expect(lines).toEqual(['- foreign-key-error foreign key (dep) cannot be checked: resource "nope" is not part of this dataset']);
  });
});

describe('encoding and source problems', () => {
  it('invalid UTF-8 in a file declared UTF-8 is an encoding-error with its line', async () => {
    const p = fixture(Buffer.concat([Buffer.from('nom,ville\nok,Paris\n'), Buffer.from('x,Orl\xe9ans\n', 'latin1')]));
    const { lines } = await run({ path: p, schema: { fields: [{ name: 'nom' }, { name: 'ville' }] }, dialect: { encoding: 'utf-8' } });
    expect(lines).toEqual(['3 encoding-error invalid UTF-8 byte sequence (is the file Latin-1? set dialect.encoding)']);
  });
  it('invalid UTF-8 beyond the sniffed sample is reported too', async () => {
    const body = 'a,b\n' + 'x,y\n'.repeat(20000);
    const p = fixture(Buffer.concat([Buffer.from(body), Buffer.from('z,\xe9\n', 'latin1')]));
    const { lines, summary } = await run({ path: p, schema: { fields: [{ name: 'a' }, { name: 'b' }] } });
    expect(summary.sniffed?.encoding).toBe(true);
    expect(summary.encoding).toBe('utf-8');
    expect(lines).toEqual(['20002 encoding-error invalid UTF-8 byte sequence (is the file Latin-1? set dialect.encoding)']);
  });
  it('sniffed Latin-1 is a notice, not an error', async () => {
    const { summary, issues } = await run({ path: fixture(Buffer.from('nom;ville\nÉlise;Orléans\n', 'latin1')), schema: { fields: [{ name: 'nom' }, { name: 'ville' }] } });
    expect(issues).toEqual([]);
    expect(summary.encoding).toBe('windows-1252');
    expect(summary.notices).toEqual(['no encoding declared and the file is not valid UTF-8: it was read as windows-1252 (Latin-1); set dialect.encoding to confirm']);
  });
  it('empty file', async () => {
    const { lines } = await run({ path: fixture(''), schema: hosp });
    expect(lines).toEqual(['- source-error the file is empty: no header row and no data']);
  });
  it('a file shorter than the notes declared above its header says where the header was expected', async () => {
    const { lines } = await run({ path: fixture('a;b\n1;2\n'), dialect: { delimiter: ';', headerRows: [4] }, schema: { fields: [{ name: 'a' }, { name: 'b' }] } });
    expect(lines).toEqual(['- source-error no header row: the file ends before line 4, where dialect.headerRows: [4] says the header is (did the notes above it change? then correct headerRows)']);
  });
  it('unclosed quote', async () => {
    const { lines } = await run({ path: fixture('a,b\n1,2\n3,"oops\n4,5\n'), schema: { fields: [{ name: 'a' }, { name: 'b' }] } });
    expect(lines).toEqual(['3 source-error a quoted cell is never closed (unbalanced quote character)']);
  });
  it('an invalid schema stops with schema-error issues', async () => {
    const { lines } = await run({ path: fixture('a\n1\n'), schema: { fields: [{ name: 'a', type: 'integr' }] } });
    expect(lines).toEqual(['- schema-error fields[0].type: "integr" is not a Table Schema type (did you mean "integer"?)']);
  });
});

describe('trailing delimiter on every line', () => {
  const schema = { fields: [{ name: 'a', type: 'integer' }, { name: 'b' }] };
  it('a blank last header column is tolerated, with one notice', async () => {
    const { issues, summary } = await run({ path: fixture('a;b;\r\n1;x;\r\n2;y\r\n'), schema });
    expect(issues).toEqual([]);
    expect(summary.notices).toEqual(['every line ends with a delimiter: the unnamed empty last column is ignored']);
  });
  it('a value in that column is an extra-value', async () => {
    const { lines } = await run({ path: fixture('a;b;\n1;x;oops\n'), schema });
    expect(lines).toEqual(['2 extra-value column 3 has no header but holds "oops"']);
  });
});

describe('issue cap', () => {
  it('reports the first N per code, then one summary line, but counts all', async () => {
    const p = fixture('n\n' + 'x\n'.repeat(250));
    const { lines, summary } = await run({ path: p, schema: { fields: [{ name: 'n', type: 'integer' }] }, maxIssuesPerCode: 3 });
    expect(lines).toEqual([
      '2 type-or-format-error column "n": "x" is not an integer',
      '3 type-or-format-error column "n": "x" is not an integer',
      '4 type-or-format-error column "n": "x" is not an integer',
      '- type-or-format-error … and 247 more "type-or-format-error" errors',
    ]);
    expect(summary.errors).toBe(250);
  });
});

describe('real data from /work/shared/data validates with zero errors', () => {
  const cases: [string, string][] = [
    ['acceslibre-schema/sante/schema.json', 'acceslibre-schema/sante/exemple.csv'],
    ['acceslibre-schema/etablissements_scolaires/schema.json', 'acceslibre-schema/etablissements_scolaires/exemple.csv'],
    ['acceslibre-schema/base/schema.json', 'acceslibre-schema/base/exemple.csv'],
    ['acceslibre-schema/hebergement/schema.json', 'acceslibre-schema/hebergement/exemple.csv'],
    ['acceslibre-schema/grands_etablissements/schema.json', 'acceslibre-schema/grands_etablissements/exemple.csv'],
    ['acceslibre-schema/bureau_de_vote/schema.json', 'acceslibre-schema/bureau_de_vote/exemple.csv'],
    ['schema-fontaine-eau/schema.json', 'schema-fontaine-eau/exemple-valide.csv'],
    ['schema-stationnement-cyclable/schema.json', 'schema-stationnement-cyclable/exemple-valide.csv'],
    ['ma-cantine-opendata/export_opendata/schema_teledeclarations.json', 'ma-cantine-opendata/opendata/campagne_td_2021.csv'],
  ];
  for (const [schemaPath, csvPath] of cases) {
    it(csvPath, async () => {
      const { lines, summary } = await run({ path: `${DATA}/${csvPath}`, schema: JSON.parse(readFileSync(`${DATA}/${schemaPath}`, 'utf8')) });
      expect(lines).toEqual([]);
      expect(summary.rows).toBeGreaterThan(0);
    });
  }
  it('SPF hospital data (mixed LF/CRLF, 73,635 rows) against a hand-written schema', async () => {
    const schema = {
      fields: [
        { name: 'dep', type: 'string' },
        { name: 'sexe', type: 'integer', constraints: { enum: [0, 1, 2] } },
        { name: 'jour', type: 'date' },
        { name: 'hosp', type: 'integer', constraints: { minimum: 0 } },
        { name: 'rea', type: 'integer', constraints: { minimum: 0 } },
        { name: 'dc', type: 'integer', constraints: { minimum: 0 } },
        { name: 'rad', type: 'integer', constraints: { minimum: 0 } },
      ],
      missingValues: ['', 'NA'],
      primaryKey: ['dep', 'sexe', 'jour'],
    };
    const { lines, summary } = await run({ path: `${DATA}/spf-donnees-hospitalieres-mirror/donnees-hospitalieres-covid19-2020-11-15-19h55.csv`, schema });
    expect(summary.rows).toBe(73635);
    expect(summary.delimiter).toBe(';');
    // Real errors: the primary key makes "dep" required, and six rows of the real file have no
    // département (empty on lines 2123-2125, "NA" on 72725-72727).
    expect(lines).toEqual([2123, 2124, 2125, 72725, 72726, 72727].map((l) => `${l} required-constraint column "dep": value is required (part of the primary key)`));
  });
});
