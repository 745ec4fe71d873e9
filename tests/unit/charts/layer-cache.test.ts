// A map layer projected to SVG is kept in the build cache (PORTAL_CACHE/layers/) under a key of the
// GeoJSON's content: a build after the first reads the projection instead of parsing the GeoJSON
// and projecting it again, and gets the very same layer (paths, insets, and the projection of
// points), while a changed file is projected anew.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadLayer, projectGeoJson, type ProjectedLayer } from '../../../src/preview/geo.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SOURCE = join(ROOT, 'content', 'maps', 'departements.geojson');
let dir: string;
let geojson: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layer-cache-'));
  vi.stubEnv('PORTAL_CACHE', join(dir, 'cache'));
  geojson = join(dir, 'departements.geojson');
  copyFileSync(SOURCE, geojson);
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

/** A new build process: the layers kept in memory are forgotten (they live on globalThis). */
const forget = () => (globalThis as unknown as Record<symbol, Map<string, ProjectedLayer> | undefined>)[Symbol.for('crisis-portal.map-layers')]?.clear();
const cached = () => readdirSync(join(dir, 'cache', 'layers')).filter((f) => f.endsWith('.json'));
const shape = (l: ProjectedLayer) => JSON.stringify({ width: l.width, height: l.height, regions: l.regions, insets: l.insets, copies: l.copies });
// Points on the main map, in the Paris area, in Guadeloupe's and Réunion's insets, and outside every frame.
const POINTS: [number, number][] = [
  [2.35, 48.85],
  [-1.55, 47.22],
  [-61.5, 16.2],
  [55.5, -21.1],
  [-30, 0],
];

describe('projected layers in the build cache', () => {
  it('a second build reads the projection: the same paths, insets and projected points as projecting the file', () => {
    forget();
    const first = loadLayer(geojson, 'code', 'nom');
    expect(cached()).toHaveLength(1);
    forget();
    const again = loadLayer(geojson, 'code', 'nom');
    expect(again).not.toBe(first);
    const fresh = projectGeoJson(JSON.parse(readFileSync(SOURCE, 'utf8')), 'code', 'nom');
    expect(shape(again)).toBe(shape(fresh));
    expect(again.regions).toHaveLength(101);
    for (const [lon, lat] of POINTS) expect(again.project(lon, lat)).toEqual(fresh.project(lon, lat));
    expect(again.project(-30, 0)).toBeNull();
  });

  it('the cached projection is what a build reads (not the GeoJSON), and a changed file is projected again', () => {
    const [file] = cached();
    const path = join(dir, 'cache', 'layers', file!);
    // Mark the kept projection: a build that reads it shows the mark.
    const kept = JSON.parse(readFileSync(path, 'utf8')) as { regions: { key: string; label: string }[] };
    kept.regions.find((r) => r.key === '75')!.label = 'Paris (kept)';
    writeFileSync(path, JSON.stringify(kept));
    forget();
    expect(loadLayer(geojson, 'code', 'nom').regions.find((r) => r.key === '75')!.label).toBe('Paris (kept)');
    // Another label property is another projection.
    forget();
    expect(loadLayer(geojson, 'code').regions.find((r) => r.key === '75')!.label).toBe('75');
    expect(cached()).toHaveLength(2);
    // The file changed (Paris renamed): its content is another key.
    writeFileSync(geojson, readFileSync(SOURCE, 'utf8').replace('"nom": "Paris"', '"nom": "Lutèce"').replace('"nom":"Paris"', '"nom":"Lutèce"'));
    forget();
    expect(loadLayer(geojson, 'code', 'nom').regions.find((r) => r.key === '75')!.label).toBe('Lutèce');
    expect(cached()).toHaveLength(3);
  });

  it('a cache entry that cannot be read is projected again, not an error', () => {
    for (const f of cached()) writeFileSync(join(dir, 'cache', 'layers', f), '{"half');
    forget();
    expect(loadLayer(geojson, 'code', 'nom').regions).toHaveLength(101);
  });
});
