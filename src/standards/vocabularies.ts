import { FREQUENCIES, type Frequency } from '../config/frequencies.ts';
import type { LicenseInfo } from '../config/licenses.ts';

/** EU Publications Office authority tables used by DCAT-AP. */
export const EU = {
  theme: 'http://publications.europa.eu/resource/authority/data-theme',
  frequency: 'http://publications.europa.eu/resource/authority/frequency',
  fileType: 'http://publications.europa.eu/resource/authority/file-type',
  language: 'http://publications.europa.eu/resource/authority/language',
  country: 'http://publications.europa.eu/resource/authority/country',
  licence: 'http://publications.europa.eu/resource/authority/licence',
} as const;

/**
 * Portal sector id → EU data theme (http://publications.europa.eu/resource/authority/data-theme).
 * Custom sectors named like a theme or one of its usual synonyms map too; others have no EU theme.
 */
export const SECTOR_THEMES: Record<string, string> = {
  health: 'HEAL',
  transport: 'TRAN',
  food: 'AGRI',
  agriculture: 'AGRI',
  fisheries: 'AGRI',
  education: 'EDUC',
  culture: 'EDUC',
  sport: 'EDUC',
  economy: 'ECON',
  finance: 'ECON',
  energy: 'ENER',
  environment: 'ENVI',
  climate: 'ENVI',
  government: 'GOVE',
  'public-sector': 'GOVE',
  justice: 'JUST',
  'legal-system': 'JUST',
  'public-safety': 'JUST',
  international: 'INTR',
  regions: 'REGI',
  cities: 'REGI',
  housing: 'REGI',
  population: 'SOCI',
  society: 'SOCI',
  social: 'SOCI',
  science: 'TECH',
  technology: 'TECH',
};

/** English labels of the EU data themes (skos:prefLabel, so the export is self-describing). */
export const THEME_LABELS: Record<string, string> = {
  AGRI: 'Agriculture, fisheries, forestry and food',
  ECON: 'Economy and finance',
  EDUC: 'Education, culture and sport',
  ENER: 'Energy',
  ENVI: 'Environment',
  GOVE: 'Government and public sector',
  HEAL: 'Health',
  INTR: 'International issues',
  JUST: 'Justice, legal system and public safety',
  REGI: 'Regions and cities',
  SOCI: 'Population and society',
  TECH: 'Science and technology',
  TRAN: 'Transport',
};

export function themeOf(sector: string): { code: string; iri: string; label: string } | undefined {
  const code = SECTOR_THEMES[sector];
  return code ? { code, iri: `${EU.theme}/${code}`, label: THEME_LABELS[code]! } : undefined;
}

export function frequencyIri(frequency: Frequency): string {
  return `${EU.frequency}/${FREQUENCIES[frequency]}`;
}

/** Portal format (from the file extension or `format:`) → EU file type code. */
export const FILE_TYPES: Record<string, string> = {
  csv: 'CSV',
  tsv: 'TSV',
  json: 'JSON',
  geojson: 'GEOJSON',
  xlsx: 'XLSX',
  xls: 'XLS',
  ods: 'ODS',
  parquet: 'PARQUET',
  zip: 'ZIP',
  pdf: 'PDF',
  txt: 'TXT',
  xml: 'XML',
  shp: 'SHP',
  kml: 'KML',
  gpkg: 'GPKG',
  html: 'HTML',
  rdf: 'RDF_XML',
  ttl: 'RDF_TURTLE',
  jsonld: 'JSON_LD',
};

export function fileTypeIri(format: string): string | undefined {
  const code = FILE_TYPES[format.toLowerCase()];
  return code ? `${EU.fileType}/${code}` : undefined;
}

/** IANA media type registry address of a media type, the range DCAT-AP expects for dcat:mediaType. */
export function mediaTypeIri(mediaType: string): string {
  return `https://www.iana.org/assignments/media-types/${mediaType}`;
}

/** Portal licence id (case-insensitive) → EU licence authority code, where the table has one. */
export const EU_LICENCES: Record<string, string> = {
  'cc-by-4.0': 'CC_BY_4_0',
  'cc-by-sa-4.0': 'CC_BYSA_4_0',
  'cc0-1.0': 'CC0',
  'odc-by-1.0': 'ODC_BY',
  'odbl-1.0': 'ODC_ODBL',
  'pddl-1.0': 'ODC_PDDL',
  'ogl-uk-3.0': 'OGL_3_0',
  'dl-de-by-2.0': 'DL_DE_BY_2_0',
  'apache-2.0': 'APACHE_2_0',
  mit: 'MIT',
};

