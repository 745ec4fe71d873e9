// Country packs: the shipped ones are valid, and a broken pack is explained with file, line and
// field, in the words a contributor adding a country would need.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIssue } from '../../../src/content/issues.ts';
import { listPacks, loadPack, PACKS_DIR } from '../../../src/packs/load.ts';
import { SHARED_DATA } from '../../helpers/shared-data.ts';

describe('shipped packs', () => {
  it('are France and Estonia', () => {
    expect(listPacks()).toEqual(expect.arrayContaining(['EE', 'FR']));
  });
  it.each(listPacks())('%s loads without a problem', (code) => {
    const { pack, issues } = loadPack(code);
    expect(issues.map(formatIssue)).toEqual([]);
    expect(pack!.layers.length).toBeGreaterThan(0);
  });
  it('Estonia has its 15 counties with EHAK codes keeping their leading zeros', () => {
    const layer = loadPack('EE').pack!.layers[0]!;
    expect(layer.regions).toHaveLength(15);
    expect(layer.regions).toContainEqual({ code: '0037', label: 'Harjumaa' });
    expect(layer.regions).toContainEqual({ code: '0068', label: 'Pärnumaa' });
    expect(layer.regions.every((r) => /^\d{4}$/.test(r.code))).toBe(true);
  });
  it('Estonia is in longitude/latitude (the source grid L-EST97 was converted)', () => {
    const geo = JSON.parse(readFileSync(join(PACKS_DIR, 'EE/maps/maakonnad.geojson'), 'utf8'));
    const flat = JSON.stringify(geo.features.map((f: { geometry: unknown }) => f.geometry)).match(/-?\d+\.\d+/g)!.map(Number);
    const lons = flat.filter((_, i) => i % 2 === 0);
    const lats = flat.filter((_, i) => i % 2 === 1);
    expect(Math.min(...lons)).toBeGreaterThan(21.5);
    expect(Math.max(...lons)).toBeLessThan(28.3);
    expect(Math.min(...lats)).toBeGreaterThan(57.4);
    expect(Math.max(...lats)).toBeLessThan(59.8);
  });
  it('France has its overseas départements, and Corsica as 2A and 2B', () => {
    const codes = loadPack('FR').pack!.layers.find((l) => l.id === 'departements')!.regions.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['01', '2A', '2B', '971', '972', '973', '974', '976']));
  });
});

describe('a broken pack', () => {
  const root = mkdtempSync(join(tmpdir(), 'packs-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const make = (code: string, yaml: string, geo?: unknown) => {
    cpSync(join(PACKS_DIR, 'EE'), join(root, code), { recursive: true });
    writeFileSync(join(root, code, 'pack.yaml'), yaml);
    if (geo) writeFileSync(join(root, code, 'maps/maakonnad.geojson'), JSON.stringify(geo));
    return loadPack(code, root).issues.map(formatIssue);
  };
  const base = readFileSync(join(PACKS_DIR, 'EE/pack.yaml'), 'utf8');

  it('names file, field and line of a schema error, with a did-you-mean', () => {
    expect(make('EE', base.replace('languages: [et, en]', 'langauges: [et, en]'))).toContain(
      'packs/EE/pack.yaml: langauges: unknown field (did you mean `languages`?) at line 7',
    );
  });
  it('says when the folder is not named after the country', () => {
    expect(make('LV', base)).toEqual([expect.stringMatching(/^packs\/LV\/pack\.yaml: country: is "EE" but the folder is packs\/LV\/.* at line 3$/)]);
  });
  it('lists the properties found when the code property is missing', () => {
    const out = make('EE', base.replace('key: MKOOD', 'key: EHAK'));
    expect(out).toEqual([
      'packs/EE/maps/maakonnad.geojson: the code (key) property "EHAK" is missing from 15 of 15 features; properties found: MKOOD, MNIMI (layer maps[0] at line 22 of packs/EE/pack.yaml)',
    ]);
  });
  it('refuses codes written as numbers, which lose their leading zeros', () => {
    const geo = JSON.parse(readFileSync(join(PACKS_DIR, 'EE/maps/maakonnad.geojson'), 'utf8'));
    geo.features[0].properties.MKOOD = 37;
    expect(make('EE', base, geo).join('\n')).toContain('codes in "MKOOD" are numbers (37); write them as text ("0037")');
  });
  it('refuses projected coordinates and says how to convert them', () => {
    const geo = JSON.parse(readFileSync(`${SHARED_DATA}/estonia-koroonakaart/estonia.geo.json`, 'utf8'));
    expect(make('EE', base, geo).join('\n')).toMatch(/coordinates are not longitude\/latitude \(first point 497564\.\d+, 6580504\.\d+\).*scripts\/reproject-geojson\.ts/);
  });
  it('checks territory codes against their pattern, and licence ids', () => {
    const out = make('EE', base.replace('"^[0-9]{4}$"', '"^[0-9]{2}$"').replace('  - CC0-1.0', '  - CC0'));
    expect(out, out.join('\n')).toContain('packs/EE/pack.yaml: territories[0].pattern: codes of layer "maakonnad" do not match ^[0-9]{2}$: 0037, 0039, 0045, 0052, 0050 at line 36');
    expect(out).toContain('packs/EE/pack.yaml: licenses[1]: "CC0" is not a built-in licence id: declare it as {id, title, url} at line 13');
  });
});
