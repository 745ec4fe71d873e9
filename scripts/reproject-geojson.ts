// Convert a GeoJSON file in a projected coordinate system (national grids such as Estonia's
// L-EST97, EPSG:3301) to longitude/latitude (WGS 84), which GeoJSON requires (RFC 7946) and
// the portal's map drawing expects. Used once when a country pack's map is added:
//   npx tsx scripts/reproject-geojson.ts <in.geojson> <out.geojson> --from EPSG:3301 [--keep A,B] [--digits 5]
// --keep lists the feature properties to keep (the others, often display hints of the
// original map library, are dropped); --digits rounds coordinates (5 digits ≈ 1 m).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import proj4 from 'proj4';

// Definitions proj4 does not ship (it knows EPSG:4326 and EPSG:3857), from the EPSG registry.
const KNOWN: Record<string, string> = {
  'EPSG:3301': '+proj=lcc +lat_0=57.5175539305556 +lon_0=24 +lat_1=59.3333333333333 +lat_2=58 +x_0=500000 +y_0=6375000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  'EPSG:2154': '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
};

const { positionals, values } = parseArgs({ allowPositionals: true, options: { from: { type: 'string' }, keep: { type: 'string' }, digits: { type: 'string', default: '5' } } });
const [input, output] = positionals;
if (!input || !output || !values.from) {
  console.error('usage: npx tsx scripts/reproject-geojson.ts <in.geojson> <out.geojson> --from EPSG:3301 [--keep A,B] [--digits 5]');
  process.exit(2);
}
const from = KNOWN[values.from] ?? values.from;
const convert = proj4(from, 'EPSG:4326');
const factor = 10 ** Number(values.digits);
const round = (n: number) => Math.round(n * factor) / factor;
const keep = values.keep?.split(',');

type Coords = number[] | Coords[];
function walk(c: Coords): Coords {
  if (typeof c[0] === 'number') {
    const [lon, lat] = convert.forward([c[0] as number, c[1] as number]);
    return [round(lon!), round(lat!)];
  }
  return (c as Coords[]).map(walk);
}

const geo = JSON.parse(readFileSync(input, 'utf8')) as {
  name?: string;
  crs?: unknown;
  features: { type: string; properties: Record<string, unknown>; geometry: { type: string; coordinates: Coords } }[];
};
const features = geo.features.map((f) => ({
  type: 'Feature',
  properties: keep ? Object.fromEntries(keep.map((k) => [k, f.properties[k]])) : f.properties,
  geometry: { type: f.geometry.type, coordinates: walk(f.geometry.coordinates) },
}));
// No `crs` member: RFC 7946 GeoJSON is WGS 84 longitude/latitude by definition.
writeFileSync(output, `${JSON.stringify({ type: 'FeatureCollection', features })}\n`);
console.log(`wrote ${output}: ${features.length} features in WGS 84`);
