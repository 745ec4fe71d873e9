// How the server keeps what the dataset pages rendered on demand read (src/server/dataset-page.ts):
// a dataset's runtime file read once per build, a bounded number of datasets, never a path
// outside dist/portal/dataset-pages/, the checksums the build wrote given to the exports, and
// everything dropped when the build served changes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetPageFile, DatasetPagesShared } from '../../../src/site/dataset-page.ts';
import { catalogChecksums } from '../../../src/standards/checksums.ts';

describe('the dataset pages kept by the server', () => {
  const builds = [mkdtempSync(join(tmpdir(), 'dataset-pages-a-')), mkdtempSync(join(tmpdir(), 'dataset-pages-b-'))];
  afterAll(() => {
    for (const b of builds) rmSync(b, { recursive: true, force: true });
    delete process.env.PORTAL_DIST;
  });
  const write = (build: string, slug: string, title: string) => {
    const dir = join(build, 'portal', 'dataset-pages');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(build, 'portal', 'catalog.json'), JSON.stringify({ builtAt: build }));
    const shared = { portal: { defaultLanguage: 'fr', languages: ['fr'], maps: [] }, publishers: [{ id: 'p', name: 'P' }], dashboards: { d0: [{ id: 'tableau', title: 'Tableau' }] } };
    writeFileSync(join(dir, '_portal.json'), JSON.stringify(shared as unknown as DatasetPagesShared));
    const file = {
      dataset: { slug, config: { title, charts: [] }, resources: [{ name: 'r', path: 'r.csv', absPath: `<content>/datasets/${slug}/r.csv` }] },
      summary: { slug },
      previews: {},
      rows: {},
      checksums: { [`<content>/datasets/${slug}/r.csv`]: 'ab'.repeat(32) },
    };
    writeFileSync(join(dir, `${slug}.json`), JSON.stringify(file as unknown as DatasetPageFile));
  };

  it('reads a dataset once per build, keeps a bounded number, refuses other names, follows the build', async () => {
    for (let i = 0; i < 70; i++) write(builds[0]!, `d${i}`, `title ${i}`);
    write(builds[1]!, 'd0', 'new title');
    process.env.PORTAL_DIST = builds[0];
    const { keptDatasets, MAX_KEPT_DATASETS, onDemandDataset } = await import('../../../src/server/dataset-page.ts');
    const first = onDemandDataset('d0')!;
    expect(first.page.dataset.config.title).toBe('title 0');
    expect(first.page.catalog.publishers.get('p')).toEqual({ id: 'p', name: 'P' });
    expect(first.page.catalog.datasets).toEqual([first.page.dataset]);
    expect(first.page.dashboards).toEqual([{ id: 'tableau', title: 'Tableau' }]);
    // The exports get the checksums the build computed: no data file is read.
    expect(await catalogChecksums(first.page.catalog)).toEqual(new Map([['<content>/datasets/d0/r.csv', 'ab'.repeat(32)]]));
    // Read once: the build's files never change, a change on disk is not read again.
    write(builds[0]!, 'd0', 'changed');
    expect(onDemandDataset('d0')).toBe(first);
    // Unknown datasets and names that are not slugs are no file, and are not kept.
    for (const slug of ['nope', 'portal', '_portal', '../catalog', '..', 'portal/../d1', 'D0', '']) expect(onDemandDataset(slug), slug).toBeUndefined();
    expect(keptDatasets()).toBe(1);
    for (let i = 1; i < 70; i++) onDemandDataset(`d${i}`);
    expect(keptDatasets()).toBe(MAX_KEPT_DATASETS);
    // d0 went first (least recently used): read again, it has what the file holds now, and another version.
    const again = onDemandDataset('d0')!;
    expect(again.page.dataset.config.title).toBe('changed');
    expect(again.version).not.toBe(first.version);
    // The server switches to another build: that build's file, and nothing of the first kept.
    process.env.PORTAL_DIST = builds[1];
    expect(onDemandDataset('d0')!.page.dataset.config.title).toBe('new title');
    expect(keptDatasets()).toBe(1);
    expect(onDemandDataset('d1')).toBeUndefined();
  });
});
