// `npm run new-dataset` end to end, on a copy of the example content folder: the real command,
// then the real `npm run validate`. Bad input is refused with the message a publisher reads, and
// leaves the content folder exactly as it was.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const work = mkdtempSync(join(tmpdir(), 'new-dataset-'));
const content = join(work, 'content');

function run(script: string, args: string[]): { status: number; out: string } {
  const r = spawnSync(process.execPath, [TSX, join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    env: { ...process.env, PORTAL_CONTENT: content },
    encoding: 'utf8',
  });
  return { status: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}
const newDataset = (...args: string[]) => run('new-dataset.ts', args);
const validate = () => run('validate.ts', []);
const listing = () => readdirSync(join(content, 'datasets')).sort();

// A spreadsheet export as administrations write them: notes above the header, semicolons,
// Latin-1, decimal commas, French dates, "oui"/"non", "NA" for no value.
const EXPORT = Buffer.from(
  [
    'Lits de réanimation par établissement',
    'Source : ARS, extraction du 15/11/2020',
    '',
    'finess;nom;jour;lits;taux;tension;ouvert',
    ...Array.from(
      { length: 30 },
      (_, i) =>
        `${750712184 + (i % 3)};Hôpital ${i % 3};${String(10 + Math.floor(i / 3)).padStart(2, '0')}/11/2020;${i === 7 ? 'NA' : 100 + i};${i},5;${['forte', 'critique', 'modérée'][i % 3]};${i % 2 ? 'oui' : 'non'}`,
    ),
  ].join('\r\n') + '\r\n',
  'latin1',
);

beforeAll(() => {
  cpSync(join(ROOT, 'content'), content, { recursive: true });
  writeFileSync(join(work, 'lits-ars.csv'), EXPORT);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run new-dataset', () => {
  it('writes the dataset folder, validates it, and lists the placeholders left to replace', () => {
    const r = newDataset(join(work, 'lits-ars.csv'), '--sector', 'health', '--publisher', 'sante-publique-france');
    expect(r.out).toContain('✓ wrote datasets/lits-ars/: lits-ars.csv, lits-ars.schema.json, dataset.yaml');
    expect(r.out).toContain('    finess: string\n');
    expect(r.out).toContain('    jour: date, format %d/%m/%Y\n');
    expect(r.out).toContain('    lits: integer\n');
    expect(r.out).toContain('    taux: number, decimal ","\n');
    expect(r.out).toContain('    tension: string, one of critique, forte, modérée\n');
    expect(r.out).toContain('    ouvert: boolean, oui/non\n');
    expect(r.out).toContain('  primary key: finess, jour\n');
    expect(r.out).toContain('note: the header is on line 4');
    expect(r.out).toContain('datasets/lits-ars/dataset.yaml: description: expected text, or a map of language to text such as {fr: "…", en: "…"} at line 7');
    expect(r.out).toContain('datasets/lits-ars/dataset.yaml: frequency: "TODO" is not one of continuous, hourly, daily,');
    expect(r.status).toBe(0);
    // the file is copied byte for byte
    expect(readFileSync(join(content, 'datasets', 'lits-ars', 'lits-ars.csv')).equals(EXPORT)).toBe(true);
    const yaml = readFileSync(join(content, 'datasets', 'lits-ars', 'dataset.yaml'), 'utf8');
    expect(yaml).toContain('dialect: {delimiter: ";", encoding: "windows-1252", headerRows: [4]}');
  }, 120_000);

  it('npm run validate refuses the placeholders only, and accepts the dataset once they are replaced', () => {
    const before = validate();
    expect(before.status).toBe(1);
    const mine = before.out.split('\n').filter((l) => l.startsWith('datasets/lits-ars/'));
    expect(mine).toHaveLength(2);
    expect(mine.every((l) => l.startsWith('datasets/lits-ars/dataset.yaml: '))).toBe(true);
    const file = join(content, 'datasets', 'lits-ars', 'dataset.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('description: null', 'description: Lits occupés par jour.')
        .replace(/frequency: TODO.*/, 'frequency: daily'),
    );
    const after = validate();
    expect(after.out).toMatch(/✓ .*: valid — 12 datasets/);
    expect(after.status).toBe(0);
  }, 120_000);

  it('GeoJSON: the file and a schema of its properties, the dataset valid but for the placeholders', () => {
    const r = newDataset(join(ROOT, 'content', 'maps', 'regions.geojson'), '--slug', 'regions', '--sector', 'health', '--publisher', 'etalab');
    expect(r.out).toContain('✓ wrote datasets/regions/: regions.geojson, regions.schema.json, dataset.yaml');
    expect(r.out).toContain('    code: string\n');
    expect(r.status).toBe(0);
    const mine = r.out.split('\n').filter((l) => l.startsWith('datasets/regions/'));
    expect(mine.map((l) => l.split(':')[1]!.trim())).toEqual(['description', 'frequency']);
  }, 120_000);

  describe('bad input: a clear error and nothing written', () => {
    it('a slug that exists', () => {
      const before = listing();
      const r = newDataset(join(work, 'lits-ars.csv'));
      expect(r.out).toBe('✗ a dataset "lits-ars" already exists (datasets/lits-ars/); choose another slug, e.g. --slug lits-ars-2\n');
      expect(r.status).toBe(1);
      expect(listing()).toEqual(before);
    });

    it('an unknown sector or publisher: the known ones, and the likely one', () => {
      const before = listing();
      expect(newDataset(join(work, 'lits-ars.csv'), '--slug', 'x', '--sector', 'helth').out).toBe(
        '✗ "helth" is not a sector of this portal (did you mean --sector health?); known sectors: health, transport, food, education\n',
      );
      expect(newDataset(join(work, 'lits-ars.csv'), '--slug', 'x', '--publisher', 'sante-publique').out).toBe(
        '✗ "sante-publique" is not a publisher of this portal; known publishers: acceslibre, data-gouv-fr, etalab, insee, ma-cantine, ministere-sante, sante-publique-france\n',
      );
      expect(listing()).toEqual(before);
    });

    it('a file that cannot be parsed: why, and the line', () => {
      writeFileSync(join(work, 'casse.csv'), 'a;b\n1;2\n3;"ouvert\n4;5\n');
      const before = listing();
      const r = newDataset(join(work, 'casse.csv'));
      expect(r.out).toBe(`✗ cannot read ${join(work, 'casse.csv')}: line 3: a quoted cell is never closed (unbalanced quote character)\n`);
      expect(r.status).toBe(1);
      expect(listing()).toEqual(before);
    });

    it('a file whose rows no schema can describe (a ragged row): every problem with its line', () => {
      writeFileSync(join(work, 'ragged.csv'), 'a;b\n1;2\n3\n4;5\n');
      const before = listing();
      const r = newDataset(join(work, 'ragged.csv'));
      expect(r.out).toBe('✗ ragged.csv has problems that no schema can describe; correct the file, then run again:\n  line 3: row has 1 values, expected 2\n');
      expect(listing()).toEqual(before);
    });

    it('usage mistakes', () => {
      expect(newDataset().out).toContain('✗ give the file to publish\nusage: npm run new-dataset -- <file>');
      expect(newDataset('x.csv', '--sectr', 'health').out).toContain('✗ unknown option --sectr (did you mean --sector?)');
      expect(newDataset('absent.csv').out).toBe('✗ file not found: absent.csv\n');
      // A flag without its value is not given the next flag as value.
      const missing = newDataset(join(work, 'lits-ars.csv'), '--slug', '--sector', 'health');
      expect(missing.status).toBe(2);
      expect(missing.out).toContain('✗ --slug needs a value');
    });
  });
});
