// The dashboards fixture (tests/fixtures/portal-dashboards) built once per content of the
// fixture and the source, kept in tests/.tmp/ so the integration and e2e projects share it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { buildKey } from './global-setup.ts';
import { buildPortal, removeDir, ROOT, startServer, type RunningServer } from './portal.ts';

export const DASHBOARDS_FIXTURE = join(ROOT, 'tests', 'fixtures', 'portal-dashboards');

export function dashboardsDist(): string {
  const key = buildKey(['tests/fixtures/portal-dashboards', 'src', 'scripts', 'astro.config.mjs', 'package-lock.json', 'tsconfig.json']);
  const dist = join(ROOT, 'tests', '.tmp', `dashboards-${key}`);
  const done = join(dist, '.build-output.txt');
  if (!existsSync(done)) {
    removeDir(dist);
    const build = buildPortal(DASHBOARDS_FIXTURE, dist);
    if (build.status !== 0) throw new Error(`building the dashboards fixture failed:\n${build.output}`);
    writeFileSync(done, build.output);
  }
  return dist;
}

/** A card's figures file of the fixture's dashboard, as the build wrote it (static). */
export interface CardFigures {
  dates: string[];
  territories: Record<string, { name: string; values: (number | null)[] }>;
}

export function cardFigures(dist: string, indicator: string): CardFigures {
  return JSON.parse(readFileSync(join(dist, 'client', 'dashboards', 'situation', 'figures', `${indicator}.json`), 'utf8')) as CardFigures;
}

/**
 * The fixture built and served by the real server for the tests of one file (started before
 * them, stopped after): `url` and `dist` are set once the server answers, and `figures` reads a
 * card's figures file of that build.
 */
export function servedDashboards(): { url: string; dist: string; figures: (indicator: string) => CardFigures } {
  let server: RunningServer | undefined;
  const served = { url: '', dist: '', figures: (indicator: string) => cardFigures(served.dist, indicator) };
  beforeAll(async () => {
    served.dist = dashboardsDist();
    server = await startServer(served.dist);
    served.url = server.url;
  }, 240_000);
  afterAll(async () => server?.stop());
  return served;
}
