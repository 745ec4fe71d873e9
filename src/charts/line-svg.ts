// A time-series line chart as one SVG string. The build draws it for every dashboard and
// territory page, the dataset pages and the embeds; the dataset page's group picker draws it
// again in the browser for the chosen group, so both sides use this one function.
//
// Cost: the drawing (grid, axis lines, paths, end dots) does not depend on the page's language,
// so it is kept per series and reused by the page in every other language; the words (title,
// tick labels) are added per page. Pure: no Node module.
import { lineLayout, xTicksFor } from './line.ts';
import { QUALITATIVE } from './classes.ts';
import { esc, fx } from './svg.ts';

export interface LineSvgInput {
  /** Prefix of the element ids (the title's id is `<id>-svgtitle`). */
  id: string;
  /** Accessible name of the image (the chart's title). */
  label: string;
  dates: readonly string[];
  series: readonly { label: string; values: readonly (number | null)[] }[];
  format: (v: number) => string;
  lang: string;
  width?: number;
  height?: number;
  /** A file of its own (a download): the SVG namespace, a size and its styles inside it. */
  standalone?: boolean;
  /** Days drawn with an open circle on every line: a live chart's carried-forward days. */
  marked?: readonly boolean[];
  /**
   * One series only: its formatted values of the first days (index = day), for the tooltips of
   * days its data table leaves out (a territory page's table holds the last days only).
   */
  tipValues?: readonly string[];
}

// What the page's stylesheet gives an embedded chart, for a standalone file.
const STANDALONE_STYLE = '<style>text{font:11px system-ui,sans-serif;fill:#444}.grid line{stroke:#e3e3e3}.axis line{stroke:#767676}.series{fill:none;stroke-width:2;stroke-linejoin:round}</style>';

interface Drawing {
  layout: ReturnType<typeof lineLayout>;
  /** Grid, axis line and end dots: the markup without words. */
  shapes: { grid: string; axisLine: string; ends: string };
}

// Keyed by the objects themselves (dates, then the one series' values): the figures of a build are
// shared by every page that shows them, so identity is the cheapest exact key. The x tick labels
// depend on the language and are laid out per call (from a per-language memo).
const drawings = new WeakMap<readonly string[], WeakMap<readonly (number | null)[], Map<string, Drawing>>>();

function draw(input: LineSvgInput, width: number, height: number): Drawing {
  const layout = lineLayout({ dates: input.dates, series: input.series, width, height, lang: input.lang, marked: input.marked });
  const { plot } = layout;
  const grid = layout.yTicks.map((t) => `<line x1="${plot.left}" x2="${plot.right}" y1="${fx(t.y)}" y2="${fx(t.y)}"/>`).join('');
  const axisLine = `<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}"/>`;
  const ends =
    layout.ends.map((e, i) => (e ? `<circle cx="${fx(e.x)}" cy="${fx(e.y)}" r="3" data-s="${i}" fill="${QUALITATIVE[i % QUALITATIVE.length]}"/>` : '')).join('') +
    (layout.marks ?? [])
      .map((points, i) =>
        points.map((p) => `<circle class="carried" data-s="${i}" cx="${fx(p.x)}" cy="${fx(p.y)}" r="4" fill="#fff" stroke="${QUALITATIVE[i % QUALITATIVE.length]}" stroke-width="2"/>`).join(''),
      )
      .join('');
  return { layout, shapes: { grid, axisLine, ends } };
}

function drawingOf(input: LineSvgInput, width: number, height: number): Drawing {
  const only = input.series.length === 1 ? input.series[0]! : undefined;
  if (!only || input.marked) return draw(input, width, height);
  let byValues = drawings.get(input.dates);
  if (!byValues) drawings.set(input.dates, (byValues = new WeakMap()));
  let bySize = byValues.get(only.values);
  if (!bySize) byValues.set(only.values, (bySize = new Map()));
  const key = `${width}x${height}`;
  let d = bySize.get(key);
  if (!d) bySize.set(key, (d = draw(input, width, height)));
  return d;
}

/** The whole `<svg>` element. */
export function lineSvg(input: LineSvgInput): string {
  const width = input.width ?? 640;
  const height = input.height ?? 260;
  const { layout: L, shapes } = drawingOf(input, width, height);
  const { plot } = L;
  const yLabels = L.yTicks.map((t) => `<text x="${plot.left - 6}" y="${fx(t.y + 4)}" text-anchor="end">${esc(input.format(t.value))}</text>`).join('');
  const xTicks = xTicksFor(input.dates, plot, input.lang)
    // A label at the right edge ends at its tick, so that it is not cut off by the image's edge.
    .map(
      (t) =>
        `<line x1="${fx(t.x)}" x2="${fx(t.x)}" y1="${plot.bottom}" y2="${plot.bottom + 4}"/><text x="${fx(t.x)}" y="${plot.bottom + 18}" text-anchor="${t.x > width - 40 ? 'end' : 'middle'}">${esc(t.label)}</text>`,
    )
    .join('');
  const id = esc(input.id);
  const open = input.standalone
    ? `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-svgtitle">${STANDALONE_STYLE}<rect width="100%" height="100%" fill="#fff"/>`
    : `<svg class="svg-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-svgtitle" data-chart="line" data-x="${plot.left} ${plot.right} ${esc(input.dates[0] ?? '')} ${esc(input.dates[input.dates.length - 1] ?? '')}"${input.tipValues?.length ? ` data-v="${esc(input.tipValues.join('|'))}"` : ''}>`;
  return (
    open +
    `<title id="${id}-svgtitle">${esc(input.label)}</title>` +
    `<g class="grid">${shapes.grid}</g>` +
    `<g class="axis y" aria-hidden="true">${yLabels}</g>` +
    `<g class="axis x" aria-hidden="true">${shapes.axisLine}${xTicks}</g>` +
    L.paths.map((d, i) => `<path d="${d}" class="series" data-s="${i}" stroke="${QUALITATIVE[i % QUALITATIVE.length]}" data-series="${esc(input.series[i]!.label)}"/>`).join('') +
    shapes.ends +
    `</svg>`
  );
}
