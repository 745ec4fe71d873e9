// Figures computed from the real example files, checked against values worked out by hand
// (awk over the CSV, see the comments), and the pure transforms on small series.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent, type Catalog } from '../../../src/content/load.ts';
import { computeFigures } from '../../../src/dashboards/derive.ts';
import { dashboardFigures, indicatorFigures } from '../../../src/dashboards/figures.ts';
import { territoryCsv, territoryJson } from '../../../src/dashboards/export.ts';
import { dailyReporters } from '../../../src/dashboards/expected-reporters.ts';
import { keyFigure } from '../../../src/dashboards/key-figure.ts';
import { applyPolicy } from '../../../src/dashboards/policy.ts';
import { applyTransforms, changeOver, dailyDifference, per100k, rollingMean, scale } from '../../../src/dashboards/transforms.ts';
import { codeMapper, matchCodes } from '../../../src/dashboards/codes.ts';
import type { DashboardData } from '../../../src/dashboards/types.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('transforms', () => {
  it('daily difference, rolling mean, change and rate never turn a missing day into a zero', () => {
    expect(dailyDifference([1, 3, null, 10, 12])).toEqual([null, 2, null, null, 2]);
    expect(rollingMean([1, 2, 3, null, 5, 6, 7], 3)).toEqual([null, null, 2, null, null, null, 6]);
    expect(changeOver([5, 6, 8, 7], 2)).toEqual([null, null, 3, 1]);
    expect(per100k([50, null], 2_000_000)).toEqual([2.5, null]);
    expect(per100k([50], undefined)).toEqual([null]);
    expect(applyTransforms([0, 7, 21, 42], ['daily-difference', { 'rolling-mean': 2 }])).toEqual([null, null, 10.5, 17.5]);
    expect(scale([0.25, null, 1], 100)).toEqual([25, null, 100]);
    expect(applyTransforms([0.1, 0.2], [{ scale: 100 }, { change: 1 }])).toEqual([null, 10]);
  });

  it('the key figure is the latest value with its change, coloured by what a rise means', () => {
    const dates = ['2020-11-01', '2020-11-02', '2020-11-03', '2020-11-04'];
    expect(keyFigure(dates, [10, 12, 15, null], 2, 'worse')).toEqual({ value: 15, date: '2020-11-03', previous: 10, change: 5, changePercent: 50, direction: 'up', meaning: 'worse' });
    expect(keyFigure(dates, [10, 12, 8, null], 1, 'better')).toMatchObject({ direction: 'down', meaning: 'worse' });
    expect(keyFigure(dates, [null, null, null, null], 1)).toBeUndefined();
  });

  it('territory codes keep their zeros and map through a pattern', () => {
    expect(codeMapper({ pad: 2 })('1')).toBe('01');
    expect(codeMapper({ pad: 2 })('2A')).toBe('2A');
    expect(codeMapper({ pattern: '^DEP-(.+)$' })('DEP-75')).toBe('75');
    expect(codeMapper({ pattern: '^(97\\d|\\d[0-9AB])' })('97105')).toBe('971');
    expect(codeMapper({ pattern: '^(97\\d|\\d[0-9AB])' })('2A004')).toBe('2A');
    expect(codeMapper(undefined)('')).toBeNull();
    expect(matchCodes(['01', '75', '99', 'x'], new Set(['01', '75']), 1)).toEqual({ total: 4, matched: 2, unmatched: ['99'] });
  });
});

describe('live data: the declared policy, never a partial sum', () => {
  // H01 reports days 0, 1, 2; H02 days 0 and 1 only.
  const byReporter = { H01: [12, 14, 15], H02: [5, 6, null] };
  it('complete-periods-only shows no figure for a day some reporter has not reported', () => {
    expect(applyPolicy(byReporter, 3, 'complete-periods-only')).toEqual({ values: [17, 20, null], reported: [2, 2, 1], counted: [2, 2, 1], reporters: 2 });
  });
  it("carry-forward uses a reporter's last value for at most N days", () => {
    expect(applyPolicy(byReporter, 3, { 'carry-forward': 1 }).values).toEqual([17, 20, 21]);
    expect(applyPolicy({ H01: [1, 1, 1, 1], H02: [2, null, null, null] }, 4, { 'carry-forward': 2 }).values).toEqual([3, 3, 3, null]);
  });
});

