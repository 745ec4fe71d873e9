// Source values → the portal's ids. Each mapper returns the id or undefined; the caller lists
// what could not be mapped in the per-dataset report. The expected mappings are written down in
// tests/unit/import/mapping.test.ts.
import { FREQUENCIES, type Frequency } from '../config/frequencies.ts';
import { findLicense, KNOWN_LICENSES, type LicenseInfo } from '../config/licenses.ts';
import { EU, EU_LICENCES, SECTOR_THEMES } from '../standards/vocabularies.ts';

const norm = (url: string) =>
  url
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');

/** A licence id, from an id (SPDX, CKAN's `cc-by`, `odc-odbl`), a licence URL or an EU/SPDX IRI. */
export function mapLicense(raw: string | undefined, extra: readonly LicenseInfo[] = []): string | undefined {
  if (!raw) return undefined;
  const all = [...extra, ...KNOWN_LICENSES];
  const direct = findLicense(raw, extra) ?? all.find((l) => l.aliases?.includes(raw.toLowerCase()));
  if (direct) return direct.id;
  const spdx = /spdx\.org\/licenses\/([^/#]+)/.exec(raw)?.[1];
  if (spdx) return findLicense(spdx, extra)?.id;
  if (raw.startsWith(EU.licence)) {
    const code = raw.slice(EU.licence.length + 1);
    const id = Object.entries(EU_LICENCES).find(([, c]) => c === code)?.[0];
    return id ? findLicense(id, extra)?.id : undefined;
  }
  const byUrl = all.find((l) => norm(l.url) === norm(raw));
  if (byUrl) return byUrl.id;
  // CKAN's default licence list uses these ids.
  const CKAN: Record<string, string> = {
    'cc-by': 'CC-BY-4.0',
    'cc-by-sa': 'CC-BY-SA-4.0',
    'cc-zero': 'CC0-1.0',
    'odc-odbl': 'ODbL-1.0',
    'odc-by': 'ODC-By-1.0',
    'odc-pddl': 'PDDL-1.0',
    'uk-ogl': 'OGL-UK-3.0',
    'fr-lo': 'etalab-2.0',
  };
  return CKAN[raw.toLowerCase()];
}

const FREQUENCY_WORDS: Record<string, Frequency> = {
  ...Object.fromEntries(Object.keys(FREQUENCIES).map((f) => [f, f as Frequency])),
  ...Object.fromEntries(Object.entries(FREQUENCIES).map(([f, code]) => [code.toLowerCase(), f as Frequency])),
  update_cont: 'continuous',
  realtime: 'continuous',
  'real-time': 'continuous',
  hourly: 'hourly',
  day: 'daily',
  week: 'weekly',
  fortnightly: 'biweekly',
  month: 'monthly',
  quarter: 'quarterly',
  yearly: 'annual',
  year: 'annual',
  'semi-annual': 'semiannual',
  irregularly: 'irregular',
  r_p1d: 'daily',
  r_p1w: 'weekly',
  r_p2w: 'biweekly',
  r_p1m: 'monthly',
  r_p3m: 'quarterly',
  r_p6m: 'semiannual',
  r_p1y: 'annual',
  r_pt1h: 'hourly',
};

/** A frequency id from a word (daily), an EU frequency IRI (…/frequency/DAILY) or ISO 8601 repeat (R/P1D). */
export function mapFrequency(raw: string | undefined): Frequency | undefined {
  if (!raw) return undefined;
  const last = raw.split('/').length > 2 && raw.includes('://') ? raw.split('/').pop()! : raw.replace('/', '_');
  return FREQUENCY_WORDS[last.toLowerCase()];
}

const THEME_WORDS: Record<string, string> = {
  health: 'health',
  sante: 'health',
  santé: 'health',
  tervis: 'health',
  'public health': 'health',
  heal: 'health',
  transport: 'transport',
  transportation: 'transport',
  mobility: 'transport',
  mobilité: 'transport',
  tran: 'transport',
  food: 'food',
  alimentation: 'food',
  agriculture: 'food',
  toit: 'food',
  agri: 'food',
  education: 'education',
  éducation: 'education',
  haridus: 'education',
  educ: 'education',
};

/** The first theme that names one of the portal's sectors (by id, EU data-theme IRI or usual word). */
export function mapSector(themes: readonly string[], sectors: readonly string[]): string | undefined {
  for (const raw of themes) {
    const t = raw.trim().toLowerCase();
    if (sectors.includes(t)) return t;
    const code = raw.startsWith(EU.theme) ? raw.slice(EU.theme.length + 1) : undefined;
    const fromCode = code && sectors.find((s) => SECTOR_THEMES[s] === code);
    if (fromCode) return fromCode;
    const word = THEME_WORDS[t];
    if (word && sectors.includes(word)) return word;
  }
  return undefined;
}

/** A file format as the portal writes it: lower case, from a name, an EU file-type or media-type IRI. */
export function mapFormat(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const last = raw.split('/').pop()!.toLowerCase();
  const MEDIA: Record<string, string> = { csv: 'csv', 'vnd.ms-excel': 'xls', 'geo+json': 'geojson', zip: 'zip', 'ld+json': 'jsonld' };
  return (MEDIA[last] ?? last.replace(/^\./, '')).replace(/[^a-z0-9+.-]/g, '') || undefined;
}

/** A folder name from a source name or title: lower-case ASCII letters, digits and "-". */
export function slugify(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'dataset'
  );
}
