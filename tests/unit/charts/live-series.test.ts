// The live dataset page's chart: rows → daily series with the dataset's policy for missing
// reporters (the dashboards' applyPolicy), and the data table the build and the page write.
import { describe, expect, it } from 'vitest';
import { liveSeries, usesPolicy, type LiveSeriesSpec } from '../../../src/charts/live-series.ts';
import { liveTableRows } from '../../../src/charts/live-table.ts';
import { lineSvg } from '../../../src/charts/line-svg.ts';

// tests/fixtures/portal-valid/datasets/lits-reanimation/lits.csv
const rows = [
  { etablissement: 'H01', jour: '2020-11-01', lits_occupes: 12, lits_total: 20 },
  { etablissement: 'H01', jour: '2020-11-02', lits_occupes: 14, lits_total: 20 },
  { etablissement: 'H02', jour: '2020-11-01', lits_occupes: 5, lits_total: 10 },
  { etablissement: 'H02', jour: '2020-11-03', lits_occupes: 7, lits_total: 10 },
];
const spec = (policy: LiveSeriesSpec['policy'], reporter: string | undefined = 'etablissement'): LiveSeriesSpec => ({
  chart: { type: 'line', x: 'jour', xType: 'date', y: ['lits_occupes', 'lits_total'], aggregate: 'sum', filter: {} },
  fields: ['etablissement', 'jour', 'lits_occupes', 'lits_total'],
  reporter,
  policy,
});

describe('live chart series', () => {
  it('carry-forward 1: a missing hospital counts with its last value for one day, and the day is marked', () => {
    const s = liveSeries(rows, spec({ 'carry-forward': 1 }));
    expect(s.dates).toEqual(['2020-11-01', '2020-11-02', '2020-11-03']);
    // 2 Nov: H01 14 + H02 carried 5 = 19; 3 Nov: H01 carried 14 + H02 7 = 21
    expect(s.values[0]).toEqual([17, 19, 21]);
    expect(s.values[1]).toEqual([30, 30, 30]);
    expect(s.reported).toEqual([2, 1, 1]);
    expect(s.reporters).toBe(2);
    expect(s.carried).toEqual([false, true, true]);
  });

  it('complete periods only: no figure for a day some hospital has not reported, never a partial sum', () => {
    const s = liveSeries(rows, spec('complete-periods-only'));
    expect(s.values[0]).toEqual([17, null, null]);
    expect(s.carried).toEqual([false, false, false]);
    // A push completes 3 November for H01: still incomplete on 2 November for H02.
    const more = liveSeries([...rows, { etablissement: 'H01', jour: '2020-11-03', lits_occupes: 15, lits_total: 20 }], spec('complete-periods-only'));
    expect(more.values[0]).toEqual([17, null, 22]);
    expect(more.reported).toEqual([2, 1, 2]);
  });

  it('without a reporter field the chart is the plain daily sum, as the build computes it', () => {
    const noReporter = { ...spec('complete-periods-only'), reporter: undefined };
    expect(usesPolicy(noReporter)).toBe(false);
    const s = liveSeries(rows, noReporter);
    expect(s.values[0]).toEqual([17, 14, 7]);
    expect(s.reported).toBeUndefined();
  });

  it('the table says how many reporters each day rests on and which days carry values forward; the SVG marks them', () => {
    const s = liveSeries(rows, spec({ 'carry-forward': 1 }));
    const html = liveTableRows(s, { day: (d) => d, value: String, reportedOf: (n, m) => `${n} of ${m}`, carried: 'carried <forward>' });
    expect(html).toContain('<tr><th scope="row">2020-11-01</th><td class="num">17</td><td class="num">30</td><td>2 of 2</td></tr>');
    expect(html).toContain('<th scope="row">2020-11-02</th><td class="num">19</td><td class="num">30</td><td>1 of 2 <span class="carried-note">(carried &lt;forward&gt;)</span></td>');
    const svg = lineSvg({ id: 'c', label: 'Beds', dates: s.dates, series: [{ label: 'occupied', values: s.values[0]! }], format: String, lang: 'en', marked: s.carried });
    expect(svg.match(/class="carried"/g)).toHaveLength(2);
  });
});
