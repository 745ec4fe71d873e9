/**
 * Open licences the portal knows by id, with their canonical URL.
 * Ids are SPDX identifiers where SPDX has one; `etalab-2.0` is the id used by
 * data.gouv.fr and schema.data.gouv.fr for the Licence Ouverte 2.0.
 * A deployment adds its own under `licenses:` in portal.yaml.
 */
export interface LicenseInfo {
  id: string;
  title: string;
  url: string;
  /** SPDX identifier, when one exists (used in DCAT and Data Package exports). */
  spdx?: string;
  /** Other names people write for it; used only to suggest the right id. */
  aliases?: string[];
}

export const KNOWN_LICENSES: readonly LicenseInfo[] = [
  {
    id: 'etalab-2.0',
    title: 'Licence Ouverte / Open Licence 2.0',
    url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
    spdx: 'etalab-2.0',
    aliases: ['lov2', 'licence-ouverte', 'licence-ouverte-2.0', 'open-licence', 'open-licence-2.0', 'fr-lo'],
  },
  { id: 'etalab-1.0', title: 'Licence Ouverte / Open Licence 1.0', url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' },
  { id: 'ODbL-1.0', title: 'Open Data Commons Open Database License 1.0', url: 'https://opendatacommons.org/licenses/odbl/1-0/', spdx: 'ODbL-1.0', aliases: ['odbl', 'odc-odbl'] },
  { id: 'ODC-By-1.0', title: 'Open Data Commons Attribution License 1.0', url: 'https://opendatacommons.org/licenses/by/1-0/', spdx: 'ODC-By-1.0' },
  { id: 'PDDL-1.0', title: 'Open Data Commons Public Domain Dedication and License 1.0', url: 'https://opendatacommons.org/licenses/pddl/1-0/', spdx: 'PDDL-1.0' },
  { id: 'CC0-1.0', title: 'Creative Commons Zero 1.0 Universal', url: 'https://creativecommons.org/publicdomain/zero/1.0/', spdx: 'CC0-1.0', aliases: ['cc0', 'public-domain'] },
  { id: 'CC-BY-4.0', title: 'Creative Commons Attribution 4.0 International', url: 'https://creativecommons.org/licenses/by/4.0/', spdx: 'CC-BY-4.0', aliases: ['cc-by', 'ccby'] },
  { id: 'CC-BY-SA-4.0', title: 'Creative Commons Attribution-ShareAlike 4.0 International', url: 'https://creativecommons.org/licenses/by-sa/4.0/', spdx: 'CC-BY-SA-4.0' },
  { id: 'OGL-UK-3.0', title: 'Open Government Licence v3.0', url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/', spdx: 'OGL-UK-3.0' },
  { id: 'dl-de-by-2.0', title: 'Data licence Germany – attribution – version 2.0', url: 'https://www.govdata.de/dl-de/by-2-0', spdx: 'DL-DE-BY-2.0' },
  { id: 'MIT', title: 'MIT License', url: 'https://opensource.org/license/mit', spdx: 'MIT' },
  { id: 'Apache-2.0', title: 'Apache License 2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0', spdx: 'Apache-2.0' },
];

/** Find a licence by id, case-insensitively (`cc-by-4.0` and `CC-BY-4.0` are the same licence). */
export function findLicense(id: string, extra: readonly LicenseInfo[] = []): LicenseInfo | undefined {
  const wanted = id.toLowerCase();
  return [...extra, ...KNOWN_LICENSES].find((l) => l.id.toLowerCase() === wanted || l.spdx?.toLowerCase() === wanted);
}

/** The licence a mistaken id most likely means, by alias ("lov2" → etalab-2.0) or by spelling. */
export function suggestLicense(id: string, extra: readonly LicenseInfo[] = [], closest: (word: string, candidates: string[]) => string | undefined): string | undefined {
  const all = [...extra, ...KNOWN_LICENSES];
  const wanted = id.toLowerCase();
  const byAlias = all.find((l) => l.aliases?.some((a) => a === wanted));
  return (
    byAlias?.id ??
    closest(
      id,
      all.map((l) => l.id),
    )
  );
}
