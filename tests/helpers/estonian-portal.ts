// An Estonian portal as a partner country would make it: `npm run new-portal` for EE in et,en,
// plus two datasets whose Estonian titles carry õ ä ö ü (for diacritic-free search tests).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './portal.ts';

export function runNewPortal(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'new-portal.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** Create the Estonian content folder; returns its path. */
export function makeEstonianPortal(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'ee-portal-')), 'content');
  const r = runNewPortal([dir, '--country', 'EE', '--languages', 'et,en']);
  if (r.status !== 0) throw new Error(`new-portal failed:\n${r.stdout}${r.stderr}`);
  const example = join(dir, 'datasets', 'example');
  const add = (slug: string, title: Record<string, string>, description: Record<string, string>) => {
    const target = join(dir, 'datasets', slug);
    cpSync(example, target, { recursive: true });
    const yaml = readFileSync(join(target, 'dataset.yaml'), 'utf8')
      .replace(/^title:\n(  .*\n)+/m, `title:\n  et: "${title.et}"\n  en: "${title.en}"\n`)
      .replace(/^description:\n(  .*\n)+/m, `description:\n  et: "${description.et}"\n  en: "${description.en}"\n`);
    writeFileSync(join(target, 'dataset.yaml'), yaml);
  };
  add(
    'haiglaravi-parnumaa',
    { et: 'Haiglaravi Pärnumaal', en: 'Hospital care in Pärnu County' },
    { et: 'COVID-19 patsiendid Pärnumaa haiglates.', en: 'COVID-19 patients in Pärnu County hospitals.' },
  );
  add(
    'tooandjate-toetused',
    { et: 'Tööandjate töötasu hüvitis', en: 'Wage compensation for employers' },
    { et: 'Töötukassa hüvitis tööandjatele eriolukorra ajal.', en: 'Compensation paid to employers during the emergency.' },
  );
  return dir;
}
