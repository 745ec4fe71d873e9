// The few sentences a new portal starts with, in the shipped UI languages. A language without
// an entry here gets the English text under its own tag: the publisher replaces it anyway,
// and validation only asks that every localised text use the portal's languages.

type Texts = Record<string, string>;

export const STARTER = {
  portalName: { en: 'Crisis data', fr: 'Données de crise', et: 'Kriisiandmed' },
  tagline: {
    en: 'Open data that matters in a crisis, in one place.',
    fr: 'Les données ouvertes utiles en temps de crise, en un seul endroit.',
    et: 'Kriisi ajal vajalikud avaandmed ühes kohas.',
  },
  publisherName: { en: 'Example agency', fr: 'Organisme exemple', et: 'Näidisasutus' },
  publisherDescription: {
    en: 'Replace this file with one file per organisation that publishes data.',
    fr: 'Remplacez ce fichier par un fichier par organisme qui publie des données.',
    et: 'Asenda see fail iga andmeid avaldava asutuse kohta eraldi failiga.',
  },
  datasetTitle: { en: 'Example: cases by {territory}', fr: 'Exemple : cas par {territory}', et: 'Näide: juhtumid piirkonniti' },
  datasetTitlePlain: { en: 'Example: daily cases', fr: 'Exemple : cas quotidiens', et: 'Näide: juhtumid päevade kaupa' },
  datasetDescription: {
    en: 'An example dataset showing the format: a CSV file, its Table Schema and a chart. Replace it with real data.',
    fr: 'Un jeu de données exemple qui montre le format : un fichier CSV, son Table Schema et un graphique. Remplacez-le par de vraies données.',
    et: 'Näidisandmestik, mis näitab vormingut: CSV-fail, selle tabeliskeem ja joonis. Asenda see päris andmetega.',
  },
  code: { en: 'Code', fr: 'Code', et: 'Kood' },
  name: { en: 'Name', fr: 'Nom', et: 'Nimi' },
  date: { en: 'Date', fr: 'Date', et: 'Kuupäev' },
  cases: { en: 'Cases', fr: 'Cas', et: 'Juhtumid' },
} satisfies Record<string, Texts>;

/** A localised text for exactly the portal's languages. */
export function textFor(texts: Texts, languages: readonly string[], fill: (lang: string, s: string) => string = (_l, s) => s): Record<string, string> {
  return Object.fromEntries(languages.map((lang) => [lang, fill(lang, texts[lang.split('-')[0]!] ?? texts.en!)]));
}
