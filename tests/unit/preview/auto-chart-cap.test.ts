// An automatic bar chart is drawn over up to MAX_AUTO_CATEGORIES categories; above, it is not
// drawn (and not counted past the limit), while a chart the publisher declares always is.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chartsOf, deriveResource, MAX_AUTO_CATEGORIES } from '../../../src/preview/derive.ts';
import type { LoadedDataset } from '../../../src/content/load.ts';

const dir = mkdtempSync(join(tmpdir(), 'auto-chart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schema = {
  fields: [
    { name: 'commune', type: 'string' as const },
    { name: 'habitants', type: 'integer' as const },
  ],
  missingValues: [''],
};

async function preview(categories: number, declared: boolean) {
  const csv = join(dir, `c${categories}-${declared}.csv`);
  writeFileSync(csv, `commune,habitants\n${Array.from({ length: categories }, (_, i) => `Commune ${i},${i + 1}`).join('\n')}\n`);
  const dataset = {
    resources: [{ name: 'communes', tabular: true, bytes: 1, tableSchema: schema }],
    config: declared ? { charts: [{ type: 'bar', x: 'commune', y: ['habitants'] }] } : {},
  } as unknown as Pick<LoadedDataset, 'resources' | 'config'>;
  const charts = chartsOf(dataset);
  expect(charts.map((c) => [c.type, c.auto === true])).toEqual([['bar', !declared]]);
  return deriveResource({ path: csv, resource: 'communes', relPath: 'c.csv', schema, charts, locale: 'fr-FR' }, join(dir, 'cache'), `k${categories}${declared}`);
}

describe('automatic bar charts', () => {
  it(`are drawn over ${MAX_AUTO_CATEGORIES} categories, the tallest first`, async () => {
    const p = await preview(MAX_AUTO_CATEGORIES, false);
    const chart = p.charts[0] as { kind: string; categories: { x: string }[]; otherCategories: number };
    expect(chart.kind).toBe('xy');
    expect(chart.categories[0]!.x).toBe(`Commune ${MAX_AUTO_CATEGORIES - 1}`);
    expect(chart.otherCategories).toBe(MAX_AUTO_CATEGORIES - chart.categories.length);
  });

  it('are not drawn over one more, while the table preview and statistics still see every row', async () => {
    const p = await preview(MAX_AUTO_CATEGORIES + 1, false);
    expect(p.charts).toEqual({});
    expect(p.rows).toBe(MAX_AUTO_CATEGORIES + 1);
  });

  it('declared in dataset.yaml, are drawn whatever the number of categories', async () => {
    const p = await preview(MAX_AUTO_CATEGORIES + 1, true);
    expect((p.charts[0] as { otherCategories: number }).otherCategories).toBeGreaterThan(0);
  });
});
