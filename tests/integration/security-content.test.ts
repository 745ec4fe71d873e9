// Hostile content: what a publisher (or anyone who can put files in the content folder) could try
// against the build. Each case reproduces a vulnerability found in a probe of the portal.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanHtml, visibleText } from '../helpers/html-scan.ts';
import { buildPortal, removeDir, ROOT, runScript, type BuildResult } from '../helpers/portal.ts';

const HOSTILE = join(ROOT, 'tests', 'fixtures', 'portal-hostile');
const VALID = join(ROOT, 'tests', 'fixtures', 'portal-valid');

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => join(e.parentPath, e.name));
}

describe('a content folder full of script payloads', () => {
  let build: BuildResult;
  let client: string;
  beforeAll(() => {
    build = buildPortal(HOSTILE);
    if (build.status !== 0) throw new Error(build.output);
    client = join(build.dist, 'client');
  });
  afterAll(() => removeDir(build.dist));

  it('builds into pages where no payload is executable (every HTML file scanned)', () => {
    const pages = htmlFiles(client).filter((f) => !f.includes('/files/'));
    expect(pages.length).toBeGreaterThan(10);
    const findings = pages.flatMap((f) => scanHtml(readFileSync(f, 'utf8'), f.slice(client.length)));
    expect(findings).toEqual([]);
  });

  it('shows the payloads as text, so the scan did look at content that reached the pages', () => {
    const page = visibleText(readFileSync(join(client, 'datasets', 'piege', 'index.html'), 'utf8'));
    for (const marker of ['PWN-1', 'PWN-5', 'PWN-9', 'PWN-20', 'PWN-27', 'PWN-30', 'PWN-32', 'PWN-33', 'PWN-36', 'PWN-38', 'PWN-40', 'PWN-41', 'PWN-42', 'PWN-44']) expect(page).toContain(marker);
    const en = visibleText(readFileSync(join(client, 'en', 'datasets', 'piege', 'index.html'), 'utf8'));
    expect(en).toContain('PWN-21');
  });

  it('keeps publisher files named like generated ones in their own namespace (index.html, dataset.jsonld, datapackage.json, _preview/)', () => {
    const ds = join(client, 'datasets', 'piege');
    const page = readFileSync(join(ds, 'index.html'), 'utf8');
    expect(page).not.toContain('PWN-50');
    expect(page).toContain('<h1');
    expect(readFileSync(join(ds, 'files', 'index.html'), 'utf8')).toContain('PWN-50');
    expect(readFileSync(join(ds, 'dataset.jsonld'), 'utf8')).not.toContain('PWN-51');
    expect(JSON.parse(readFileSync(join(ds, 'dataset.jsonld'), 'utf8'))).toHaveProperty('@graph');
    expect(readFileSync(join(ds, 'datapackage.json'), 'utf8')).not.toContain('PWN-52');
    expect(JSON.parse(readFileSync(join(ds, 'datapackage.json'), 'utf8')).resources).toHaveLength(6);
    if (existsSync(join(ds, '_preview', 'chart-0.json'))) expect(readFileSync(join(ds, '_preview', 'chart-0.json'), 'utf8')).not.toContain('PWN-53');
    expect(readFileSync(join(ds, 'files', '_preview', 'chart-0.json'), 'utf8')).toContain('PWN-53');
    expect(readFileSync(join(ds, 'derived', 'mesures.rows.json'), 'utf8')).toContain('"valeur"');
  });

  it('links every publisher file at its /files/ address and every derived download at /derived/', () => {
    const page = readFileSync(join(client, 'datasets', 'piege', 'index.html'), 'utf8');
    expect(page).toContain('href="/datasets/piege/files/index.html"');
    expect(page).toContain('href="/datasets/piege/files/_preview/chart-0.json"');
    expect(page).toContain('href="/datasets/piege/derived/mesures.spreadsheet.csv"');
    const dcat = readFileSync(join(client, 'catalog.jsonld'), 'utf8');
    expect(dcat).toContain('https://hostile.example.org/datasets/piege/files/mesures.csv');
  });
});

