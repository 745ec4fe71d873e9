import type { DashboardConfig, IndicatorConfig } from '../config/dashboard.ts';
import type { PathSegment, SourceFile } from '../content/source-file.ts';
import type { Series } from './transforms.ts';

/** What the build reads from the data for one indicator, before transforms. */
export interface IndicatorData {
  id: string;
  /** Every day from the first to the last with data (ISO); [''] for an indicator without a date column. */
  dates: string[];
  /** All rows that pass the filter, combined per day (territory or not). */
  total: Series;
  /** Per layer code (after `codes:`), per day. */
  territories: Record<string, Series>;
  /** Distinct codes found in the territory column, after `codes:` (also those the layer lacks). */
  codes: string[];
  /** Live datasets with a reporter column: each reporter's value per day. */
  reporters?: Record<string, Series>;
  /** Rows that passed the filter. */
  rows: number;
}

export interface DashboardData {
  version: number;
  indicators: Record<string, IndicatorData>;
  /** Inhabitants per layer code, when the dashboard declares a population table. */
  population?: Record<string, number>;
}

/** A dashboard as the loader checked it. */
export interface LoadedDashboard {
  id: string;
  /** dashboards/<id>.yaml, relative to the content folder. */
  file: string;
  config: DashboardConfig;
  indicators: IndicatorConfig[];
  /** The parsed file, to point errors found in the data at the right line. */
  source: SourceFile;
  /** Where each indicator is written in the file (sections[i].indicators[j]). */
  paths: Record<string, PathSegment[]>;
}
