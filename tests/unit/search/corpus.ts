// A small bilingual catalog written for the search contract: every backend must
// rank and filter it the same way. Titles are real-world phrasings with accents,
// elisions and compound words on purpose.
import type { SearchDocument } from '../../../src/search/types.ts';

interface Entry {
  slug: string;
  fr: string;
  en: string;
  descFr: string;
  descEn: string;
  sector: string;
  publisher: string;
  license: string;
  format: string[];
  tags: string[];
  frequency: string;
  updated: string;
  columns: string;
}

const ENTRIES: Entry[] = [
  {
    slug: 'lits-reanimation',
    fr: 'Lits de réanimation occupés',
    en: 'Occupied intensive-care beds',
    descFr: 'Nombre de lits de réanimation occupés dans chaque hôpital, chaque jour.',
    descEn: 'Occupied intensive-care beds in every hospital, every day.',
    sector: 'health',
    publisher: 'sante-publique-france',
    license: 'etalab-2.0',
    format: ['csv'],
    tags: ['covid-19', 'hôpital'],
    frequency: 'daily',
    updated: '2020-11-15',
    columns: 'etablissement · jour · lits reanimation occupes',
  },
  {
    slug: 'hospitalisations',
    fr: 'Hospitalisations COVID-19 par département',
    en: 'COVID-19 hospitalisations by département',
    descFr: "Personnes hospitalisées, en réanimation, décédées à l'hôpital.",
    descEn: 'People in hospital, in intensive care, deceased in hospital.',
    sector: 'health',
    publisher: 'sante-publique-france',
    license: 'etalab-2.0',
    format: ['csv'],
    tags: ['covid-19', 'épidémie'],
    frequency: 'daily',
    updated: '2020-11-14',
    columns: 'dep · jour · hosp · rea',
  },
  {
    slug: 'centres-vaccination',
    fr: 'Lieux de vaccination',
    en: 'Vaccination centres',
    descFr: 'Adresses et horaires des centres de vaccination.',
    descEn: 'Addresses and opening hours of vaccination centres.',
    sector: 'health',
    publisher: 'ministere-sante',
    license: 'etalab-2.0',
    format: ['csv', 'geojson'],
    tags: ['vaccination'],
    frequency: 'weekly',
    updated: '2021-01-15',
    columns: 'nom · adresse · lat · lon',
  },
  {
    slug: 'cantines-bio',
    fr: 'Produits bio dans les cantines scolaires',
    en: 'Organic food in school canteens',
    descFr: 'Part des achats bio et durables déclarée par les cantines.',
    descEn: 'Share of organic and sustainable purchases declared by canteens.',
    sector: 'food',
    publisher: 'ma-cantine',
    license: 'etalab-2.0',
    format: ['csv'],
    tags: ['cantine', 'bio'],
    frequency: 'annual',
    updated: '2022-12-02',
    columns: 'ratio bio · departement',
  },
  {
    slug: 'menus-collectifs',
    fr: 'Menus de la restauration collective',
    en: 'Public catering menus',
    descFr: 'Menus servis dans les restaurants collectifs.',
    descEn: 'Menus served in public catering.',
    sector: 'food',
    publisher: 'ville-de-test',
    license: 'ODbL-1.0',
    format: ['json'],
    tags: ['cantine', 'menus'],
    frequency: 'weekly',
    updated: '2023-03-01',
    columns: 'date · plat · allergenes',
  },
  {
    slug: 'stationnement-velo',
    fr: 'Stationnement cyclable',
    en: 'Bicycle parking',
    descFr: "Arceaux et abris pour vélos de l'agglomération.",
    descEn: 'Bike racks and shelters.',
    sector: 'transport',
    publisher: 'ville-de-test',
    license: 'ODbL-1.0',
    format: ['csv', 'geojson'],
    tags: ['vélo', 'mobilité'],
    frequency: 'monthly',
    updated: '2022-04-20',
    columns: 'capacite · type accroche · coordonnees',
  },
  {
    slug: 'horaires-bus',
    fr: 'Horaires des bus',
    en: 'Bus timetables',
    descFr: 'Horaires théoriques du réseau de bus au format GTFS.',
    descEn: 'Scheduled bus timetables in GTFS.',
    sector: 'transport',
    publisher: 'transports-test',
    license: 'CC-BY-4.0',
    format: ['zip'],
    tags: ['bus', 'gtfs'],
    frequency: 'weekly',
    updated: '2023-01-10',
    columns: '',
  },
  {
    slug: 'ecoles-accessibilite',
    fr: 'Accessibilité des établissements scolaires',
    en: 'Accessibility of schools',
    descFr: 'Accès des écoles, collèges et lycées aux personnes handicapées.',
    descEn: 'Access to schools for disabled people.',
    sector: 'education',
    publisher: 'acceslibre',
    license: 'etalab-2.0',
    format: ['csv'],
    tags: ['accessibilité', 'école'],
    frequency: 'irregular',
    updated: '2021-06-01',
    columns: 'entree plain pied · stationnement pmr',
  },
  {
    slug: 'fontaines',
    fr: "Fontaines d'eau potable",
    en: 'Drinking water fountains',
    descFr: "Fontaines publiques d'eau potable, utiles pendant les canicules.",
    descEn: 'Public drinking water fountains, useful in heat waves.',
    sector: 'health',
    publisher: 'ville-de-test',
    license: 'etalab-2.0',
    format: ['csv'],
    tags: ['eau', 'canicule'],
    frequency: 'irregular',
    updated: '2025-05-16',
    columns: 'eau potable · acces pmr',
  },
  {
    slug: 'qualite-air',
    fr: "Qualité de l'air",
    en: 'Air quality',
    descFr: "Indice de la qualité de l'air par commune.",
    descEn: 'Air quality index by municipality.',
    sector: 'health',
    publisher: 'ville-de-test',
    license: 'ODbL-1.0',
    format: ['csv'],
    tags: ['air', 'pollution'],
    frequency: 'daily',
    updated: '2024-02-02',
    columns: 'commune · indice',
  },
];

export const CORPUS_LANGUAGES = ['fr', 'en'];

export function corpusDocuments(): SearchDocument[] {
  return ENTRIES.flatMap((e) =>
    CORPUS_LANGUAGES.map((lang) => ({
      id: `${e.slug}:${lang}`,
      slug: e.slug,
      lang,
      url: lang === 'fr' ? `/datasets/${e.slug}/` : `/${lang}/datasets/${e.slug}/`,
      title: lang === 'fr' ? e.fr : e.en,
      description: lang === 'fr' ? e.descFr : e.descEn,
      tags: e.tags,
      columns: e.columns,
      sector: e.sector,
      publisher: e.publisher,
      publisherName: e.publisher.replace(/-/g, ' '),
      license: e.license,
      format: e.format,
      tag: e.tags,
      frequency: e.frequency,
      updated: e.updated,
      updatedDays: Math.floor(Date.parse(`${e.updated}T00:00:00Z`) / 86_400_000),
      coverage: '',
      other: lang === 'fr' ? e.en : e.fr,
    })),
  );
}

export const CORPUS_SIZE = ENTRIES.length;
