// `npm run new-portal`: a content folder that validates and builds at once, for one country.
// Everything is written into a temporary sibling folder, validated with the same code as
// `npm run validate`, then renamed into place: on any error nothing is left at the target.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { formatIssue } from '../content/issues.ts';
import { validateContent } from '../content/validate.ts';
import { localize } from '../content/localize.ts';
import { BUILTIN_UI } from '../i18n/index.ts';
import { didYouMean } from '../lib/did-you-mean.ts';
import { listPacks, loadPack, PACKS_DIR, type LoadedPack } from './load.ts';
import { STARTER, textFor } from './starter-text.ts';

export interface NewPortalOptions {
  dir: string;
  country: string;
  languages?: string[];
  name?: string;
  baseUrl?: string;
  packsDir?: string;
}

export interface NewPortalResult {
  dir: string;
  pack?: string;
  languages: string[];
  files: string[];
}

/** A mistake of the person running the command: printed as is, exit code 1. */
export class NewPortalError extends Error {}

const hasUi = (lang: string) => Object.keys(BUILTIN_UI).some((l) => l === lang || lang.startsWith(`${l}-`));

function checkTarget(dir: string) {
  if (!existsSync(dir)) return;
  const entries = readdirSync(dir);
  if (entries.length > 0)
    throw new NewPortalError(`${dir} is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}): choose a new folder, or empty this one first; nothing was written`);
}

function loadCountry(country: string, packsDir: string): LoadedPack | undefined {
  const code = country.toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) throw new NewPortalError(`--country "${country}" is not an ISO 3166-1 alpha-2 code such as EE or FR`);
  const packs = listPacks(packsDir);
  if (!packs.includes(code)) return undefined;
  const { pack, issues } = loadPack(code, packsDir);
  if (!pack) throw new NewPortalError(`the ${code} country pack has errors:\n${issues.map(formatIssue).join('\n')}`);
  return pack;
}

function checkLanguages(languages: string[]) {
  const missing = languages.filter((l) => !hasUi(l));
  if (missing.length === 0) return;
  const shipped = Object.keys(BUILTIN_UI).sort().join(', ');
  const hint = missing.map((l) => didYouMean(l, Object.keys(BUILTIN_UI))).find(Boolean);
  throw new NewPortalError(
    `no UI strings for ${missing.map((l) => `"${l}"`).join(', ')}${hint ? ` (${hint})` : ''}: the shipped languages are ${shipped}. ` +
      `To add one, copy src/i18n/ui/en.json to src/i18n/ui/${missing[0]}.json and translate every string (see docs/new-country.md), then run this command again`,
  );
}

function write(file: string, text: string, files: string[], root: string) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  files.push(file.slice(root.length + 1));
}

const yamlFile = (schema: string, comment: string, data: unknown) => `# yaml-language-server: $schema=${schema}\n# ${comment}\n${stringify(data, { lineWidth: 0 })}`;

