// A dashboard map as a standalone SVG image (the "Map (SVG)" download of a map page): the same
// territories, quantile classes and colours as the page's map (DashboardMap), each territory with
// its name and value in a <title>, the overseas and dense-area insets, and the legend of the real
// breaks drawn under the map, so that the image says what its colours mean on its own.
import type { MapShape } from '../dashboards/map-day.ts';
import { colourOf, NO_VALUE, quantileBreaks } from './classes.ts';
import { legendEntries } from './map-legend.ts';
import { esc } from './svg.ts';

export interface MapSvgInput {
  layer: MapShape;
  /** Each territory's figure (by layer code), null without one. */
  values: Record<string, number | null>;
  /** What the map shows: "Patients in hospital — November 15, 2020". */
  title: string;
  format: (v: number) => string;
  /** "no value", in the page's language. */
  noValue: string;
}

const ROW = 22;
const PER_ROW = 3;

/** The SVG document (without the XML declaration). */
export function mapSvg({ layer, values, title, format, noValue }: MapSvgInput): string {
  const breaks = quantileBreaks(Object.values(values).filter((v): v is number => v !== null));
  const words = (key: string, name: string) => {
    const v = values[key];
    return esc(`${name}: ${v === null || v === undefined ? noValue : format(v)}`);
  };
  const legend = [...legendEntries(breaks, format), { colour: NO_VALUE, words: noValue }];
  const top = 28;
  const height = top + layer.height + Math.ceil(legend.length / PER_ROW) * ROW + 8;
  const column = layer.width / PER_ROW;
  let out = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${layer.width} ${height}" width="${layer.width}" height="${height}" role="img" aria-labelledby="map-title" font-family="sans-serif" font-size="13">`;
  out += `<title id="map-title">${esc(title)}</title><rect width="100%" height="100%" fill="#fff"/>`;
  out += `<text x="4" y="18" font-size="15" font-weight="bold" fill="#111">${esc(title)}</text>`;
  out += `<g transform="translate(0 ${top})" stroke="#fff" stroke-width="0.6">`;
  for (const r of layer.insets) out += `<rect x="${r.x}" y="${r.y}" width="${r.size}" height="${r.size}" fill="none" stroke="#767676" stroke-width="0.5"/>`;
  for (const r of layer.regions) out += `<path d="${r.d}" fill="${colourOf(values[r.key], breaks)}"><title>${words(r.key, r.label)}</title></path>`;
  for (const r of layer.copies) out += `<path d="${r.d}" fill="${colourOf(values[r.key], breaks)}"><title>${words(r.key, r.label)}</title></path>`;
  out += '</g>';
  legend.forEach((e, i) => {
    const x = 4 + (i % PER_ROW) * column;
    const y = top + layer.height + 4 + Math.floor(i / PER_ROW) * ROW;
    out += `<rect x="${x}" y="${y}" width="14" height="14" fill="${e.colour}" stroke="#767676" stroke-width="1"/><text x="${x + 20}" y="${y + 12}" fill="#111">${esc(e.words)}</text>`;
  });
  return `${out}</svg>`;
}
