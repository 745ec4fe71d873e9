// How content/datasets/population-departements/population-departements.csv was made: the
// population of each département as the sum of its communes' legal population (INSEE,
// "populations légales 2019", in force on 1 January 2022; Mayotte: INSEE 2017 census), from the
// data files of the npm package @etalab/decoupage-administratif 1.1.1 (data under the Licence
// Ouverte / Etalab 2.0, code MIT). The package is NOT a dependency of the portal: it is fetched
// once into a temporary folder, read, and left there.
//
//   mkdir -p /tmp/decoupage && cd /tmp/decoupage
//   npm pack @etalab/decoupage-administratif@1.1.1 && tar xzf etalab-decoupage-administratif-1.1.1.tgz
//   cd - && npx tsx scripts/population-departements.ts /tmp/decoupage/package/data
//
// 1.1.1 is the package's 2021 edition, whose populations (reference year 2019) are the closest
// to the example's COVID-19 figures (2020). Only the départements of the example map layer
// (content/maps/departements.geojson: 96 in mainland France and Corsica, 971–974 and 976) are
// written; codes stay text with their leading zero (01, 2A, 971).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Commune {
  code: string;
  departement: string;
  type: string;
  population?: number;
}
interface Departement {
  code: string;
  nom: string;
}

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('Usage: npx tsx scripts/population-departements.ts <folder of decoupage-administratif data/>');
  process.exit(2);
}
const root = join(import.meta.dirname, '..', 'content');
const layer = JSON.parse(readFileSync(join(root, 'maps/departements.geojson'), 'utf8')) as { features: { properties: { code: string } }[] };
const wanted = new Set(layer.features.map((f) => f.properties.code));
const communes = JSON.parse(readFileSync(join(dataDir, 'communes.json'), 'utf8')) as Commune[];
const names = new Map((JSON.parse(readFileSync(join(dataDir, 'departements.json'), 'utf8')) as Departement[]).map((d) => [d.code, d.nom]));

const totals = new Map<string, { population: number; communes: number }>();
for (const c of communes) {
  // Current communes only: delegated and associated communes and Paris/Lyon/Marseille districts
  // are parts of a current commune, whose population already counts them.
  if (c.type !== 'commune-actuelle' || typeof c.population !== 'number') continue;
  const t = totals.get(c.departement) ?? { population: 0, communes: 0 };
  t.population += c.population;
  t.communes += 1;
  totals.set(c.departement, t);
}
const missing = [...wanted].filter((code) => !totals.has(code));
if (missing.length > 0) {
  console.error(`No commune population for the départements ${missing.join(', ')} of the map layer.`);
  process.exit(1);
}
const codes = [...wanted].sort();
const lines = ['dep,nom,population,communes', ...codes.map((code) => `${code},"${names.get(code) ?? ''}",${totals.get(code)!.population},${totals.get(code)!.communes}`)];
const out = join(root, 'datasets/population-departements/population-departements.csv');
writeFileSync(out, lines.join('\n') + '\n');
console.log(`${codes.length} départements, ${[...codes].reduce((n, c) => n + totals.get(c)!.population, 0)} inhabitants → ${out}`);
