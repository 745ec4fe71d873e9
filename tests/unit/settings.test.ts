import { describe, expect, it } from 'vitest';
import { liveSettings } from '../../src/server/live.ts';
import { httpSettings } from '../../src/server/http/settings.ts';
import { flagSetting, numberSetting, settingsProblems, textSetting } from '../../src/settings.ts';

describe('settings (src/settings.ts)', () => {
  it('gives each number its default, and refuses a bad value naming the variable', () => {
    expect(numberSetting('PORTAL_SSE_MAX', {})).toBe(1000);
    expect(numberSetting('PORTAL_SSE_MAX', { PORTAL_SSE_MAX: ' 5 ' })).toBe(5);
    expect(() => numberSetting('PORTAL_SSE_MAX', { PORTAL_SSE_MAX: '0' })).toThrow('PORTAL_SSE_MAX: "0" is not a number of at least 1');
    expect(() => numberSetting('PORTAL_RATE_LIMIT', { PORTAL_RATE_LIMIT: 'many' })).toThrow('PORTAL_RATE_LIMIT: "many"');
    expect(() => numberSetting('PORTAL_NOPE', {})).toThrow('PORTAL_NOPE is not a setting of the portal');
  });

  it('reads flags strictly and texts as given', () => {
    expect(flagSetting('PORTAL_TRUST_PROXY', {})).toBe(false);
    expect(flagSetting('PORTAL_TRUST_PROXY', { PORTAL_TRUST_PROXY: '1' })).toBe(true);
    expect(() => flagSetting('PORTAL_TRUST_PROXY', { PORTAL_TRUST_PROXY: 'maybe' })).toThrow('PORTAL_TRUST_PROXY: "maybe" is neither 1 nor 0');
    expect(textSetting('MEILI_INDEX', { MEILI_INDEX: '' })).toBeUndefined();
  });

  it('lists every problem of an environment at once', () => {
    expect(settingsProblems({ PORTAL_SSE_MAX: 'x', PORTAL_TRUST_PROXY: 'y', MEILI_URL: 'ftp://m' })).toHaveLength(3);
    expect(settingsProblems({})).toEqual([]);
  });

  it('PORTAL_SSE_HEARTBEAT=0 turns the heartbeat off instead of falling back to 15 s', () => {
    expect(liveSettings({ PORTAL_SSE_HEARTBEAT: '0' }).heartbeatMs).toBe(0);
    expect(liveSettings({}).heartbeatMs).toBe(15_000);
  });

  it('feeds the HTTP and live settings from the same list', () => {
    expect(httpSettings({ PORTAL_MAX_BODY: '2048' }).maxBody).toBe(2048);
    expect(liveSettings({ PORTAL_MAX_BODY: '2048' }).maxBody).toBe(2048);
  });
});
