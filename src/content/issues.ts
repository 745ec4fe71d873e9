/**
 * A problem found in the content folder, precise enough for a publisher to fix
 * without reading code: which file, which line, which field, what is wrong, and
 * a guess at the fix when one is likely.
 */
export interface ContentIssue {
  /** Path relative to the content folder, with forward slashes. */
  file: string;
  /** 1-based line in that file, when known. */
  line?: number;
  /** Dotted path of a metadata field (`resources[0].path`), for YAML/JSON files. */
  field?: string;
  /** Column name, for data files. */
  column?: string;
  message: string;
  /** A likely fix, e.g. `did you mean "health"?` */
  hint?: string;
  /** Machine-readable code (Frictionless data-quality names for data errors). */
  code?: string;
  /** The cell as written, for a data error of one value (to word the error for a person: src/publish/form-messages.ts). */
  value?: string;
}

/**
 * One line per issue, as documented in the README (Validation):
 *   datasets/lits/lits.csv:14: column "lits_occupes": "douze" is not an integer
 *   datasets/lits/dataset.yaml: sector: "heath" is not one of health, … (did you mean "health"?) at line 5
 * Data files keep the `file:line:` prefix (line numbers are the file's own);
 * metadata files name the field first and the line last.
 */
export function formatIssue(issue: ContentIssue): string {
  const hint = issue.hint ? ` (${issue.hint})` : '';
  if (issue.column !== undefined || (issue.field === undefined && issue.line !== undefined)) {
    const where = issue.line !== undefined ? `${issue.file}:${issue.line}` : issue.file;
    const column = issue.column !== undefined ? `column "${issue.column}": ` : '';
    return `${where}: ${column}${issue.message}${hint}`;
  }
  const field = issue.field ? `${issue.field}: ` : '';
  const line = issue.line !== undefined ? ` at line ${issue.line}` : '';
  return `${issue.file}: ${field}${issue.message}${hint}${line}`;
}

/**
 * Sort issues by file, then line, so output reads top to bottom like the files.
 * File-level issues come first in their file; "… and N more" summaries last.
 */
export function sortIssues(issues: ContentIssue[]): ContentIssue[] {
  const rank = (i: ContentIssue) => (i.line !== undefined ? i.line : i.message.startsWith('…') ? Number.MAX_SAFE_INTEGER : 0);
  return [...issues].sort((a, b) => (a.file === b.file ? rank(a) - rank(b) : a.file < b.file ? -1 : 1));
}

/** Raised for content that cannot be built; carries every issue found, never only the first. */
export class ContentError extends Error {
  constructor(readonly issues: ContentIssue[]) {
    super(`${issues.length} content error${issues.length === 1 ? '' : 's'}:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'ContentError';
  }
}
