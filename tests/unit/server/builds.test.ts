// A build outside the project can import the portal's packages (src/server/builds.ts).
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { linkPackages, newBuildFolder } from '../../../src/server/builds.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const outside = mkdtempSync(join(tmpdir(), 'portal-builds-'));
mkdirSync(join(ROOT, 'tests', '.tmp'), { recursive: true });
const inside = mkdtempSync(join(ROOT, 'tests', '.tmp', 'builds-'));
afterAll(() => {
  rmSync(outside, { recursive: true, force: true });
  rmSync(inside, { recursive: true, force: true });
});

describe('linkPackages', () => {
  it('links the project node_modules into a build outside the project, where packages then resolve', () => {
    const build = newBuildFolder(join(outside, 'dist'));
    linkPackages(build, ROOT);
    const link = join(build, 'node_modules');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join(ROOT, 'node_modules'));
    // A file of the build's server folder finds a package the server bundle imports.
    mkdirSync(join(build, 'server'));
    expect(createRequire(join(build, 'server', 'entry.mjs')).resolve('yaml')).toContain('node_modules');
    // Removing the build removes the link, never the project's packages.
    rmSync(build, { recursive: true, force: true });
    expect(existsSync(join(ROOT, 'node_modules', 'yaml', 'package.json'))).toBe(true);
  });

  it('adds nothing to a build inside the project: Node finds the packages above it', () => {
    const build = newBuildFolder(join(inside, 'dist'));
    linkPackages(build, ROOT);
    expect(existsSync(join(build, 'node_modules'))).toBe(false);
  });
});
