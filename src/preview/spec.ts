// Chart specs: what dataset.yaml declares under `charts:`, completed with defaults, or,
// when it declares none, chosen from the Table Schema of the first tabular resource.
import type { ChartConfig } from '../config/dataset.ts';
import type { LocalizedText } from '../config/localized.ts';
import type { Field, FieldType } from '../tableschema/index.ts';
import type { Aggregate } from './aggregate.ts';

export type ChartType = 'line' | 'bar' | 'area' | 'map' | 'points' | 'table';

/** A chart with every choice made: which resource, which fields, how to aggregate. */
export interface ResolvedChart {
  /** Position on the page (0-based), also the id of its data. */
  index: number;
  type: ChartType;
  resource: string;
  title?: LocalizedText;
  /** Horizontal axis (line, bar, area), or the date of a map (its date selector). */
  x?: string;
  xType?: FieldType;
  y: string[];
  series?: string;
  aggregate: Aggregate;
  filter: Record<string, string | number | boolean>;
  layer?: string;
  key?: string;
  /** Points: latitude and longitude fields, or one geopoint field. */
  lat?: string;
  lon?: string;
  geopoint?: string;
  /** Points: a field naming each point. */
  label?: string;
  /** True when chosen by the framework (no `charts:` in dataset.yaml). */
  auto?: true;
}

export interface SpecResource {
  name: string;
  tabular: boolean;
  fields?: readonly Field[];
}

const NUMERIC: FieldType[] = ['number', 'integer'];
const TIME: FieldType[] = ['date', 'datetime'];

/** Numbers worth drawing: not codes (an enum such as sexe 0/1/2), not coordinates, not identifiers. */
function isMeasure(f: Field): boolean {
  if (!NUMERIC.includes(f.type)) return false;
  if (f.constraints?.enum) return false;
  return !/^(lat|lon|lng|long|x|y)([_-]|$)|^(lat|long)_|latitude|longitude|^id$|^id_|_id$|^gid$|^code|siren|siret|precis|accura/i.test(f.name);
}

export function coordinateFields(fields: readonly Field[]): { lat?: string; lon?: string; geopoint?: string } {
  const geopoint = fields.find((f) => f.type === 'geopoint');
  if (geopoint) return { geopoint: geopoint.name };
  const num = fields.filter((f) => f.type === 'number');
  const lat = num.find((f) => /^lat(itude)?([_-]?[a-z0-9]*)$/i.test(f.name));
  const lon = num.find((f) => /^(lon|lng|long)(gitude)?([_-]?[a-z0-9]*)$/i.test(f.name));
  return lat && lon ? { lat: lat.name, lon: lon.name } : {};
}

function labelField(fields: readonly Field[]): string | undefined {
  return (fields.find((f) => f.type === 'string' && /^(nom|name|libelle|label|title|titre)/i.test(f.name)) ?? fields.find((f) => f.type === 'string'))?.name;
}

/** The charts a Table Schema suggests when dataset.yaml declares none. */
export function defaultCharts(resource: SpecResource): Omit<ResolvedChart, 'index'>[] {
  const fields = resource.fields ?? [];
  const out: Omit<ResolvedChart, 'index'>[] = [];
  const base = { resource: resource.name, aggregate: 'sum' as Aggregate, filter: {}, auto: true as const };
  const measures = fields.filter(isMeasure);
  const time = fields.find((f) => TIME.includes(f.type) && !f.name.startsWith('_'));
  if (time && measures.length > 0) {
    out.push({ ...base, type: 'line', x: time.name, xType: time.type, y: measures.slice(0, 3).map((f) => f.name) });
  } else if (measures.length > 0) {
    const category =
      fields.find((f) => f.type === 'string' && f.constraints?.enum) ?? fields.find((f) => f.type === 'string' && f.name !== labelField(fields)) ?? fields.find((f) => f.type === 'string');
    if (category) out.push({ ...base, type: 'bar', x: category.name, xType: 'string', y: [measures[0]!.name] });
  }
  const coords = coordinateFields(fields);
  if (coords.lat || coords.geopoint) out.push({ ...base, type: 'points', y: [], ...coords, label: labelField(fields) });
  if (out.length === 0) out.push({ ...base, type: 'table', y: [] });
  return out;
}

/**
 * Resolve the charts of a dataset: declared charts completed with defaults (the first
 * tabular resource, aggregate sum, a map's date field), or the default charts.
 */
export function resolveCharts(resources: readonly SpecResource[], declared: readonly ChartConfig[] | undefined): ResolvedChart[] {
  const first = resources.find((r) => r.tabular && r.fields);
  if (!declared || declared.length === 0) {
    return first ? defaultCharts(first).map((c, index) => ({ ...c, index })) : [];
  }
  const out: ResolvedChart[] = [];
  declared.forEach((c, index) => {
    const res = c.resource ? resources.find((r) => r.name === c.resource) : first;
    if (!res?.fields) return;
    const fields = res.fields;
    const byName = new Map(fields.map((f) => [f.name, f]));
    const chart: ResolvedChart = {
      index,
      type: c.type,
      resource: res.name,
      title: c.title,
      y:
        c.y ??
        (c.type === 'table'
          ? []
          : fields
              .filter(isMeasure)
              .slice(0, 1)
              .map((f) => f.name)),
      series: c.series,
      aggregate: c.aggregate ?? 'sum',
      filter: c.filter ?? {},
      layer: c.layer,
      key: c.type === 'map' ? (c.key ?? fields.find((f) => f.type === 'string')?.name) : c.key,
    };
    if (c.type === 'map') {
      const date = c.x ? byName.get(c.x) : fields.find((f) => TIME.includes(f.type));
      if (date) {
        chart.x = date.name;
        chart.xType = date.type;
      }
    } else if (c.type !== 'table') {
      const x = c.x ? byName.get(c.x) : (fields.find((f) => TIME.includes(f.type)) ?? fields.find((f) => f.type === 'string'));
      if (x) {
        chart.x = x.name;
        chart.xType = x.type;
      }
    }
    out.push(chart);
  });
  return out;
}
