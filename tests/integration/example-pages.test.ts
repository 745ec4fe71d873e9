// The example portal as a new user reads it (issue 9): pages of the example content build,
// checked for what was wrong before — empty automatic charts, doubled titles, rounded-away
// values, codes instead of names — and for the per-100,000 rates and the live chart. The
// territory pages and their figures files are answered on demand: asked of the real server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleBuild } from '../helpers/example-build.ts';
import { startServer, type RunningServer } from '../helpers/portal.ts';

let client = '';
let server: RunningServer | undefined;
beforeAll(async () => {
  const dist = exampleBuild();
  client = join(dist, 'client');
  server = await startServer(dist);
}, 1_200_000);
afterAll(async () => server?.stop());
const page = (path: string) => readFileSync(join(client, path, 'index.html'), 'utf8');
/** A page without its scripts (the JSON-LD keeps the schemas' own titles). */
const visible = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '');
/** An address answered on demand, from the running server. */
const served = async (path: string) => {
  const res = await fetch(`${server!.url}/${path}`);
  expect(res.status, path).toBe(200);
  return res.text();
};

describe('example dataset pages', () => {
  it('an automatic chart with nothing to draw is left out, not shown as an empty box', () => {
    for (const p of ['datasets/accessibilite-etablissements-sante', 'en/datasets/accessibilite-etablissements-scolaires']) {
      const html = page(p);
      expect(html, p).not.toMatch(/Aucune valeur à représenter|No value to draw/);
      expect(html, p).toContain('class="points-svg"'); // the points map, which has something to show, stays
    }
    // The bicycle parking example has one row: an automatic line chart of one point draws no line.
    for (const p of ['datasets/stationnement-cyclable', 'en/datasets/stationnement-cyclable']) {
      const html = page(p);
      expect(html, p).not.toContain('data-chart="line"');
      expect(html, p).not.toContain('capacite, capacite_cargo, d_service');
      expect(html, p).toContain('class="points-svg"');
    }
    // Its points map counts in the singular, in both languages.
    expect(page('en/datasets/stationnement-cyclable')).toContain('1 location with coordinates; 1 shown on the map.');
    expect(page('datasets/stationnement-cyclable')).toContain('1 lieu avec des coordonnées ; 1 sur la carte.');
  });

  it('an automatic chart\'s title reads as a sentence: the column\'s title in lower case after "by"', () => {
    expect(page('en/datasets/lits-reanimation-etablissements')).toMatch(/<h3[^>]*>Occupied beds \(beds\), Available beds \(beds\), Of which COVID-19 patients by day<\/h3>/);
    expect(page('datasets/lits-reanimation-etablissements')).toMatch(/<h3[^>]*>Lits occupés \(lits\), Lits disponibles \(lits\), Dont patients COVID-19 par jour<\/h3>/);
  });

  it('titles are not doubled, values keep three significant digits, columns are in the page language', () => {
    expect(page('datasets/centres-vaccination')).toContain('Carte : Lieux de vaccination');
    expect(page('datasets/centres-vaccination')).not.toContain('Lieux de Lieux');
    const en = page('en/datasets/cantines-teledeclarations-2021');
    expect(en).toContain('Organic share of purchases: the highest is');
    expect(en).not.toMatch(/<h3[^>]*>[^<]*Télédéclaration Ratio Bio/);
    expect(en).toMatch(/Organic share of purchases: highest in [^(]+\(0\.\d{3}\)/);
  });

  it('charts name départements, regions and age groups in words, in the page language', () => {
    // The population table's charts: a map and the 15 most populous by name (Nord, 2,608,346), not "59".
    const population = page('en/datasets/population-departements');
    expect(population).toContain('Municipal population (inhabitants): highest in Nord (2,608,346), lowest in Lozère (76,604).');
    expect(population).toMatch(/class="bar-label"[^>]*>Nord</);
    expect(population).not.toMatch(/class="bar-label"[^>]*>59</);
    // The canteens' region column: the schema's French title "Libellé Région" stays off English charts.
    const canteens = page('en/datasets/cantines-teledeclarations-2021');
    expect(canteens.replace(/<script[\s\S]*?<\/script>/g, '')).not.toContain('Libellé Région'); // the JSON-LD keeps the schema's own title
    expect(canteens).toMatch(/<th scope="col"[^>]*>Region<\/th>/);
    // The first rows' table of the dashboard's sources whose schemas have French titles: English words.
    const centres = visible(page('en/datasets/centres-vaccination'));
    expect(centres).toMatch(/>Name<span class="visually-hidden"[^>]*> \(nom\)<\/span>/);
    expect(centres).not.toMatch(/Horaires de rendez-vous|Précision du géocodage/);
    expect(visible(canteens)).not.toMatch(/Identifiant Télédéclaration|>Nom de la cantine</); // titles; the schema's descriptions stay French
    // The two schema examples: the fountains' French titles and the bicycle parking's bare names, in English.
    expect(visible(page('en/datasets/fontaines-eau-potable'))).toMatch(/>Type of fountain<span class="visually-hidden"[^>]*> \(type_fontaine\)<\/span>/);
    expect(visible(page('en/datasets/stationnement-cyclable'))).toMatch(/>Capacity \(spaces\)<span class="visually-hidden"[^>]*> \(capacite\)<\/span>/);
    // Age group 0 is every age: said in words ("All ages", "Tous âges"), not "Age group = 0".
    expect(page('en/datasets/donnees-hospitalieres-classe-age-covid19')).toContain('Rows where Age group = All ages.');
    expect(page('datasets/donnees-hospitalieres-classe-age-covid19')).toContain('Tous âges');
    // French without a name in need of an article ("celle de Nord"): the value, then the name.
    expect(page('datasets/population-departements').replace(/[\u00a0\u202f]/g, ' ')).toContain(
      'Population municipale (habitants) : la valeur la plus élevée est 2 608 346 (Nord), sur 101 catégories.',
    );
  });

  it("the acceslibre examples' French schemas read in English on English pages: titles, descriptions, coded values", () => {
    for (const slug of ['accessibilite-etablissements-sante', 'accessibilite-etablissements-scolaires']) {
      const en = visible(page(`en/datasets/${slug}`));
      expect(en, slug).toMatch(/>Step-free entrance<span class="visually-hidden"[^>]*> \(entree_plain_pied\)<\/span>/);
      expect(en, slug).toMatch(/>Camber<span class="visually-hidden"[^>]*> \(cheminement_ext_devers\)<\/span>/);
      expect(en, slug).toContain('Contrasting step nosings, a tactile warning strip at the top of the stairs');
      expect(en, slug).not.toMatch(/Entrée de plain-pied|Dévers|Main courante|Stationnement privé|Nez de marche contrastés/);
      // The first row's cambered, gently sloping path: the codes léger and légère, in words.
      const rows = /class="[^"]*preview-rows"[\s\S]*?<tbody[^>]*>\s*<tr[^>]*>([\s\S]*?)<\/tr>/.exec(en)?.[1] ?? '';
      expect(rows, slug).toMatch(/>Slight</);
      expect(rows, slug).toMatch(/>Gentle</);
      expect(rows, slug).not.toMatch(/>légère?</);
      expect(visible(page(`datasets/${slug}`)), slug).toMatch(/>Entrée de plain-pied<span class="visually-hidden"[^>]*> \(entree_plain_pied\)<\/span>/);
    }
  });

  it("the data dictionary speaks the page's language: dataset.yaml's English descriptions, the schema's French ones", () => {
    const en = page('en/datasets/donnees-hospitalieres-covid19');
    const dictionary = (html: string) => /<details class="dictionary">[\s\S]*?<\/details>/.exec(html)?.[0] ?? '';
    expect(dictionary(en)).toContain('Running total of people who died in hospital since 18 March 2020.');
    expect(dictionary(en)).not.toContain('Nombre cumulé');
    const fr = page('datasets/donnees-hospitalieres-covid19');
    expect(dictionary(fr)).toContain('Nombre cumulé de personnes décédées à l&#39;hôpital depuis le 18 mars 2020.');
  });

  it('territory codes of the table preview and its statistics read as the map names them', () => {
    const en = page('en/datasets/donnees-hospitalieres-covid19');
    // The first row of the first rows' table, and the statistics' most frequent values.
    const rows = /class="[^"]*preview-rows"[\s\S]*?<tbody[^>]*>\s*<tr[^>]*>([\s\S]*?)<\/tr>/.exec(en)?.[1] ?? '';
    expect(rows).toMatch(/>Ain</);
    expect(rows).not.toMatch(/>01</);
    expect(en).toMatch(/data-label="Most frequent: "[^>]*>Ain \(729\), Aisne \(729\)/);
    expect(en).not.toMatch(/data-label="Most frequent: "[^>]*>0\d \(/);
  });

  it('the live beds page: server SVG, the reporters sentence, no chart library', () => {
    const html = page('en/datasets/lits-reanimation-etablissements');
    expect(html).toMatch(/<div class="live-chart"[^>]*>[\s\S]*<svg class="svg-chart"[^>]*data-chart="line"/);
    expect(html).toContain('5 of 5 reporters have reported for November 14, 2020.');
    expect(html).not.toContain('astro-island');
  });
});

