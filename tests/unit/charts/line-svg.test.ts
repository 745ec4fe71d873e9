import { describe, expect, it } from 'vitest';
import { lineLayout } from '../../../src/charts/line.ts';
import { lineSvg } from '../../../src/charts/line-svg.ts';
import { seriesTableRows, tableWindow } from '../../../src/charts/series-table.ts';
import { dayRange } from '../../../src/dashboards/dates.ts';

const dates = dayRange('2020-03-18', '2020-06-30');
const values = dates.map((_, i) => (i % 17 === 5 ? null : Math.round(100 + 50 * Math.sin(i / 9))));
const fr = new Intl.NumberFormat('fr');
const en = new Intl.NumberFormat('en');

describe('lineSvg', () => {
  it('draws the same line as the layout, broken where a day has no value', () => {
    const svg = lineSvg({ id: 'c', label: 'Lits', dates, series: [{ label: 'Lits', values }], format: (v) => fr.format(v), lang: 'fr' });
    const layout = lineLayout({ dates, series: [{ label: 'Lits', values }], width: 640, height: 260, lang: 'fr' });
    expect(svg).toContain(`d="${layout.paths[0]}"`);
    expect(layout.paths[0]!.match(/M/g)!.length).toBeGreaterThan(1);
    expect(svg.startsWith('<svg class="svg-chart"')).toBe(true);
    expect(svg).toContain('data-chart="line"');
  });

  it('writes every coordinate with at most one decimal (no floating-point tails such as 102.79999999999998)', () => {
    // Values whose ticks fall on non-integer positions of the plot.
    const odd = dates.map((_, i) => 0.37 * i + 3.1);
    const svg = lineSvg({ id: 'c', label: 'Taux', dates, series: [{ label: 'Taux', values: odd }], format: (v) => fr.format(v), lang: 'fr' });
    const coords = [...svg.matchAll(/\s(?:x|y|x1|x2|y1|y2|cx|cy)="([^"]+)"/g)].map((m) => m[1]!);
    expect(coords.length).toBeGreaterThan(10);
    for (const c of coords) expect(c, c).toMatch(/^-?\d+(\.\d)?$/);
  });

  it('writes the words in each language and reuses the drawing', () => {
    const series = [{ label: 'Beds', values }];
    const a = lineSvg({ id: 'c', label: 'Lits', dates, series, format: (v) => fr.format(v), lang: 'fr' });
    const b = lineSvg({ id: 'c', label: 'Beds', dates, series, format: (v) => en.format(v), lang: 'en' });
    const path = (s: string) => /<path d="([^"]+)"/.exec(s)![1];
    expect(path(a)).toBe(path(b));
    expect(a).toContain('avr.');
    expect(b).toContain('Apr');
    expect(b).not.toContain('avr.');
  });

  it('escapes labels', () => {
    const svg = lineSvg({ id: 'x"y', label: '<b>&', dates, series: [{ label: 'a"b', values }], format: String, lang: 'en' });
    expect(svg).toContain('<title id="x&quot;y-svgtitle">&lt;b&gt;&amp;</title>');
    expect(svg).toContain('data-series="a&quot;b"');
  });
});

describe('seriesTableRows', () => {
  it('lists days with a value, newest first, in the page language', () => {
    const html = seriesTableRows(
      ['2020-04-01', '2020-04-02', '2020-04-03'],
      [1, null, 1234],
      (v) => en.format(v),
      'en',
      (d) => `day ${d}`,
    );
    expect(html).toBe(
      '<tr><th scope="row"><time datetime="2020-04-03">day 2020-04-03</time></th><td class="num">1,234</td></tr><tr><th scope="row"><time datetime="2020-04-01">day 2020-04-01</time></th><td class="num">1</td></tr>',
    );
  });
});

describe('tableWindow (a territory page table: the last days only)', () => {
  it('ends on the last day with a value and counts days back from it', () => {
    // 10 days; values on days 0–7, the last two days empty: a 3-day window is days 5, 6, 7.
    const v = [4, 9, 1, null, 7, 8, 2, 6, null, null];
    expect(tableWindow(v, 3)).toEqual({ start: 5, end: 8, cut: true });
    // Days 0–2 have values before a 5-day window (3–7): cut. A window over every valued day is not.
    expect(tableWindow(v, 5)).toEqual({ start: 3, end: 8, cut: true });
    expect(tableWindow(v, 8)).toEqual({ start: 0, end: 8, cut: false });
    expect(tableWindow(v, 60)).toEqual({ start: 0, end: 8, cut: false });
  });

  it('is not cut when only empty days are left out, and is empty without values', () => {
    expect(tableWindow([null, null, 3, 5], 2)).toEqual({ start: 2, end: 4, cut: false });
    expect(tableWindow([null, null], 2)).toEqual({ start: 0, end: 0, cut: false });
    expect(() => tableWindow([1], 0)).toThrow(/at least 1/);
  });

  it('the table rows of a window: only its days, newest first, exact values', () => {
    const d = ['2020-04-01', '2020-04-02', '2020-04-03', '2020-04-04'];
    const html = seriesTableRows(
      d,
      [1.5, 2.25, null, 4000],
      (v) => en.format(v),
      'en',
      (x) => x,
      tableWindow([1.5, 2.25, null, 4000], 3),
    );
    expect([...html.matchAll(/datetime="([^"]+)"/g)].map((m) => m[1])).toEqual(['2020-04-04', '2020-04-02']);
    expect(html).toContain('<td class="num">4,000</td>');
    expect(html).toContain('<td class="num">2.25</td>');
    expect(html).not.toContain('2020-04-01');
  });
});
