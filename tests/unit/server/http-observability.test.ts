// The pure rules of observability: what an access-log line may show, how routes are grouped
// for metrics, who may read /metrics.
import { describe, expect, it } from 'vitest';
import { accessLogLine, redactTarget } from '../../../src/server/http/access-log.ts';
import { metricsAllowed, routeClass } from '../../../src/server/http/metrics.ts';

describe('redactTarget', () => {
  it('hides the values of secret-looking parameters and keeps the rest', () => {
    expect(redactTarget('/api/search?q=lits&token=abc&page=2')).toBe('/api/search?q=lits&token=…&page=2');
    expect(redactTarget('/x?access_token=1&api_key=2&apiKey=3&password=4&session=5&code=6&sig=7&Authorization=8')).toBe(
      '/x?access_token=…&api_key=…&apiKey=…&password=…&session=…&code=…&sig=…&Authorization=…',
    );
    expect(redactTarget('/x?%74oken=secret')).toBe('/x?%74oken=…');
    expect(redactTarget('/datasets/?q=h%C3%B4pital&sector=health')).toBe('/datasets/?q=h%C3%B4pital&sector=health');
    expect(redactTarget('/plain/')).toBe('/plain/');
  });
  it('writes one JSON line with the token id and never the token', () => {
    const line = accessLogLine({
      time: '2026-01-01T00:00:00.000Z',
      method: 'POST',
      target: '/api/datasets/lits/rows?token=pt_secret',
      status: 201,
      bytes: 16,
      durationMs: 12.345,
      route: 'rows',
      tokenId: 'tok_1',
    });
    expect(line).not.toContain('\n');
    expect(line).not.toContain('pt_secret');
    expect(JSON.parse(line)).toEqual({
      time: '2026-01-01T00:00:00.000Z',
      method: 'POST',
      target: '/api/datasets/lits/rows?token=…',
      status: 201,
      bytes: 16,
      durationMs: 12.3,
      route: 'rows',
      tokenId: 'tok_1',
    });
  });
});

describe('routeClass', () => {
  it('groups addresses into a few classes', () => {
    expect(routeClass('/')).toBe('page');
    expect(routeClass('/datasets/lits/')).toBe('page');
    expect(routeClass('/en/datasets/lits/')).toBe('page');
    expect(routeClass('/datasets/lits/files/lits.csv')).toBe('file');
    expect(routeClass('/datasets/lits/derived/lits.rows.json')).toBe('file');
    expect(routeClass('/catalog.ttl')).toBe('export');
    expect(routeClass('/_astro/a.js')).toBe('asset');
    expect(routeClass('/api/search')).toBe('search');
    expect(routeClass('/api/datasets/lits/rows')).toBe('rows');
    expect(routeClass('/api/datasets/lits/events')).toBe('events');
    expect(routeClass('/api/3/action/package_list')).toBe('api');
    expect(routeClass('/report/lits/')).toBe('report');
    expect(routeClass('/en/reporting/')).toBe('report');
    expect(routeClass('/metrics')).toBe('ops');
  });
});

describe('metricsAllowed', () => {
  it('serves loopback clients without a token, and only the token holder with one', () => {
    expect(metricsAllowed('127.0.0.1', undefined, undefined)).toBe(true);
    expect(metricsAllowed('::1', undefined, undefined)).toBe(true);
    expect(metricsAllowed('10.0.0.5', undefined, undefined)).toBe(false);
    expect(metricsAllowed('10.0.0.5', 'Bearer s3cret', 's3cret')).toBe(true);
    expect(metricsAllowed('127.0.0.1', undefined, 's3cret')).toBe(false);
    expect(metricsAllowed('127.0.0.1', 'Bearer wrong', 's3cret')).toBe(false);
  });
});
