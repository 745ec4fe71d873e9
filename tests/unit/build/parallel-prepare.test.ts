// The prepare step on several processes (scripts/prepare-pool.ts) gives what one process gives:
// the same validation report (issues in the same order, with file, line and column; notices;
// counts), the same validation cache, the same preview files byte for byte; and the prepare
// script run as the build runs it prints the same error list as `npm run validate`.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generatePortal } from '../../../scripts/bench/generate.ts';
import { preparePool } from '../../../scripts/prepare-pool.ts';
import { formatIssue } from '../../../src/content/issues.ts';
import { loadContent, preloadDatasets } from '../../../src/content/load.ts';
import { lastLoadCounts, useLoadCache, useLoadHandoff } from '../../../src/content/load-cache.ts';
import { HandoffReader, handoffFiles } from '../../../src/content/load-handoff.ts';
import { validateContent } from '../../../src/content/validate.ts';
import { derivePreviews, portalLocale } from '../../../src/preview/derive.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const dir = mkdtempSync(join(tmpdir(), 'parallel-prepare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const slug = (i: number) => `jeu-${String(i).padStart(5, '0')}`;
const csv = (content: string, i: number) => join(content, 'datasets', slug(i), 'data.csv');

/** A generated portal of `n` datasets; with `broken`, three of them have errors in their data, one in its metadata, one a Latin-1 file. */
function portal(name: string, n: number, broken: boolean): string {
  const content = join(dir, name);
  generatePortal(content, n);
  if (broken) {
    // Out of range, a bad date and a negative count; a pattern and a duplicate key; a wrong sector.
    appendFileSync(csv(content, 3), 'S01;2020-13-45;-5;150;"x"\n');
    appendFileSync(csv(content, 7), 'X1;2020-03-18;1;1;"y"\nS00;2020-03-25;1;1;"z"\n');
    appendFileSync(csv(content, n - 2), 'S02;2021-02-30;1;1;"w"\n');
    const yaml = join(content, 'datasets', slug(5), 'dataset.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/^sector: .*$/m, 'sector: nowhere'));
  }
  // A Windows-1252 file (an accented comment): its sniffed encoding is a notice.
  appendFileSync(csv(content, 1), Buffer.from('S03;2020-05-30;2;2;"relevé"\n', 'latin1'));
  // Files a minute old, as when a build starts (a file changed within 2 s of a read is read again).
  const past = Date.now() / 1000 - 60;
  for (const f of readdirSync(content, { recursive: true, withFileTypes: true })) if (f.isFile()) utimesSync(join(f.parentPath, f.name), past, past);
  return content;
}

/** Every file of a folder, by name, with its bytes. */
function files(folder: string): Record<string, string> {
  if (!existsSync(folder)) return {};
  return Object.fromEntries(
    readdirSync(folder)
      .sort()
      .map((f) => [f, readFileSync(join(folder, f)).toString('base64')]),
  );
}

describe('prepare on several processes', () => {
  it('reports the same issues, in the same order, and keeps the same validation cache as one process', async () => {
    const content = portal('broken', 12, true);
    const one = await validateContent(content, { cache: join(dir, 'one', 'validation.json') });
    const pool = preparePool({ workers: 2, minRemote: 1 });
    try {
      const two = await validateContent(content, { cache: join(dir, 'two', 'validation.json'), pool });
      // The child did check tables: the comparison is not one process against itself.
      expect(pool.remote).toBeGreaterThan(0);
      expect(two.issues).toEqual(one.issues);
      expect(two.notices).toEqual(one.notices);
      expect([two.totalIssues, two.files, two.rows, two.datasets]).toEqual([one.totalIssues, one.files, one.rows, one.datasets]);
      const entries = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, { result: unknown }> }).entries;
      const cached = (file: string) => Object.entries(entries(file)).map(([k, e]) => [k, e.result]);
      expect(cached(join(dir, 'two', 'validation.json'))).toEqual(cached(join(dir, 'one', 'validation.json')));
      expect(Object.keys(entries(join(dir, 'one', 'validation.json')))).toHaveLength(12 - 3);
    } finally {
      await pool.close();
    }
    // What the list says: each error with its file, line and column, in file order.
    const list = one.issues.map(formatIssue);
    expect(list.some((l) => l.startsWith(`datasets/${slug(3)}/data.csv:22`) && l.includes('taux'))).toBe(true);
    expect(list.some((l) => l.startsWith(`datasets/${slug(7)}/data.csv:23`))).toBe(true);
    expect(list.some((l) => l.startsWith(`datasets/${slug(10)}/data.csv:22`))).toBe(true);
    expect(list.some((l) => l.startsWith(`datasets/${slug(5)}/dataset.yaml`) && l.includes('sector'))).toBe(true);
    expect(one.notices.map(formatIssue)).toEqual([expect.stringMatching(new RegExp(`^datasets/${slug(1)}/data\\.csv: .*windows-1252`))]);
  });

  it('writes the same preview files, byte for byte, as one process', async () => {
    const content = portal('valid', 12, false);
    const { catalog } = await validateContent(content);
    const locale = portalLocale(catalog!.portal);
    const one = await derivePreviews(catalog!.datasets, locale, join(dir, 'previews-one'));
    const pool = preparePool({ workers: 2, minRemote: 1 });
    try {
      const two = await derivePreviews(catalog!.datasets, locale, join(dir, 'previews-two'), undefined, pool);
      expect(pool.remote).toBeGreaterThan(0);
      expect(two).toEqual(one);
    } finally {
      await pool.close();
    }
    expect(one.derived).toBe(12);
    const a = files(join(dir, 'previews-one'));
    // Three files per preview, with the compressed copies of the derived downloads large enough to get them.
    expect(Object.keys(a).filter((f) => /\.(preview\.json|rows\.json|sheet\.csv)$/.test(f))).toHaveLength(36);
    expect(files(join(dir, 'previews-two'))).toEqual(a);
  });

  it('loads the same content from datasets another process loaded ahead', async () => {
    const content = join(dir, 'broken');
    const handoff = join(dir, 'handoff');
    mkdirSync(handoff, { recursive: true });
    const load = () => {
      const r = loadContent(content);
      return { datasets: r.catalog?.datasets, issues: r.issues, notices: r.notices, tables: r.tables };
    };
    useLoadCache(undefined);
    const before = load();
    // Files changed less than 2 s before a read are checked on their bytes and not kept (their
    // change time, which utimes cannot set back, is that of the generation).
    await new Promise((r) => setTimeout(r, 2100));
    try {
      const reader = new HandoffReader(handoffFiles(handoff));
      // As a child of the pool loads ahead: without the load cache of the loading process.
      // Every dataset but the one with an unknown sector (the load finds and words its error).
      expect(preloadDatasets(content, handoffFiles(handoff), 0, 1)).toBe(11);
      // A file edited after it was handed over: the load sees the edit, not the handed entry.
      const yaml = join(content, 'datasets', slug(2), 'dataset.yaml');
      const text = readFileSync(yaml, 'utf8');
      writeFileSync(yaml, text.replace('Jeu de données 2,', 'Titre changé,'));
      useLoadCache(join(dir, 'handoff-loaded.v8'));
      useLoadHandoff(reader);
      const edited = load();
      // Ten handed entries used; the edited one and the one with an error loaded here.
      expect(lastLoadCounts()).toEqual({ reused: 0, loaded: 2, handed: 10 });
      expect(edited.datasets?.find((d) => d.slug === slug(2))?.config.title).toMatchObject({ fr: 'Titre changé' });
      writeFileSync(yaml, text);
      const past = Date.now() / 1000 - 60;
      utimesSync(yaml, past, past);
      // Handed entries join the load cache: the next load takes the 10 unchanged ones from it.
      expect(load()).toEqual(before);
      expect(lastLoadCounts()).toEqual({ reused: 10, loaded: 2, handed: 0 });
      // Once the load is over, a process loading ahead stops at once.
      expect(preloadDatasets(content, handoffFiles(handoff), 0, 1)).toBe(0);
    } finally {
      useLoadCache(undefined);
    }
  });

  it('stops the build with the list `npm run validate` prints, the tables checked on every core', () => {
    // Enough datasets for the pool to start its children (scripts/prepare-pool.ts minRemote).
    const content = portal('large', 240, true);
    // Each with a cache of its own: the second would otherwise find the valid tables checked.
    const run = (script: string) =>
      spawnSync(process.execPath, [tsx, join(ROOT, 'scripts', script)], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, PORTAL_CONTENT: content, PORTAL_CACHE: join(dir, `cache-${script}`) },
      });
    const validate = run('validate.ts');
    const prepare = run('prepare.ts');
    expect(validate.status).toBe(1);
    expect(prepare.status).toBe(1);
    expect(validate.stdout).toMatch(/✗ .*: 7 errors in 4 files/);
    expect(prepare.stdout).toBe(validate.stdout);
  });

  it('ends with success on valid content once its children have stopped', () => {
    const content = portal('large-valid', 240, false);
    const r = spawnSync(process.execPath, [tsx, join(ROOT, 'scripts', 'prepare.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PORTAL_CONTENT: content, PORTAL_CACHE: join(dir, 'cache-valid') },
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/valid — 240 datasets, 240 data files, 4,801 rows checked/);
    expect(r.stdout).toMatch(/✓ previews: 240 computed \(4,801 rows\), 0 from cache/);
  });
});
