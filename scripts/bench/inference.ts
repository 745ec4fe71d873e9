// Rows of `npm run bench -- --only inference`: schema inference speed and memory on the
// validation benchmark's CSV (compared with raw csv-parse on the same file), and the agreement
// of inferred types with published Table Schemas (src/infer/agreement.ts).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatAgreement, measureAgreement } from '../../src/infer/agreement.ts';
import { runMeasured } from './measure.ts';

export interface InferenceBenchInput {
  root: string;
  csv: string;
  rows: number;
  rawSpeed: number;
  log: (msg: string) => void;
}

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');

export async function inferenceRows({ root, csv, rows, rawSpeed, log }: InferenceBenchInput): Promise<string[][]> {
  log(`schema inference of ${fmtInt(rows)} rows…`);
  const m = await runMeasured(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'bench', 'inference-worker.ts'), csv], { cwd: root });
  if (m.status !== 0) throw new Error(`inference benchmark failed:\n${m.output}`);
  const r = JSON.parse(m.output.trim().split('\n').pop()!) as { rows: number; ms: number; maxRss: number; fields: string[]; primaryKey: string[] };
  const peak = Math.max(m.peakRss, r.maxRss);
  const speed = r.rows / (r.ms / 1000);
  log(`  ${(r.ms / 1000).toFixed(1)} s, ${fmtInt(speed)} rows/s, peak ${fmtInt(peak / 1048576)} MB`);
  const out: string[][] = [
    [
      `infer Table Schema, ${fmtInt(rows)}-row CSV`,
      `${(r.ms / 1000).toFixed(1)} s`,
      `${fmtInt(peak / 1048576)} MB`,
      `${fmtInt(speed)} rows/s; ${r.fields.join(' ')}; key ${r.primaryKey.join(', ') || 'none'}`,
      `${(speed / rawSpeed).toFixed(2)}× of raw speed`,
      'flat memory',
    ],
  ];
  const shared = resolve(root, process.env.SHARED_DATA ?? '../shared/data');
  log('type agreement with published schemas…');
  const report = await measureAgreement({ sources: existsSync(shared) ? [shared] : [], contents: [join(root, 'content')] });
  for (const line of formatAgreement(report, resolve(root, '..'))) log(`  ${line}`);
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  out.push([
    `inferred type = published type, ${report.files.length} files`,
    '',
    '',
    `${report.agreeingWithData}/${report.withData} fields with values; ${report.agreeing}/${report.fields} in all (empty columns typed string)`,
    `${pct(report.share)} (${pct(report.shareAll)} in all)`,
    '≥ 90 %',
  ]);
  return out;
}
