// Synthetic inputs for the benchmark: a portal content folder of N datasets, a bare
// Astro project of N trivial pages, and a large CSV for the validation benchmark.
import { createWriteStream, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

const SECTORS = ['health', 'transport', 'food', 'education'];
const FREQUENCIES = ['daily', 'weekly', 'monthly', 'annual', 'irregular'];
const PUBLISHERS: Record<string, string> = {
  'sante-publique': 'name: {fr: Agence de santé publique, en: Public health agency}\ndescription: Une agence **fictive**.\nurl: https://sante.example.org\n',
  'mairie-bench': 'name: Mairie de banc d’essai\n',
  'region-bench': 'name: {fr: Région d’essai, en: Test region}\n',
  'transports-bench': 'name: {fr: Régie des transports, en: Transit authority}\nurl: https://transports.example.org\n',
  'education-bench': 'name: {fr: Rectorat d’essai, en: Test education office}\n',
};

const DATASET_SCHEMA = JSON.stringify(
  {
    fields: [
      { name: 'code', type: 'string', title: 'Code', description: 'Code du site', constraints: { required: true, pattern: 'S[0-9]{2}' } },
      { name: 'jour', type: 'date', title: 'Jour', constraints: { required: true } },
      { name: 'nombre', type: 'integer', title: 'Nombre', constraints: { minimum: 0 } },
      { name: 'taux', type: 'number', title: 'Taux', constraints: { minimum: 0, maximum: 100 } },
      { name: 'commentaire', type: 'string', title: 'Commentaire' },
    ],
    primaryKey: ['code', 'jour'],
  },
  null,
  2,
);

function datasetCsv(i: number, rows: number): string {
  const lines = ['code;jour;nombre;taux;commentaire'];
  for (let r = 0; r < rows; r++) {
    const day = new Date(Date.UTC(2020, 2, 18) + (Math.floor(r / 4) + (i % 30)) * 86400000).toISOString().slice(0, 10);
    lines.push(`S${String(r % 4).padStart(2, '0')};${day};${(i * 7 + r * 13) % 500};${((i + r) % 1000) / 10};"ligne ${r}, jeu ${i}"`);
  }
  return `${lines.join('\n')}\n`;
}

function datasetYaml(i: number, slug: string): string {
  const publisher = Object.keys(PUBLISHERS)[i % Object.keys(PUBLISHERS).length];
  return `title: {fr: Jeu de données ${i}, en: Dataset ${i}}
description:
  fr: |
    Relevé **quotidien** numéro ${i} par site, généré pour le banc d’essai.

    Chaque ligne donne un nombre et un taux pour un site et un jour.
  en: Generated **daily** record number ${i} per site, for the benchmark.
sector: ${SECTORS[i % SECTORS.length]}
publisher: ${publisher}
tags: [bench, tag-${i % 50}, groupe-${i % 7}]
frequency: ${FREQUENCIES[i % FREQUENCIES.length]}
updated: 2021-0${(i % 9) + 1}-15
temporal: {start: 2020-03-18, end: 2020-04-30}
spatial: {fr: Territoire d’essai, en: Test territory}
resources:
  - name: ${slug}
    path: data.csv
    title: {fr: Données par jour, en: Data per day}
    schema: data.schema.json
    dialect: {delimiter: ";"}
`;
}

/** Write a complete bilingual content folder with `n` datasets (~20-row CSV + Table Schema each). */
export function generatePortal(dir: string, n: number, rowsPerDataset = 20): void {
  mkdirSync(join(dir, 'publishers'), { recursive: true });
  writeFileSync(
    join(dir, 'portal.yaml'),
    `name: {fr: Portail de banc d’essai, en: Benchmark portal}
tagline: {fr: Des données pour mesurer., en: Data for measuring.}
country: FR
languages: [fr, en]
baseUrl: https://bench.example.org
license: etalab-2.0
contact: contact@bench.example.org
`,
  );
  for (const [id, yaml] of Object.entries(PUBLISHERS)) writeFileSync(join(dir, 'publishers', `${id}.yaml`), yaml);
  for (let i = 0; i < n; i++) {
    const slug = `jeu-${String(i).padStart(5, '0')}`;
    const d = join(dir, 'datasets', slug);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'dataset.yaml'), datasetYaml(i, slug));
    writeFileSync(join(d, 'data.csv'), datasetCsv(i, rowsPerDataset));
    writeFileSync(join(d, 'data.schema.json'), DATASET_SCHEMA);
  }
}

/**
 * A minimal static Astro project: one dynamic page whose getStaticPaths returns `n` ids.
 * node_modules is a symlink to the repository's, so `astro` resolves to the same install.
 */
export function generateBareAstro(dir: string, n: number, nodeModules: string): void {
  mkdirSync(join(dir, 'src', 'pages'), { recursive: true });
  symlinkSync(nodeModules, join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bare-astro-bench', private: true, type: 'module' }, null, 2));
  // Vite's cache goes into the temp project, not into the shared node_modules.
  writeFileSync(join(dir, 'astro.config.mjs'), `export default { output: 'static', devToolbar: { enabled: false }, vite: { cacheDir: ${JSON.stringify(join(dir, '.vite'))} } };\n`);
  writeFileSync(
    join(dir, 'src', 'pages', '[id].astro'),
    `---
export function getStaticPaths() {
  return Array.from({ length: ${n} }, (_, i) => ({ params: { id: String(i) } }));
}
const { id } = Astro.params;
---
<html lang="en"><head><meta charset="utf-8"><title>Page {id}</title></head><body><h1>Page {id}</h1><p>A trivial page.</p></body></html>
`,
  );
}

/** The 7-column CSV of the validation benchmark (same shape as the former scripts/bench-validate.ts). */
export async function generateBigCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('dep;sexe;jour;hosp;rea;taux;commentaire\r\n');
  for (let i = 0; i < rows; i++) {
    const d = new Date(Date.UTC(2020, 2, 18) + (i % 3000) * 86400000).toISOString().slice(0, 10);
    const line = `"${String(i % 100).padStart(2, '0')}";${i % 3};${d};${i % 500};${i % 50};${(i % 1000) / 10};"ligne ${i}"\r\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Table Schema matching generateBigCsv. */
export const BIG_CSV_SCHEMA = {
  fields: [
    { name: 'dep', type: 'string', constraints: { required: true, pattern: '\\d{2}' } },
    { name: 'sexe', type: 'integer', constraints: { enum: [0, 1, 2] } },
    { name: 'jour', type: 'date', constraints: { minimum: '2020-01-01' } },
    { name: 'hosp', type: 'integer', constraints: { minimum: 0 } },
    { name: 'rea', type: 'integer', constraints: { minimum: 0 } },
    { name: 'taux', type: 'number', constraints: { maximum: 100 } },
    { name: 'commentaire', type: 'string' },
  ],
};
