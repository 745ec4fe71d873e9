// GeoJSON -> SVG paths, projected once per layer and build. Equirectangular with the cosine of
// the mid latitude (good enough at the scale of a country), regions far from the main cluster
// (overseas départements) drawn in small insets under it, points thinned to the pixel. Where
// territories are too small to see or click (Paris and its petite couronne), they are drawn
// again, enlarged, in a dense-area inset. The projected layer is kept in the build cache
// (PORTAL_CACHE/layers/) under a key of the GeoJSON's content: a build projects a layer only
// when its file, its key and label properties or this projection changed.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256FileSync } from '../lib/checksum.ts';
import { buildCacheDir } from '../settings.ts';

export interface ProjectedRegion {
  key: string;
  label: string;
  d: string;
}

export interface ProjectedLayer {
  width: number;
  height: number;
  regions: ProjectedRegion[];
  /** Insets drawn for far-away regions and the dense area: their frame in the SVG. */
  insets: { x: number; y: number; size: number }[];
  /** Regions drawn a second time, enlarged, in the dense-area inset (they are in `regions` too). */
  copies: ProjectedRegion[];
  /** Project a longitude/latitude to the SVG; null when it falls outside every frame. */
  project: (lon: number, lat: number) => [number, number] | null;
}

type Ring = [number, number][];
interface Feature {
  key: string;
  label: string;
  polygons: Ring[][];
  bbox: [number, number, number, number];
}

interface Frame {
  bbox: [number, number, number, number];
  x: number;
  y: number;
  scale: number;
  k: number;
}

const WIDTH = 600;
const INSET = 72;
const GAP = 8;
/** The dense-area inset's side. */
const DENSE = 120;
/** A territory of the main map smaller than this (its largest side, in SVG units) is hard to find. */
const TINY = 16;
/** Below this many territories a map has no dense-area inset (nothing is crowded). */
const MIN_FOR_DENSE = 20;

function ringsOf(geometry: { type: string; coordinates: unknown } | null): Ring[][] {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates as Ring[]];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates as Ring[][];
  return [];
}

function bboxOf(polygons: Ring[][]): [number, number, number, number] {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const poly of polygons)
    for (const ring of poly)
      for (const [x, y] of ring) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
  return [x0, y0, x1, y1];
}

function union(boxes: [number, number, number, number][]): [number, number, number, number] {
  return boxes.reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
}

function frameFor(bbox: [number, number, number, number], x: number, y: number, w: number, h: number | undefined): Frame & { h: number } {
  const k = Math.cos((((bbox[1] + bbox[3]) / 2) * Math.PI) / 180);
  const bw = Math.max(1e-9, (bbox[2] - bbox[0]) * k);
  const bh = Math.max(1e-9, bbox[3] - bbox[1]);
  const scale = h === undefined ? w / bw : Math.min(w / bw, h / bh);
  return { bbox, x, y, scale, k, h: bh * scale };
}

function toSvg(f: Frame, lon: number, lat: number): [number, number] {
  return [f.x + (lon - f.bbox[0]) * f.k * f.scale, f.y + (f.bbox[3] - lat) * f.scale];
}

function pathOf(polygons: Ring[][], f: Frame): string {
  let d = '';
  for (const poly of polygons) {
    for (const ring of poly) {
      const pts: [number, number][] = [];
      for (const [lon, lat] of ring) {
        const [x, y] = toSvg(f, lon, lat);
        const last = pts[pts.length - 1];
        // drop points closer than a pixel to the last kept one
        if (last && Math.abs(x - last[0]) < 2 && Math.abs(y - last[1]) < 2) continue;
        pts.push([x, y]);
      }
      if (pts.length < 3) continue;
      d += 'M' + pts.map(([x, y]) => `${Math.round(x)} ${Math.round(y)}`).join('L') + 'Z';
    }
  }
  return d;
}

/** A projected layer as JSON: its paths, and the frames its `project` function maps points with. */
type LayerState = Omit<ProjectedLayer, 'project'> & { frames: { main: Frame; insets: Frame[] } };

/** Raise when the projection gives other paths or frames for the same GeoJSON. */
export const LAYER_VERSION = 1;

function withProjection(state: LayerState): ProjectedLayer {
  const { frames, ...layer } = state;
  const inside = (b: [number, number, number, number], lon: number, lat: number, m = 0) => lon >= b[0] - m && lon <= b[2] + m && lat >= b[1] - m && lat <= b[3] + m;
  return {
    ...layer,
    project(lon, lat) {
      if (inside(frames.main.bbox, lon, lat, 0.5)) return toSvg(frames.main, lon, lat);
      const fr = frames.insets.find((i) => inside(i.bbox, lon, lat, 0.2));
      return fr ? toSvg(fr, lon, lat) : null;
    },
  };
}

/** Project a GeoJSON FeatureCollection whose features carry `keyProp` (and `labelProp`). */
export function projectGeoJson(
  geojson: { features: { properties?: Record<string, unknown> | null; geometry: { type: string; coordinates: unknown } | null }[] },
  keyProp: string,
  labelProp?: string,
): ProjectedLayer {
  return withProjection(projectState(geojson, keyProp, labelProp));
}

