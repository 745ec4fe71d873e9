import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateTable, type TableIssue, type ValidateTableOptions } from '../../../src/tableschema/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tableschema-test-'));
let n = 0;

/** Write a fixture file into a per-run temp dir and return its path. */
export function fixture(content: string | Buffer, ext = 'csv'): string {
  const p = join(dir, `f${++n}.${ext}`);
  writeFileSync(p, content);
  return p;
}

export async function run(opts: Omit<ValidateTableOptions, 'onIssue'>) {
  const issues: TableIssue[] = [];
  const summary = await validateTable({ ...opts, onIssue: (i) => issues.push(i) });
  return { summary, issues, lines: issues.map((i) => `${i.line ?? '-'} ${i.code} ${i.message}`) };
}

export const DATA = '/work/shared/data';
