import { z } from 'zod';
import { languageTag, localizedText, relativePath } from './localized.ts';
import { countryCode, DEFAULT_SECTORS, license, sector, theme } from './portal.ts';

/**
 * packs/<ISO code>/pack.yaml: what a country brings to a new portal (`npm run new-portal`):
 * its map layers, the licences its publishers use, its territory code lists, default sectors,
 * languages and colours. Data only, so a country is added without code (docs/new-country.md).
 */

const packMap = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be lower-case letters, digits and "-", such as "counties"' })
    .describe('Identifier of the layer, used by map charts (`layer:`).'),
  path: relativePath.describe('GeoJSON file in longitude/latitude (WGS 84), relative to the pack folder, e.g. maps/counties.geojson.'),
  key: z.string().min(1).describe('Feature property holding the region code data rows are joined on, e.g. `MKOOD`. Codes are text, so leading zeros stay.'),
  label: z.string().min(1).describe('Feature property holding the region name, e.g. `MNIMI`.'),
  title: localizedText.describe('Name of the layer, e.g. {et: Maakonnad, en: Counties}.'),
});

const territory = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, { error: 'must be lower-case letters, digits and "-", such as "county"' })
    .describe('Identifier of the code list, also the column name of the example dataset, e.g. maakond.'),
  title: localizedText.describe('Name of one territory of this kind, e.g. {et: Maakond, en: County}.'),
  scheme: z.string().min(1).describe('Name of the official code list, e.g. EHAK or COG (INSEE).'),
  layer: z.string().min(1).describe('Id of the map layer whose features list the codes (key) and names (label).'),
  pattern: z.string().min(1).optional().describe('Regular expression every code matches, e.g. ^[0-9]{4}$; written into Table Schemas as a constraint.'),
});

export const packSchema = z
  .strictObject({
    country: countryCode.describe('ISO 3166-1 alpha-2 code of the country; the same as the folder name, e.g. EE.'),
    name: localizedText.describe('Name of the country, e.g. {et: Eesti, en: Estonia}.'),
    languages: z
      .array(languageTag)
      .min(1, { error: 'must list at least one language' })
      .describe('Languages a new portal for this country starts with (the first is the default); `--languages` overrides them.'),
    license: z.string().min(1).describe('Default licence of a new portal: a built-in id or one declared under `licenses`.'),
    licenses: z
      .array(z.union([z.string().min(1), license], { error: 'expected a built-in licence id such as "CC0-1.0", or {id, title, url}' }))
      .default([])
      .describe('Licences in use in the country: built-in ids, or {id, title, url, spdx} for the others (copied into portal.yaml).'),
    sectors: z
      .array(sector)
      .min(1)
      .default([...DEFAULT_SECTORS])
      .describe('Sectors of a new portal.'),
    theme: theme.default({ primaryColor: '#1f4e8c' }).describe('Colours of a new portal.'),
    maps: z.array(packMap).default([]).describe("Region layers (GeoJSON) copied into a new portal's maps/ folder."),
    territories: z.array(territory).default([]).describe('Territory code lists; the first is used by the example dataset of a new portal.'),
  })
  .describe('pack.yaml: a country pack (packs/<ISO code>/).');

export type PackConfig = z.output<typeof packSchema>;
export type PackMap = z.output<typeof packMap>;
