// Checks that need the rows: does every indicator find a value (a filter that no row passes would
// leave its card empty), do the territory codes of the data match the features of the map
// layer, and does the population table cover every territory a rate is computed for? Run by
// `npm run validate`, which fills the figures cache the build then reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentIssue } from '../content/issues.ts';
import type { Catalog } from '../content/load.ts';
import { fieldPath } from '../content/source-file.ts';
import { matchCodes } from './codes.ts';
import { ensureFigures, readFigures, resourceOf, typedRowsFiles } from './derive.ts';
import { portalLocale } from '../preview/derive.ts';
import { openTypedRows } from '../tableschema/index.ts';
import type { LoadedResource } from '../content/load.ts';

/** A few distinct values of some columns of a file, as written in it (read only when a filter matched nothing). */
async function someValues(resource: LoadedResource, columns: string[], most = 6): Promise<Map<string, string[]>> {
  const seen = new Map(columns.map((c) => [c, new Set<string>()]));
  const rows = await openTypedRows(resource.absPath, resource.tableSchema!, resource.dialect);
  try {
    const at = columns.map((c) => [c, rows.index.get(c) ?? -1] as const);
    for await (const row of rows) {
      for (const [c, i] of at) {
        const set = seen.get(c)!;
        const v = i < 0 ? null : row[i];
        if (set.size < most + 1 && v !== null && v !== undefined) set.add(v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
      }
      if (at.every(([c]) => seen.get(c)!.size > most)) break;
    }
  } finally {
    await rows.close();
  }
  return new Map([...seen].map(([c, set]) => [c, [...set]]));
}

/** Feature codes of a GeoJSON layer, read from its `key` property, each with its name (`label` property, else the code). */
export function layerCodes(path: string, key: string, label?: string): Map<string, string> {
  const geo = JSON.parse(readFileSync(path, 'utf8')) as { features?: { properties?: Record<string, unknown> | null }[] };
  return new Map(
    (geo.features ?? []).map((f) => {
      const code = String(f.properties?.[key] ?? '');
      const name = label ? f.properties?.[label] : undefined;
      return [code, name === undefined || name === null || name === '' ? code : String(name)];
    }),
  );
}

const list = (codes: string[]) => codes.map((c) => `"${c}"`).join(', ');

/** Errors (nothing matches, territories without population) and notices (some codes match, not all). */
export async function checkDashboardData(catalog: Catalog): Promise<{ issues: ContentIssue[]; notices: ContentIssue[] }> {
  const issues: ContentIssue[] = [];
  const notices: ContentIssue[] = [];
  if (catalog.dashboards.length === 0) return { issues, notices };
  // A dashboard edited, its data unchanged: its files are read from the previews' typed rows.
  await ensureFigures(catalog.dashboards, catalog.datasets, typedRowsFiles(catalog.datasets, portalLocale(catalog.portal)));
  for (const d of catalog.dashboards) {
    const data = readFigures(d, catalog.datasets);
    const at = (path: (string | number)[], message: string, hint?: string, to = issues) => to.push({ file: d.file, field: fieldPath(path), line: d.source.lineOf(path), message, hint });
    for (const ind of d.indicators) {
      const found = data.indicators[ind.id];
      const { dataset, resource } = resourceOf(catalog.datasets, ind.dataset, ind.resource);
      // A live dataset's rows may all arrive after the build: its card waits for them.
      if (!found || found.rows > 0 || !resource || dataset?.config.live) continue;
      const path = d.paths[ind.id]!;
      const file = `${ind.dataset}/${resource.path}`;
      const filter = Object.entries(ind.filter ?? {});
      if (filter.length > 0) {
        const values = resource.tableSchema
          ? await someValues(
              resource,
              filter.map(([k]) => k),
            )
          : new Map<string, string[]>();
        const shown = [...values]
          .filter(([, vs]) => vs.length > 0)
          .map(([c, vs]) => `${c}: ${list(vs.slice(0, 6))}${vs.length > 6 ? ', …' : ''}`)
          .join('; ');
        at(
          [...path, 'filter'],
          `no row of ${file} passes the filter (${filter.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')})${ind.value ? ` with a value in column "${ind.value}"` : ''}: the card would have no figure`,
          shown ? `write each value as the file has it; its values are ${shown}` : 'write each value as the file has it',
        );
      } else if (ind.value) at([...path, 'value'], `column "${ind.value}" has no value in ${file}: the card would have no figure`, 'choose a column with figures, or `aggregate: count` to count rows');
    }
    const layer = catalog.portal.maps.find((m) => m.id === d.config.layer);
    if (!layer) continue;
    const names = layerCodes(join(catalog.root, layer.path), layer.key, layer.label);
    const keys = new Set(names.keys());
    // "75" (Paris): a reader who does not know the codes by heart knows the names.
    const named = (codes: string[]) => codes.map((c) => (names.get(c) && names.get(c) !== c ? `"${c}" (${names.get(c)})` : `"${c}"`)).join(', ');
    const population = data.population;
    if (d.config.population && population) {
      const missing = [...keys].filter((k) => population[k] === undefined);
      if (missing.length > 0)
        at(
          ['population'],
          `the population table has no inhabitants for ${missing.length} of the ${keys.size} territories of layer "${layer.id}": ${named(missing.slice(0, 5))}${missing.length > 5 ? ', …' : ''}`,
          'add a row for each, or check `codes:` (leading zeros, prefixes)',
        );
    }
    for (const ind of d.indicators) {
      if (!ind.territory) continue;
      const found = data.indicators[ind.id];
      // No row at all: said above, once.
      if (!found || found.rows === 0) continue;
      const path = d.paths[ind.id]!;
      const m = matchCodes(found.codes, keys);
      if (m.total === 0) {
        // Codes there are, but `codes.pattern` kept none of them: say so, with codes as the file has them.
        const source = resourceOf(catalog.datasets, ind.dataset, ind.resource).resource;
        const raw = ind.codes?.pattern && source?.tableSchema ? ((await someValues(source, [ind.territory])).get(ind.territory) ?? []) : [];
        if (raw.length > 0)
          at(
            [...path, 'codes', 'pattern'],
            `codes.pattern "${ind.codes!.pattern}" matches none of the codes of column "${ind.territory}", so 0 codes matched a feature of layer "${layer.id}"; the file's codes are for instance ${list(raw.slice(0, 5))}`,
            `write a pattern whose first group is the layer's code, e.g. ${named([...keys].slice(0, 3))}`,
          );
        else
          at(
            [...path, 'territory'],
            `column "${ind.territory}" has no code${ind.filter ? ' in the rows that pass the filter' : ''}: the indicator would be on no territory page`,
            'choose the column that holds the territory codes',
          );
      } else if (m.matched === 0)
        at(
          [...path, 'territory'],
          `none of the ${m.total} codes of column "${ind.territory}" is a feature of layer "${layer.id}" (0 matched, property ${layer.key}); for instance ${list(m.unmatched)}`,
          `set codes: {pattern: …, pad: …} so that codes become those of ${layer.path}, e.g. ${named([...keys].slice(0, 3))}`,
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
