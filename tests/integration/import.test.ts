// npm run import: a catalog exported by this portal (DCAT-AP Turtle and JSON-LD, the CKAN API)
// imports back to the same metadata; a re-import updates instead of duplicating; the result
// validates; a source that is not what it claims is refused with file and line.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT, runScript, startServer, type RunningServer } from '../helpers/portal.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'portal-valid');
const SLUGS = ['cantines', 'gares', 'lits-reanimation'];
let server: RunningServer;
let work = '';

beforeAll(async () => {
  server = await startServer(inject('fixtureDist'));
  work = mkdtempSync(join(tmpdir(), 'import-'));
});
afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

function runImport(source: string, content: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'import.ts'), source, '--content', content], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

/** A content folder with the fixture's portal.yaml and publishers but no dataset. */
function emptyPortal(name: string): string {
  const dir = join(work, name);
  cpSync(FIXTURE, dir, { recursive: true, filter: (src) => !src.includes(`${join(FIXTURE, 'datasets')}/`) });
  return dir;
}

const METADATA = ['title', 'description', 'sector', 'publisher', 'tags', 'frequency', 'updated', 'created', 'temporal'] as const;
function metadata(dir: string, slug: string) {
  const d = parse(readFileSync(join(dir, 'datasets', slug, 'dataset.yaml'), 'utf8')) as Record<string, unknown>;
  // A plain string is text in the portal's first language (fr here): the same metadata.
  // Trailing blank lines of a YAML block are not part of the text.
  const trim = (v: unknown) => (typeof v === 'string' ? v.trim() : Object.fromEntries(Object.entries(v as Record<string, string>).map(([l, t]) => [l, t.trim()])));
  const text = (v: unknown) => trim(typeof v === 'string' ? { fr: v } : v);
  const out: Record<string, unknown> = Object.fromEntries(METADATA.map((k) => [k, k === 'title' || k === 'description' ? text(d[k]) : d[k]]));
  out.license = ((d.license as string | undefined) ?? 'etalab-2.0').toLowerCase();
  out.tags = [...((d.tags as string[]) ?? [])].sort();
  return out;
}

describe('round trip: exported by this portal, imported back', () => {
  it.each([
    ['DCAT-AP Turtle', '/catalog.ttl', 'catalog.ttl'],
    ['DCAT-AP JSON-LD', '/catalog.jsonld', 'catalog.jsonld'],
    ['CKAN package_search', '/api/3/action/package_search?rows=100', 'package_search.json'],
  ])('%s gives the same metadata, validates, and re-imports as updates', async (_name, path, file) => {
    const source = join(work, file);
    // One retry: a kept-alive connection the server has just closed fails the first fetch.
    const get = () => fetch(`${server.url}${path}`).then((r) => r.text());
    writeFileSync(source, await get().catch(get));
    const content = emptyPortal(file.replace('.', '-'));
    const first = runImport(source, content);
    expect(first.status, first.out).toBe(0);
    expect(first.out).toContain('3 imported, 0 updated');
    expect(readdirSync(join(content, 'datasets')).sort()).toEqual(SLUGS);
    for (const slug of SLUGS) expect(metadata(content, slug), slug).toEqual(metadata(FIXTURE, slug));
    // Files stay links: each distribution a url: resource pointing at the exporting portal, nothing downloaded.
    const gares = parse(readFileSync(join(content, 'datasets', 'gares', 'dataset.yaml'), 'utf8')) as { resources: { url?: string; path?: string }[] };
    expect(gares.resources.some((r) => r.url?.endsWith('/datasets/gares/files/gares.json'))).toBe(true);
    expect(gares.resources.every((r) => r.path === undefined && /^https?:\/\//.test(r.url ?? ''))).toBe(true);
    expect(readdirSync(join(content, 'datasets', 'gares'))).toEqual(['dataset.yaml']);
    const again = runImport(source, content);
    expect(again.out).toContain('0 imported, 3 updated');
    expect(readdirSync(join(content, 'datasets')).sort()).toEqual(SLUGS);
    const valid = runScript('validate.ts', { PORTAL_CONTENT: content });
    expect(valid.status, valid.stdout).toBe(0);
  });
});

describe('sources that are not what they claim', () => {
  it('malformed Turtle names the file and line', () => {
    const bad = join(work, 'bad.ttl');
    writeFileSync(bad, '@prefix dcat: <http://www.w3.org/ns/dcat#> .\n\n<a> a dcat:Dataset ;\n  dcat:title "x" "y" .\n');
    const r = runImport(bad, emptyPortal('bad-ttl'));
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/✗ .*bad\.ttl:4: malformed Turtle/);
  });
  it('JSON that is not a CKAN answer', () => {
    const bad = join(work, 'other.json');
    writeFileSync(bad, '{"hello": "world"}');
    const r = runImport(bad, emptyPortal('bad-json'));
    expect(r.status).toBe(1);
    expect(r.out).toContain('other.json:1: is JSON but not a CKAN answer');
  });
  it('malformed JKAN front matter names the line in the .md file', () => {
    const dir = join(work, 'jkan', '_datasets');
    cpSync(join(ROOT, 'tests', 'fixtures', 'import', 'jkan', '_datasets'), dir, { recursive: true });
    writeFileSync(join(dir, 'broken.md'), '---\ntitle: Broken\nresources:\n  - name: a\n   url: x\n---\n');
    const r = runImport(join(work, 'jkan'), emptyPortal('bad-jkan'));
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/✗ .*broken\.md:5: front matter YAML error/);
    expect(readdirSync(join(work, 'bad-jkan', 'datasets'))).toEqual([]);
  });
});
