// Loaded datasets kept by content (src/content/load-cache.ts): a warm load gives exactly what a
// load without the cache gives, loads again what changed (even with the same size and
// modification time), starts warm in a copy of the folder, and never keeps a dataset with errors.
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastLoadCounts, useLoadCache } from '../../../src/content/load-cache.ts';
import { loadContent, type LoadResult } from '../../../src/content/load.ts';
import { formatIssue } from '../../../src/content/issues.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'load-cache-'));
const cacheFile = join(work, 'cache', 'loaded.v8');
const content = join(work, 'content');
const broken = join(work, 'broken');

/** A load without the cache: what every cached load must equal. */
function plain(root: string): LoadResult {
  useLoadCache(undefined);
  try {
    return loadContent(root);
  } finally {
    useLoadCache(cacheFile);
  }
}

/** The folder's files, modified more than the racy window ago (a fresh copy is not trusted on its stamps). */
const settle = () => new Promise((r) => setTimeout(r, 2100));

beforeAll(async () => {
  cpSync(join(FIXTURES, 'portal-valid'), content, { recursive: true });
  cpSync(join(FIXTURES, 'portal-broken'), broken, { recursive: true });
  await settle();
  useLoadCache(cacheFile);
});
afterAll(() => {
  useLoadCache(undefined);
  rmSync(work, { recursive: true, force: true });
});

describe('the loaded-dataset cache', () => {
  it('gives exactly what a load without it gives, cold and warm', () => {
    const expected = plain(content);
    expect(expected.catalog?.datasets.length).toBeGreaterThan(2);
    const cold = loadContent(content);
    expect(statSync(cacheFile).size).toBeGreaterThan(0);
    expect(lastLoadCounts()).toEqual({ reused: 0, loaded: expected.catalog!.datasets.length, handed: 0 });
    const warm = loadContent(content);
    expect(lastLoadCounts()).toEqual({ reused: expected.catalog!.datasets.length, loaded: 0, handed: 0 });
    expect(isDeepStrictEqual(cold, expected)).toBe(true);
    expect(isDeepStrictEqual(warm, expected)).toBe(true);
  });

  it('loads again a dataset whose dataset.yaml changed, even with the same size and modification time', async () => {
    const file = join(content, 'datasets', 'gares', 'dataset.yaml');
    // A whole second, so that setting it back is exact.
    const second = Math.floor(Date.now() / 1000) - 100;
    utimesSync(file, second, second);
    await settle();
    loadContent(content);
    expect(lastLoadCounts().reused).toBe(3);
    const text = readFileSync(file, 'utf8');
    // The same length: only the change time tells.
    const changed = text.replace('{fr: Gares,', '{fr: Qares,');
    expect(changed).not.toBe(text);
    expect(changed.length).toBe(text.length);
    writeFileSync(file, changed);
    utimesSync(file, second, second);
    expect(statSync(file).mtimeMs).toBe(second * 1000);
    const warm = loadContent(content);
    expect(lastLoadCounts().loaded).toBe(1);
    expect(isDeepStrictEqual(warm, plain(content))).toBe(true);
    expect(JSON.stringify(warm.catalog!.datasets.find((d) => d.slug === 'gares')!.config.title)).toContain('Qares');
  });

  it('loads again a dataset whose Table Schema changed, and takes the others from the cache', () => {
    const ds = plain(content).catalog!.datasets.find((d) => d.resources.some((r) => r.schemaAbsPath))!;
    const schema = ds.resources.find((r) => r.schemaAbsPath)!.schemaAbsPath!;
    const json = JSON.parse(readFileSync(schema, 'utf8')) as { fields: { name: string; description?: string }[] };
    json.fields[0]!.description = 'changée par le test';
    writeFileSync(schema, JSON.stringify(json));
    const warm = loadContent(content);
    const counts = lastLoadCounts();
    expect(counts.loaded).toBeGreaterThanOrEqual(1);
    expect(counts.reused + counts.loaded).toBe(3);
    expect(isDeepStrictEqual(warm, plain(content))).toBe(true);
    const field = warm.catalog!.datasets.find((d) => d.slug === ds.slug)!.resources.find((r) => r.schemaAbsPath)!.tableSchema!.fields[0]!;
    expect(field.description).toBe('changée par le test');
  });

  it('starts warm in a copy of the folder, with the copy’s paths', async () => {
    const copy = join(work, 'copy');
    cpSync(content, copy, { recursive: true });
    await settle();
    const expected = plain(copy);
    const warm = loadContent(copy);
    expect(lastLoadCounts().reused).toBeGreaterThan(0);
    expect(isDeepStrictEqual(warm, expected)).toBe(true);
    for (const r of warm.catalog!.datasets.flatMap((d) => d.resources)) if (r.absPath) expect(r.absPath.startsWith(copy)).toBe(true);
  });

  it('reports every error of a broken folder on every load, with its lines', () => {
    const expected = plain(broken).issues.map(formatIssue);
    expect(expected.length).toBeGreaterThan(3);
    expect(loadContent(broken).issues.map(formatIssue)).toEqual(expected);
    expect(loadContent(broken).issues.map(formatIssue)).toEqual(expected);
  });

  it('checks every dataset again when what they are checked against changes (the portal’s sectors)', () => {
    const portal = join(content, 'portal.yaml');
    const text = readFileSync(portal, 'utf8');
    loadContent(content);
    writeFileSync(portal, `${text.trimEnd()}\nsectors: [transport, health]\n`);
    try {
      const warm = loadContent(content);
      expect(lastLoadCounts().reused).toBe(0);
      expect(warm.issues.map(formatIssue).join('\n')).toContain('datasets/cantines/dataset.yaml');
      expect(isDeepStrictEqual(warm, plain(content))).toBe(true);
    } finally {
      writeFileSync(portal, text);
    }
  });
});
