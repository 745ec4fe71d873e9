import { freshness, isLate, type Freshness } from './freshness.ts';
import type { LiveStore } from './store.ts';
import type { LiveDataset } from './types.ts';

export interface DatasetStatus {
  dataset: LiveDataset;
  lastArrival: string | null;
  rows: number;
  state: Freshness;
  reporters: { reporter: string; lastArrival: string | null; rows: number; state: Freshness }[];
  late: number;
}

/** Freshness of every live dataset and of each of its reporters, late ones first. */
export async function reportingStatus(store: LiveStore, datasets: LiveDataset[], now = new Date()): Promise<DatasetStatus[]> {
  return Promise.all(
    datasets.map(async (dataset) => {
      const a = await store.lastArrivals(dataset.slug);
      const reporters = a.reporters
        .map((r) => ({ ...r, state: freshness(r.lastArrival, dataset.frequency, now) }))
        .sort((x, y) => Number(isLate(y.state)) - Number(isLate(x.state)) || (x.lastArrival ?? '').localeCompare(y.lastArrival ?? '') || x.reporter.localeCompare(y.reporter));
      return { dataset, lastArrival: a.lastArrival, rows: a.rows, state: freshness(a.lastArrival, dataset.frequency, now), reporters, late: reporters.filter((r) => isLate(r.state)).length };
    }),
  );
}
