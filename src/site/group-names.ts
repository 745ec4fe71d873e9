// Names of the groups of a grouped chart, for its picker: "Paris", not "75". A code reads through
// the series field's labels (dataset.yaml `labels`, Table Schema `categories`); a field without
// labels that a map chart of the same dataset joins on a layer (`key: dep`, `layer:
// departements`) takes the names of that layer's features, the same the map shows.
import { join } from 'node:path';
import type { LoadedDataset } from '../content/load.ts';
import type { ResolvedChart } from '../preview/spec.ts';
import { loadLayer } from '../preview/geo.ts';
import { getCatalog } from './catalog.ts';

/** Code → name from the map layer a map chart of the dataset joins on `field`, if any. */
export function layerNamesFor(dataset: LoadedDataset, resource: string, field: string): ReadonlyMap<string, string> | undefined {
  const map = (dataset.config.charts ?? []).find((c) => c.type === 'map' && c.key === field && c.layer && (c.resource ?? resource) === resource);
  const catalog = getCatalog();
  const layer = map && catalog.portal.maps.find((m) => m.id === map.layer);
  if (!layer) return undefined;
  return new Map(loadLayer(join(catalog.root, layer.path), layer.key, layer.label).regions.map((r) => [r.key, r.label]));
}

/** The groups of a chart by name, in the page language's alphabetical order. */
export function namedGroups(
  dataset: LoadedDataset,
  spec: Pick<ResolvedChart, 'resource' | 'series'>,
  ids: readonly string[],
  read: (id: string) => string,
  lang: string,
): { id: string; label: string }[] {
  const names = spec.series ? layerNamesFor(dataset, spec.resource, spec.series) : undefined;
  return ids
    .map((id) => {
      const label = read(id);
      return { id, label: label !== id ? label : (names?.get(id) ?? id) };
    })
    .sort((a, b) => a.label.localeCompare(b.label, lang));
}
