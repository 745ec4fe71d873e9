/** Edit distance (Damerau–Levenshtein, optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 0; j <= t.length; j++) d[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[s.length]![t.length]!;
}

/**
 * The candidate a typo most likely meant, or undefined when none is close.
 * "Close" grows with the word: one edit for short words, a third of the length for long ones.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  // "etalab2" should find "etalab-2.0": compare with punctuation dropped too.
  const bare = (x: string) => x.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  for (const c of candidates) {
    const dist = Math.min(editDistance(word, c), editDistance(bare(word), bare(c)) + (bare(word) === bare(c) ? 1 : 0));
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  const allowed = Math.max(1, Math.floor(Math.max(word.length, 3) / 3));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

/** `did you mean "health"?`, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>, render: (c: string) => string = (c) => `"${c}"`): string | undefined {
  const c = closest(word, candidates);
  return c === undefined || c === word ? undefined : `did you mean ${render(c)}?`;
}
