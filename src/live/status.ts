import { completeness, duePeriod, reportingKind, type Completeness, type Period } from './completeness.ts';
import { freshness, isLate, type Freshness } from './freshness.ts';
import type { LiveStore } from './store.ts';
import type { LiveDataset } from './types.ts';

export interface ReporterStatus {
  reporter: string;
  /** Declared name and territory (live.reporters), when the reporter is declared. */
  name?: string;
  territory?: string;
  lastArrival: string | null;
  rows: number;
  state: Freshness;
  /** For a declared reporter: the period it had to report last, and whether it did. */
  due?: string;
}

export interface DatasetStatus {
  dataset: LiveDataset;
  lastArrival: string | null;
  rows: number;
  state: Freshness;
  reporters: ReporterStatus[];
  late: number;
}

/** The reporters that sent at least one row dated in `period` (the dataset's date field). */
export async function reportedIn(store: LiveStore, ds: LiveDataset, period: Period): Promise<Set<string>> {
  if (!ds.dateField || !ds.reporter) return new Set();
  const { rows } = await store.readRows(ds.slug, { range: { field: ds.dateField, from: period.from, to: period.to } });
  return new Set(
    rows
      .map((r) => r.data[ds.reporter!])
      .filter((v) => v !== null && v !== undefined)
      .map(String),
  );
}

/** Who was expected for a period, who reported, who is missing (GET …/completeness). */
export async function datasetCompleteness(store: LiveStore, ds: LiveDataset, period: Period): Promise<Completeness> {
  return completeness(ds.reporters ?? [], ds.frequency, period, await reportedIn(store, ds, period));
}

/**
 * Freshness of every live dataset and of each of its reporters, late ones first. A declared
 * reporter (live.reporters) is late when its last due period (yesterday for a daily one) has no
 * row dated in it, whenever rows arrived; others are judged by their last arrival.
 */
export async function reportingStatus(store: LiveStore, datasets: LiveDataset[], now = new Date()): Promise<DatasetStatus[]> {
  return Promise.all(
    datasets.map(async (dataset) => {
      const a = await store.lastArrivals(dataset.slug);
      const byId = new Map(a.reporters.map((r) => [r.reporter, r]));
      const declared = new Map((dataset.reporters ?? []).map((r) => [r.id, r]));
      const dueSets = new Map<string, { period: Period; reported: Set<string> }>();
      for (const r of dataset.reporters ?? []) {
        const kind = reportingKind(r, dataset.frequency);
        if (!kind || dueSets.has(kind)) continue;
        const period = duePeriod(kind, now);
        dueSets.set(kind, { period, reported: await reportedIn(store, dataset, period) });
      }
      const ids = new Set([...declared.keys(), ...byId.keys()]);
      const reporters: ReporterStatus[] = [...ids].map((id) => {
        const arrival = byId.get(id);
        const decl = declared.get(id);
        const base = { reporter: id, lastArrival: arrival?.lastArrival ?? null, rows: arrival?.rows ?? 0 };
        const kind = decl && reportingKind(decl, dataset.frequency);
        const due = kind ? dueSets.get(kind) : undefined;
        if (decl && due) {
          const state: Freshness = due.reported.has(id) ? 'on-time' : base.lastArrival === null ? 'never' : 'late';
          return { ...base, name: decl.name, territory: decl.territory, state, due: due.period.id };
        }
        return { ...base, name: decl?.name, territory: decl?.territory, state: freshness(base.lastArrival, dataset.frequency, now) };
      });
      reporters.sort((x, y) => Number(isLate(y.state)) - Number(isLate(x.state)) || (x.lastArrival ?? '').localeCompare(y.lastArrival ?? '') || x.reporter.localeCompare(y.reporter));
      return { dataset, lastArrival: a.lastArrival, rows: a.rows, state: freshness(a.lastArrival, dataset.frequency, now), reporters, late: reporters.filter((r) => isLate(r.state)).length };
    }),
  );
}
