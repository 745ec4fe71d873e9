// The figures pass rides on validation's read of the rows (src/content/validate.ts): fed with
// the validator's cast rows, it must give exactly what its own streaming read gives.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../../src/content/load.ts';
import { computeFigures, planFigures } from '../../../src/dashboards/derive.ts';
import { validateTable } from '../../../src/tableschema/index.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('figures from validation rows', () => {
  it.each(['content', 'tests/fixtures/portal-dashboards'])('%s: the same figures as a pass of their own', async (folder) => {
    const { catalog } = loadContent(join(ROOT, folder));
    const { dashboards, datasets } = catalog!;
    expect(dashboards.length).toBeGreaterThan(0);
    const plan = planFigures(dashboards, datasets);
    expect(plan.files.size).toBeGreaterThan(0);
    for (const [path, resource] of plan.files) {
      const summary = await validateTable({ path, dialect: resource.dialect, schema: resource.tableSchema!, onRow: plan.sinkFor(path) });
      expect(summary.errors, path).toBe(0);
    }
    await plan.readRest(new Set(plan.files.keys()));
    expect(plan.finish()).toEqual(await computeFigures(dashboards, datasets));
  });
});