describe('figures from the example files', () => {
  let catalog: Catalog;
  let data: DashboardData;
  beforeAll(async () => {
    catalog = loadContent(join(ROOT, 'content')).catalog!;
    const dashboard = catalog.dashboards.find((d) => d.id === 'covid-19')!;
    data = (await computeFigures([dashboard], catalog.datasets)).get('covid-19')!;
  });

  it("canteens' organic share in percent: the mean of the declared 0–1 ratios × 100, nationally and for Paris", () => {
    // python: mean of the 3,089 non-empty teledeclaration_ratio_bio × 100 = 14.2653…; the 48 rows of canteen_department 75: 16.4722…
    const dashboard = catalog.dashboards.find((d) => d.id === 'covid-19')!;
    const bio = dashboardFigures(dashboard, data).indicators.find((f) => f.id === 'cantines-bio')!;
    expect(bio.total.at(-1)).toBeCloseTo(14.26533506, 6);
    expect(bio.territories['75']!.at(-1)).toBeCloseTo(16.47229167, 6);
    expect(bio.card?.value).toBeCloseTo(14.265, 3);
  });

  it('national intensive-care patients on 15 November 2020: 4,880 (sexe = 0 rows of 101 départements)', () => {
    // awk -F';' '{gsub(/"/,"")} $2==0 && $3=="2020-11-15" {r+=$5} END {print r}' donnees-hospitalieres-covid19-2020-11-15-19h55.csv
    const rea = data.indicators.reanimation!;
    expect(rea.dates.at(-1)).toBe('2020-11-15');
    expect(rea.total.at(-1)).toBe(4880);
    expect(Object.keys(rea.territories)).toHaveLength(101);
  });

  it('deaths in hospital, daily difference averaged over 7 days: (30,785 − 27,906) / 7 on 15 November', () => {
    // national cumulative dc (sexe = 0): 27,906 on 8 November, 30,785 on 15 November
    const dashboard = catalog.dashboards.find((d) => d.id === 'covid-19')!;
    const figures = dashboardFigures(dashboard, data);
    const deces = figures.indicators.find((f) => f.id === 'deces')!;
    expect(deces.total.at(-1)).toBeCloseTo((30785 - 27906) / 7, 9);
    // Paris: cumulative 2,197 on 8 November, 2,298 on 15 November.
    expect(deces.territories['75']!.at(-1)).toBeCloseTo((2298 - 2197) / 7, 9);
    expect(deces.card?.date).toBe('2020-11-15');
  });

  it('hospitalisations per 100,000 inhabitants from the INSEE population table: Paris and the nation on 15 November', () => {
    // hosp, sexe = 0, 75, 2020-11-15: 1,373 (awk -F';' '$1=="\"75\"" && $2==0 && $3=="\"2020-11-15\""').
    // Paris is one commune (75056): 2,165,423 inhabitants in the legal populations 2019 (communes.json
    // of @etalab/decoupage-administratif 1.1.1, as scripts/population-departements.ts reads it).
    expect(data.population!['75']).toBe(2_165_423);
    expect(data.population!['2A']).toBe(158_507);
    expect(data.population!['976']).toBe(256_518);
    expect(Object.keys(data.population!)).toHaveLength(101);
    const dashboard = catalog.dashboards.find((d) => d.id === 'covid-19')!;
    const figures = dashboardFigures(dashboard, data);
    const rate = figures.indicators.find((f) => f.id === 'hospitalises-taux')!;
    expect(rate.territories['75']!.at(-1)).toBeCloseTo((1373 / 2_165_423) * 100_000, 9); // 63.41
    expect(rate.territories['976']!.at(-1)).toBeCloseTo((13 / 256_518) * 100_000, 9); // 5.07
    // The nation: 33,050 in hospital over 67,244,921 inhabitants (the sum of the table's 101 rows).
    expect(rate.total.at(-1)).toBeCloseTo((33_050 / 67_244_921) * 100_000, 9); // 49.15
    expect(rate.card?.value).toBeCloseTo(49.148, 2);
  });

  it('a share of a total and a change over 7 days: intensive care among the patients in hospital', async () => {
    // awk over the hospital CSV, sexe = 0: 15 November rea 4,880 and hosp 33,050 (Paris: 323 and
    // 1,373); 8 November rea 4,527 and hosp 30,217.
    const dashboard = catalog.dashboards.find((d) => d.id === 'covid-19')!;
    const reanimation = dashboardFigures(dashboard, data).indicators.find((f) => f.id === 'reanimation')!;
    expect(reanimation.card).toMatchObject({ value: 4880, previous: 4527, change: 353, direction: 'up', meaning: 'worse' });
    // The same rows with `share: hosp`: sum(rea) / sum(hosp) × 100 per day and territory.
    const share = { ...dashboard.indicators.find((i) => i.id === 'reanimation')!, id: 'part-rea', share: 'hosp', change: 7 };
    const config = { ...dashboard.config, sections: [{ ...dashboard.config.sections[0]!, indicators: [share] }] };
    const shared = { ...dashboard, id: 'share-test', config, indicators: [share], paths: { 'part-rea': dashboard.paths.reanimation! } };
    const figures = dashboardFigures(shared, (await computeFigures([shared], catalog.datasets)).get('share-test')!);
    const part = figures.indicators.find((f) => f.id === 'part-rea')!;
    expect(part.total.at(-1)).toBeCloseTo((4880 / 33_050) * 100, 9); // 14.77 %
    expect(part.territories['75']!.at(-1)).toBeCloseTo((323 / 1373) * 100, 9); // 23.5 %
    expect(part.card?.change).toBeCloseTo((4880 / 33_050) * 100 - (4527 / 30_217) * 100, 9); // −0.21 point
    expect(part.card?.direction).toBe('down');
  });

  it("the live beds count every hospital of the dataset's reporters file, also one that never reported", () => {
    const beds = catalog.datasets.find((d) => d.slug === 'lits-reanimation-etablissements')!;
    // etablissements.csv: the 5 hospitals, all daily (the dataset's frequency); each sent both days.
    const listed = dailyReporters(beds)!;
    expect(listed).toEqual(['750712184', '690781810', '130786049', '330781196', '590780193']);
    const dashboard = catalog.dashboards.find((d) => d.id === 'covid-19')!;
    const lits = (expected: string[]) => dashboardFigures(dashboard, data, (slug) => (slug === beds.slug ? expected : undefined)).indicators.find((f) => f.id === 'lits-occupes')!;
    expect(lits(listed).total).toEqual([385, 397]);
    expect(lits(listed).reporting).toEqual({ date: '2020-11-14', reported: 5, reporters: 5 });
    // A sixth hospital listed that has sent nothing: "5 of 6", and no day is complete, never 397 as if it were.
    const six = lits([...listed, '440000289']);
    expect(six.total).toEqual([null, null]);
    expect(six.reporting).toEqual({ date: '2020-11-14', reported: 5, reporters: 6 });
    expect(six.reporters!['440000289']).toEqual([null, null]);
  });

  it('counts vaccination centres per département from commune codes, and the live beds by reporter', () => {
    const centres = data.indicators['centres-vaccination']!;
    expect(centres.total).toEqual([854]);
    // Lines 143 and 516 have an empty com_insee: they count nationally, on no département.
    expect(Object.values(centres.territories).reduce((s, v) => s + (v[0] ?? 0), 0)).toBe(852);
    const lits = data.indicators['lits-occupes']!;
    // lits-reanimation.csv: 5 hospitals, 2020-11-13: 112+94+61+48+70 = 385, 2020-11-14: 115+97+63+50+72 = 397
    expect(lits.total).toEqual([385, 397]);
    expect(Object.keys(lits.reporters!)).toHaveLength(5);
  });
});