function projectState(geojson: Parameters<typeof projectGeoJson>[0], keyProp: string, labelProp?: string): LayerState {
  const features: Feature[] = [];
  for (const f of geojson.features) {
    const polygons = ringsOf(f.geometry);
    if (polygons.length === 0) continue;
    const key = String(f.properties?.[keyProp] ?? '');
    const label = String((labelProp ? f.properties?.[labelProp] : undefined) ?? key);
    features.push({ key, label, polygons, bbox: bboxOf(polygons) });
  }
  const centre = (b: [number, number, number, number]) => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] as const;
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const mx = median(features.map((f) => centre(f.bbox)[0]));
  const my = median(features.map((f) => centre(f.bbox)[1]));
  const far = (f: Feature) => {
    const [cx, cy] = centre(f.bbox);
    return Math.hypot(cx - mx, cy - my) > 15;
  };
  const main = features.filter((f) => !far(f));
  const outliers = features.filter(far);
  const mainFrame = frameFor(union(main.map((f) => f.bbox)), GAP, GAP, WIDTH - 2 * GAP, undefined);
  let height = mainFrame.h + 2 * GAP;
  const frames = new Map<Feature, Frame>();
  for (const f of main) frames.set(f, mainFrame);
  const insets: ProjectedLayer['insets'] = [];
  const insetFrames: Frame[] = [];
  // The dense area: the tiniest territory's neighbourhood (every territory whose centre lies
  // within the box of the tiny ones around it), drawn again larger.
  const side = (f: Feature) => Math.max((f.bbox[2] - f.bbox[0]) * mainFrame.k, f.bbox[3] - f.bbox[1]) * mainFrame.scale;
  const tiny = main.length >= MIN_FOR_DENSE ? main.filter((f) => side(f) < TINY).sort((a, b) => side(a) - side(b)) : [];
  let dense: Feature[] = [];
  if (tiny.length > 0) {
    const [cx, cy] = centre(tiny[0]!.bbox);
    const near = tiny.filter((f) => Math.hypot(centre(f.bbox)[0] - cx, centre(f.bbox)[1] - cy) < 1);
    const box = union(near.map((f) => f.bbox));
    dense = main.filter((f) => {
      const [x, y] = centre(f.bbox);
      return x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3];
    });
  }
  // Insets in rows under the main map: far-away regions, then the dense area.
  let cursorX = GAP;
  let rowY = height;
  let rowH = 0;
  const place = (size: number) => {
    if (cursorX + size > WIDTH - GAP) {
      cursorX = GAP;
      rowY += rowH + GAP;
      rowH = 0;
    }
    const at = { x: cursorX, y: rowY, size };
    cursorX += size + GAP;
    rowH = Math.max(rowH, size);
    insets.push(at);
    return at;
  };
  for (const f of outliers) {
    const at = place(INSET);
    const fr = frameFor(f.bbox, at.x + 4, at.y + 4, INSET - 8, INSET - 8);
    frames.set(f, fr);
    insetFrames.push(fr);
  }
  let copies: ProjectedRegion[] = [];
  if (dense.length > 0) {
    const at = place(DENSE);
    const fr = frameFor(union(dense.map((f) => f.bbox)), at.x + 4, at.y + 4, DENSE - 8, DENSE - 8);
    copies = dense.map((f) => ({ key: f.key, label: f.label, d: pathOf(f.polygons, fr) }));
  }
  if (insets.length > 0) height = rowY + rowH + GAP;
  const regions = features.map((f) => ({ key: f.key, label: f.label, d: pathOf(f.polygons, frames.get(f)!) }));
  const frame = (f: Frame): Frame => ({ bbox: f.bbox, x: f.x, y: f.y, scale: f.scale, k: f.k });
  return { width: WIDTH, height: Math.ceil(height), regions, insets, copies, frames: { main: frame(mainFrame), insets: insetFrames.map(frame) } };
}

/** The projected layer of a GeoJSON file, from the build cache when its content was projected before. */
function projectFile(path: string, keyProp: string, labelProp?: string): ProjectedLayer {
  let file: string | undefined;
  try {
    const key = createHash('sha256')
      .update(JSON.stringify([LAYER_VERSION, sha256FileSync(path), keyProp, labelProp ?? null]))
      .digest('hex')
      .slice(0, 32);
    file = join(buildCacheDir('layers'), `${key}.json`);
    return withProjection(JSON.parse(readFileSync(file, 'utf8')) as LayerState);
  } catch {
    // Not projected yet (or no cache to read): project, then keep it if the cache can be written.
  }
  const state = projectState(JSON.parse(readFileSync(path, 'utf8')), keyProp, labelProp);
  if (file) {
    try {
      mkdirSync(buildCacheDir('layers'), { recursive: true });
      writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(state));
      renameSync(`${file}.${process.pid}.tmp`, file);
    } catch {
      // A read-only cache: the next build projects again.
    }
  }
  return withProjection(state);
}

const CACHE = Symbol.for('crisis-portal.map-layers');
const store = globalThis as typeof globalThis & { [CACHE]?: Map<string, ProjectedLayer> };

/** A layer read and projected once per process (and kept by content across builds), whatever the number of pages that show it. */
export function loadLayer(path: string, keyProp: string, labelProp?: string): ProjectedLayer {
  const cache = (store[CACHE] ??= new Map());
  const id = `${path}\u0000${keyProp}\u0000${labelProp ?? ''}`;
  let layer = cache.get(id);
  if (!layer) {
    layer = projectFile(path, keyProp, labelProp);
    cache.set(id, layer);
  }
  return layer;
}
