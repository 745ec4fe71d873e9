import { describe, expect, it } from 'vitest';
import { findLicense } from '../../../src/config/licenses.ts';
import { parseFq } from '../../../src/standards/ckan-api.ts';
import { scriptJson } from '../../../src/standards/schema-org.ts';
import { fileTypeIri, frequencyIri, languageIri, licenceIri, themeOf } from '../../../src/standards/vocabularies.ts';
import { Graph, toJsonLd, toTurtle } from '../../../src/standards/dcat.ts';

describe('EU vocabulary mappings', () => {
  it('maps the built-in sectors to EU data themes', () => {
    expect(['health', 'transport', 'food', 'education'].map((s) => themeOf(s)?.code)).toEqual(['HEAL', 'TRAN', 'AGRI', 'EDUC']);
    expect(themeOf('made-up')).toBeUndefined();
  });
  it('maps frequencies, formats, languages and licences', () => {
    expect(frequencyIri('semiannual')).toBe('http://publications.europa.eu/resource/authority/frequency/ANNUAL_2');
    expect(fileTypeIri('geojson')).toBe('http://publications.europa.eu/resource/authority/file-type/GEOJSON');
    expect(fileTypeIri('weird')).toBeUndefined();
    expect(languageIri('pt-BR')).toBe('http://publications.europa.eu/resource/authority/language/POR');
    expect(licenceIri(findLicense('cc-by-4.0')!)).toBe('http://publications.europa.eu/resource/authority/licence/CC_BY_4_0');
    expect(licenceIri(findLicense('etalab-2.0')!)).toBe('http://spdx.org/licenses/etalab-2.0');
    expect(licenceIri(findLicense('etalab-1.0')!)).toBe('https://www.etalab.gouv.fr/licence-ouverte-open-licence/');
  });
});

describe('serialisation', () => {
  it('escapes Turtle strings and JSON-LD script content', () => {
    const g = new Graph();
    g.add('https://x.example/a', ['dcat:Dataset'], [['dct:title', { value: 'say "hi"\n', lang: 'en' }]]);
    expect(toTurtle(g)).toContain('dct:title "say \\"hi\\"\\n"@en');
    expect(toJsonLd(g)).toMatchObject({ '@graph': [{ '@id': 'https://x.example/a', 'dct:title': { '@value': 'say "hi"\n', '@language': 'en' } }] });
    expect(scriptJson({ a: '</script><b>' })).toBe('{"a":"\\u003c/script>\\u003cb>"}');
  });
  it('parses CKAN fq terms', () => {
    expect(parseFq('+organization:x tags:"a b" -res_format:PDF metadata_modified:[2020-01-01T00:00:00Z TO *]')).toEqual([
      { field: 'organization', value: 'x', negate: false },
      { field: 'tags', value: 'a b', negate: false },
      { field: 'res_format', value: 'PDF', negate: true },
      { field: 'metadata_modified', value: '[2020-01-01T00:00:00Z TO *]', negate: false },
    ]);
  });
});
