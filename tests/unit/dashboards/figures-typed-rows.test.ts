// A dashboard edited while its data did not change: its figures pass reads the typed rows the
// preview pass kept (rows.json in the preview cache, keyed by the file's content, Table Schema
// and dialect) instead of parsing and casting the CSV again, and must give the very same figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadContent, type Catalog } from '../../../src/content/load.ts';
import { computeFigures, ensureFigures, figuresCacheDir, readFigures, resourceOf, typedRowsFiles } from '../../../src/dashboards/derive.ts';
import { portalLocale } from '../../../src/preview/derive.ts';
import { ensurePreviews } from '../../../src/preview/store.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
let dir: string;
let catalog: Catalog;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'figures-typed-rows-'));
  vi.stubEnv('PORTAL_CACHE', join(dir, 'cache'));
  catalog = loadContent(join(ROOT, 'content')).catalog!;
  // Only the datasets the example dashboard reads: their previews, as a build keeps them.
  const used = new Set(catalog.dashboards.flatMap((d) => [...d.indicators.map((i) => i.dataset), ...(d.config.population ? [d.config.population.dataset] : [])]));
  await ensurePreviews({ ...catalog, datasets: catalog.datasets.filter((d) => used.has(d.slug)) });
}, 120_000);
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('figures from the typed rows of the previews', () => {
  it("the example dashboard's figures are the same to the bit as from the CSV files", async () => {
    const rowsFile = typedRowsFiles(catalog.datasets, portalLocale(catalog.portal));
    const hospital = resourceOf(catalog.datasets, 'donnees-hospitalieres-covid19').resource!;
    expect(rowsFile(hospital)).toMatch(/\.rows\.json$/);
    // From the CSV files (no typed rows given), then with every piece of the cache emptied.
    const fromCsv = await computeFigures(catalog.dashboards, catalog.datasets);
    rmSync(figuresCacheDir(), { recursive: true, force: true });
    const r = await ensureFigures(catalog.dashboards, catalog.datasets, rowsFile);
    expect(r.computed).toBe(1);
    // Every file from its typed rows but the vaccination centres': a datetime column, whose cast
    // value JSON does not give back as it was, so that file is read from its CSV.
    expect(r.read).toBe(5);
    expect(r.fromTypedRows).toBe(4);
    for (const d of catalog.dashboards) {
      const a = fromCsv.get(d.id)!;
      const b = readFigures(d, catalog.datasets);
      expect(Object.keys(b.indicators).sort()).toEqual(Object.keys(a.indicators).sort());
      for (const id of Object.keys(a.indicators)) expect(JSON.stringify(b.indicators[id]), id).toBe(JSON.stringify(a.indicators[id]));
      expect(JSON.stringify(b.population)).toBe(JSON.stringify(a.population));
    }
    // Checked by hand: intensive care in France on 1 April 2020, the sum of column rea over the
    // hospital file's sexe = 0 rows of that day (awk gives 5940).
    const rea = readFigures(catalog.dashboards[0]!, catalog.datasets).indicators['reanimation']!;
    expect(rea.total[rea.dates.indexOf('2020-04-01')]).toBe(5940);
  });

  it('without typed rows for a file (its previews not computed yet), the CSV is read', async () => {
    rmSync(figuresCacheDir(), { recursive: true, force: true });
    const r = await ensureFigures(catalog.dashboards, catalog.datasets, () => undefined);
    expect(r.fromTypedRows).toBe(0);
    expect(r.read).toBeGreaterThanOrEqual(4);
  });
});
