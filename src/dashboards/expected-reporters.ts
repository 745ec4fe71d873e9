// Who must report every day to a live dataset (its `live.reporters` file): a dashboard's daily
// figure of that dataset counts them all, so that a hospital that has not sent a single row yet
// is missing from "N of M have reported", not left out of M (which would let a partial sum pass
// for a complete one).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { LoadedDataset } from '../content/load.ts';
import { reportingKind } from '../live/completeness.ts';

/** Ids of the reporters expected daily, or undefined when the dataset declares no reporters file. */
export function dailyReporters(ds: Pick<LoadedDataset, 'reporters' | 'config'>): string[] | undefined {
  const file = ds.reporters;
  if (!file) return undefined;
  let entries: { id: unknown; periods?: unknown }[];
  try {
    entries = file.kind === 'yaml' ? file.entries : (parse(readFileSync(file.table.absPath), { columns: true, bom: true, skip_empty_lines: true, trim: true }) as { id: string; periods?: string }[]);
  } catch {
    // A page rendered on demand by a server without the content folder: the reporters seen count.
    return undefined;
  }
  const frequency = ds.config.frequency ?? '';
  return entries.filter((e) => reportingKind({ periods: e.periods ? (String(e.periods) as 'daily' | 'weekly' | 'monthly') : undefined }, frequency) === 'daily').map((e) => String(e.id));
}