/** The example CSV: one row per territory and day, a few days, deterministic values. */
function exampleRows(pack: LoadedPack | undefined): { header: string[]; rows: string[][] } {
  const days = ['2020-11-13', '2020-11-14', '2020-11-15'];
  const territory = pack?.config.territories[0];
  const layer = territory && pack!.layers.find((l) => l.id === territory.layer);
  if (!territory || !layer) return { header: ['date', 'cases'], rows: days.map((d, i) => [d, String(12 + i * 5)]) };
  const rows = days.flatMap((d, di) => layer.regions.map((r, ri) => [r.code, r.label, d, String(((ri + 3) * 7 + di * 11) % 97)]));
  return { header: [territory.id, 'name', 'date', 'cases'], rows };
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Create the content folder. Throws NewPortalError with a message for people on bad input. */
export async function createPortal(options: NewPortalOptions): Promise<NewPortalResult> {
  const target = resolve(options.dir);
  const packsDir = options.packsDir ?? PACKS_DIR;
  checkTarget(target);
  const pack = loadCountry(options.country, packsDir);
  const country = options.country.toUpperCase();
  if (!pack && !/^[A-Z]{2}$/.test(country)) throw new NewPortalError(`--country "${options.country}" is not an ISO 3166-1 alpha-2 code`);
  const languages = options.languages?.length ? options.languages : (pack?.config.languages ?? ['en']);
  checkLanguages(languages);
  const lang0 = languages[0]!;

  const tmp = join(dirname(target), `.${basename(target)}.new-portal-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const files: string[] = [];
  try {
    const config = pack?.config;
    const maps = (pack?.layers ?? []).map((l) => {
      const path = `maps/${basename(l.path)}`;
      mkdirSync(join(tmp, 'maps'), { recursive: true });
      copyFileSync(l.abs, join(tmp, path));
      files.push(path);
      return { id: l.id, path, key: l.key, label: l.label, title: narrow(l.title, languages) };
    });
    const countryName = config ? (lang: string) => localize(config.name, lang, config.languages[0]!) : () => country;
    const portal = {
      name: options.name ?? textFor(STARTER.portalName, languages, (lang, s) => `${s}: ${countryName(lang)}`),
      tagline: textFor(STARTER.tagline, languages),
      country,
      languages,
      baseUrl: options.baseUrl ?? 'https://data.example.org',
      sectors: config?.sectors.map((s) => (typeof s === 'string' ? s : { ...s, title: narrow(s.title, languages), description: narrow(s.description, languages) })) ?? ['health', 'transport', 'food', 'education'],
      license: config?.license ?? 'CC-BY-4.0',
      ...(pack && pack.extraLicenses.length > 0 ? { licenses: pack.extraLicenses } : {}),
      theme: { primaryColor: config?.theme.primaryColor ?? '#1f4e8c' },
      ...(maps.length > 0 ? { maps } : {}),
    };
    write(join(tmp, 'portal.yaml'), yamlFile(schemaPath(target, 'portal'), `Created by npm run new-portal for ${country}. Field reference: README.md of the framework.`, portal), files, tmp);
    write(
      join(tmp, 'publishers', 'example-agency.yaml'),
      yamlFile(schemaPath(target, 'publisher', 1), 'One file per publishing organisation; the file name is its id.', { name: textFor(STARTER.publisherName, languages), description: textFor(STARTER.publisherDescription, languages) }),
      files,
      tmp,
    );

    const { header, rows } = exampleRows(pack);
    const territory = config?.territories[0];
    const layer = territory && pack!.layers.find((l) => l.id === territory.layer);
    const localisedTitle = (t: Record<string, string>) => textFor(t, languages);
    const fields = [
      ...(territory && layer
        ? [
            { name: territory.id, type: 'string', title: localize(territory.title, lang0, config!.languages[0]!), description: `${territory.scheme}`, constraints: { required: true, ...(territory.pattern ? { pattern: territory.pattern } : {}) } },
            { name: 'name', type: 'string', title: localisedTitle(STARTER.name)[lang0] },
          ]
        : []),
      { name: 'date', type: 'date', title: localisedTitle(STARTER.date)[lang0], constraints: { required: true } },
      { name: 'cases', type: 'integer', title: localisedTitle(STARTER.cases)[lang0], constraints: { minimum: 0 } },
    ];
    const tableSchema = { fields, ...(territory && layer ? { primaryKey: [territory.id, 'date'] } : {}), missingValues: [''] };
    const ds = join(tmp, 'datasets', 'example');
    write(join(ds, 'cases.csv'), [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n', files, tmp);
    write(join(ds, 'cases.schema.json'), `${JSON.stringify(tableSchema, null, 2)}\n`, files, tmp);
    const territoryName = (lang: string) => (territory ? localize(territory.title, lang, config!.languages[0]!).toLowerCase() : '');
    const dataset = {
      title: territory && layer ? textFor(STARTER.datasetTitle, languages, (lang, s) => s.replace('{territory}', territoryName(lang))) : textFor(STARTER.datasetTitlePlain, languages),
      description: textFor(STARTER.datasetDescription, languages),
      sector: typeof portal.sectors[0] === 'string' ? portal.sectors[0] : portal.sectors[0]!.id,
      publisher: 'example-agency',
      frequency: 'daily',
      updated: '2020-11-15',
      temporal: { start: '2020-11-13', end: '2020-11-15' },
      ...(config ? { spatial: textFor({}, languages, (lang) => countryName(lang)) } : {}),
      resources: [{ name: 'cases', path: 'cases.csv', schema: 'cases.schema.json' }],
      charts: territory && layer ? [{ type: 'map', layer: layer.id, key: territory.id, y: ['cases'] }, { type: 'line', x: 'date', y: ['cases'] }] : [{ type: 'line', x: 'date', y: ['cases'] }],
    };
    write(join(ds, 'dataset.yaml'), yamlFile(schemaPath(target, 'dataset', 2), 'An example: replace it with real data (README.md of this folder says how).', dataset), files, tmp);
    write(join(tmp, 'README.md'), readme({ country, pack, languages, maps: maps.map((m) => m.path) }), files, tmp);

    const report = await validateContent(tmp);
    if (report.issues.length > 0) throw new Error(`the new portal does not validate (a bug of new-portal):\n${report.issues.map(formatIssue).join('\n')}`);
    checkTarget(target); // again: something may have appeared meanwhile
    if (existsSync(target)) rmSync(target, { recursive: true }); // empty, checked above
    mkdirSync(dirname(target), { recursive: true });
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return { dir: target, pack: pack?.code, languages, files: files.sort() };
}

/** A localised text reduced to the portal's languages (a pack may carry more). */
function narrow<T extends string | Record<string, string> | undefined>(text: T, languages: string[]): T {
  if (text === undefined || typeof text === 'string') return text;
  const kept = Object.fromEntries(Object.entries(text).filter(([l]) => languages.includes(l)));
  return (Object.keys(kept).length > 0 ? kept : Object.values(text)[0]) as T;
}

/** The editor hint on each YAML file's first line, pointing at the framework's schemas/. */
function schemaPath(target: string, name: string, depth = 0): string {
  // depth: how many folders below the content root the YAML file is (datasets/<slug>/ is 2).
  const schemas = resolve(PACKS_DIR, '..', 'schemas');
  const from = depth === 0 ? target : join(target, ...Array(depth).fill('x'));
  return relativePosix(from, join(schemas, `${name}.schema.json`));
}

function relativePosix(from: string, to: string): string {
  const a = resolve(from).split(/[\\/]/).filter(Boolean);
  const b = resolve(to).split(/[\\/]/).filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...Array(a.length - i).fill('..'), ...b.slice(i)].join('/');
}

function readme({ country, pack, languages, maps }: { country: string; pack?: LoadedPack; languages: string[]; maps: string[] }): string {
  return `# Content of the ${country} crisis data portal

This folder is everything the portal publishes. It was created by \`npm run new-portal\`
${pack ? `from the ${country} country pack (packs/${country}/)` : '(no country pack exists for this country yet, so it has no map layers)'}, in ${languages.join(', ')}.
Check it and see it, from the framework's folder:

\`\`\`sh
PORTAL_CONTENT=${'<this folder>'} npm run validate   # lists every problem with file, line and field
PORTAL_CONTENT=${'<this folder>'} npm start          # builds and serves it on http://127.0.0.1:4321
\`\`\`

## What is here

\`\`\`
portal.yaml                    name, languages, address (baseUrl), sectors, default licence, colours${maps.length ? ', map layers' : ''}
publishers/example-agency.yaml one file per organisation that publishes data; the file name is its id
datasets/example/              an example dataset: dataset.yaml, cases.csv and its Table Schema
${maps.map((m) => `${m.padEnd(31)}a map layer${pack ? ' from the country pack' : ''}`).join('\n')}
\`\`\`

## What to do

1. In \`portal.yaml\`, set \`baseUrl\` to the real public address of the portal, and the \`name\`.
2. Replace \`publishers/example-agency.yaml\` with one file per organisation (its \`name\` in each
   language, its web site and contact address).
3. Add datasets: one folder per dataset under \`datasets/\`, holding \`dataset.yaml\`, the data
   files exactly as published and a Table Schema (\`*.schema.json\`) for each CSV file. Copy
   \`datasets/example/\` to start, then delete the example.
4. Text can be given in each language: \`title: {${languages.map((l) => `${l}: "…"`).join(', ')}}\`.
5. Run \`npm run validate\` after each change: it names the file, the line and the field of every problem.

An existing catalog (CKAN, DCAT-AP, JKAN) can be brought in with
\`npm run import -- <source> --content <this folder>\` (see docs/new-country.md of the framework).
`;
}
