// Small territories findable on the server-drawn map: overseas départements in insets under the
// map, Paris and its petite couronne drawn again, enlarged, in a dense-area inset.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLayer, projectGeoJson } from '../../../src/preview/geo.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('map insets', () => {
  it('the départements layer: five overseas insets and a dense-area inset of Paris and its petite couronne', () => {
    const layer = loadLayer(join(ROOT, 'content/maps/departements.geojson'), 'code', 'nom');
    expect(layer.regions).toHaveLength(101);
    expect(layer.insets).toHaveLength(6);
    expect(layer.copies.map((c) => c.key).sort()).toEqual(['75', '92', '93', '94']);
    // Enlarged: Paris's copy spans far more of the SVG than Paris on the main map.
    const width = (d: string) => {
      const xs = [...d.matchAll(/[ML](-?[\d.]+) /g)].map((m) => Number(m[1]));
      return Math.max(...xs) - Math.min(...xs);
    };
    const paris = layer.regions.find((r) => r.key === '75')!;
    const copy = layer.copies.find((r) => r.key === '75')!;
    expect(width(copy.d)).toBeGreaterThan(3 * width(paris.d));
    // Every inset lies inside the SVG.
    for (const i of layer.insets) expect(i.y + i.size).toBeLessThanOrEqual(layer.height);
  });

  it('a map of a few territories has no dense-area inset', () => {
    const square = (code: string, x: number, size: number) => ({
      properties: { code },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, 45],
            [x + size, 45],
            [x + size, 45 + size],
            [x, 45 + size],
            [x, 45],
          ],
        ],
      },
    });
    const layer = projectGeoJson({ features: [square('a', 0, 3), square('b', 4, 0.01), square('c', 5, 2)] }, 'code');
    expect(layer.copies).toEqual([]);
    expect(layer.insets).toEqual([]);
  });
});
