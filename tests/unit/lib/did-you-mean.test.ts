import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../../../src/lib/did-you-mean.ts';
import { didYouMean as schemaDidYouMean } from '../../../src/tableschema/text.ts';

describe('the one "did you mean"', () => {
  it('counts an adjacent swap as one edit, and stops early past the bound', () => {
    expect(editDistance('heatlh', 'health')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abcdefgh', 'zzzzzzzz', 2)).toBe(3);
  });
  it.each([
    ['heath', ['health', 'transport', 'food'], 'health'],
    ['lits_totl', ['lits_occupes', 'lits_total'], 'lits_total'],
    ['etalab2', ['etalab-2.0', 'ODbL-1.0'], 'etalab-2.0'],
    ['Jour', ['jour', 'lieu'], 'jour'],
    ['dayly', ['daily', 'weekly'], 'daily'],
    ['fe', ['fr', 'en'], 'fr'],
  ])('suggests %j among %j', (word, candidates, expected) => {
    expect(closest(word, candidates)).toBe(expected);
  });
  it.each([
    ['z', ['b', 'health']],
    ['fe', ['xyz']],
    ['transport', ['education', 'health']],
    ['health', ['health']],
  ])('stays silent for %j among %j', (word, candidates) => {
    expect(closest(word, candidates)).toBeUndefined();
  });
  it('gives the same answer to content files and Table Schemas', () => {
    for (const [word, cands] of [
      ['lits_totl', ['lits_total']],
      ['sexe', ['sex', 'jour']],
      ['a', ['b']],
    ] as const) {
      expect(schemaDidYouMean(word, cands)).toBe(closest(word, cands));
    }
    expect(didYouMean('heath', ['health'], (c) => `\`sector: ${c}\``)).toBe('did you mean `sector: health`?');
  });
});
