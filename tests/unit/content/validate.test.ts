import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../src/content/issues.ts';
import { validateContent } from '../../../src/content/validate.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

async function errorsOf(folder: string): Promise<string[]> {
  const report = await validateContent(folder);
  return report.issues.map(formatIssue);
}

/** Every file of a folder with its bytes, to prove validation never writes. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, readFileSync(p).toString('base64'));
    }
  };
  walk(dir);
  return out;
}

describe('a valid content folder', () => {
  it('has no errors, counts datasets, files and rows, and notes the sniffed Latin-1 file', async () => {
    const report = await validateContent(join(FIXTURES, 'portal-valid'));
    expect(report.issues.map(formatIssue)).toEqual([]);
    expect(report.datasets).toBe(3);
    expect(report.files).toBe(3); // two tables and a JSON file
    expect(report.rows).toBe(6);
    expect(report.notices.map(formatIssue)).toEqual([expect.stringMatching(/^datasets\/cantines\/cantines\.csv: .*windows-1252/)]);
    expect(report.catalog?.datasets.map((d) => d.slug)).toEqual(['cantines', 'gares', 'lits-reanimation']);
  });
});

describe('JSON and GeoJSON files', () => {
  const copy = () => {
    const dir = mkdtempSync(join(tmpdir(), 'json-files-'));
    cpSync(join(FIXTURES, 'portal-valid'), dir, { recursive: true });
    return dir;
  };

  it('a file that does not parse is an error with its line, and nothing is written', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'datasets', 'gares', 'gares.json'), '[\n  {"nom": "Nord"},\n  {"nom": "Sud",\n');
    const before = snapshot(dir);
    expect(await errorsOf(dir)).toEqual(['datasets/gares/gares.json:4: not valid JSON: Expected double-quoted property name (column 1); is the file complete?']);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a .geojson resource must be a GeoJSON object', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'datasets', 'gares', 'gares.geojson'), '[1, 2]');
    const yaml = join(dir, 'datasets', 'gares', 'dataset.yaml');
    writeFileSync(yaml, `${readFileSync(yaml, 'utf8')}  - name: carte\n    path: gares.geojson\n`);
    expect(await errorsOf(dir)).toEqual([
      'datasets/gares/gares.geojson: not a GeoJSON object: the file must be a JSON object whose "type" is FeatureCollection, Feature or a geometry type (RFC 7946)',
    ]);
    writeFileSync(join(dir, 'datasets', 'gares', 'gares.geojson'), '\ufeff{"type": "FeatureCollection", "features": []}');
    expect(await errorsOf(dir)).toEqual([]);
  });

  it('a file found valid is not read again with the cache', async () => {
    const dir = copy();
    const cache = join(dir, '..', `${dir.split('/').pop()}-validation.json`);
    expect((await validateContent(dir, { cache })).unchanged).toBe(0);
    const again = await validateContent(dir, { cache });
    expect(again.unchanged).toBe(3);
    expect(again.issues).toEqual([]);
  });
});

describe('a broken content folder', () => {
  it('lists every error with file, line, field and hint, sorted by file and line', async () => {
    expect(await errorsOf(join(FIXTURES, 'portal-broken'))).toEqual([
      'datasets/cantines/cantines.schema.json: fields[1].type: "strng" is not a Table Schema type (did you mean "string"?) at line 4',
      'datasets/gares/dataset.yaml:4: YAML syntax error: Missing closing "quote',
      'datasets/lits-reanimation/dataset.yaml: sector: "heath" is not one of health, transport, food, education (did you mean `sector: health`?) at line 8',
      'datasets/lits-reanimation/dataset.yaml: publisher: "hopital-tset" is not a publisher: no file publishers/hopital-tset.yaml (did you mean `publisher: hopital-test`?) at line 9',
      'datasets/lits-reanimation/dataset.yaml: titel: unknown field (did you mean `title`?) at line 10',
      'datasets/lits-reanimation/dataset.yaml: license: "etalab2" is not a known licence id (did you mean `license: etalab-2.0`?) at line 11',
      'datasets/lits-reanimation/dataset.yaml: frequency: "dayly" is not one of continuous, hourly, daily, weekly, biweekly, monthly, quarterly, semiannual, annual, irregular, never, unknown (did you mean `frequency: daily`?) at line 13',
      'datasets/lits-reanimation/dataset.yaml: resources[0].title.de: "de" is not one of the portal\'s languages (fr, en) at line 21',
      'datasets/lits-reanimation/lits.csv:1: column "lits_totl" is not in the schema (did you mean "lits_total"?)',
      'datasets/lits-reanimation/lits.csv:3: column "lits_occupes": "douze" is not an integer',
      'datasets/lits-reanimation/lits.csv:4: row has 3 values, expected 4',
      'datasets/lits-reanimation/lits.csv:5: row is blank',
      'datasets/lits-reanimation/lits.csv:6: row has 5 values, expected 4',
      'datasets/lits-reanimation/lits.csv:6: column "jour": "2020-11-31" is not a date (expected YYYY-MM-DD)',
      'datasets/lits-reanimation/lits.csv:7: column "lits_occupes": "-1" is less than the minimum 0',
      'datasets/lits-reanimation/lits.csv:7: primary key (etablissement, jour) = (H01, 2020-11-01) duplicates line 2',
      'datasets/sans-fichier/dataset.yaml: file not found: every dataset folder needs a dataset.yaml (rename "dataset.yml" to "dataset.yaml")',
      'datasets/vide/dataset.yaml: updated: 2021-02-30 is not a date of the calendar at line 6',
      'datasets/vide/dataset.yaml: resources[1].path: file "absent.csv" not found in datasets/vide/ at line 12',
      'datasets/vide/vide.csv: the file is empty',
    ]);
  });

  it('scoped to some datasets: every metadata file checked, rows only of those datasets', async () => {
    const report = await validateContent(join(FIXTURES, 'portal-broken'), { datasets: new Set(['vide']) });
    const errors = report.issues.map(formatIssue);
    // The rows of lits-reanimation are not read; its dataset.yaml is still checked.
    expect(errors.some((e) => e.startsWith('datasets/lits-reanimation/lits.csv'))).toBe(false);
    expect(errors).toContain('datasets/lits-reanimation/dataset.yaml: titel: unknown field (did you mean `title`?) at line 10');
    expect(errors).toContain('datasets/vide/vide.csv: the file is empty');
    const whole = await validateContent(join(FIXTURES, 'portal-broken'), { datasets: new Set(['lits-reanimation']) });
    expect(whole.issues.map(formatIssue)).toContain('datasets/lits-reanimation/lits.csv:5: row is blank');
  });

  it('reports portal.yaml errors and still checks what it can', async () => {
    expect(await errorsOf(join(FIXTURES, 'portal-broken-config'))).toEqual([
      'portal.yaml: languages: no UI translation for "de": add i18n/de.json to the content folder (start from a copy of src/i18n/ui/en.json)',
      'portal.yaml: name.es: "es" is not one of the portal\'s languages (fr, de) at line 1',
      'portal.yaml: country: "fr" must be an ISO 3166-1 alpha-2 country code in capitals, such as "FR" at line 2',
      'portal.yaml: baseUrl: "donnees.example.org" must be a web address starting with https:// (or http://): the public address of the portal, such as https://data.example.org at line 4',
      'portal.yaml: sectors[1]: sector "health" is listed twice at line 5',
      'portal.yaml: sectors[2]: sector "energy" needs a title, e.g. {id: energy, title: {fr: "…"}} at line 5',
      'portal.yaml: license: "licence-ouverte" is not a known licence id (did you mean `license: etalab-2.0`?) at line 6',
      'portal.yaml: theme.primaryColor: #7fb2e5 on white has a contrast ratio of 2.23:1; links and buttons need at least 4.5:1 (WCAG AA): choose a darker colour at line 7',
      'portal.yaml: colour: unknown field (known fields: name, tagline, country, languages, baseUrl, sectors, license, licenses, contact, theme, maps, search) at line 8',
      'publishers/Ministère.yaml: the file name "Ministère" is the publisher id and must be lower-case letters, digits and "-"',
      'publishers/Ministère.yaml: email: "pas-une-adresse" is not an email address at line 2',
    ]);
  });

  it('never changes a content file', async () => {
    const folder = join(FIXTURES, 'portal-broken');
    const before = snapshot(folder);
    await validateContent(folder);
    expect(snapshot(folder)).toEqual(before);
  });
});

describe('single defects', () => {
  function withFile(file: string, text: string | Buffer): string {
    const dir = mkdtempSync(join(tmpdir(), 'portal-content-'));
    cpSync(join(FIXTURES, 'portal-valid'), dir, { recursive: true });
    writeFileSync(join(dir, file), text);
    return dir;
  }

  it('a missing portal.yaml', async () => {
    const dir = withFile('portal.yaml', '');
    expect(await errorsOf(dir)).toEqual(['portal.yaml: the file is empty']);
  });

  it('a YAML file that is a list', async () => {
    const dir = withFile('publishers/mairie-test.yaml', '- name: x\n');
    expect(await errorsOf(dir)).toEqual(['publishers/mairie-test.yaml:1: expected a map of fields, got a list']);
  });

  it('a field of the wrong type', async () => {
    const dir = withFile('publishers/mairie-test.yaml', 'name: [a, b]\n');
    expect(await errorsOf(dir)).toEqual(['publishers/mairie-test.yaml: name: expected text, or a map of language to text such as {fr: "…", en: "…"} at line 1']);
  });

  it('a required field left out', async () => {
    const dir = withFile('publishers/mairie-test.yaml', 'url: https://x.example\n');
    expect(await errorsOf(dir)).toEqual(['publishers/mairie-test.yaml: name: is required']);
  });

  it('a field written twice', async () => {
    const dir = withFile('publishers/mairie-test.yaml', 'name: a\nname: b\n');
    expect(await errorsOf(dir)).toEqual(['publishers/mairie-test.yaml:2: YAML syntax error: a field is written twice']);
  });

  it('link resources (url:): accepted without a file; bad addresses named with file, line and field', async () => {
    const base = readFileSync(join(FIXTURES, 'portal-valid', 'datasets', 'gares', 'dataset.yaml'), 'utf8');
    const good = withFile('datasets/gares/dataset.yaml', `${base}  - name: horaires\n    url: https://transport.example.org/horaires.csv?v=2\n    title: {fr: Horaires}\n`);
    const report = await validateContent(good);
    expect(report.issues.map(formatIssue)).toEqual([]);
    const link = report.catalog!.datasets.find((d) => d.slug === 'gares')!.resources.find((r) => r.name === 'horaires')!;
    // Never fetched: no file, no size, not a table; the format comes from the address.
    expect(link).toMatchObject({ url: 'https://transport.example.org/horaires.csv?v=2', path: '', bytes: 0, tabular: false, format: 'csv', mediaType: 'text/csv' });

    const bad = withFile(
      'datasets/gares/dataset.yaml',
      `${base}  - name: a\n    url: javascript:alert(1)\n  - name: b\n    url: data:text/csv,a\n  - name: c\n    url: file:///etc/passwd\n  - name: d\n    url: https://moi:secret@files.example.org/d.csv\n  - name: e\n    url: https://x.example.org/e.csv\n    path: gares.json\n  - name: f\n  - name: g\n    url: https://x.example.org/g.csv\n    schema: g.schema.json\n  - name: h\n    ulr: https://x.example.org/h.csv\n`,
    );
    const charted = withFile('datasets/gares/dataset.yaml', `${base}  - name: horaires\n    url: https://x.example.org/h.csv\ncharts:\n  - {type: line, resource: horaires, x: jour, y: [n]}\n`);
    expect(await errorsOf(charted)).toEqual([
      'datasets/gares/dataset.yaml: charts[0].resource: "horaires" is a link (url:), never read by the build: a chart draws from a file of the dataset folder (path:) at line 14',
    ]);
    const scheme = 'must be a web address starting with https:// (or http://), such as https://example.org/data.csv';
    expect(await errorsOf(bad)).toEqual([
      `datasets/gares/dataset.yaml: resources[1].url: "javascript:alert(1)" ${scheme} at line 12`,
      `datasets/gares/dataset.yaml: resources[2].url: "data:text/csv,a" ${scheme} at line 14`,
      `datasets/gares/dataset.yaml: resources[3].url: "file:///etc/passwd" ${scheme} at line 16`,
      'datasets/gares/dataset.yaml: resources[4].url: must not hold a user name or password (https://user:password@…): the address is published on the page and in every export at line 18',
      'datasets/gares/dataset.yaml: resources[5].url: a resource is a file of the dataset folder (`path:`) or a link (`url:`), not both: remove one at line 20',
      'datasets/gares/dataset.yaml: resources[6]: needs `path:` (a file of the dataset folder) or `url:` (the address of a file hosted elsewhere, https://…) at line 22',
      'datasets/gares/dataset.yaml: resources[7].schema: a link (url:) is not read by the build, so `schema:` cannot apply to it: publish the file itself with path: to have it checked at line 25',
      'datasets/gares/dataset.yaml: resources[8].ulr: unknown field (did you mean `url`?) at line 27',
    ]);
  });

  it('display settings of a field the schema does not have, or in a language the portal lacks', async () => {
    const yaml = readFileSync(join(FIXTURES, 'portal-valid', 'datasets/lits-reanimation/dataset.yaml'), 'utf8').replace(
      '    dialect: {delimiter: ";"}\n',
      '    dialect: {delimiter: ";"}\n    fields:\n      lits_ocupes: {unit: lits}\n      jour: {identifier: true}\n      etablissement:\n        labels:\n          H01: {fr: Hôpital un, de: Krankenhaus eins}\n',
    );
    const errors = await errorsOf(withFile('datasets/lits-reanimation/dataset.yaml', yaml));
    expect(errors.some((e) => /resources\[0\]\.fields\.lits_ocupes: "lits_ocupes" is not a field of resource "lits".*lits_occupes/.test(e))).toBe(true);
    expect(errors.some((e) => /resources\[0\]\.fields\.etablissement\.labels\.H01\.de: "de" is not one of the portal.s languages/.test(e))).toBe(true);
    expect(errors.filter((e) => /fields\.jour/.test(e))).toEqual([]);
  });

  it('a reporters file: a CSV checked like any table, a YAML file field by field, a missing file named', async () => {
    const useFile = (name: string) =>
      readFileSync(join(FIXTURES, 'portal-valid', 'datasets/lits-reanimation/dataset.yaml'), 'utf8').replace('reporters: reporters.yaml', `reporters: ${name}`);
    const csv = withFile('datasets/lits-reanimation/dataset.yaml', useFile('reporters.csv'));
    writeFileSync(join(csv, 'datasets/lits-reanimation/reporters.csv'), 'id,name,territory,contact,periods\nH01,Nord,,,daily\nH01,Sud,,,hourly\nH03,,,,\n');
    expect(await errorsOf(csv)).toEqual([
      'datasets/lits-reanimation/reporters.csv:3: column "periods": "hourly" is not one of daily, weekly, monthly',
      'datasets/lits-reanimation/reporters.csv:3: primary key (id) = (H01) duplicates line 2',
      'datasets/lits-reanimation/reporters.csv:4: column "name": value is required',
    ]);
    const yaml = withFile('datasets/lits-reanimation/reporters.yaml', 'reporters:\n  - {id: H01, name: Nord}\n  - {id: H01, name: Sud}\n  - {id: H02}\n');
    expect(await errorsOf(yaml)).toEqual(['datasets/lits-reanimation/reporters.yaml: reporters[2].name: is required at line 4']);
    const twice = withFile('datasets/lits-reanimation/reporters.yaml', 'reporters:\n  - {id: H01, name: Nord}\n  - {id: H01, name: Sud}\n');
    expect(await errorsOf(twice)).toEqual(['datasets/lits-reanimation/reporters.yaml: reporters[1].id: "H01" is already the id of reporters[0]; ids must be unique at line 3']);
    const missing = withFile('datasets/lits-reanimation/dataset.yaml', useFile('reporter.yaml'));
    expect(await errorsOf(missing)).toEqual([expect.stringMatching(/^datasets\/lits-reanimation\/dataset\.yaml: live\.reporters: file "reporter\.yaml" not found in datasets\/lits-reanimation\/ \(did you mean "reporters\.yaml"\?\) at line \d+$/)]);
  });

  it('live rules: unknown fields with the closest name, values that cannot be compared, a rule that cannot be read', async () => {
    const withRules = (rules: string) => readFileSync(join(FIXTURES, 'portal-valid', 'datasets/lits-reanimation/dataset.yaml'), 'utf8').replace('rules: ["lits_occupes <= lits_total"]', rules);
    expect(await errorsOf(withFile('datasets/lits-reanimation/dataset.yaml', withRules('rules: ["lits_ocupes <= lits_total", "jour >= lits_total"]')))).toEqual([
      expect.stringMatching(/live\.rules\[0\]: "lits_ocupes" is not a field of resource "lits" \(did you mean "lits_occupes"\?\) at line/),
      expect.stringMatching(/live\.rules\[1\]: "jour >= lits_total" compares values that cannot be compared \(date and integer\)/),
    ]);
    expect(await errorsOf(withFile('datasets/lits-reanimation/dataset.yaml', withRules('rules: ["lits_occupes <== 3"], futureDays: -1')))).toEqual([
      'datasets/lits-reanimation/dataset.yaml: live.futureDays: must be at least 0 at line 22',
      'datasets/lits-reanimation/dataset.yaml: live.rules[0]: "lits_occupes <== 3" must read "field <= other_field" or "field >= 0" (operators <= < >= > = !=) at line 22',
    ]);
  });

  it('live jump: fields that are not numbers or not fields, a factor of 1 or less, no reporter', async () => {
    const yaml = readFileSync(join(FIXTURES, 'portal-valid', 'datasets/lits-reanimation/dataset.yaml'), 'utf8');
    const withJump = (jump: string, text = yaml) => withFile('datasets/lits-reanimation/dataset.yaml', text.replace('jump: {factor: 20, fields: [lits_occupes]}', jump));
    expect(await errorsOf(withJump('jump: {factor: 20, fields: [lits_ocupes, jour]}'))).toEqual([
      expect.stringMatching(/live\.jump\.fields\[0\]: "lits_ocupes" is not a field of resource "lits" \(did you mean "lits_occupes"\?\) at line/),
      expect.stringMatching(/live\.jump\.fields\[1\]: "jour" is a date field: only integer and number fields can jump/),
    ]);
    expect(await errorsOf(withJump('jump: {factor: 1}'))).toEqual([expect.stringMatching(/live\.jump\.factor: must be more than 1 \(e\.g\. 10/)]);
    const noReporter = yaml.replace('reporter: etablissement, reporters: reporters.yaml, ', '').replace('policy: {carry-forward: 1}, ', '');
    expect(await errorsOf(withJump('jump: {factor: 20}', noReporter))).toEqual([expect.stringMatching(/live\.jump: jumps are judged against the reporter's previous value: `jump` needs `reporter`/)]);
  });

  it('live policy: a known policy, and only with a reporter field', async () => {
    const yaml = readFileSync(join(FIXTURES, 'portal-valid', 'datasets/lits-reanimation/dataset.yaml'), 'utf8');
    const noReporter = yaml.replace('reporter: etablissement, reporters: reporters.yaml, ', '').replace(', jump: {factor: 20, fields: [lits_occupes]}', '');
    expect(await errorsOf(withFile('datasets/lits-reanimation/dataset.yaml', noReporter))).toEqual([
      expect.stringMatching(/^datasets\/lits-reanimation\/dataset\.yaml: live\.policy: a policy for missing reports needs `reporter`: the field of the rows that names the reporter at line \d+$/),
    ]);
    const unknown = yaml.replace('policy: {carry-forward: 1}', 'policy: sum-what-came');
    expect(await errorsOf(withFile('datasets/lits-reanimation/dataset.yaml', unknown))).toEqual([expect.stringMatching(/live\.policy: expected complete-periods-only or \{carry-forward: N\} at line \d+$/)]);
  });

  it('a Table Schema that is not JSON', async () => {
    const dir = withFile('datasets/lits-reanimation/lits.schema.json', '{\n  "fields": [\n    {"name": "a",}\n  ]\n}\n');
    const errors = await errorsOf(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^datasets\/lits-reanimation\/lits\.schema\.json:3: JSON syntax error: /);
  });

  it('a dataset.yaml that is not UTF-8', async () => {
    const dir = withFile('datasets/gares/dataset.yaml', Buffer.from('title: Gares de l\'\xc9tat\n', 'latin1'));
    expect(await errorsOf(dir)).toEqual(['datasets/gares/dataset.yaml:1: is not valid UTF-8 text; save it as UTF-8']);
  });

  it('a CSV declared UTF-8 holding Latin-1 bytes', async () => {
    const dir = withFile('datasets/cantines/dataset.yaml', readFileSync(join(FIXTURES, 'portal-valid/datasets/cantines/dataset.yaml'), 'utf8').replace('schema: cantines.schema.json', 'schema: cantines.schema.json\n    dialect: {encoding: utf-8}'));
    const errors = await errorsOf(dir);
    expect(errors[0]).toMatch(/^datasets\/cantines\/cantines\.csv:2: .*UTF-8/);
  });
});
