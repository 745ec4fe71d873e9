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

/**
 * Each reporter's series, with an empty one for every reporter expected daily (the dataset's
 * reporters file) that has no row at all: it is missing from every day, not unknown.
 */
function withExpected(byReporter: Record<string, Series>, days: number, expected: readonly string[] | undefined): Record<string, Series> {
  const missing = (expected ?? []).filter((id) => !Object.hasOwn(byReporter, id));
  if (missing.length === 0) return byReporter;
  return { ...byReporter, ...Object.fromEntries(missing.map((id) => [id, Array.from({ length: days }, () => null)])) };
}

/** The total of an indicator: under the declared policy for live reporters, the plain combination otherwise. */
function totalOf(config: IndicatorConfig, data: IndicatorData, byReporter: Record<string, Series> | undefined): { total: Series; reporting?: Reporting; days?: PolicyDays } {
  if (!byReporter || !config.policy) return { total: data.total };
  const r = applyPolicy(byReporter, data.dates.length, config.policy);
  const last = data.dates.length - 1;
  const carried = r.values.map((v, d) => v !== null && r.counted[d]! > r.reported[d]!);
  return { total: r.values, reporting: { date: data.dates[last] ?? '', reported: r.reported[last] ?? 0, reporters: r.reporters }, days: { reported: r.reported, carried, reporters: r.reporters } };
}

/** `expected`: the reporters the indicator's dataset expects every day (dailyReporters), if it lists them. */
export function indicatorFigures(config: IndicatorConfig, section: number, data: IndicatorData | undefined, population?: Record<string, number>, expected?: readonly string[]): IndicatorFigures {
  if (!data) return { id: config.id, config, section, dates: [], total: [], territories: {} };
  const everyone = population ? Object.values(population).reduce((a, b) => a + b, 0) : undefined;
  const byReporter = data.reporters && withExpected(data.reporters, data.dates.length, expected);
  const { total, reporting, days } = totalOf(config, data, byReporter);
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
    ...(reporting ? { reporters: byReporter, days } : {}),
  };
}

/** `expected`: per dataset slug, the reporters it expects every day (dailyReporters), for live indicators. */
export function dashboardFigures(dashboard: LoadedDashboard, data: DashboardData, expected?: (slug: string) => readonly string[] | undefined): DashboardFigures {
  const indicators: IndicatorFigures[] = [];
  dashboard.config.sections.forEach((s, i) => {
    for (const ind of s.indicators) indicators.push(indicatorFigures(ind, i, data.indicators[ind.id], data.population, ind.policy ? expected?.(ind.dataset) : undefined));
  });
  return { indicators };
}

/** The same indicator for one territory: its own series and key figure. */
export function territoryView(f: Pick<IndicatorFigures, 'config' | 'dates' | 'territories'>, code: string): { series: Series; card?: KeyFigure } | undefined {
  const series = f.territories[code];
  if (!series) return undefined;
  return { series, card: keyFigure(f.dates, series, f.config.change, f.config.higherIs) };
}
