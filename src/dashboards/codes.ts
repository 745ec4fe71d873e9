// How a code written in a data file becomes the code of a map layer's feature. Codes stay text
// from start to end: "01" must never become 1, and "2A" is no number.
import type { TerritoryCodes } from '../config/dashboard.ts';

export type CodeMapper = (raw: unknown) => string | null;

/** A function from a cell of the territory column to a layer code (null: no code). */
export function codeMapper(codes: TerritoryCodes | undefined): CodeMapper {
  const pattern = codes?.pattern ? new RegExp(codes.pattern, 'u') : undefined;
  const pad = codes?.pad;
  return (raw) => {
    if (raw === null || raw === undefined) return null;
    let code = String(raw).trim();
    if (code === '') return null;
    if (pattern) {
      const m = pattern.exec(code);
      if (!m) return null;
      code = m[1] ?? m[0];
    }
    if (pad && /^\d+$/.test(code)) code = code.padStart(pad, '0');
    return code;
  };
}

/** The reason a `codes.pattern` cannot be used, or undefined when it compiles. */
export function patternProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (e) {
    return `is not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')})`;
  }
}

/** How many distinct codes of the data are features of the layer, and a few that are not. */
export function matchCodes(codes: Iterable<string>, layerKeys: ReadonlySet<string>, show = 5): { total: number; matched: number; unmatched: string[] } {
  let total = 0;
  let matched = 0;
  const unmatched: string[] = [];
  for (const c of codes) {
    total++;
    if (layerKeys.has(c)) matched++;
    else if (unmatched.length < show) unmatched.push(c);
  }
  return { total, matched, unmatched };
}
