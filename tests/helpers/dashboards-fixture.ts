// The dashboards fixture (tests/fixtures/portal-dashboards) built once per content of the
// fixture and the source, kept in tests/.tmp/ so the integration and e2e projects share it.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildKey } from './global-setup.ts';
import { buildPortal, removeDir, ROOT } from './portal.ts';

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
