// Write small files in a temporary folder, infer their schema, and check that validation
// accepts each file under its inferred schema (the property the inference is built on).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { inferFile, type Inference } from '../../../src/infer/infer.ts';
import { validateTable, type TableIssue } from '../../../src/tableschema/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'infer-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
export function file(content: string | Buffer, ext = 'csv'): string {
  const p = join(dir, `f${n++}.${ext}`);
  writeFileSync(p, content);
  return p;
}

/** Infer, then validate the file with the inferred schema and dialect: zero errors expected. */
export async function inferValid(path: string): Promise<Inference> {
  const inference = await inferFile(path);
  if (inference.format === 'csv') {
    const issues: TableIssue[] = [];
    const summary = await validateTable({ path, dialect: inference.dialect, schema: inference.schema, onIssue: (i) => issues.push(i) });
    expect(issues).toEqual([]);
    expect(summary.valid).toBe(true);
  }
  return inference;
}

export const fieldOf = (inf: Inference, name: string) => inf.schema.fields.find((f) => f.name === name)!;

export const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;
