import { describe, expect, it } from 'vitest';
import { checkTokenScope, parseExpiry, TokenUsageError } from '../../../src/live/tokens.ts';

const now = new Date('2026-01-01T00:00:00Z');

describe('parseExpiry', () => {
  it('durations and future dates', () => {
    expect(parseExpiry(undefined, now)).toBeNull();
    expect(parseExpiry('30d', now)).toBe('2026-01-31T00:00:00.000Z');
    expect(parseExpiry('90m', now)).toBe('2026-01-01T01:30:00.000Z');
    expect(parseExpiry('2026-12-31', now)).toBe('2026-12-31T00:00:00.000Z');
  });
  it('refuses tokens expired at once, beyond ten years, and what is not a date', () => {
    for (const v of ['0d', '-1d', '0m', '2025-12-31', '2026-01-01', '99999999999d', '3651d', '9999-01-01', 'tomorrow', '']) {
      expect(() => parseExpiry(v, now), v).toThrow(TokenUsageError);
    }
  });
});

describe('checkTokenScope', () => {
  const catalog = {
    publishers: ['hopital-test', 'mairie-test'],
    live: [
      {
        slug: 'lits-reanimation',
        publisher: 'hopital-test',
        reporters: [
          { id: 'H01', name: 'Nord' },
          { id: 'H02', name: 'Sud' },
        ],
      },
      { slug: 'sans-liste', publisher: 'hopital-test' },
    ],
    catalogFile: 'dist/portal/catalog.json',
    liveFile: 'dist/portal/live.json',
  };
  it('accepts known publishers and their live datasets', () => {
    expect(checkTokenScope('hopital-test', ['lits-reanimation'], catalog)).toEqual([]);
    expect(checkTokenScope('mairie-test', [], catalog)).toEqual([expect.stringContaining('no live dataset yet')]);
  });
  it('names the file to look at and the closest id', () => {
    expect(() => checkTokenScope('hopital-tes', [], catalog)).toThrow(/no publisher "hopital-tes" in dist\/portal\/catalog\.json \(did you mean "hopital-test"\?\)/);
    expect(() => checkTokenScope('hopital-test', ['lits-reanimatio'], catalog)).toThrow(/dist\/portal\/live\.json \(did you mean "lits-reanimation"\?\)/);
    expect(() => checkTokenScope('mairie-test', ['lits-reanimation'], catalog)).toThrow(/belongs to publisher "hopital-test"/);
  });
  it('--reporter: ids of the one dataset given, a typo refused with the closest id', () => {
    expect(checkTokenScope('hopital-test', ['lits-reanimation'], catalog, ['H01', 'H02'])).toEqual([]);
    expect(() => checkTokenScope('hopital-test', ['lits-reanimation'], catalog, ['H1'])).toThrow(
      '--reporter: no reporter "H1" in dataset "lits-reanimation" (did you mean "H01"?). Its reporters: H01, H02.',
    );
    expect(() => checkTokenScope('hopital-test', [], catalog, ['H01'])).toThrow('--reporter needs exactly one --dataset');
    expect(() => checkTokenScope('hopital-test', ['lits-reanimation', 'sans-liste'], catalog, ['H01'])).toThrow('(2 given)');
    expect(() => checkTokenScope('hopital-test', ['sans-liste'], catalog, ['H01'])).toThrow('declares no reporters');
  });
});
