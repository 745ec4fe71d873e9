// What the on-demand map at another day reads: the dashboard's map (dist/portal/dashboard-maps.json,
// its projected layer, territories and mapped indicators) and an indicator's figures file, the
// same /dashboards/<id>/figures/<indicator>.json the build writes for downloads and the slider.
// Each figures file is read once per build and kept, at most MAX_KEPT of them (least recently
// used goes first, all dropped when the server serves another build: src/server/kept-per-build.ts),
// so a request costs a lookup and one map drawing, and memory stays bounded.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_MAPS_FILE, type DashboardMapFile, type DashboardMapsFile } from '../dashboards/map-day.ts';
import { urls } from '../lib/urls.ts';
import { keptPerBuild } from './kept-per-build.ts';
import { distDir, runtimeCatalog, runtimeFile } from './runtime-catalog.ts';

export interface DayFigures {
  dates: string[];
  territories: Record<string, (number | null)[]>;
  /** Changes with the build and with the figures: the base of each dated page's ETag. */
  version: string;
}

/** Figures files kept in memory (each is one indicator: days × territories numbers). */
export const MAX_KEPT = 12;
const kept = keptPerBuild<DayFigures>('dashboard-day', MAX_KEPT);

/** A dashboard's map as the build wrote it, or undefined when it has none (a 404). */
export function dashboardMapOf(id: string): DashboardMapFile | undefined {
  const all = runtimeFile<DashboardMapsFile>(DASHBOARD_MAPS_FILE);
  return Object.hasOwn(all, id) ? all[id] : undefined;
}

let stamp: string | undefined;
/** The build: its time and the runtime catalog's file (rewritten by every build, strings included). */
function buildStamp(): string {
  if (stamp === undefined) {
    const file = statSync(join(distDir(), 'portal', 'catalog.json'));
    stamp = `${runtimeCatalog().builtAt}\u0000${file.size}\u0000${file.mtimeMs}`;
  }
  return stamp;
}

/** A version of a runtime file's bytes in this build: the base of the ETags of what is drawn from it. */
export function runtimeVersion(bytes: Uint8Array): string {
  return createHash('sha256').update(buildStamp()).update(bytes).digest('base64url').slice(0, 20);
}

/**
 * The figures of one mapped indicator (`indicator` must be one the dashboard's map lists: the
 * address never names a file by itself).
 */
export function indicatorDays(id: string, indicator: string): DayFigures {
  const key = `${id}\u0000${indicator}`;
  const hit = kept.get(key);
  if (hit) return hit;
  const address = urls.dashboardFigures(id, indicator, 'json');
  const bytes = readFileSync(join(distDir(), 'client', ...address.split('/').map(decodeURIComponent)));
  const json = JSON.parse(bytes.toString('utf8')) as { dates: string[]; territories: Record<string, { values: (number | null)[] }> };
  const figures: DayFigures = {
    dates: json.dates,
    territories: Object.fromEntries(Object.entries(json.territories).map(([code, t]) => [code, t.values])),
    version: runtimeVersion(bytes),
  };
  kept.set(key, figures);
  return figures;
}

/** How many figures files are kept now (for the tests of the bound). */
export function keptFigures(): number {
  return kept.size();
}

/** Whether an If-None-Match header names this ETag (or is `*`). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}
