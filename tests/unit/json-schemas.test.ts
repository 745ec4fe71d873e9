import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { CONTENT_SCHEMAS, renderJsonSchema } from '../../src/config/json-schemas.ts';
import { fillSettingsTable, SETTINGS } from '../../src/settings.ts';

type Name = keyof typeof CONTENT_SCHEMAS;

describe('schemas/ is generated from the zod content schemas', () => {
  it.each(Object.keys(CONTENT_SCHEMAS) as Name[])('schemas/%s is up to date (run "npm run schemas" after changing src/config)', (name) => {
    expect(readFileSync(`schemas/${name}`, 'utf8')).toBe(renderJsonSchema(name));
  });
});

// The same documents must be accepted or rejected by zod (used by the portal)
// and by ajv on the published JSON Schema (used by editors and other tools).
const dataset = {
  title: { fr: 'Lits', en: 'Beds' },
  description: 'Texte',
  sector: 'health',
  publisher: 'spf',
  frequency: 'daily',
  updated: '2020-11-15',
  resources: [{ name: 'lits', path: 'lits.csv', schema: 'lits.schema.json', dialect: { delimiter: ';', encoding: 'latin-1' } }],
};
const CORPUS: Record<Name, { valid: unknown[]; invalid: unknown[] }> = {
  'portal.schema.json': {
    valid: [
      { name: 'P', country: 'FR', languages: ['fr'], baseUrl: 'https://x.example', license: 'etalab-2.0' },
      {
        name: { fr: 'P', en: 'P' },
        country: 'EE',
        languages: ['et', 'en', 'pt-BR'],
        baseUrl: 'https://x.example/',
        license: 'CC-BY-4.0',
        sectors: ['health', { id: 'energy', title: 'Energy' }],
        theme: { primaryColor: '#003366' },
        maps: [{ id: 'dep', path: 'maps/d.geojson', key: 'code' }],
      },
    ],
    invalid: [
      {},
      { name: 'P', country: 'fr', languages: ['fr'], baseUrl: 'https://x.example', license: 'x' },
      { name: 'P', country: 'FR', languages: [], baseUrl: 'https://x.example', license: 'x' },
      { name: 'P', country: 'FR', languages: ['French'], baseUrl: 'https://x.example', license: 'x' },
      { name: 'P', country: 'FR', languages: ['fr'], baseUrl: 'not a url', license: 'x' },
      { name: 'P', country: 'FR', languages: ['fr'], baseUrl: 'https://x.example', license: 'x', colour: 'red' },
      { name: '', country: 'FR', languages: ['fr'], baseUrl: 'https://x.example', license: 'x' },
      { name: 'P', country: 'FR', languages: ['fr'], baseUrl: 'https://x.example', license: 'x', theme: { primaryColor: 'blue' } },
      { name: 'P', country: 'FR', languages: ['fr'], baseUrl: 'https://x.example', license: 'x', sectors: ['Health care'] },
      { name: 'P', country: 'FR', languages: ['fr'], baseUrl: 'https://x.example', license: 'x', maps: [{ id: 'dep', path: '../d.geojson', key: 'code' }] },
    ],
  },
  'publisher.schema.json': {
    valid: [{ name: 'SpF' }, { name: { fr: 'Santé publique France' }, url: 'https://www.santepubliquefrance.fr', email: 'a@b.fr', description: '**x**' }],
    invalid: [{}, { name: 3 }, { name: 'x', email: 'not-an-email' }, { name: 'x', website: 'https://x' }, { name: { French: 'x' } }],
  },
  'dataset.schema.json': {
    valid: [dataset, { ...dataset, tags: ['a'], license: 'ODbL-1.0', temporal: { start: '2020-01-01' }, live: { resource: 'lits', key: ['a'] }, charts: [{ type: 'line', x: 'jour', y: ['rea'] }] }],
    invalid: [
      {},
      { ...dataset, frequency: 'dayly' },
      { ...dataset, updated: '15/11/2020' },
      { ...dataset, updated: '2020-13-01' },
      { ...dataset, resources: [] },
      { ...dataset, resources: [{ name: 'Lits!', path: 'lits.csv' }] },
      { ...dataset, resources: [{ name: 'lits', path: '/etc/passwd' }] },
      { ...dataset, resources: [{ name: 'lits', path: '../other/lits.csv' }] },
      { ...dataset, resources: [{ name: 'lits', path: 'lits.csv\n../../etc/passwd' }] },
      { ...dataset, resources: [{ name: 'lits', path: 'a\u2028b.csv' }] },
      { ...dataset, source: { title: 'S', url: 'javascript:alert(1)' } },
      { ...dataset, source: { title: 'S', url: 'data:text/html,x' } },
      { ...dataset, resources: [{ name: 'lits', path: 'lits.csv', dialect: { delimiter: ';;' } }] },
      { ...dataset, resources: [{ name: 'lits', path: 'lits.csv', dialect: { encoding: 'ebcdic' } }] },
      { ...dataset, titel: 'x' },
      { ...dataset, tags: 'covid' },
      { ...dataset, charts: [{ type: 'pie' }] },
      { ...dataset, live: { resource: 'lits', key: [] } },
    ],
  },
  'reporters.schema.json': {
    valid: [
      { reporters: [{ id: '750712184', name: 'Pitié-Salpêtrière' }] },
      {
        reporters: [
          { id: 750712184, name: 'P', territory: 'Paris', contact: 'x@example.org', periods: 'daily' },
          { id: 'H2', name: 'Q', periods: 'weekly' },
        ],
      },
    ],
    invalid: [{}, { reporters: [] }, { reporters: [{ id: 'H1' }] }, { reporters: [{ id: 'H1', name: 'N', periods: 'hourly' }] }, { reporters: [{ id: 'H1', name: 'N', phone: '1' }] }],
  },
  'dashboard.schema.json': {
    valid: [
      { title: 'T', sections: [{ title: 'S', indicators: [{ id: 'rea', title: 'Réa', dataset: 'hosp', value: 'rea', date: 'jour' }] }] },
      {
        title: { fr: 'T', en: 'T' },
        layer: 'departements',
        population: { dataset: 'pop', territory: 'dep', value: 'population', codes: { pad: 2 } },
        sections: [
          {
            title: 'S',
            indicators: [
              {
                id: 'dc',
                title: 'Décès',
                dataset: 'hosp',
                value: 'dc',
                date: 'jour',
                territory: 'dep',
                codes: { pattern: '^DEP-(.+)$' },
                filter: { sexe: 0 },
                transform: ['daily-difference', { 'rolling-mean': 7 }, 'per-100k'],
                higherIs: 'worse',
                policy: { 'carry-forward': 2 },
              },
            ],
          },
        ],
      },
    ],
    invalid: [
      {},
      { title: 'T', sections: [] },
      { title: 'T', sections: [{ title: 'S', indicators: [{ id: 'Rea!', title: 'R', dataset: 'h' }] }] },
      { title: 'T', sections: [{ title: 'S', indicators: [{ id: 'r', title: 'R', dataset: 'h', transform: ['rolling-mean'] }] }] },
      { title: 'T', sections: [{ title: 'S', indicators: [{ id: 'r', title: 'R', dataset: 'h', transform: [{ 'rolling-mean': 0 }] }] }] },
      { title: 'T', sections: [{ title: 'S', indicators: [{ id: 'r', title: 'R', dataset: 'h', aggregate: 'median' }] }] },
      { title: 'T', sections: [{ title: 'S', indicators: [{ id: 'r', title: 'R', dataset: 'h', policy: 'partial-sum' }] }] },
      { title: 'T', sections: [{ title: 'S', indicators: [{ id: 'r', title: 'R', dataset: 'h', higherIs: 'bad' }] }] },
    ],
  },
  'pack.schema.json': {
    valid: [
      { country: 'EE', name: 'Estonia', languages: ['et'], license: 'CC0-1.0' },
      {
        country: 'EE',
        name: { et: 'Eesti', en: 'Estonia' },
        languages: ['et', 'en'],
        license: 'CC-BY-SA-3.0-EE',
        licenses: ['CC0-1.0', { id: 'CC-BY-SA-3.0-EE', title: 'CC BY-SA 3.0 Estonia', url: 'https://creativecommons.org/licenses/by-sa/3.0/ee/' }],
        maps: [{ id: 'maakonnad', path: 'maps/m.geojson', key: 'MKOOD', label: 'MNIMI', title: 'Maakonnad' }],
        territories: [{ id: 'maakond', title: 'Maakond', scheme: 'EHAK', layer: 'maakonnad', pattern: '^[0-9]{4}$' }],
      },
    ],
    invalid: [
      {},
      { country: 'est', name: 'Estonia', languages: ['et'], license: 'CC0-1.0' },
      { country: 'EE', name: 'Estonia', languages: [], license: 'CC0-1.0' },
      { country: 'EE', name: 'Estonia', languages: ['et'], license: 'CC0-1.0', maps: [{ id: 'm', path: 'maps/m.geojson', key: 'MKOOD' }] },
      { country: 'EE', name: 'Estonia', languages: ['et'], license: 'CC0-1.0', maps: [{ id: 'm', path: '../m.geojson', key: 'K', label: 'L', title: 'M' }] },
      { country: 'EE', name: 'Estonia', languages: ['et'], license: 'CC0-1.0', colours: {} },
    ],
  },
};

