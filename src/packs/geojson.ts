// Checks a region layer the way a map needs it: a FeatureCollection in longitude/latitude whose
// every feature has a text code (leading zeros kept) and a name. Problems name the property and
// list the properties that exist, so the fix is obvious without opening the file.
import type { ContentIssue } from '../content/issues.ts';

export interface Region {
  code: string;
  label: string;
}

interface Feature {
  properties?: Record<string, unknown> | null;
  geometry?: { type?: string; coordinates?: unknown } | null;
}

function firstPosition(c: unknown): [number, number] | undefined {
  let cur = c;
  while (Array.isArray(cur) && Array.isArray(cur[0])) cur = cur[0];
  return Array.isArray(cur) && typeof cur[0] === 'number' && typeof cur[1] === 'number' ? [cur[0], cur[1]] : undefined;
}

/**
 * The regions of a layer, or issues. `at` is where to report (the pack.yaml field of the layer);
 * `file` the GeoJSON file as the user knows it.
 */
export function readRegions(data: unknown, layer: { key: string; label: string }, file: string, issues: ContentIssue[]): Region[] | undefined {
  const fc = data as { type?: unknown; features?: unknown };
  if (typeof fc !== 'object' || fc === null || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    issues.push({ file, message: 'is not a GeoJSON FeatureCollection ({"type": "FeatureCollection", "features": […]})' });
    return undefined;
  }
  const features = fc.features as Feature[];
  if (features.length === 0) {
    issues.push({ file, message: 'has no features' });
    return undefined;
  }
  const found = new Set<string>();
  for (const f of features) for (const k of Object.keys(f.properties ?? {})) found.add(k);
  const properties = [...found].join(', ') || '(none)';
  const before = issues.length;
  for (const [what, prop] of [['code (key)', layer.key], ['name (label)', layer.label]] as const) {
    const missing = features.filter((f) => f.properties?.[prop] === undefined || f.properties?.[prop] === null || f.properties?.[prop] === '').length;
    if (missing > 0)
      issues.push({ file, message: `the ${what} property "${prop}" is missing from ${missing} of ${features.length} features; properties found: ${properties}` });
  }
  if (issues.length > before) return undefined;
  const numeric = features.find((f) => typeof f.properties![layer.key] === 'number');
  if (numeric)
    issues.push({ file, message: `codes in "${layer.key}" are numbers (${String(numeric.properties![layer.key])}); write them as text ("0037") so leading zeros are kept` });
  const seen = new Set<string>();
  for (const f of features) {
    const code = String(f.properties![layer.key]);
    if (seen.has(code)) issues.push({ file, message: `code "${code}" appears in more than one feature` });
    seen.add(code);
  }
  const projected = features.map((f) => firstPosition(f.geometry?.coordinates)).find((p) => p && (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90));
  if (projected)
    issues.push({
      file,
      message: `coordinates are not longitude/latitude (first point ${projected[0]}, ${projected[1]}); GeoJSON must be in WGS 84: convert it with npx tsx scripts/reproject-geojson.ts <in> <out> --from EPSG:<code>`,
    });
  if (issues.length > before) return undefined;
  return features.map((f) => ({ code: String(f.properties![layer.key]), label: String(f.properties![layer.label]) }));
}
