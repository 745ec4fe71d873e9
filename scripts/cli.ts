// Shared plumbing of the command-line scripts: run validation and print its report.
import { relative } from 'node:path';
import { formatIssue } from '../src/content/issues.ts';
import { validateContent, type ValidationReport } from '../src/content/validate.ts';
import { contentRoot } from '../src/site/catalog.ts';

/** Validate the content folder, print every error (one a line) and a summary; true when valid. */
export async function runValidation(stream: NodeJS.WritableStream = process.stdout): Promise<{ ok: boolean; report: ValidationReport }> {
  const root = contentRoot();
  const shown = relative(process.cwd(), root) || '.';
  const report = await validateContent(root);
  for (const issue of report.issues) stream.write(`${formatIssue(issue)}\n`);
  for (const notice of report.notices) stream.write(`note: ${formatIssue(notice)}\n`);
  const n = report.issues.length;
  const files = new Set(report.issues.map((i) => i.file)).size;
  const rows = report.rows.toLocaleString('en');
  if (n === 0) {
    stream.write(`✓ ${shown}: valid — ${report.datasets} datasets, ${report.files} data files, ${rows} rows checked\n`);
  } else {
    const more = report.totalIssues > n ? ` (${report.totalIssues.toLocaleString('en')} in all; the rest are summarised above)` : '';
    stream.write(`✗ ${shown}: ${n} error${n === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}${more}\n`);
  }
  return { ok: n === 0, report };
}
