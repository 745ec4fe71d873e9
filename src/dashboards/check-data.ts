// Checks that need the rows: do the territory codes of the data match the features of the map
// layer, and does the population table cover every territory a rate is computed for? Run by
// `npm run validate`, which fills the figures cache the build then reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentIssue } from '../content/issues.ts';
import type { Catalog } from '../content/load.ts';
import { fieldPath } from '../content/source-file.ts';
import { matchCodes } from './codes.ts';
import { ensureFigures, readFigures } from './derive.ts';

/** Feature codes of a GeoJSON layer, read from its `key` property. */
export function layerCodes(path: string, key: string): Map<string, string> {
  const geo = JSON.parse(readFileSync(path, 'utf8')) as { features?: { properties?: Record<string, unknown> | null }[] };
  return new Map((geo.features ?? []).map((f) => [String(f.properties?.[key] ?? ''), String(f.properties?.[key] ?? '')]));
}

const list = (codes: string[]) => codes.map((c) => `"${c}"`).join(', ');

/** Errors (nothing matches, territories without population) and notices (some codes match, not all). */
export async function checkDashboardData(catalog: Catalog): Promise<{ issues: ContentIssue[]; notices: ContentIssue[] }> {
  const issues: ContentIssue[] = [];
  const notices: ContentIssue[] = [];
  if (catalog.dashboards.length === 0) return { issues, notices };
  await ensureFigures(catalog.dashboards, catalog.datasets);
  for (const d of catalog.dashboards) {
    const data = readFigures(d, catalog.datasets);
    const layer = catalog.portal.maps.find((m) => m.id === d.config.layer);
    if (!layer) continue;
    const keys = new Set(layerCodes(join(catalog.root, layer.path), layer.key).keys());
    const at = (path: (string | number)[], message: string, hint?: string, to = issues) => to.push({ file: d.file, field: fieldPath(path), line: d.source.lineOf(path), message, hint });
    const population = data.population;
    if (d.config.population && population) {
      const missing = [...keys].filter((k) => population[k] === undefined);
      if (missing.length > 0)
        at(
          ['population'],
          `the population table has no inhabitants for ${missing.length} of the ${keys.size} territories of layer "${layer.id}": ${list(missing.slice(0, 5))}${missing.length > 5 ? ', …' : ''}`,
          'add a row for each, or check `codes:` (leading zeros, prefixes)',
        );
    }
    for (const ind of d.indicators) {
      if (!ind.territory) continue;
      const found = data.indicators[ind.id];
      if (!found) continue;
      const path = d.paths[ind.id]!;
      const m = matchCodes(found.codes, keys);
      if (m.total === 0) at([...path, 'territory'], `column "${ind.territory}" has no code in the rows that pass the filter`);
      else if (m.matched === 0)
        at(
          [...path, 'territory'],
          `none of the ${m.total} codes of column "${ind.territory}" is a feature of layer "${layer.id}" (${layer.key}); for instance ${list(m.unmatched)}`,
          `set codes: {pattern: …, pad: …} so that codes become those of ${layer.path}, e.g. ${list([...keys].slice(0, 3))}`,
        );
      else if (m.matched < m.total)
        at(
          [...path, 'territory'],
          `${m.matched} of the ${m.total} codes of column "${ind.territory}" match a feature of layer "${layer.id}"; these do not: ${list(m.unmatched)}${m.total - m.matched > m.unmatched.length ? ', …' : ''}`,
          'rows with these codes count in the total but on no territory page; fix the codes in the data or set codes: {pattern: …, pad: …}',
          notices,
        );
    }
  }
  return { issues, notices };
}
