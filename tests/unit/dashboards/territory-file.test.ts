// The runtime file of a dashboard's territory pages (src/dashboards/territory-file.ts) and how the
// server keeps it (src/server/dashboard-territory.ts): read once per build, a bounded number of
// dashboards, never a path outside dist/portal/, and dropped when the build served changes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IndicatorConfig } from '../../../src/config/dashboard.ts';
import type { IndicatorFigures } from '../../../src/dashboards/figures.ts';
import { territoriesFile, type DashboardTerritoriesFile } from '../../../src/dashboards/territory-file.ts';

const config = (id: string, dataset: string) => ({ id, dataset, title: { fr: id } }) as unknown as IndicatorConfig;
const figures = (id: string, dataset: string, territories: Record<string, (number | null)[]>): IndicatorFigures => ({
  id,
  config: config(id, dataset),
  section: 0,
  dates: ['2020-11-01', '2020-11-02'],
  total: [1, 2],
  territories,
});

describe('the runtime file of the territory pages', () => {
  it('has every indicator in order, the series per territory, and the titles the pages link', () => {
    const file = territoriesFile(
      'd',
      { title: { fr: 'Tableau' }, sections: [{ title: { fr: 'Hôpital' } }] },
      [{ code: '75', name: 'Paris' }],
      [figures('rea', 'hopital', { '75': [3, null] }), figures('lits', 'lits', {})],
      (slug) => (slug === 'hopital' ? { fr: 'Données hospitalières' } : undefined),
    );
    expect(file.sections).toEqual([{ fr: 'Hôpital' }]);
    expect(file.indicators.map((i) => [i.id, i.dates, i.territories])).toEqual([
      ['rea', ['2020-11-01', '2020-11-02'], { '75': [3, null] }],
      // No figures by territory: named on the pages among those not shown, no days to carry.
      ['lits', [], {}],
    ]);
    expect(file.datasets).toEqual({ hopital: { fr: 'Données hospitalières' } });
    // What the file holds is JSON: the numbers come back exactly.
    expect(JSON.parse(JSON.stringify(file))).toEqual(file);
  });
});

describe('the runtime file kept by the server', () => {
  const builds = [mkdtempSync(join(tmpdir(), 'territories-a-')), mkdtempSync(join(tmpdir(), 'territories-b-'))];
  afterAll(() => {
    for (const b of builds) rmSync(b, { recursive: true, force: true });
    delete process.env.PORTAL_DIST;
  });
  const write = (build: string, id: string, value: number) => {
    const dir = join(build, 'portal', 'dashboard-territories');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(build, 'portal', 'catalog.json'), JSON.stringify({ builtAt: build }));
    const file: DashboardTerritoriesFile = {
      id,
      title: { fr: id },
      sections: [],
      territories: [{ code: '75', name: 'Paris' }],
      indicators: [figures('rea', 'h', { '75': [value, null] })],
      datasets: {},
    };
    writeFileSync(join(dir, `${id}.json`), JSON.stringify(file));
  };

  it('reads a dashboard once per build, keeps a bounded number, refuses other names, follows the build', async () => {
    for (let i = 0; i < 6; i++) write(builds[0]!, `d${i}`, i);
    write(builds[1]!, 'd0', 100);
    process.env.PORTAL_DIST = builds[0];
    const { dashboardTerritoriesOf, keptDashboards, MAX_KEPT_DASHBOARDS } = await import('../../../src/server/dashboard-territory.ts');
    const first = dashboardTerritoriesOf('d0')!;
    expect(first.file.indicators[0]!.territories['75']).toEqual([0, null]);
    expect([...first.names]).toEqual([['75', 'Paris']]);
    // Read once: the build's files never change, a change on disk is not read again.
    write(builds[0]!, 'd0', 50);
    expect(dashboardTerritoriesOf('d0')).toBe(first);
    // Unknown dashboards and names that are not dashboard ids are no file, and are not kept.
    for (const id of ['nope', '../portal/catalog', 'D0', '']) expect(dashboardTerritoriesOf(id), id).toBeUndefined();
    expect(keptDashboards()).toBe(1);
    for (let i = 1; i < 6; i++) dashboardTerritoriesOf(`d${i}`);
    expect(keptDashboards()).toBe(MAX_KEPT_DASHBOARDS);
    // d0 went first (least recently used): read again, it has what the file holds now, and another version.
    const again = dashboardTerritoriesOf('d0')!;
    expect(again.file.indicators[0]!.territories['75']).toEqual([50, null]);
    expect(again.version).not.toBe(first.version);
    // The server switches to another build: that build's file, and nothing of the first kept.
    process.env.PORTAL_DIST = builds[1];
    expect(dashboardTerritoriesOf('d0')!.file.indicators[0]!.territories['75']).toEqual([100, null]);
    expect(keptDashboards()).toBe(1);
    expect(dashboardTerritoriesOf('d1')).toBeUndefined();
  });
});
