import type { ColumnStats } from './stats.ts';
import type { ResolvedChart } from './spec.ts';

/** [x, y]: x is epoch milliseconds for dates and datetimes, a number otherwise. */
export type XY = [number, number];

export interface XYChartData {
  kind: 'xy';
  /** Numeric x (time or number): one line per value field; otherwise categories (bars). */
  numericX: boolean;
  /** Per value field, the total across groups (or the only series), downsampled. */
  total: XY[][];
  /** Grouped charts: every group, largest total first, each with one series per value field. */
  groups?: { id: string; total: number; values: XY[][] }[];
  /** Bars: the top categories, largest first, with one value per value field. */
  categories?: { x: string; values: (number | null)[] }[];
  /** Categories beyond those shown. */
  otherCategories?: number;
  /** Rows that passed the filter. */
  rows: number;
}

export interface MapChartData {
  kind: 'map';
  /** Dates of the selector (ISO), oldest first; empty when the data has no date. */
  dates: string[];
  /** Region code -> one value per date (or one value when no date). */
  values: Record<string, (number | null)[]>;
  rows: number;
}

export interface PointsChartData {
  kind: 'points';
  /** [longitude, latitude, label] */
  points: [number, number, string][];
  /** Points with coordinates, including those beyond the cap. */
  total: number;
  rows: number;
}

export type ChartData = XYChartData | MapChartData | PointsChartData | { kind: 'table'; rows: number };

export interface DerivedFile {
  /** File name next to the original in /datasets/<slug>/. */
  name: string;
  bytes: number;
  mediaType: string;
}

export interface ResourcePreview {
  version: number;
  resource: string;
  rows: number;
  sha256: string;
  fields: { name: string; type: string; title?: string }[];
  /** The first rows, typed, one array per row in the order of `fields`. */
  head: unknown[][];
  stats: ColumnStats[];
  /** Data of the charts drawn from this resource, by chart index. */
  charts: Record<number, ChartData>;
  downloads: { json: DerivedFile; spreadsheet: DerivedFile };
}

export interface DatasetPreview {
  charts: { spec: ResolvedChart; data: ChartData }[];
  resources: Map<string, ResourcePreview>;
}
