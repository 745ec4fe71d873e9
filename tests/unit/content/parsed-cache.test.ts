// Parsed YAML kept by content (src/content/source-file.ts): a warm load gives the same catalog and
// the same error list, with the same lines, as a cold one.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIssue, type ContentIssue } from '../../../src/content/issues.ts';
import { parseYaml, useParsedYamlCache } from '../../../src/content/source-file.ts';
import { validateContent } from '../../../src/content/validate.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
const cache = mkdtempSync(join(tmpdir(), 'parsed-yaml-'));
afterAll(() => {
  useParsedYamlCache(undefined);
  rmSync(cache, { recursive: true, force: true });
});

const entries = () => readdirSync(cache).filter((f) => f.endsWith('.json'));

describe('the parsed YAML cache', () => {
  it('gives the same catalog and the same errors, lines included, cold and warm', async () => {
    const load = async (folder: string) => {
      const report = await validateContent(join(FIXTURES, folder));
      return { issues: report.issues.map(formatIssue), notices: report.notices.map(formatIssue), datasets: report.catalog?.datasets.map((d) => d.config) };
    };
    useParsedYamlCache(undefined);
    const plain = await Promise.all(['portal-valid', 'portal-broken', 'portal-broken-config'].map(load));
    useParsedYamlCache(cache);
    const cold = await Promise.all(['portal-valid', 'portal-broken', 'portal-broken-config'].map(load));
    const written = entries().length;
    expect(written).toBeGreaterThan(5);
    const warm = await Promise.all(['portal-valid', 'portal-broken', 'portal-broken-config'].map(load));
    expect(entries().length).toBe(written);
    expect(cold).toEqual(plain);
    expect(warm).toEqual(plain);
    expect(plain[1]!.issues.some((i) => /:\d+/.test(i))).toBe(true);
  });

  it('answers lines from a cached file, and keeps neither errors nor values JSON cannot carry', () => {
    useParsedYamlCache(cache);
    const text = 'title:\n  fr: Lits\nresources:\n  - name: a\n    path: a.csv\n';
    const issues: ContentIssue[] = [];
    parseYaml(text, 'd.yaml', issues);
    const again = parseYaml(text, 'd.yaml', issues)!;
    expect(again.data).toEqual({ title: { fr: 'Lits' }, resources: [{ name: 'a', path: 'a.csv' }] });
    expect(again.lineOf(['resources', 0, 'path'])).toBe(5);
    const before = entries().length;
    expect(parseYaml('limit: .inf\n', 'l.yaml', issues)!.data).toEqual({ limit: Infinity });
    expect(parseYaml('limit: .inf\n', 'l.yaml', issues)!.data).toEqual({ limit: Infinity });
    for (let i = 0; i < 2; i++) expect(parseYaml('a: 1\na: 2\n', 'x.yaml', issues)).toBeUndefined();
    expect(entries().length).toBe(before);
    expect(issues.map(formatIssue)).toEqual(['x.yaml:2: YAML syntax error: a field is written twice', 'x.yaml:2: YAML syntax error: a field is written twice']);
  });
});
