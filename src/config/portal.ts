import { z } from 'zod';
import { httpUrl, languageTag, localizedText, relativePath } from './localized.ts';

/** The sectors a portal has when `sectors:` is left out. */
export const DEFAULT_SECTORS = ['health', 'transport', 'food', 'education'] as const;

const sectorId = z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'must be lower-case letters, digits and "-", such as "health"' });

export const countryCode = z.string().regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166-1 alpha-2 country code in capitals, such as "FR"' });

export const sector = z.union(
  [
    sectorId,
    z.strictObject({
      id: sectorId.describe('Identifier used in dataset.yaml `sector:` and in URLs (/sectors/<id>/).'),
      title: localizedText.optional().describe('Display name. Built-in sectors (health, transport, food, education) have translated names already.'),
      description: localizedText.optional().describe('One sentence shown on the sector page.'),
    }),
  ],
  { error: 'expected a sector id such as "health", or {id, title, description}' },
);

export const license = z.strictObject({
  id: z.string().min(1).describe('Identifier used in `license:` fields.'),
  title: z.string().min(1).describe('Full name of the licence.'),
  url: httpUrl('the address of the licence text').describe('Canonical address of the licence text (http or https).'),
  spdx: z.string().optional().describe('SPDX identifier, when one exists.'),
});

export const mapLayer = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .describe('Identifier used by charts of type `map` (`layer:`).'),
  path: relativePath.describe('GeoJSON file, relative to the content folder, e.g. maps/departements.geojson.'),
  key: z.string().min(1).describe('Feature property holding the region code that data rows are joined on, e.g. `code`.'),
  label: z.string().optional().describe('Feature property holding the region name, e.g. `nom`.'),
  title: localizedText.optional().describe('Name of the layer, e.g. {fr: Départements, en: Départements}.'),
});

const search = z.strictObject({
  synonyms: z
    .record(z.string(), z.array(z.string().min(1)))
    .default({})
    .describe('Words that find each other, e.g. {rea: [réanimation, soins critiques], icu: [réanimation]}: a search for the key also finds the listed words.'),
  stopWords: z.array(z.string().min(1)).default([]).describe('Extra words to ignore in searches, beyond the built-in French, English and Estonian grammar words.'),
});

export const theme = z.strictObject({
  primaryColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a colour written #rrggbb' })
    .default('#1f4e8c')
    .describe('Main colour of links, buttons and the header, as #rrggbb. Checked for AA contrast on white.'),
  logo: relativePath.optional().describe('Logo file (SVG or PNG) relative to the content folder.'),
});

export const portalSchema = z
  .strictObject({
    name: localizedText.describe('Name of the portal, e.g. {fr: "Données de crise", en: "Crisis data"}.'),
    tagline: localizedText.optional().describe('One sentence shown under the name on the home page.'),
    country: countryCode.describe('ISO 3166-1 alpha-2 code of the country the portal serves, e.g. FR.'),
    languages: z
      .array(languageTag)
      .min(1, { error: 'must list at least one language' })
      .describe('BCP 47 tags of the languages the portal is published in. The first is the default and has no URL prefix; the others are served under /<lang>/.'),
    baseUrl: httpUrl('the public address of the portal, such as https://data.example.org').describe('Public address of the portal, used in feeds, sitemaps and exports.'),
    sectors: z
      .array(sector)
      .min(1)
      .default([...DEFAULT_SECTORS])
      .describe('Sectors datasets belong to. Defaults to health, transport, food, education.'),
    license: z.string().min(1).describe('Default licence id of datasets that do not state one, e.g. etalab-2.0.'),
    licenses: z.array(license).default([]).describe('Extra licences beyond the built-in list (etalab-2.0, ODbL-1.0, CC-BY-4.0, CC0-1.0, …).'),
    contact: z.email().optional().describe('Address citizens can write to about the portal.'),
    theme: theme.default({ primaryColor: '#1f4e8c' }).describe('Colours and logo.'),
    maps: z.array(mapLayer).default([]).describe('GeoJSON region layers for map charts.'),
    search: search.default({ synonyms: {}, stopWords: [] }).describe('Search tuning: synonyms and stop words.'),
  })
  .describe('portal.yaml: the one file a deployment edits to describe its portal.');

export type PortalInput = z.input<typeof portalSchema>;
export type PortalConfig = z.output<typeof portalSchema>;
