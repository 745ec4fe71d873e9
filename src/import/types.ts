// What every reader (CKAN, DCAT, JKAN) turns a source record into, before mapping to content.
// Values stay as the source wrote them (a licence URL, a frequency IRI, a theme label): mapping
// them to the portal's ids is mapping.ts's job, so each reader only parses.

export interface SourceDistribution {
  title?: string;
  url?: string;
  format?: string;
  description?: string;
}

export interface SourceDataset {
  /** Stable id in the source (CKAN id or name, DCAT IRI, JKAN file name): re-imports update it. */
  sourceId: string;
  /** Where it was read: file and, when known, line. */
  origin: { file: string; line?: number };
  /** Suggested address (CKAN name, JKAN file name); derived from the title when absent. */
  name?: string;
  title: Record<string, string>;
  description: Record<string, string>;
  tags: string[];
  license?: string;
  publisher?: { id?: string; name: Record<string, string>; url?: string; email?: string };
  themes: string[];
  frequency?: string;
  issued?: string;
  modified?: string;
  temporal?: { start?: string; end?: string };
  spatial?: Record<string, string>;
  landingPage?: string;
  contact?: string;
  distributions: SourceDistribution[];
}

/** A source that cannot be read at all (not what it claims, malformed): file and line. */
export class ImportSourceError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${message}`);
  }
}

/** Text in the source's untagged language goes under this key until the portal's default replaces it. */
export const UNTAGGED = '';
