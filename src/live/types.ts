import type { TableSchema } from '../tableschema/index.ts';
import type { LocalizedText } from '../config/localized.ts';
import type { PlausibilitySettings } from './plausibility.ts';

/**
 * What the server knows about one live dataset, written at build time into
 * dist/portal/live.json so the runtime never reads the content folder.
 */
export interface LiveDataset {
  slug: string;
  title: LocalizedText;
  publisher: string;
  frequency: string;
  /** Name of the resource that accepts pushed rows. */
  resource: string;
  /** Path of the published file (download), relative to the dataset folder. */
  path: string;
  /** The resource's Table Schema, normalised by checkTableSchema. */
  tableSchema: TableSchema;
  /** Fields identifying a row (live.key, or the schema's primaryKey). */
  key: string[];
  /** Field naming who reports a row, when configured. */
  reporter?: string;
  /** Who must report (live.reporters), when declared; their contacts stay out of the runtime file. */
  reporters?: Reporter[];
  /** The date field used by ?from=&to= filters (the first date field of the key, else of the schema). */
  dateField?: string;
  /** Checks beyond the Table Schema on the date field and between fields (src/live/plausibility.ts). */
  plausibility?: PlausibilitySettings;
  /** Jumps to confirm (live.jump): the factor and the number fields checked (src/live/jumps.ts). */
  jump?: { factor: number; fields: string[] };
  /** The published file's rows, cast: the starting content. */
  seed: { digest: string; rows: Record<string, unknown>[] };
}

/** One declared reporter of a live dataset (docs/live-data.md, "Reporters"). */
export interface Reporter {
  /** The value of the reporter field in rows (e.g. a FINESS number). */
  id: string;
  name: string;
  territory?: string;
  /** How often it must report; the dataset's frequency when absent. */
  periods?: 'daily' | 'weekly' | 'monthly';
}

export interface LiveRuntime {
  builtAt: string;
  datasets: LiveDataset[];
}
