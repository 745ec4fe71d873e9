// What the on-demand territory pages and per-territory figures files read: the dashboard's
// runtime file (dist/portal/dashboard-territories/<id>.json, src/dashboards/territory-file.ts),
// read on the first request for one of its territories and kept for the build, at most
// MAX_KEPT_DASHBOARDS of them (least recently used goes first), dropped when the server serves
// another build (src/server/kept-per-build.ts), so memory stays bounded.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_ID, DASHBOARD_TERRITORIES_DIR, type DashboardTerritoriesFile } from '../dashboards/territory-file.ts';
import { runtimeVersion } from './dashboard-day.ts';
import { keptPerBuild } from './kept-per-build.ts';
import { distDir } from './runtime-catalog.ts';

export interface DashboardTerritories {
  file: DashboardTerritoriesFile;
  /** Territory names by code: the codes that have a page. */
  names: Map<string, string>;
  /** Changes with the build and the file: the base of each answer's ETag. */
  version: string;
}

export const MAX_KEPT_DASHBOARDS = 4;
const kept = keptPerBuild<DashboardTerritories>('dashboard-territories', MAX_KEPT_DASHBOARDS);

/** A dashboard's territories as the build wrote them, or undefined when it has none (a 404). */
export function dashboardTerritoriesOf(id: string): DashboardTerritories | undefined {
  if (!DASHBOARD_ID.test(id)) return undefined;
  const hit = kept.get(id);
  if (hit) return hit;
  // A miss is not kept: unknown addresses cannot push the real dashboards out.
  const path = join(distDir(), 'portal', DASHBOARD_TERRITORIES_DIR, `${id}.json`);
  if (!existsSync(path)) return undefined;
  const bytes = readFileSync(path);
  const file = JSON.parse(bytes.toString('utf8')) as DashboardTerritoriesFile;
  const read: DashboardTerritories = { file, names: new Map(file.territories.map((t) => [t.code, t.name])), version: runtimeVersion(bytes) };
  kept.set(id, read);
  return read;
}

/** How many dashboards' files are kept now (for the tests of the bound). */
export const keptDashboards = (): number => kept.size();
