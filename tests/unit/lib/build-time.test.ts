import { describe, expect, it } from 'vitest';
import { buildTime } from '../../../src/lib/build-time.ts';

describe('build time', () => {
  it('follows SOURCE_DATE_EPOCH when set, and says what is wrong with a bad value', () => {
    expect(buildTime({ SOURCE_DATE_EPOCH: '1605484800' })).toBe('2020-11-16T00:00:00.000Z');
    expect(() => buildTime({ SOURCE_DATE_EPOCH: 'yesterday' })).toThrow('SOURCE_DATE_EPOCH: "yesterday" is not a number of seconds since 1970');
    expect(Date.parse(buildTime({}))).toBeGreaterThan(Date.parse('2026-01-01'));
  });
});
