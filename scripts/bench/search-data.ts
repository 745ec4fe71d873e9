// Generated multilingual catalogs and query sets for the search benchmark.
// Deterministic (seeded), so runs compare.
import type { SearchDocument } from '../../src/search/types.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS: [string, string][] = [
  ['réanimation', 'intensive care'],
  ['hospitalisations', 'hospitalisations'],
  ['vaccination', 'vaccination'],
  ['urgences', 'emergencies'],
  ['pharmacies', 'pharmacies'],
  ['cantines', 'canteens'],
  ['repas', 'meals'],
  ['approvisionnement', 'supply'],
  ['écoles', 'schools'],
  ['collèges', 'secondary schools'],
  ['étudiants', 'students'],
  ['transports', 'transport'],
  ['autobus', 'buses'],
  ['vélos', 'bicycles'],
  ['stationnement', 'parking'],
  ['trafic', 'traffic'],
  ['qualité', 'quality'],
  ['pollution', 'pollution'],
  ['canicule', 'heat wave'],
  ['fontaines', 'fountains'],
  ['accessibilité', 'accessibility'],
  ['déchets', 'waste'],
  ['électricité', 'electricity'],
  ['inondations', 'floods'],
];
const KINDS: [string, string][] = [
  ['Nombre de', 'Number of'],
  ['Liste des', 'List of'],
  ['Suivi des', 'Tracking of'],
  ['Carte des', 'Map of'],
  ['Statistiques des', 'Statistics of'],
];
const SECTORS = ['health', 'transport', 'food', 'education'];
const FREQUENCIES = ['daily', 'weekly', 'monthly', 'annual', 'irregular'];
const LICENSES = ['etalab-2.0', 'ODbL-1.0', 'CC-BY-4.0'];
const FORMATS = ['csv', 'json', 'geojson', 'xlsx'];
const SYLLABLES = ['va', 'lor', 'mon', 'tier', 'bel', 'san', 'cour', 'ville', 'ri', 'bour', 'gne', 'mar', 'chau', 'lan', 'dre', 'fon', 'tai', 'né', 'sé', 'mé'];

/** A place name made of syllables: unique enough to tell one dataset from another. */
function placeName(r: () => number): string {
  const n = 2 + Math.floor(r() * 3);
  let s = '';
  for (let i = 0; i < n; i++) s += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export interface GeneratedDataset {
  slug: string;
  place: string;
  topic: [string, string];
  sector: string;
}

export function generateDocuments(n: number, seed = 7): { docs: SearchDocument[]; datasets: GeneratedDataset[] } {
  const r = rng(seed);
  const docs: SearchDocument[] = [];
  const datasets: GeneratedDataset[] = [];
  for (let i = 0; i < n; i++) {
    const topic = TOPICS[Math.floor(r() * TOPICS.length)]!;
    const topic2 = TOPICS[Math.floor(r() * TOPICS.length)]!;
    const kind = KINDS[Math.floor(r() * KINDS.length)]!;
    const place = placeName(r);
    const sector = SECTORS[Math.floor(r() * SECTORS.length)]!;
    const slug = `jeu-${i}`;
    const updated = `20${10 + Math.floor(r() * 15)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`;
    const tags = [topic[0], topic2[0], sector];
    const common = {
      slug,
      tags,
      columns: `code commune · ${topic[0].normalize('NFD').replace(/\p{M}/gu, '')} total · date`,
      sector,
      publisher: `producteur-${i % 200}`,
      publisherName: `Producteur ${i % 200}`,
      license: LICENSES[i % LICENSES.length]!,
      format: [FORMATS[i % FORMATS.length]!],
      tag: tags,
      frequency: FREQUENCIES[i % FREQUENCIES.length]!,
      updated,
      updatedDays: Math.floor(Date.parse(`${updated}T00:00:00Z`) / 86_400_000),
      coverage: place,
    };
    const fr = `${kind[0]} ${topic[0]} à ${place}`;
    const en = `${kind[1]} ${topic[1]} in ${place}`;
    docs.push({ ...common, id: `${slug}:fr`, lang: 'fr', url: `/datasets/${slug}/`, title: fr, description: `${fr}, avec le détail des ${topic2[0]} par commune et par jour.`, other: en });
    docs.push({ ...common, id: `${slug}:en`, lang: 'en', url: `/en/datasets/${slug}/`, title: en, description: `${en}, with ${topic2[1]} by municipality and day.`, other: fr });
    datasets.push({ slug, place, topic, sector });
  }
  return { docs, datasets };
}

export type QueryKind = 'exact' | 'prefix' | 'typo' | 'accent-free' | 'multi-word' | 'facet';
export interface BenchQuery {
  kind: QueryKind;
  params: string;
  /** The dataset the query was made from: recall counts whether it is on the first page. */
  target: string;
}

/** One typo a person makes: a letter left out, two letters swapped, or a wrong letter. The word stays 5+ letters long. */
function typo(word: string, r: () => number): string {
  const i = 1 + Math.floor(r() * (word.length - 2));
  const ops = [
    () => word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2), // transposition
    () => word.slice(0, i) + 'x' + word.slice(i + 1), // substitution
  ];
  if (word.length >= 6) ops.push(() => word.slice(0, i) + word.slice(i + 1)); // deletion
  return ops[Math.floor(r() * ops.length)]!();
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');

/** Six kinds of query, `perKind` of each, built from random datasets of the catalog. */
export function querySet(datasets: GeneratedDataset[], perKind = 50, seed = 11): BenchQuery[] {
  const r = rng(seed);
  const out: BenchQuery[] = [];
  const pick = () => datasets[Math.floor(r() * datasets.length)]!;
  const q = (s: string) => `q=${encodeURIComponent(s)}`;
  for (let i = 0; i < perKind; i++) {
    let d = pick();
    out.push({ kind: 'exact', params: q(`${d.place} ${d.topic[0]}`), target: d.slug });
    d = pick();
    out.push({ kind: 'prefix', params: q(`${d.topic[0]} ${d.place.slice(0, Math.max(4, d.place.length - 2))}`), target: d.slug });
    // Typos are tolerated from 5 letters, as in Meilisearch: make them in words that long.
    do d = pick();
    while (d.place.length < 5);
    out.push({ kind: 'typo', params: q(`${typo(d.place.toLowerCase(), r)} ${d.topic[0]}`), target: d.slug });
    d = pick();
    out.push({ kind: 'accent-free', params: q(`${fold(d.topic[0])} ${fold(d.place)}`), target: d.slug });
    d = pick();
    out.push({ kind: 'multi-word', params: q(`${d.topic[0]} à ${d.place}`), target: d.slug });
    d = pick();
    out.push({ kind: 'facet', params: `${q(d.place)}&sector=${d.sector}`, target: d.slug });
  }
  return out;
}
