// The dataset.yaml written for a new dataset: every required field either filled from what is
// known (the title from the file name, the date from the file, the dialect that was read) or a
// placeholder that `npm run validate` refuses with a message saying what to write, so an
// unfinished dataset can never be built by mistake.

import { stringify } from 'yaml';
import { FREQUENCY_IDS } from '../config/frequencies.ts';
import type { Dialect } from '../tableschema/index.ts';

/** The placeholder of a field that has a closed list of values: validation lists them. */
export const TODO = 'TODO';

export interface DatasetYamlInput {
  /** Relative path from the dataset folder to schemas/dataset.schema.json, for editors. */
  jsonSchema: string;
  source: string;
  title: string;
  sector?: string;
  sectors: string[];
  publisher?: string;
  publishers: string[];
  updated: string;
  resource: { name: string; path: string; schema?: string; dialect?: Dialect; schemaNote?: string };
}

const scalar = (v: unknown): string => stringify(v, { lineWidth: 0 }).trimEnd();

/** A human title from a file name: "centres-vaccination_2021.csv" → "Centres vaccination 2021". */
export function titleFromFileName(base: string): string {
  const words = base
    .replace(/\.[^.]+$/, '')
    .replace(/[_\-.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : base;
}

export function renderDatasetYaml(d: DatasetYamlInput): string {
  const r = d.resource;
  const lines = [
    `# yaml-language-server: $schema=${d.jsonSchema}`,
    `# Written by \`npm run new-dataset\` from ${d.source}. \`npm run validate\` refuses this dataset`,
    '# until every TODO below is replaced.',
    `title: ${scalar(d.title)}`,
    '# TODO: describe what the data is, how it is collected and its caveats (Markdown), e.g.',
    '#   description: {fr: "Nombre de lits occupés, par établissement et par jour.", en: "…"}',
    'description: null',
    d.sector ? `sector: ${scalar(d.sector)}` : `sector: ${TODO}   # one of: ${d.sectors.join(', ')}`,
    d.publisher
      ? `publisher: ${scalar(d.publisher)}`
      : `publisher: ${TODO}   # ${d.publishers.length ? `one of: ${d.publishers.join(', ')}` : 'add a file publishers/<id>.yaml and write its <id> here'}`,
    `frequency: ${TODO}   # one of: ${FREQUENCY_IDS.join(', ')}`,
    `updated: ${d.updated}   # the date the data last changed (here: the file's modification date)`,
    'resources:',
    `  - name: ${scalar(r.name)}`,
    `    path: ${scalar(r.path)}`,
  ];
  if (r.schema) lines.push(`    schema: ${scalar(r.schema)}`);
  if (r.schemaNote) lines.push(`    # ${r.schemaNote}`);
  // JSON-quoted values are valid YAML and keep a tab or ";" delimiter unambiguous.
  if (r.dialect)
    lines.push(
      `    dialect: {${Object.entries(r.dialect)
        .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
        .join(', ')}}`,
    );
  return `${lines.join('\n')}\n`;
}
