import { validateDataset, type TableIssue } from '../tableschema/index.ts';
import { checkDashboardData } from '../dashboards/check-data.ts';
import { planFigures, uncachedDashboards, writeFigures } from '../dashboards/derive.ts';
import { uiLanguages } from '../i18n/index.ts';
import type { ContentIssue } from './issues.ts';
import { sortIssues } from './issues.ts';
import { loadContent, type Catalog } from './load.ts';
import { loadUiStrings } from './ui-strings.ts';

export interface ValidationReport {
  catalog?: Catalog;
  /** Errors, sorted by file and line. Data errors beyond a per-file cap are summarised in one line. */
  issues: ContentIssue[];
  /** Every error counted, including those summarised. */
  totalIssues: number;
  /** Things worth knowing that are not errors (a sniffed encoding, for instance). */
  notices: ContentIssue[];
  datasets: number;
  files: number;
  rows: number;
}

/**
 * Check a whole content folder: metadata, Table Schemas, every data file
 * against its schema, and cross-references. Reads only; never writes.
 */
export async function validateContent(root: string): Promise<ValidationReport> {
  const { catalog, languages, tables, issues, notices } = loadContent(root);
  const ui = loadUiStrings(root, issues);
  let rows = 0;
  let files = 0;
  let summarised = 0;
  {
    const withStrings = uiLanguages(ui);
    for (const lang of languages ?? []) {
      if (!withStrings.includes(lang) && !withStrings.some((l) => lang.startsWith(`${l}-`)))
        issues.push({ file: 'portal.yaml', field: 'languages', message: `no UI translation for "${lang}": add i18n/${lang}.json to the content folder (start from a copy of src/i18n/ui/en.json)` });
    }
  }
  // Dashboards' figures ride on this read of the rows (parsing a big file twice costs as much as
  // all the dashboard pages): kept only if every table turns out valid.
  const figuresTodo = catalog ? uncachedDashboards(catalog.dashboards, catalog.datasets) : [];
  const figures = catalog && figuresTodo.length > 0 ? planFigures(figuresTodo, catalog.datasets) : undefined;
  const fed = new Set<string>();
  const onRowOf = (absPath: string) => {
    const sink = figures?.sinkFor(absPath);
    if (sink) fed.add(absPath);
    return sink;
  };
  {
    for (const table of tables) {
      const tabular = table.resources.filter((r) => r.tableSchema && r.bytes > 0 && r.tabular);
      if (tabular.length === 0) continue;
      const byName = new Map(tabular.map((r) => [r.name, r]));
      let reported = 0;
      const results = await validateDataset(
        tabular.map((r) => ({ name: r.name, path: r.absPath, dialect: r.dialect, schema: r.tableSchema!, onRow: onRowOf(r.absPath) })),
        (name: string, issue: TableIssue) => {
          reported++;
          // The table module words its messages to stand alone; the column is already named by the prefix.
          const prefix = issue.column !== undefined ? `column "${issue.column}": ` : '';
          const message = prefix && issue.message.startsWith(prefix) ? issue.message.slice(prefix.length) : issue.message;
          const column = prefix && message === issue.message ? undefined : issue.column;
          issues.push({ file: byName.get(name)!.file, line: issue.line ?? undefined, column, message, code: issue.code });
        },
      );
      let found = 0;
      for (const [name, result] of Object.entries(results)) {
        files++;
        rows += result.rows;
        found += result.errors;
        for (const notice of result.notices) notices.push({ file: byName.get(name)!.file, message: notice });
      }
      // Past a cap per error code, the table module prints one "… and N more" line instead of N lines.
      summarised += Math.max(0, found - reported);
    }
  }
  // Dashboards are read from valid data only: their figures would be wrong otherwise.
  if (catalog && issues.length === 0) {
    if (figures) {
      await figures.readRest(fed);
      writeFigures(figuresTodo, catalog.datasets, figures.finish());
    }
    const found = await checkDashboardData(catalog);
    issues.push(...found.issues);
    notices.push(...found.notices);
  }
  return { catalog, issues: sortIssues(issues), totalIssues: issues.length + summarised, notices, datasets: catalog?.datasets.length ?? 0, files, rows };
}