describe("a territory's figures files (linked from its page, every day of each indicator)", () => {
  const ind = (id: string) => ({ id, title: { en: id }, dataset: 'd', value: 'v', change: 1, transform: [] }) as unknown as Parameters<typeof indicatorFigures>[0];
  // Two indicators over different days; the second has no figure for 75 on its first day.
  const a = indicatorFigures(ind('a'), 0, { id: 'a', codes: [], rows: 0, dates: ['2020-04-01', '2020-04-02'], total: [10, 12], territories: { '75': [1, 2.5], '13': [3, 4] } });
  const b = indicatorFigures(ind('b'), 0, { id: 'b', codes: [], rows: 0, dates: ['2020-04-02', '2020-04-03'], total: [5, 6], territories: { '75': [null, 7] } });
  const figures = { indicators: [a, b] };

  it('CSV: one row per day of any indicator, one column per indicator, empty where there is no figure', () => {
    expect(territoryCsv(figures, '75')).toBe('date,a,b\r\n2020-04-01,1,\r\n2020-04-02,2.5,\r\n2020-04-03,,7\r\n');
    // 13 has no figure of b: b is not a column (its page does not show b either).
    expect(territoryCsv(figures, '13')).toBe('date,a\r\n2020-04-01,3\r\n2020-04-02,4\r\n');
  });

  it('JSON: the same values with the words and key figure of each indicator', () => {
    const d = { id: 'x', config: {} } as unknown as Parameters<typeof territoryJson>[0];
    const j = territoryJson(d, figures, '75', 'en', (c) => (c === '75' ? 'Paris' : c));
    expect(j.territory).toEqual({ code: '75', name: 'Paris' });
    // The days of any indicator; each indicator's values on those days, null where it has none.
    expect(j.dates).toEqual(['2020-04-01', '2020-04-02', '2020-04-03']);
    expect(j.indicators.map((i) => [i.id, i.values, i.latest?.value])).toEqual([
      ['a', [1, 2.5, null], 2.5],
      ['b', [null, null, 7], 7],
    ]);
  });
});
