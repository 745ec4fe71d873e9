// Incremental builds: the validation and preview steps of `npm run build` (the real scripts, each
// in its own process as the build runs them) reuse what a previous build computed, keyed by
// content: a copied content folder starts warm, and changing one CSV re-derives only its dataset.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generatePortal } from '../../../scripts/bench/generate.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const dir = mkdtempSync(join(tmpdir(), 'incremental-'));
const cache = join(dir, 'cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run one build step (scripts/validate.ts or scripts/derive.ts) on a content folder; its output. */
function step(script: 'validate' | 'derive', content: string): string {
  const r = spawnSync(process.execPath, [tsx, join(ROOT, 'scripts', `${script}.ts`)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PORTAL_CONTENT: content, PORTAL_CACHE: cache },
  });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return r.stdout;
}

/**
 * Date a folder's files a minute back, as files are when a build starts: a file changed in the
 * same instant the checksum manifest was saved is hashed again rather than trusted (racy mtime).
 */
function settle(folder: string): void {
  const past = Date.now() / 1000 - 60;
  for (const f of readdirSync(folder, { recursive: true, withFileTypes: true })) if (f.isFile()) utimesSync(join(f.parentPath, f.name), past, past);
}

describe('incremental build steps', () => {
  const first = join(dir, 'first');
  const copy = join(dir, 'copy');
  generatePortal(first, 3);
  settle(first);

  it('computes everything on a first build, then nothing for an unchanged folder', () => {
    expect(step('validate', first)).toContain('valid — 3 datasets, 3 data files, 60 rows checked\n');
    // The checksums validation computed are reused (no "files hashed"): each file is hashed once per build.
    expect(step('derive', first)).toMatch(/✓ previews: 3 computed \(60 rows\), 0 from cache in [\d.]+ s\n/);
    // Second build: the checksum manifest answers for the unchanged files, nothing is read.
    expect(step('validate', first)).toContain('60 rows checked; 3 of the files unchanged since an earlier check, not read again');
    expect(step('derive', first)).toMatch(/✓ previews: 0 computed \(0 rows\), 3 from cache in [\d.]+ s\n/);
  });

  it('finds a copied content folder warm: files are hashed once, nothing validated or derived again', () => {
    cpSync(first, copy, { recursive: true });
    settle(copy);
    // The copy has its own checksum manifest (other paths): validation hashes each file once, by
    // content finds its earlier results, and the preview step reuses those checksums.
    expect(step('validate', copy)).toContain('3 of the files unchanged since an earlier check, not read again');
    expect(step('derive', copy)).toMatch(/✓ previews: 0 computed \(0 rows\), 3 from cache in [\d.]+ s\n/);
  });

  it('re-validates and re-derives only the dataset whose CSV changed', () => {
    appendFileSync(join(copy, 'datasets', 'jeu-00001', 'data.csv'), 'S00;2021-01-01;7;1.5;"ligne ajoutée"\n');
    settle(copy);
    expect(step('validate', copy)).toContain('valid — 3 datasets, 3 data files, 61 rows checked; 2 of the files unchanged since an earlier check');
    const derive = step('derive', copy);
    expect(derive).toMatch(/✓ previews: 1 computed \(21 rows\), 2 from cache in [\d.]+ s\n/);
    expect(derive).toContain('  derived datasets/jeu-00001/data.csv\n');
    expect(derive).not.toContain('jeu-00000');
  });

  it('refuses a changed CSV that breaks its schema, and keeps refusing it', () => {
    appendFileSync(join(copy, 'datasets', 'jeu-00002', 'data.csv'), 'S00;pas une date;7;1.5;"x"\n');
    for (let i = 0; i < 2; i++) {
      const r = spawnSync(process.execPath, [tsx, join(ROOT, 'scripts', 'validate.ts')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PORTAL_CONTENT: copy, PORTAL_CACHE: cache } });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('datasets/jeu-00002/data.csv:22');
    }
  });

  it('derives two datasets with the same file once, without two passes writing the same files', () => {
    const twins = join(dir, 'twins');
    cpSync(first, twins, { recursive: true });
    cpSync(join(twins, 'datasets', 'jeu-00000'), join(twins, 'datasets', 'jeu-00000-copie'), { recursive: true });
    // New bytes for both copies, so neither is in the cache yet.
    for (const d of ['jeu-00000', 'jeu-00000-copie']) appendFileSync(join(twins, 'datasets', d, 'data.csv'), 'S00;2021-01-02;8;2.5;"jumeau"\n');
    settle(twins);
    const derive = step('derive', twins);
    expect(derive).toMatch(/✓ previews: 1 computed \(21 rows\), 2 from cache in [\d.]+ s/);
    expect(derive).toContain('  derived datasets/jeu-00000/data.csv\n');
    expect(derive).toContain('  derived datasets/jeu-00000-copie/data.csv\n');
  });
});
