// Each data file read once per build: the previews computed from validation's read of the rows
// (validateContent's `previews`) are the very files the preview pass computes on its own read,
// the preview pass then has nothing left to read, and an invalid table keeps no preview. The
// derived downloads' compressed copies are made with them, and precompression takes them as they are.
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateContent } from '../../../src/content/validate.ts';
import { derivePreviews, portalLocale } from '../../../src/preview/derive.ts';
import { derivedCopies, previewCacheDir, writeDerivedFiles, writeDerivedFilesAside } from '../../../src/preview/store.ts';
import { precompress } from '../../../src/server/http/precompress.ts';

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

  it("makes the derived downloads' compressed copies, which the build links with them instead of compressing them", async () => {
    const content = join(dir, 'copies');
    cpSync(join(ROOT, 'content'), content, { recursive: true });
    const cache = join(dir, 'copies-cache');
    const before = process.env.PORTAL_CACHE;
    process.env.PORTAL_CACHE = cache;
    try {
      const report = await validateContent(content, { previews: previewCacheDir() });
      const dist = join(dir, 'copies-dist');
      writeDerivedFiles(report.catalog!, join(dist, 'client'));
      const copies = [...derivedCopies(join(dist, 'client'))];
      const withCopies = copies.filter(([, h]) => h.copies);
      expect(withCopies.length).toBeGreaterThan(3);
      const cached = new Set(readdirSync(previewCacheDir()).map((n) => statSync(join(previewCacheDir(), n)).ino));
      for (const [address, handled] of withCopies) {
        const file = join(dist, 'client', address);
        const bytes = readFileSync(file);
        expect(handled.size).toBe(bytes.length);
        expect(brotliDecompressSync(readFileSync(`${file}.br`)).equals(bytes), address).toBe(true);
        expect(gunzipSync(readFileSync(`${file}.gz`)).equals(bytes), address).toBe(true);
        expect(handled.br).toBe(statSync(`${file}.br`).size);
        // Linked from the preview cache, where the preview pass wrote them.
        expect(cached.has(statSync(`${file}.br`).ino)).toBe(true);
      }
      // Placed by a worker thread, as a large build does: the same files, the same record.
      const aside = join(dir, 'copies-aside');
      expect((await writeDerivedFilesAside(report.catalog!, join(aside, 'client'), 0)).files).toBe(copies.length > 0 ? writeDerivedFiles(report.catalog!, join(dir, 'again', 'client')) : -1);
      expect([...derivedCopies(join(aside, 'client'))]).toEqual(copies);
      const tree = (root: string) => (readdirSync(root, { recursive: true }) as string[]).sort();
      expect(tree(join(aside, 'client'))).toEqual(tree(join(dist, 'client')));
      for (const f of tree(join(dist, 'client')))
        if (statSync(join(dist, 'client', f)).isFile()) expect(readFileSync(join(aside, 'client', f)).equals(readFileSync(join(dist, 'client', f))), f).toBe(true);
      // Precompression lists them as they are: none is compressed again.
      mkdirSync(join(dist, 'portal'), { recursive: true });
      const result = await precompress(dist, undefined, new Map(copies));
      const listed = JSON.parse(readFileSync(join(dist, 'portal', 'precompressed.json'), 'utf8')) as string[];
      for (const [address] of withCopies) expect(listed).toContain(address);
      expect(result.withPages).toBe(withCopies.length);
    } finally {
      if (before === undefined) delete process.env.PORTAL_CACHE;
      else process.env.PORTAL_CACHE = before;
    }
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
    // Three files per kept preview (and the derived downloads' compressed copies), nothing else: no temporary file left behind.
    expect(files(cache).filter((f) => /\.(preview\.json|rows\.json|sheet\.csv)$/.test(f))).toHaveLength(report.previewed.count * 3);
    expect(files(cache).every((f) => /\.(preview\.json|rows\.json|sheet\.csv)(\.br|\.gz|\.none)?$/.test(f))).toBe(true);
  }, 60_000);
});