/**
 * The IRI a licence is known by in DCAT: the EU licence authority table when it
 * lists the licence, else the SPDX licence list (etalab-2.0 is in SPDX), else its own URL.
 */
export function licenceIri(license: LicenseInfo): string {
  const eu = EU_LICENCES[license.id.toLowerCase()] ?? (license.spdx ? EU_LICENCES[license.spdx.toLowerCase()] : undefined);
  if (eu) return `${EU.licence}/${eu}`;
  if (license.spdx) return `http://spdx.org/licenses/${license.spdx}`;
  return license.url || `http://spdx.org/licenses/${license.id}`;
}

/** ISO 639-1 → EU language authority code (ISO 639-2/B-like, upper case). */
export const LANGUAGES: Record<string, string> = {
  bg: 'BUL',
  cs: 'CES',
  da: 'DAN',
  de: 'DEU',
  el: 'ELL',
  en: 'ENG',
  es: 'SPA',
  et: 'EST',
  fi: 'FIN',
  fr: 'FRA',
  ga: 'GLE',
  hr: 'HRV',
  hu: 'HUN',
  it: 'ITA',
  lt: 'LIT',
  lv: 'LAV',
  mt: 'MLT',
  nl: 'NLD',
  pl: 'POL',
  pt: 'POR',
  ro: 'RON',
  sk: 'SLK',
  sl: 'SLV',
  sv: 'SWE',
  ar: 'ARA',
  ca: 'CAT',
  eu: 'EUS',
  is: 'ISL',
  nb: 'NOB',
  no: 'NOR',
  ru: 'RUS',
  tr: 'TUR',
  uk: 'UKR',
  zh: 'ZHO',
  ja: 'JPN',
  ko: 'KOR',
  sr: 'SRP',
  sq: 'SQI',
  mk: 'MKD',
  bs: 'BOS',
};

export function languageIri(tag: string): string | undefined {
  const code = LANGUAGES[tag.split('-')[0]!.toLowerCase()];
  return code ? `${EU.language}/${code}` : undefined;
}

/** ISO 3166-1 alpha-2 → the EU country authority code (alpha-3; a few differ). */
export const COUNTRIES: Record<string, string> = {
  AT: 'AUT',
  BE: 'BEL',
  BG: 'BGR',
  HR: 'HRV',
  CY: 'CYP',
  CZ: 'CZE',
  DK: 'DNK',
  EE: 'EST',
  FI: 'FIN',
  FR: 'FRA',
  DE: 'DEU',
  GR: 'GRC',
  HU: 'HUN',
  IE: 'IRL',
  IT: 'ITA',
  LV: 'LVA',
  LT: 'LTU',
  LU: 'LUX',
  MT: 'MLT',
  NL: 'NLD',
  PL: 'POL',
  PT: 'PRT',
  RO: 'ROU',
  SK: 'SVK',
  SI: 'SVN',
  ES: 'ESP',
  SE: 'SWE',
  GB: 'GBR',
  NO: 'NOR',
  IS: 'ISL',
  CH: 'CHE',
  LI: 'LIE',
  UA: 'UKR',
  MD: 'MDA',
  RS: 'SRB',
  AL: 'ALB',
  MK: 'MKD',
  BA: 'BIH',
  ME: 'MNE',
  TR: 'TUR',
  US: 'USA',
  CA: 'CAN',
  MA: 'MAR',
  TN: 'TUN',
  DZ: 'DZA',
  SN: 'SEN',
  CI: 'CIV',
  BR: 'BRA',
  MX: 'MEX',
  JP: 'JPN',
};

export function countryIri(alpha2: string): string | undefined {
  const code = COUNTRIES[alpha2.toUpperCase()];
  return code ? `${EU.country}/${code}` : undefined;
}

/** ADMS licence type (http://purl.org/adms/licencetype/) of the built-in licences, by lower-case id. */
const LICENCE_TYPES: Record<string, string> = {
  'cc0-1.0': 'PublicDomain',
  'pddl-1.0': 'PublicDomain',
  'cc-by-sa-4.0': 'ShareAlike',
  'odbl-1.0': 'ShareAlike',
  'cc-by-4.0': 'Attribution',
  'odc-by-1.0': 'Attribution',
  'etalab-2.0': 'Attribution',
  'etalab-1.0': 'Attribution',
  'ogl-uk-3.0': 'Attribution',
  'dl-de-by-2.0': 'Attribution',
  mit: 'Attribution',
  'apache-2.0': 'Attribution',
};

export function licenceTypeIri(license: LicenseInfo): string | undefined {
  const t = LICENCE_TYPES[license.id.toLowerCase()];
  return t ? `http://purl.org/adms/licencetype/${t}` : undefined;
}
