// `npm run validate` on small content folders with dashboards: every problem listed with file,
// field, line and hint, never a blank card later.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../helpers/portal.ts';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'portal-dashboards');

/** A copy of the dashboards fixture with another dashboard file (and, optionally, other files). */
function folderWith(dashboard: string, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'dashboards-'));
  cpSync(FIXTURE, dir, { recursive: true });
  writeFileSync(join(dir, 'dashboards', 'situation.yaml'), dashboard);
  for (const [file, text] of Object.entries(extra)) writeFileSync(join(dir, file), text);
  return dir;
}

function validate(dir: string) {
  const r = runScript('validate.ts', { PORTAL_CONTENT: dir });
  const out = `${r.stdout}${r.stderr}`.split('\n');
  return { status: r.status, lines: out.filter((l) => l.startsWith('dashboards/')), notes: out.filter((l) => l.startsWith('note: dashboards/')) };
}

describe('npm run validate with dashboards', () => {
  it('accepts the fixture', () => {
    const r = runScript('validate.ts', { PORTAL_CONTENT: FIXTURE });
    expect(r.stdout).toContain('valid');
    expect(r.status).toBe(0);
  });

  it('lists every metadata problem of a dashboard with field, line and hint', () => {
    const { status, lines, notes } = validate(
      folderWith(`title: T
layer: zone
sections:
  - title: S
    indicators:
      - id: a
        title: A
        dataset: hopitale
        value: rea
      - id: b
        title: B
        dataset: hopital
        value: reanimation
        date: jour
      - id: c
        title: C
        dataset: hopital
        value: dep
        date: jour
        transform: [per-100k]
      - id: d
        title: {fr: D, de: D}
        dataset: hopital
        value: rea
        transform: [{rolling-mean: 7}]
        territory: dep
        codes: {pattern: "^(DEP"}
      - id: e
        title: E
        dataset: lits
        value: lits_occupes
        date: jour
`),
    );
    expect(status).toBe(1);
    expect(lines).toEqual([
      'dashboards/situation.yaml: layer: "zone" is not a map layer of the portal (zones) (did you mean `layer: zones`?) at line 2',
      'dashboards/situation.yaml: sections[0].indicators[0].dataset: "hopitale" is not a dataset: no folder datasets/hopitale/ (did you mean `dataset: hopital`?) at line 8',
      'dashboards/situation.yaml: sections[0].indicators[1].value: "reanimation" is not a column of hopital/hopital.csv at line 13',
      'dashboards/situation.yaml: sections[0].indicators[2].value: column "dep" is of type string; figures need a number (number or integer in the Table Schema), or `aggregate: count` to count rows at line 18',
      'dashboards/situation.yaml: sections[0].indicators[2].transform[0]: per-100k needs a population table: add `population:` to the dashboard (dataset, territory and value columns) at line 20',
      'dashboards/situation.yaml: sections[0].indicators[3].title.de: "de" is not one of the portal\'s languages (fr, en) at line 22',
      'dashboards/situation.yaml: sections[0].indicators[3].transform[0]: rolling-mean works on a series of days: the indicator needs a date column (date:) at line 25',
      expect.stringMatching(/^dashboards\/situation\.yaml: sections\[0\]\.indicators\[3\]\.codes\.pattern: is not a valid regular expression .* at line 27$/),
      'dashboards/situation.yaml: sections[0].indicators[4]: dataset "lits" is live: its etablissement rows arrive one by one, so a day can be incomplete. Say how to add it up: `policy: complete-periods-only` or `policy: {carry-forward: 2}` at line 28',
    ]);
    // The checks against the rows wait for these to be fixed: said, so that they are no surprise.
    expect(notes).toEqual(['note: dashboards/situation.yaml: its figures are checked against the data (filters, territory codes, population table) once the errors above are fixed']);
  });

  it('says how many territory codes matched and shows a few that did not, and which territories lack a population', () => {
    const dashboard = `title: T
layer: zones
population: {dataset: population, territory: code, value: habitants}
sections:
  - title: S
    indicators:
      - id: a
        title: A
        dataset: hopital
        value: rea
        date: jour
        territory: dep
        codes: {pattern: "^DEP-(.+)$"}
        transform: [per-100k]
`;
    const { status, lines } = validate(folderWith(dashboard));
    expect(status).toBe(1);
    expect(lines).toEqual([
      'dashboards/situation.yaml: population: the population table has no inhabitants for 1 of the 3 territories of layer "zones": "01" (Ain) (add a row for each, or check `codes:` (leading zeros, prefixes)) at line 3',
      // The codes are there ("01"), the pattern keeps none: said so, with the file's codes, at the pattern's line.
      'dashboards/situation.yaml: sections[0].indicators[0].codes.pattern: codes.pattern "^DEP-(.+)$" matches none of the codes of column "dep", so 0 codes matched a feature of layer "zones"; the file\'s codes are for instance "01", "2A", "75" (write a pattern whose first group is the layer\'s code, e.g. "01" (Ain), "2A" (Corse-du-Sud), "75" (Paris)) at line 13',
    ]);
    // Codes written DEP-01 in the data: none matches without a pattern, all with one.
    const prefixed = 'dep;sexe;jour;rea;dc\nDEP-01;0;2020-11-01;1;1\nDEP-2A;0;2020-11-01;1;1\nDEP-99;0;2020-11-01;1;1\n';
    const unmapped = validate(
      folderWith(
        dashboard
          .replace('        codes: {pattern: "^DEP-(.+)$"}\n', '')
          .replace('{dataset: population, territory: code, value: habitants}', '{dataset: population, territory: code, value: habitants, codes: {pad: 2}}'),
        { 'datasets/hopital/hopital.csv': prefixed },
      ),
    );
    expect(unmapped.lines).toEqual([
      'dashboards/situation.yaml: sections[0].indicators[0].territory: none of the 3 codes of column "dep" is a feature of layer "zones" (0 matched, property code); for instance "DEP-01", "DEP-2A", "DEP-99" (set codes: {pattern: …, pad: …} so that codes become those of maps/zones.geojson, e.g. "01" (Ain), "2A" (Corse-du-Sud), "75" (Paris)) at line 12',
    ]);
    const mapped = runScript('validate.ts', { PORTAL_CONTENT: folderWith(dashboard.replace('value: habitants}', 'value: habitants, codes: {pad: 2}}'), { 'datasets/hopital/hopital.csv': prefixed }) });
    expect(mapped.status).toBe(0);
    expect(mapped.stdout + mapped.stderr).toContain(
      'dashboards/situation.yaml: sections[0].indicators[0].territory: 2 of the 3 codes of column "dep" match a feature of layer "zones"; these do not: "99"',
    );
  });

  it('an indicator whose filter no row passes is an error with the values the file has, never an empty card', () => {
    // Indicators over the fixture's hospital rows, each with one more line (its filter, its territory).
    const rea = (id: string, ...more: string[]) =>
      [`      - id: ${id}`, `        title: ${id}`, '        dataset: hopital', '        value: rea', '        date: jour', ...more.map((l) => `        ${l}`)].join('\n');
    const { status, lines } = validate(
      folderWith(
        [
          'title: T',
          'layer: zones',
          'sections:',
          '  - title: S',
          '    indicators:',
          rea('a', 'filter: {sexe: "F"}'),
          rea('b', 'territory: dep', 'filter: {sexe: 7}'),
          rea('c', 'filter: {sexe: 1}'),
          '',
        ].join('\n'),
      ),
    );
    expect(status).toBe(1);
    expect(lines).toEqual([
      'dashboards/situation.yaml: sections[0].indicators[0].filter: no row of hopital/hopital.csv passes the filter (sexe = "F") with a value in column "rea": the card would have no figure (write each value as the file has it; its values are sexe: "0", "1") at line 11',
      'dashboards/situation.yaml: sections[0].indicators[1].filter: no row of hopital/hopital.csv passes the filter (sexe = 7) with a value in column "rea": the card would have no figure (write each value as the file has it; its values are sexe: "0", "1") at line 18',
    ]);
  });
});