describe('zod and the JSON Schemas accept and reject the same documents', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const name of Object.keys(CONTENT_SCHEMAS) as Name[]) {
    const validate = ajv.compile(JSON.parse(readFileSync(`schemas/${name}`, 'utf8')));
    const zod = CONTENT_SCHEMAS[name].schema;
    it.each(CORPUS[name].valid.map((doc, i) => [i, doc]))(`${name}: valid example %i`, (_i, doc) => {
      expect(zod.safeParse(doc).success).toBe(true);
      expect(validate(doc)).toBe(true);
    });
    it.each(CORPUS[name].invalid.map((doc, i) => [i, doc]))(`${name}: invalid example %i`, (_i, doc) => {
      expect(zod.safeParse(doc).success).toBe(false);
      expect(validate(doc)).toBe(false);
    });
  }
});

describe('the README documents every field', () => {
  it('has the field reference generated from the current schemas (run "npm run schemas")', async () => {
    const { fillReferences } = await import('../../src/config/reference.ts');
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toBe(fillReferences(readme));
    for (const name of Object.keys(CONTENT_SCHEMAS)) expect(readme).toContain(`<!-- reference:${name} -->\n| field |`);
  });

  it('documents every npm script and environment variable', () => {
    const readme = readFileSync('README.md', 'utf8');
    const scripts = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>);
    for (const script of scripts) expect(readme).toMatch(new RegExp(`npm (run )?${script}\\b`));
    for (const variable of ['PORTAL_CONTENT', 'PORTAL_DIST', 'HOST', 'PORT']) expect(readme).toContain(`\`${variable}\``);
  });

  it('lists every environment variable of src/settings.ts, as generated (run "npm run schemas")', () => {
    expect(readFileSync('README.md', 'utf8')).toBe(fillSettingsTable(readFileSync('README.md', 'utf8')));
  });

  it('reads no environment variable that src/settings.ts does not list', () => {
    // Every PORTAL_*, MEILI_*, SERVER_* or well-known variable named in src/ must be a documented setting.
    const listed = new Set(SETTINGS.map((s) => s.name));
    const named = new Set<string>();
    for (const file of readdirSync('src', { recursive: true, encoding: 'utf8' })) {
      if (!/\.(ts|tsx|astro|mjs)$/.test(file)) continue;
      for (const m of readFileSync(join('src', file), 'utf8').matchAll(/\b((?:PORTAL|MEILI|SERVER)_[A-Z_]+|DATABASE_URL|SOURCE_DATE_EPOCH)\b/g)) named.add(m[1]!);
    }
    // MEILI_MASTER_KEY is Meilisearch's own variable, named in an error message for its operator.
    expect([...named].filter((n) => !listed.has(n) && n !== 'MEILI_MASTER_KEY')).toEqual([]);
  });
});
