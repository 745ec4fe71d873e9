// Staging a write (src/publish/content.ts stageChange): a write into one dataset stages that
// folder only and reads the others from the content folder, with the same verdict as a staging
// copy of everything; the content folder is untouched and the staging copy removed.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { stageChange, WORK_DIR } from '../../../src/publish/content.ts';

const FIXTURE = resolve(import.meta.dirname, '..', '..', 'fixtures', 'portal-valid');
const dir = mkdtempSync(join(tmpdir(), 'stage-'));
const root = join(dir, 'content');
cpSync(FIXTURE, root, { recursive: true });
vi.stubEnv('PORTAL_CACHE', join(dir, 'cache'));
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

const yaml = (slug: string) => readFileSync(join(root, 'datasets', slug, 'dataset.yaml'), 'utf8');

describe('stageChange', () => {
  it('checks a write into one dataset against every other dataset, from the content folder', async () => {
    const before = yaml('cantines');
    const r = await stageChange(root, { texts: { 'datasets/cantines/dataset.yaml': before.replace(/^title: .*$/m, 'title: Cantines (nouveau titre)') }, files: {}, keep: {} });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.catalog.datasets.map((d) => d.slug)).toEqual(['cantines', 'gares', 'lits-reanimation']);
    expect(r.catalog.datasets.find((d) => d.slug === 'cantines')!.config.title).toBe('Cantines (nouveau titre)');
    // The other datasets were read where they are; nothing was written into the content folder.
    expect(r.catalog.datasets.find((d) => d.slug === 'gares')!.resources[0]!.absPath).toBe(join(root, 'datasets', 'gares', 'gares.json'));
    expect(yaml('cantines')).toBe(before);
    expect(readdirSync(join(root, WORK_DIR, 'staging'))).toEqual([]);
  });

  it('refuses a write that breaks a rule involving the rest of the content, naming the file and field', async () => {
    const r = await stageChange(root, { texts: { 'datasets/gares/dataset.yaml': yaml('gares').replace(/^publisher: .*$/m, 'publisher: inconnu') }, files: {}, keep: {} });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'datasets/gares/dataset.yaml', field: 'publisher' })]));
  });

  it('stages a new dataset folder next to the others', async () => {
    const upload = join(dir, 'upload.csv');
    cpSync(join(root, 'datasets', 'cantines', 'cantines.csv'), upload);
    const r = await stageChange(root, {
      texts: {
        'datasets/copie/dataset.yaml': yaml('cantines').replace(/^title: .*$/m, 'title: Copie'),
        'datasets/copie/cantines.schema.json': readFileSync(join(root, 'datasets', 'cantines', 'cantines.schema.json'), 'utf8'),
      },
      files: { 'datasets/copie/cantines.csv': upload },
      keep: {},
    });
    expect(r.ok ? [] : r.issues).toEqual([]);
    if (r.ok) expect(r.catalog.datasets.map((d) => d.slug)).toEqual(['cantines', 'copie', 'gares', 'lits-reanimation']);
    expect(readdirSync(join(root, 'datasets'))).not.toContain('copie');
  });

  it("checks package_create's draft alone: its own issues, without reading the other datasets", async () => {
    const draft = (publisher: string) =>
      `title: Nouveau\ndescription: Un brouillon.\nsector: food\npublisher: ${publisher}\nlicense: ODbL-1.0\nfrequency: annual\nupdated: 2021-06-30\nresources: []\n`;
    const bad = await stageChange(root, { texts: { 'datasets/nouveau/dataset.yaml': draft('inconnu') }, files: {}, keep: {} }, { alone: true });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.issues).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'datasets/nouveau/dataset.yaml', field: 'publisher' })]));
      expect(bad.issues.every((i) => i.file.startsWith('datasets/nouveau/'))).toBe(true);
    }
    const good = await stageChange(root, { texts: { 'datasets/nouveau/dataset.yaml': draft('mairie-test') }, files: {}, keep: {} }, { alone: true });
    // A dataset without files is refused by the whole check; alone, that is its only issue.
    expect(good.ok ? [] : good.issues.map((i) => i.field)).toEqual(['resources']);
  });
});
