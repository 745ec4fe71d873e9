// Import mappings written down, and the readers on real exports: JKAN's own example datasets,
// the DCAT-AP examples of SEMICeu (../shared/data/dcat-ap), this portal's CKAN shape.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapFormat, mapFrequency, mapLicense, mapSector, slugify } from '../../../src/import/mapping.ts';
import { readSource } from '../../../src/import/read.ts';
import { SHARED_DATA } from '../../helpers/shared-data.ts';

describe('expected mappings', () => {
  it.each([
    ['CC-BY-4.0', 'CC-BY-4.0'],
    ['cc-by', 'CC-BY-4.0'],
    ['odc-odbl', 'ODbL-1.0'],
    ['fr-lo', 'etalab-2.0'],
    ['http://publications.europa.eu/resource/authority/licence/CC0', 'CC0-1.0'],
    ['http://spdx.org/licenses/etalab-2.0', 'etalab-2.0'],
    ['https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/', 'OGL-UK-3.0'],
    ['https://creativecommons.org/licenses/by/4.0', 'CC-BY-4.0'],
    ['notspecified', undefined],
  ])('licence %s → %s', (raw, id) => expect(mapLicense(raw)).toBe(id));
  it.each([
    ['daily', 'daily'],
    ['http://publications.europa.eu/resource/authority/frequency/ANNUAL_2', 'semiannual'],
    ['http://publications.europa.eu/resource/authority/frequency/IRREG', 'irregular'],
    ['R/P1W', 'weekly'],
    ['fortnightly', 'biweekly'],
    ['sometimes', undefined],
  ])('frequency %s → %s', (raw, id) => expect(mapFrequency(raw)).toBe(id));
  it.each([
    [['http://publications.europa.eu/resource/authority/data-theme/HEAL'], 'health'],
    [['Transportation'], 'transport'],
    [['Education'], 'education'],
    [['Haridus'], 'education'],
    [['agriculture'], 'food'],
    [['Tourism'], undefined],
  ])('themes %j → sector %s', (themes, sector) => expect(mapSector(themes, ['health', 'transport', 'food', 'education'])).toBe(sector));
  it('formats and folder names', () => {
    expect(mapFormat('http://publications.europa.eu/resource/authority/file-type/CSV')).toBe('csv');
    expect(mapFormat('https://www.iana.org/assignments/media-types/application/geo+json')).toBe('geojson');
    expect(slugify('Tööandjate töötasu hüvitis 2020')).toBe('tooandjate-tootasu-huvitis-2020');
  });
});

describe('readers on real exports', () => {
  it("reads JKAN's own example datasets", async () => {
    const { kind, datasets } = await readSource('tests/fixtures/import/jkan');
    expect(kind).toBe('JKAN');
    const sample = datasets.find((d) => d.sourceId === 'sample-dataset')!;
    expect(sample.title).toEqual({ '': 'Sample dataset' });
    expect(sample.publisher?.name).toEqual({ '': 'Sample Department' });
    expect(mapLicense(sample.license)).toBe('OGL-UK-3.0');
    expect(mapSector(sample.themes, ['health', 'education'])).toBe('education');
    expect(sample.distributions.map((d) => mapFormat(d.format))).toEqual(['csv', 'shp', 'api']);
    const philly = datasets.find((d) => d.sourceId === 'opendataphilly')!;
    expect(mapSector(philly.themes, ['transport'])).toBe('transport');
  });
  it('reads the DCAT-AP 3.0.1 bee population example in Turtle and JSON-LD alike', async () => {
    const dir = `${SHARED_DATA}/dcat-ap/3.0.1/html/examples/example-bee-population-2022-2023`;
    const ttl = (await readSource(`${dir}.ttl`)).datasets;
    const jsonld = (await readSource(`${dir}.jsonld`)).datasets;
    const summary = (ds: typeof ttl) => ds.map((d) => ({ id: d.sourceId, title: d.title, n: d.distributions.length })).sort((a, b) => a.id.localeCompare(b.id));
    expect(summary(ttl)).toEqual(summary(jsonld));
    expect(ttl.map((d) => d.title.en).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/bee/i)]));
  });
  it('reads the DCAT-AP 2.1.1 N-Triples example', async () => {
    const { datasets } = await readSource(`${SHARED_DATA}/dcat-ap/2.1.1/examples/example1.nt`);
    expect(datasets).toHaveLength(1);
    expect(datasets[0]!.distributions).toHaveLength(1);
    expect(readFileSync(`${SHARED_DATA}/dcat-ap/2.1.1/examples/example1.nt`, 'utf8')).toContain(datasets[0]!.sourceId);
  });
});
