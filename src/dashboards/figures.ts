// From the data read at build to the figures a page shows: transforms applied to the total and
// to every territory, the live policy applied to reporters, and each series' key figure.
import type { IndicatorConfig } from '../config/dashboard.ts';
import { keyFigure, type KeyFigure } from './key-figure.ts';
import { applyPolicy } from './policy.ts';
import { applyTransforms, type Series } from './transforms.ts';
import type { DashboardData, IndicatorData, LoadedDashboard } from './types.ts';

export interface Reporting {
  /** Day of the latest row (ISO). */
  date: string;
  /** Reporters with their own row for that day. */
  reported: number;
  reporters: number;
}

export interface IndicatorFigures {
  id: string;
  config: IndicatorConfig;
  section: number;
  dates: string[];
  total: Series;
  territories: Record<string, Series>;
  card?: KeyFigure;
  /** Live datasets with reporters: how complete the latest day is. */
  reporting?: Reporting;
  /** Live datasets with reporters: each reporter's series, for the page to update as rows arrive. */
  reporters?: Record<string, Series>;
  /** Live datasets with reporters: per day, who reported and whether the figure carries values forward. */
  days?: PolicyDays;
}

export interface PolicyDays {
  /** Reporters with their own row, per day. */
  reported: number[];
  /** Days whose figure counts some reporter's carried-forward value. */
  carried: boolean[];
  reporters: number;
}

export interface DashboardFigures {
  indicators: IndicatorFigures[];
}

/** The total of an indicator: under the declared policy for live reporters, the plain combination otherwise. */
function totalOf(config: IndicatorConfig, data: IndicatorData): { total: Series; reporting?: Reporting; days?: PolicyDays } {
  if (!data.reporters || !config.policy) return { total: data.total };
  const r = applyPolicy(data.reporters, data.dates.length, config.policy);
  const last = data.dates.length - 1;
  const carried = r.values.map((v, d) => v !== null && r.counted[d]! > r.reported[d]!);
  return { total: r.values, reporting: { date: data.dates[last] ?? '', reported: r.reported[last] ?? 0, reporters: r.reporters }, days: { reported: r.reported, carried, reporters: r.reporters } };
}

export function indicatorFigures(config: IndicatorConfig, section: number, data: IndicatorData | undefined, population?: Record<string, number>): IndicatorFigures {
  if (!data) return { id: config.id, config, section, dates: [], total: [], territories: {} };
  const everyone = population ? Object.values(population).reduce((a, b) => a + b, 0) : undefined;
  const { total, reporting, days } = totalOf(config, data);
  const transformed = applyTransforms(total, config.transform, everyone);
  const territories: Record<string, Series> = {};
  for (const [code, series] of Object.entries(data.territories)) territories[code] = applyTransforms(series, config.transform, population?.[code]);
  return {
    id: config.id,
    config,
    section,
    dates: data.dates,
    total: transformed,
    territories,
    card: keyFigure(data.dates, transformed, config.change, config.higherIs),
    reporting,
    ...(reporting ? { reporters: data.reporters, days } : {}),
  };
}

export function dashboardFigures(dashboard: LoadedDashboard, data: DashboardData): DashboardFigures {
  const indicators: IndicatorFigures[] = [];
  dashboard.config.sections.forEach((s, i) => {
    for (const ind of s.indicators) indicators.push(indicatorFigures(ind, i, data.indicators[ind.id], data.population));
  });
  return { indicators };
}

/** The same indicator for one territory: its own series and key figure. */
export function territoryView(f: Pick<IndicatorFigures, 'config' | 'dates' | 'territories'>, code: string): { series: Series; card?: KeyFigure } | undefined {
  const series = f.territories[code];
  if (!series) return undefined;
  return { series, card: keyFigure(f.dates, series, f.config.change, f.config.higherIs) };
}
