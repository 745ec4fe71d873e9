// Cells that mean "no value" in published files. They are set aside while types are inferred,
// and those found in a typed (non-text) column become the schema's missingValues, so that
// validation reads them as empty instead of refusing them.

/** In the order they are written into missingValues. "" is always there (the spec's default). */
export const MISSING_TOKENS = ['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', '-', 'null', 'NULL', 'None', '#N/A'] as const;

const SET = new Set<string>(MISSING_TOKENS);

export function isMissingToken(s: string): boolean {
  return SET.has(s);
}