describe('example dashboard', () => {
  it('rates per 100,000 inhabitants per département, from the INSEE population dataset', async () => {
    // hosp in Paris on 15 November 2020 (1,373) / 2,165,423 inhabitants × 100,000 = 63.4
    expect(await served('en/dashboards/covid-19/75/')).toMatch(/<data value="63\.405\d*"[^>]*>63\.4<\/data>/);
    expect(page('dashboards/covid-19')).toContain('Patients hospitalisés pour 100 000 habitants');
    const population = page('datasets/population-departements');
    expect(population).toContain('Licence Ouverte / Open Licence 2.0');
    expect(population).toContain('INSEE — Populations légales 2019');
  });

  it('each chart has a permalink, on the whole-area page and on a territory page', async () => {
    expect(page('en/dashboards/covid-19')).toMatch(/<a href="\/en\/dashboards\/covid-19\/#ind-reanimation"[^>]*>Link to this chart<\/a>/);
    expect(await served('dashboards/covid-19/2A/')).toMatch(/<a href="\/dashboards\/covid-19\/2A\/#ind-reanimation"[^>]*>Lien vers ce graphique<\/a>/);
  });

  it('a territory page says which indicators have no figures for it, apart from those not by territory', async () => {
    // Mayotte (976): no vaccination centre (no com_insee 976…) and no canteen declaration in the files.
    const html = await served('en/dashboards/covid-19/976/');
    expect(html).toContain('No figures for Mayotte in the data: Vaccination centres, Organic share of canteen purchases (mean).');
    expect(html).toContain('Not available by territory: Occupied intensive-care beds.');
  });

  // The canteens' file: the mean of teledeclaration_ratio_bio over its 3,089 rows is 0.14265, shown × 100.
  it('a figure without days: its summary says its unit, and its card draws no empty sparkline', () => {
    const embed = page('en/embed/dashboards/covid-19/cantines-bio');
    expect(embed).toContain('Organic share of canteen purchases (mean): 14.3 %.');
    expect(embed).not.toContain('class="sparkline"');
    expect(embed).not.toContain('<details class="chart-data"'); // no table of a single "—" day
    const whole = page('en/dashboards/covid-19');
    expect(whole).toContain('Patients in hospital: from March 18, 2020 to November 15, 2020, lowest 2,972 patients on March 18, 2020');
    const sparklines = [...whole.matchAll(/<svg class="sparkline"[^>]*>\s*<path d="([^"]*)"/g)].map((m) => m[1]!);
    expect(sparklines).toHaveLength(7); // the 7 indicators with days; none for the 2 counts without
    for (const d of sparklines) expect(d).toMatch(/L/);
  });

  // Paris (75), sexe = 0 rows of the hospital file: hosp 376 on 16 September 2020, 362 on 17
  // September, 1,373 on 15 November (the last day). 60 days back from 15 November start on 17 September.
  it("a territory page's tables show the last 60 days, say so, and link every day of its figures", async () => {
    const html = await served('en/dashboards/covid-19/75/');
    const section = /<section class="indicator" id="ind-hospitalises"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(section).toContain('Show the figures of the last 60 days as a table');
    expect(section).toMatch(/<caption class="table-window[^"]*"[^>]*>Patients in hospital — Paris: the last 60 days, September 17, 2020 to November 15, 2020 \(the chart shows every day\)<\/caption>/);
    const rows = [...section.matchAll(/<time datetime="([^"]+)">[^<]*<\/time><\/th><td class="num">([^<]*)<\/td>/g)].map((m) => [m[1]!, Number(m[2]!.replace(/,/g, ''))] as const);
    expect(rows).toHaveLength(60);
    expect(rows[0]).toEqual(['2020-11-15', 1373]);
    expect(rows.at(-1)).toEqual(['2020-09-17', 362]);
    expect(section).not.toContain('datetime="2020-09-16"');
    // The chart still draws every day, from the first (18 March) to the last.
    expect(section).toMatch(/data-x="[\d.]+ [\d.]+ 2020-03-18 2020-11-15"/);
    // Every day of the territory's figures: the files the page links, with the table's values.
    expect(section).toMatch(/<a href="\/dashboards\/covid-19\/figures\/territories\/75\.csv" download[^>]*>Every day of Paris \(CSV\)<\/a>/);
    expect(section).toMatch(/<a href="\/dashboards\/covid-19\/figures\/territories\/75\.json" type="application\/json"[^>]*>Every day of Paris \(JSON\)<\/a>/);
    const csv = (await served('dashboards/covid-19/figures/territories/75.csv')).trim().split('\r\n');
    const head = csv[0]!.split(',');
    expect(head.slice(0, 2)).toEqual(['date', 'hospitalises']);
    const byDay = new Map(csv.slice(1).map((l) => [l.split(',')[0]!, l.split(',')]));
    expect(byDay.get('2020-03-18')).toBeDefined();
    expect(byDay.get('2020-09-16')![head.indexOf('hospitalises')]).toBe('376');
    for (const [day, value] of rows) expect(Number(byDay.get(day)![head.indexOf('hospitalises')]), day).toBe(value);
    const json = JSON.parse(await served('dashboards/covid-19/figures/territories/75.json')) as {
      territory: { name: string };
      dates: string[];
      indicators: { id: string; values: (number | null)[] }[];
    };
    expect(json.territory.name).toBe('Paris');
    const hosp = json.indicators.find((i) => i.id === 'hospitalises')!;
    expect(hosp.values[json.dates.indexOf('2020-11-15')]).toBe(1373);
    expect(hosp.values[json.dates.indexOf('2020-09-16')]).toBe(376);
  });

  it('the map has insets for overseas départements and a dense-area inset for Paris and its petite couronne', () => {
    const html = page('dashboards/covid-19/map/hospitalises-taux');
    const dense = /<g class="dense-inset" aria-hidden="true"[^>]*>([\s\S]*?)<\/g>/.exec(html)?.[1] ?? '';
    expect([...dense.matchAll(/data-copy-of="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual(['75', '92', '93', '94']);
    // Copies are not territories of their own: the map still has one path per département.
    expect(html.match(/<path [^>]*data-key=/g)).toHaveLength(101);
    expect(html.match(/class="inset"/g)).toHaveLength(6);
  });
});
