// The one path check (src/lib/safe-path.ts) against real files and symlinks, and as a property:
// however a path is written, what it accepts stays inside the folder.
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relativePath } from '../../../src/config/localized.ts';
import { isInside, relativePathProblem, resolveInside } from '../../../src/lib/safe-path.ts';

let root: string;
let dataset: string;
let outside: string;

beforeAll(() => {
  const tmp = mkdtempSync(join(tmpdir(), 'safe-path-'));
  root = join(tmp, 'content');
  dataset = join(root, 'datasets', 'x');
  outside = join(tmp, 'outside');
  mkdirSync(join(dataset, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  writeFileSync(join(dataset, 'data.csv'), 'a\n1\n');
  writeFileSync(join(dataset, 'sub', 'deep.csv'), 'a\n1\n');
  writeFileSync(join(root, 'shared.csv'), 'a\n1\n');
  symlinkSync('/etc/passwd', join(dataset, 'passwd.csv'));
  symlinkSync(join(outside, 'secret.txt'), join(dataset, 'secret.csv'));
  symlinkSync(outside, join(dataset, 'outdir'));
  symlinkSync(join(root, 'shared.csv'), join(dataset, 'shared.csv'));
  symlinkSync('loop-b', join(dataset, 'loop-a'));
  symlinkSync('loop-a', join(dataset, 'loop-b'));
});
afterAll(() => rmSync(resolve(root, '..'), { recursive: true, force: true }));

describe('resolveInside', () => {
  it('accepts files in the folder and its sub-folders', () => {
    expect(resolveInside(dataset, 'data.csv', root)).toMatchObject({ ok: true });
    expect(resolveInside(dataset, 'sub/deep.csv', root)).toMatchObject({ ok: true });
  });
  it('accepts a symlink to a file elsewhere in the content folder', () => {
    expect(resolveInside(dataset, 'shared.csv', root)).toMatchObject({ ok: true, real: expect.stringContaining('shared.csv') });
  });
  it.each(['passwd.csv', 'secret.csv', 'outdir/secret.txt'])('refuses %s, a symlink leading out of the content folder', (p) => {
    const r = resolveInside(dataset, p, root);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain('outside the content folder');
  });
  it('refuses a symlink loop and a folder', () => {
    expect(resolveInside(dataset, 'loop-a', root)).toMatchObject({ ok: false, reason: expect.stringContaining('loop') });
    expect(resolveInside(dataset, 'sub', root)).toMatchObject({ ok: false, reason: 'is not a file' });
  });
  it.each(['data.csv\n../../../../etc/passwd', 'data.csv\r', 'a\u2028../b', 'a\u2029b', '../x/data.csv', '/etc/passwd', 'sub/../data.csv', 'sub\\..\\data.csv', './data.csv', 'sub//deep.csv', 'C:/x'])(
    'refuses the spelling %j',
    (p) => {
      expect(resolveInside(dataset, p, root).ok).toBe(false);
      expect(relativePathProblem(p)).toBeDefined();
      expect(relativePath.safeParse(p).success).toBe(false);
    },
  );

  // Paths built from the pieces that fool path checks: dot segments, separators of every kind,
  // control and line-separator characters, names of real files and symlinks.
  const piece = fc.oneof(
    fc.constantFrom(
      '..',
      '.',
      '',
      '/',
      '\\',
      '\n',
      '\r',
      '\u2028',
      '\u2029',
      '\u0000',
      '%2e%2e',
      'sub',
      'data.csv',
      'deep.csv',
      'passwd.csv',
      'secret.csv',
      'outdir',
      'secret.txt',
      'shared.csv',
      'loop-a',
      '~',
      'C:',
      ' ',
    ),
    fc.string({ maxLength: 6 }),
    fc.string({ unit: 'grapheme', maxLength: 4 }),
  );
  const path = fc.array(piece, { minLength: 1, maxLength: 8 }).chain((parts) => fc.constantFrom(parts.join('/'), parts.join(''), parts.join('\\')));

  it('property: whatever is accepted is a regular file whose real location is inside the content folder', () => {
    fc.assert(
      fc.property(path, (p) => {
        const r = resolveInside(dataset, p, root);
        if (!r.ok) return true;
        return isInside(resolve(dataset), r.abs) && isInside(root, r.real) && !r.real.includes(`${resolve(root, '..')}/outside`);
      }),
      { numRuns: 5000 },
    );
  });

  it('property: the content schema and the path check agree on every spelling', () => {
    fc.assert(
      fc.property(path, (p) => relativePath.safeParse(p).success === (relativePathProblem(p) === undefined)),
      { numRuns: 5000 },
    );
  });
});
