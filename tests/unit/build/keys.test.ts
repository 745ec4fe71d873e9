// The keys the build reuses its bundle and pages by (src/build/keys.ts): a change reaches exactly
// the keys of what it changes.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleKey, contentKeys } from '../../../src/build/keys.ts';
import { loadContent } from '../../../src/content/load.ts';
import { loadUiStrings } from '../../../src/content/ui-strings.ts';

const FIXTURE = resolve(import.meta.dirname, '..', '..', 'fixtures', 'portal-valid');
const temps: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'build-keys-'));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function keysOf(root: string) {
  const { catalog, issues } = loadContent(root);
  expect(issues).toEqual([]);
  return contentKeys(catalog!, loadUiStrings(root, []), {});
}

describe('bundleKey', () => {
  it('changes with a source file, a new file and a PUBLIC_ variable, not with anything else', () => {
    const root = temp();
    writeFileSync(join(root, 'astro.config.mjs'), 'export default {};\n');
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'page.astro'), '<h1>Hello</h1>\n');
    const inputs = ['src', 'astro.config.mjs'];
    const first = bundleKey(root, inputs, {});
    expect(bundleKey(root, inputs, {})).toBe(first);
    writeFileSync(join(root, 'notes.txt'), 'not an input');
    expect(bundleKey(root, inputs, { PORTAL_CONTENT: '/elsewhere', PORT: '4399' })).toBe(first);
    expect(bundleKey(root, inputs, { PUBLIC_ANALYTICS: 'x' })).not.toBe(first);
    writeFileSync(join(root, 'src', 'new.ts'), 'export {};\n');
    const withFile = bundleKey(root, inputs, {});
    expect(withFile).not.toBe(first);
    writeFileSync(join(root, 'astro.config.mjs'), 'export default { site: "x" };\n');
    expect(bundleKey(root, inputs, {})).not.toBe(withFile);
  });
});

describe('contentKeys', () => {
  it("a description change changes that dataset's key and the whole content's, nothing else", () => {
    const root = temp();
    cpSync(FIXTURE, root, { recursive: true });
    const before = keysOf(root);
    const yaml = join(root, 'datasets', 'cantines', 'dataset.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/^description: .*$/m, 'description: Une autre description.'));
    const after = keysOf(root);
    expect(after.datasets.get('cantines')).not.toBe(before.datasets.get('cantines'));
    expect(after.datasets.get('gares')).toBe(before.datasets.get('gares'));
    expect(after.global).toBe(before.global);
    expect(after.all).not.toBe(before.all);
  });

  it("the publishing API's work folder and .git are not content: they change no key", () => {
    const root = temp();
    cpSync(FIXTURE, root, { recursive: true });
    const before = keysOf(root);
    // What a publish leaves besides the dataset it writes (src/publish/content.ts): drafts, uploads.
    mkdirSync(join(root, '.publishing', 'drafts'), { recursive: true });
    writeFileSync(join(root, '.publishing', '.gitignore'), '*\n');
    writeFileSync(join(root, '.publishing', 'drafts', 'nouveau.yaml'), 'title: Nouveau\n');
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    const after = keysOf(root);
    expect(after.global).toBe(before.global);
    expect(after.all).toBe(before.all);
  });

  it('a data file change with the same size changes its dataset key', () => {
    const root = temp();
    cpSync(FIXTURE, root, { recursive: true });
    const before = keysOf(root);
    const data = join(root, 'datasets', 'gares', 'gares.json');
    // Same length, other bytes.
    writeFileSync(data, readFileSync(data, 'utf8').replace(/a/, 'b'));
    expect(keysOf(root).datasets.get('gares')).not.toBe(before.datasets.get('gares'));
  });

  it('portal.yaml is read by every page: the global key changes', () => {
    const root = temp();
    cpSync(FIXTURE, root, { recursive: true });
    const before = keysOf(root);
    const portal = join(root, 'portal.yaml');
    writeFileSync(portal, `${readFileSync(portal, 'utf8')}\n# a comment\n`);
    const after = keysOf(root);
    expect(after.global).not.toBe(before.global);
    expect(after.datasets.get('gares')).toBe(before.datasets.get('gares'));
  });

  it('is the same for a copy of the content folder elsewhere', () => {
    const a = temp();
    const b = temp();
    cpSync(FIXTURE, a, { recursive: true });
    cpSync(FIXTURE, b, { recursive: true });
    const ka = keysOf(a);
    const kb = keysOf(b);
    expect(kb.all).toBe(ka.all);
  });
});
