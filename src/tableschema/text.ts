// Small text helpers shared by the descriptor check, the caster and the validator,
// so every message quotes values and suggests names the same way.

import { closest } from '../lib/did-you-mean.ts';

export { editDistance } from '../lib/did-you-mean.ts';

/** The closest candidate when it is close enough to be a plausible typo (the portal's one rule). */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  return closest(word, candidates);
}

export function hint(word: string, candidates: Iterable<string>): string {
  const m = didYouMean(word, candidates);
  return m === undefined ? '' : ` (did you mean "${m}"?)`;
}

/** Quote a value for a message; long values are cut so one bad cell cannot flood a report. */
export function q(value: unknown, maxLen = 80): string {
  let s: string;
  if (typeof value === 'string') s = value;
  else if (value === undefined) s = 'undefined';
  else {
    try {
      s = JSON.stringify(value) ?? String(value);
    } catch {
      s = String(value);
    }
  }
  if (s.length > maxLen) s = s.slice(0, maxLen - 1) + '…';
  return JSON.stringify(s);
}

/** Human list for messages: "a, b, c". */
export function list(values: readonly unknown[], max = 12): string {
  const shown = values.slice(0, max).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return shown.join(', ') + (values.length > max ? `, … (${values.length - max} more)` : '');
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