describe('content that tries to read outside its folder', () => {
  const made: string[] = [];
  /** A copy of the valid fixture portal, changed by `edit`, validated with the real command. */
  function validate(edit: (dir: string) => void) {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-content-'));
    made.push(dir);
    cpSync(VALID, dir, { recursive: true });
    edit(dir);
    return runScript('validate.ts', { PORTAL_CONTENT: dir });
  }
  const datasetYaml = (dir: string) => join(dir, 'datasets', 'lits-reanimation', 'dataset.yaml');
  const rewrite = (file: string, from: string | RegExp, to: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('refuses a data file that is a symlink to /etc/passwd, naming the file, line and field', () => {
    const r = validate((dir) => {
      symlinkSync('/etc/passwd', join(dir, 'datasets', 'lits-reanimation', 'passwd.csv'));
      rewrite(datasetYaml(dir), 'path: lits.csv', 'path: passwd.csv');
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/datasets\/lits-reanimation\/dataset\.yaml: resources\[0\]\.path: .*symbolic link to a file outside the content folder.* at line 18/);
  });

  it('refuses a dataset folder that is a symlink to a folder elsewhere', () => {
    const outside = mkdtempSync(join(tmpdir(), 'outside-'));
    made.push(outside);
    cpSync(join(VALID, 'datasets', 'gares'), outside, { recursive: true });
    const r = validate((dir) => symlinkSync(outside, join(dir, 'datasets', 'ailleurs')));
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/datasets\/ailleurs\/dataset\.yaml.*outside the content folder/);
  });

  it.each([
    ['a newline', 'lits.csv\\n../../../../../etc/passwd'],
    ['a carriage return', 'lits.csv\\r../../etc/passwd'],
    ['U+2028', 'lits.csv\\u2028../../etc/passwd'],
    ['U+2029', 'lits.csv\\u2029x'],
  ])('refuses a resource path with %s in it', (_what, path) => {
    const r = validate((dir) => rewrite(datasetYaml(dir), 'path: lits.csv', `path: "${path}"`));
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/dataset\.yaml: resources\[0\]\.path: .*contains a line break or another control character.* at line 18/);
  });

  it.each([
    [
      'publisher url',
      (dir: string) => rewrite(join(dir, 'publishers', 'hopital-test.yaml'), 'url: https://hopital.example.org', 'url: javascript:alert(1)'),
      /hopital-test\.yaml: url: "javascript:alert\(1\)" must be a web address starting with https:\/\/.* at line 3/,
    ],
    [
      'dataset source url',
      (dir: string) => rewrite(datasetYaml(dir), 'attribution: Hôpital de test', 'attribution: Hôpital de test\nsource: {title: S, url: "data:text/html,<script>alert(1)</script>"}'),
      /dataset\.yaml: source\.url: "data:.*must be a web address.* at line \d+/,
    ],
    [
      'licence url',
      (dir: string) => rewrite(join(dir, 'portal.yaml'), 'contact:', 'licenses: [{id: x-lic, title: X, url: "vbscript:msgbox(1)"}]\ncontact:'),
      /portal\.yaml: licenses\[0\]\.url: "vbscript:.*must be a web address.* at line \d+/,
    ],
  ])('refuses a script URL in the %s', (_what, edit, message) => {
    const r = validate(edit);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(message);
  });
});

describe('publisher files at their old addresses', () => {
  it('redirects /datasets/<slug>/<path> to /datasets/<slug>/files/<path>, never over a generated file', async () => {
    const { inject } = await import('vitest');
    const { startServer } = await import('../helpers/portal.ts');
    const server = await startServer(inject('fixtureDist'));
    try {
      const old = await fetch(`${server.url}/datasets/lits-reanimation/lits.csv`, { redirect: 'manual' });
      expect(old.status).toBe(301);
      expect(old.headers.get('location')).toBe('/datasets/lits-reanimation/files/lits.csv');
      const followed = await fetch(`${server.url}/datasets/lits-reanimation/lits.csv`);
      expect(Buffer.from(await followed.arrayBuffer()).equals(readFileSync(join(VALID, 'datasets/lits-reanimation/lits.csv')))).toBe(true);
      // The build's own files are answered, not redirected.
      expect((await fetch(`${server.url}/datasets/lits-reanimation/datapackage.json`, { redirect: 'manual' })).status).toBe(200);
      expect((await fetch(`${server.url}/datasets/lits-reanimation/nothing.csv`, { redirect: 'manual' })).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
