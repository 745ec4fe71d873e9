import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkTableSchema } from '../../../src/tableschema/index.js';
import { DATA } from './helpers.js';

const msgs = (d: unknown) => checkTableSchema(d).errors.map((e) => `${e.path}: ${e.message}`);

describe('checkTableSchema', () => {
  it('requires an object with a fields array', () => {
    expect(msgs(null)).toEqual([': a Table Schema must be a JSON object']);
    expect(msgs({})).toEqual(['fields: a Table Schema needs a "fields" array']);
    expect(msgs({ fields: {} })).toEqual(['fields: "fields" must be an array']);
  });
  it('field names: required, unique', () => {
    expect(msgs({ fields: [{ type: 'string' }] })).toEqual(['fields[0].name: a field needs a name']);
    expect(msgs({ fields: [{ name: 'a' }, { name: 'a' }] })).toEqual(['fields[1].name: "a" is already the name of fields[0]']);
  });
  it('types with a did-you-mean hint', () => {
    expect(msgs({ fields: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd', type: 'integr' }] })).toEqual(['fields[3].type: "integr" is not a Table Schema type (did you mean "integer"?)']);
    expect(msgs({ fields: [{ name: 'a', type: 'text' }] })[0]).toBe(
      'fields[0].type: "text" is not a Table Schema type (expected one of string, number, integer, boolean, object, array, date, time, datetime, year, yearmonth, duration, geopoint, geojson, any)',
    );
  });
  it('formats valid for the type', () => {
    expect(msgs({ fields: [{ name: 'a', format: 'emial' }] })).toEqual(['fields[0].format: "emial" is not a string format (expected one of default, email, uri, binary, uuid)']);
    expect(msgs({ fields: [{ name: 'a', type: 'integer', format: 'x' }] })).toEqual(['fields[0].format: "x" is not a integer format (integer only has "default")']);
    expect(msgs({ fields: [{ name: 'a', type: 'date', format: '%d/%m/%Y' }] })).toEqual([]);
    expect(msgs({ fields: [{ name: 'a', type: 'date', format: '%d/%q/%Y' }] })).toEqual(['fields[0].format: "%d/%q/%Y" is not a usable date pattern: unsupported directive "%q"']);
    expect(msgs({ fields: [{ name: 'a', type: 'date', format: 'DD/MM/YYYY' }] })).toEqual(['fields[0].format: "DD/MM/YYYY" is not a date format (use "default", "any" or a pattern like "%d/%m/%Y")']);
  });
  it('constraints valid for the type', () => {
    expect(msgs({ fields: [{ name: 'a', type: 'boolean', constraints: { minimum: 1 } }] })).toEqual([
      'fields[0].constraints.minimum: minimum does not apply to a boolean field (only to integer, number, date, time, datetime, year, yearmonth, duration)',
    ]);
    expect(msgs({ fields: [{ name: 'a', constraints: { maxLenght: 3 } }] })[0]).toMatch(/^fields\[0\]\.constraints\.maxLenght: "maxLenght" is not a Table Schema constraint/);
    expect(msgs({ fields: [{ name: 'a', type: 'integer', constraints: { minimum: 'zero' } }] })).toEqual(['fields[0].constraints.minimum: minimum "zero" is not an integer']);
    expect(msgs({ fields: [{ name: 'a', type: 'date', constraints: { enum: ['2020-01-01', '01/01/2020'] } }] })).toEqual([
      'fields[0].constraints.enum[1]: enum value "01/01/2020" is not a date (expected YYYY-MM-DD)',
    ]);
    expect(msgs({ fields: [{ name: 'a', constraints: { required: 'yes' } }] })).toEqual(['fields[0].constraints.required: required must be true or false, not "yes"']);
  });
  it('an invalid regular expression is a schema error', () => {
    expect(msgs({ fields: [{ name: 'a', constraints: { pattern: '(\\d' } }] })).toEqual(['fields[0].constraints.pattern: "(\\\\d" is not a valid regular expression: missing closing ): `(\\d`']);
  });
  it('primaryKey and foreignKeys refer to existing fields', () => {
    expect(msgs({ fields: [{ name: 'dep' }, { name: 'jour' }], primaryKey: ['dep', 'jours'] })).toEqual(['primaryKey[1]: "jours" is not a field of this schema (did you mean "jour"?)']);
    expect(msgs({ fields: [{ name: 'dep' }], foreignKeys: [{ fields: 'dep', reference: { resource: '', fields: 'code' } }] })).toEqual([
      'foreignKeys[0].reference.fields[0]: "code" is not a field of this schema',
    ]);
    expect(msgs({ fields: [{ name: 'a' }, { name: 'b' }], foreignKeys: [{ fields: ['a', 'b'], reference: { resource: 'x', fields: 'c' } }] })).toEqual([
      'foreignKeys[0]: fields has 2 names but reference.fields has 1',
    ]);
  });
  it('missingValues must be strings; default [""]', () => {
    expect(msgs({ fields: [], missingValues: [null] })).toEqual(['missingValues: missingValues must be an array of strings']);
    expect(checkTableSchema({ fields: [] }).schema!.missingValues).toEqual(['']);
  });
  it('normalises primaryKey and foreignKeys to arrays and keeps extra properties', () => {
    const r = checkTableSchema({
      $schema: 'https://frictionlessdata.io/schemas/table-schema.json',
      name: 'x',
      version: '1.0',
      contributors: [],
      'esri:x': 1,
      fields: [{ name: 'id', example: '1', rdfType: 'x' }],
      primaryKey: 'id',
      foreignKeys: [{ fields: 'id', reference: { resource: 'other', fields: 'id' } }],
    });
    expect(r.errors).toEqual([]);
    expect(r.schema!.primaryKey).toEqual(['id']);
    expect(r.schema!.foreignKeys).toEqual([{ fields: ['id'], reference: { resource: 'other', fields: ['id'] } }]);
    expect(r.schema!.version).toBe('1.0');
  });
  it('warns about misspelled known properties, which would be silently ignored', () => {
    const r = checkTableSchema({ fields: [{ name: 'lon', type: 'number', contraints: { minimum: -180 } }] });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([{ path: 'fields[0].contraints', message: 'unknown property "contraints" is ignored (did you mean "constraints"?)' }]);
  });
  it('all real schemas in /work/shared/data pass', () => {
    for (const p of [
      'acceslibre-schema/sante/schema.json',
      'acceslibre-schema/etablissements_scolaires/schema.json',
      'acceslibre-schema/base/schema.json',
      'acceslibre-schema/hebergement/schema.json',
      'acceslibre-schema/grands_etablissements/schema.json',
      'acceslibre-schema/bureau_de_vote/schema.json',
      'schema-fontaine-eau/schema.json',
      'schema-stationnement-cyclable/schema.json',
      'ma-cantine-opendata/export_opendata/schema_teledeclarations.json',
      'ma-cantine-opendata/export_opendata/schema_cantines.json',
      'schema-data-gouv-aggregateur/arsante-schema-dae/schema.json',
      'schema-data-gouv-aggregateur/scdl-menus-collectifs/schema.json',
      'schema-data-gouv-aggregateur/scdl-plats-menus-collectifs/schema.json',
    ]) {
      expect([p, msgs(JSON.parse(readFileSync(`${DATA}/${p}`, 'utf8')))]).toEqual([p, []]);
    }
  });
});
