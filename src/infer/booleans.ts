// Booleans as they are written in several languages. A column is boolean when every value
// belongs to one vocabulary; the trueValues/falseValues written into the schema are the case
// variants of that vocabulary, so that "Oui" and "oui" both validate.

import { DEFAULT_FALSE_VALUES, DEFAULT_TRUE_VALUES } from '../tableschema/index.ts';

interface Vocabulary {
  /** Lower-case words. */
  true: string[];
  false: string[];
  /** Single letters and digits are also codes and counts: accept them only with both values present. */
  needsBoth: boolean;
}

const VOCABULARIES: Vocabulary[] = [
  { true: ['true'], false: ['false'], needsBoth: false },
  { true: ['oui'], false: ['non'], needsBoth: false },
  { true: ['vrai'], false: ['faux'], needsBoth: false },
  { true: ['yes'], false: ['no'], needsBoth: false },
  { true: ['ja'], false: ['nein'], needsBoth: false },
  { true: ['jah'], false: ['ei'], needsBoth: false },
  { true: ['t'], false: ['f'], needsBoth: true },
  { true: ['y'], false: ['n'], needsBoth: true },
  { true: ['o'], false: ['n'], needsBoth: true },
  { true: ['1'], false: ['0'], needsBoth: true },
];

/** "1"/"0" columns are counts as often as flags: boolean only with this many values (and both present). */
export const MIN_VALUES_FOR_DIGIT_BOOLEAN = 20;

const variants = (w: string): string[] => [...new Set([w, w[0]!.toUpperCase() + w.slice(1), w.toUpperCase()])];

export interface BooleanGuess {
  trueValues?: string[];
  falseValues?: string[];
}

/**
 * The boolean reading of a column, from its distinct non-missing values (all of them: the caller
 * gives up on booleans once a column has more distinct values than any vocabulary has words).
 * `count` is the number of non-missing values.
 */
export function guessBoolean(distinct: Iterable<string>, count: number): BooleanGuess | undefined {
  const values = [...distinct];
  if (values.length === 0 || values.length > 6) return undefined;
  for (const v of VOCABULARIES) {
    const lower = values.map((x) => x.toLowerCase());
    if (!lower.every((x) => v.true.includes(x) || v.false.includes(x))) continue;
    if (v.needsBoth && !(lower.some((x) => v.true.includes(x)) && lower.some((x) => v.false.includes(x)))) continue;
    if (v.true[0] === '1' && count < MIN_VALUES_FOR_DIGIT_BOOLEAN) continue;
    const trueValues = v.true.flatMap(variants);
    const falseValues = v.false.flatMap(variants);
    // The spec's defaults (true/True/TRUE/1 and false/False/FALSE/0) need not be written.
    if (trueValues.every((t) => DEFAULT_TRUE_VALUES.includes(t)) && falseValues.every((f) => DEFAULT_FALSE_VALUES.includes(f))) return {};
    return { trueValues, falseValues };
  }
  return undefined;
}
