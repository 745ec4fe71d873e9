// Each data file read once per build: the previews computed from validation's read of the rows
// (validateContent's `previews`) are the very files the preview pass computes on its own read,
// the preview pass then has nothing left to read, and an invalid table keeps no preview.
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateContent } from '../../../src/content/validate.ts';
import { derivePreviews, portalLocale } from '../../../src/preview/derive.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'one-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files = (folder: string) => readdirSync(folder).sort();

describe('previews from the validation read', () => {
  it('are byte for byte those of a preview pass of their own, which then reads nothing', async () => {
    const content = join(dir, 'example');
    cpSync(join(ROOT, 'content'), content, { recursive: true });
    const once = join(dir, 'once');
    const report = await validateContent(content, { previews: once });
    expect(report.issues).toEqual([]);
    const catalog = report.catalog!;
    const locale = portalLocale(catalog.portal);
    expect(report.previewed.count).toBeGreaterThan(5);
    expect(report.previewed.rows).toBeGreaterThan(100_000);
    // The build's preview pass after it: everything found, nothing read.
    const after = await derivePreviews(catalog.datasets, locale, once);
    expect(after.derived).toBe(0);
    // A preview pass of its own, reading every file again, into another cache: the same files.
    const twice = join(dir, 'twice');
    const own = await derivePreviews(catalog.datasets, locale, twice);
    expect(own.derived).toBe(report.previewed.count);
    const written = files(once).filter((f) => !f.endsWith('.pruned'));
    expect(written).toEqual(files(twice).filter((f) => !f.endsWith('.pruned')));
    for (const f of written) expect(readFileSync(join(once, f)).equals(readFileSync(join(twice, f))), f).toBe(true);
  }, 120_000);

  it('keeps no preview of an invalid table, and no half-written file', async () => {
    const content = join(dir, 'broken');
    cpSync(join(ROOT, 'tests', 'fixtures', 'portal-valid'), content, { recursive: true });
    appendFileSync(join(content, 'datasets', 'cantines', 'cantines.csv'), 'not,a,valid,row,at,all,for,this,schema\n');
    const cache = join(dir, 'broken-cache');
    const report = await validateContent(content, { previews: cache });
    expect(report.issues.some((i) => i.file === 'datasets/cantines/cantines.csv')).toBe(true);
    expect(report.previewed.files).not.toContain('datasets/cantines/cantines.csv');
    expect(report.previewed.count).toBeGreaterThan(0);
    // Three files per kept preview, nothing else (no temporary file left behind).
    expect(files(cache)).toHaveLength(report.previewed.count * 3);
    expect(files(cache).every((f) => /\.(preview\.json|rows\.json|sheet\.csv)$/.test(f))).toBe(true);
  }, 60_000);
});
