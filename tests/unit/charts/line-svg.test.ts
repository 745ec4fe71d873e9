import { describe, expect, it } from 'vitest';
import { lineLayout } from '../../../src/charts/line.ts';
import { lineSvg } from '../../../src/charts/line-svg.ts';
import { seriesTableRows } from '../../../src/charts/series-table.ts';
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
