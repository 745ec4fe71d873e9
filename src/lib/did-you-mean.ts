// The one "did you mean" of the portal: content files, Table Schemas, CSV headers and the CLI all
// suggest names with the same rule, so a typo gets the same help wherever it is made.

/**
 * Edit distance with adjacent swaps counted as one edit (Damerau–Levenshtein, optimal string
 * alignment), bounded: returns `max + 1` as soon as the distance must exceed `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    before = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * How many edits still make a plausible typo of `word`: none for a single character ("z" → "b"
 * would be noise), one for short words (a language tag "fe" → "fr"), a third of the length for
 * long ones, at most 3.
 */
export function allowedEdits(word: string): number {
  return word.length < 2 ? 0 : Math.min(3, Math.max(1, Math.floor(word.length / 3)));
}

// "etalab2" should find "etalab-2.0", "Lits_Total" "lits-total": compare without case and punctuation too.
const bare = (x: string) => x.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** The candidate a typo most likely meant, or undefined when none is close (never `word` itself). */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = allowedEdits(word);
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (c === word) continue;
    // A difference of case or punctuation only is the closest a different name can be.
    const d = c.toLowerCase() === lower || bare(c) === bare(word) ? 0.5 : Math.min(editDistance(lower, c.toLowerCase(), limit), editDistance(bare(word), bare(c), limit) + 1);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** `did you mean "health"?`, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>, render: (c: string) => string = (c) => `"${c}"`): string | undefined {
  const c = closest(word, candidates);
  return c === undefined ? undefined : `did you mean ${render(c)}?`;
}
