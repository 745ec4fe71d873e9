// Problems found in one push, kept small whatever the body: at most `perRow` problems per row
// and `total` in all are listed, the rest only counted ("… and N more"), and every message and
// field name is cut to `messageLength` characters. A hostile push (a million header cells, a
// row of 90,000 unknown keys) thus gets an answer of a few kilobytes, built in bounded time.

/** One problem with a pushed row: row is the 1-based position in "rows" (JSON) or the CSV line; null for a summary. */
export interface RowProblem {
  row: number | null;
  field: string | null;
  message: string;
}

export interface ProblemLimits {
  perRow: number;
  total: number;
  messageLength: number;
}

const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, Math.max(0, max - 1))}…` : s);

export class ProblemList {
  /** Every problem found, listed or not. */
  count = 0;
  private readonly listed: RowProblem[] = [];
  private row: number | null = null;
  private inRow = 0;
  private hiddenInRow = 0;

  constructor(private readonly limits: ProblemLimits) {}

  add(problem: RowProblem): void {
    this.count++;
    if (problem.row !== this.row) this.closeRow(problem.row);
    this.inRow++;
    if (this.inRow > this.limits.perRow || this.listedProblems() >= this.limits.total) {
      this.hiddenInRow++;
      return;
    }
    const max = this.limits.messageLength;
    this.listed.push({ row: problem.row, field: problem.field === null ? null : cut(problem.field, max), message: cut(problem.message, max) });
  }

  /** The listed problems, a count of the rest, and "… and N more" lines where some were left out. */
  details(): RowProblem[] {
    this.closeRow(null);
    const out = [...this.listed];
    const more = this.count - this.listedProblems() - this.covered;
    if (more > 0) out.push({ row: null, field: null, message: `… and ${plural(more, 'more problem')} (the first ${this.limits.total} are listed, at most ${this.limits.perRow} per row)` });
    return out;
  }

  private summaries = 0;
  /** Problems not listed but counted in a per-row summary line. */
  private covered = 0;

  /** Problems listed, not counting the per-row "… more in this row" lines. */
  private listedProblems(): number {
    return this.listed.length - this.summaries;
  }

  private closeRow(next: number | null): void {
    // The per-row summary is listed only while the total still has room, so it cannot grow the answer.
    if (this.hiddenInRow > 0 && this.inRow > this.limits.perRow && this.listedProblems() < this.limits.total) {
      this.listed.push({ row: this.row, field: null, message: `… and ${plural(this.inRow - this.limits.perRow, 'more problem')} in this row` });
      this.summaries++;
      this.covered += this.inRow - this.limits.perRow;
    }
    this.row = next;
    this.inRow = 0;
    this.hiddenInRow = 0;
  }
}

function plural(n: number, words: string): string {
  return `${n.toLocaleString('en-US')} ${words}${n === 1 ? '' : 's'}`;
}
