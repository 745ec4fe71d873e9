// Reporting-form sessions against a real SQLite store: sign-in checks the token first,
// sessions end when idle, at their absolute end, on sign-out and when the token is revoked.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedOrigins, cookie, csrfOk, resume, signIn, signOut } from '../../../src/live/session.ts';
import type { LiveStore } from '../../../src/live/store.ts';
import { createToken } from '../../../src/live/tokens.ts';
import { openStore } from '../../../src/server/live.ts';

const ds = { slug: 'lits', publisher: 'hopital' };
const times = { idleMs: 30 * 60_000, maxMs: 8 * 3_600_000 };
let dir = '';
let store: LiveStore;

beforeAll(async () => {
  dir = join(mkdtempSync(join(tmpdir(), 'portal-session-')), 'state');
  store = await openStore({ PORTAL_STATE_DIR: dir });
});
afterAll(async () => {
  await store?.close();
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

describe('sessions', () => {
  it('the state folder and database are private to the portal’s user', () => {
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'live.sqlite')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'live.sqlite-wal')).mode & 0o777).toBe(0o600);
  });

  it('no session without a valid token for the dataset', async () => {
    expect((await signIn(store, 'cdp_not-a-token', ds, times)).ok).toBe(false);
    const other = await createToken(store, { publisher: 'someone-else' });
    expect((await signIn(store, other.token, ds, times)).ok).toBe(false);
  });

  it('an opaque id, never the token; stored by hash', async () => {
    const { token } = await createToken(store, { publisher: 'hopital' });
    const opened = await signIn(store, token, ds, times);
    if (!opened.ok) throw new Error('sign-in failed');
    expect(opened.id).not.toContain(token);
    expect(opened.session.hash).not.toBe(opened.id);
    expect((await resume(store, opened.id, ds, times))?.token.publisher).toBe('hopital');
    // Not for another dataset, and not a forged id.
    expect(await resume(store, opened.id, { slug: 'other', publisher: 'hopital' }, times)).toBeUndefined();
    expect(await resume(store, opened.session.hash, ds, times)).toBeUndefined();
    await signOut(store, opened.id);
    expect(await resume(store, opened.id, ds, times)).toBeUndefined();
  });

  it('ends after the idle time, after the absolute time, and when the token is revoked', async () => {
    const { token, record } = await createToken(store, { publisher: 'hopital' });
    const t0 = new Date('2030-01-01T08:00:00Z');
    const a = await signIn(store, token, ds, times, t0);
    if (!a.ok) throw new Error('sign-in failed');
    expect(await resume(store, a.id, ds, times, new Date(t0.getTime() + 29 * 60_000))).toBeDefined();
    expect(await resume(store, a.id, ds, times, new Date(t0.getTime() + 31 * 60_000 + 29 * 60_000 + 2 * 60_000))).toBeUndefined();
    const b = await signIn(store, token, ds, times, t0);
    if (!b.ok) throw new Error('sign-in failed');
    // Active every 20 minutes: still ended at 8 hours.
    let now = t0.getTime();
    for (; now < t0.getTime() + times.maxMs - 60_000; now += 20 * 60_000) expect(await resume(store, b.id, ds, times, new Date(now))).toBeDefined();
    expect(await resume(store, b.id, ds, times, new Date(t0.getTime() + times.maxMs))).toBeUndefined();
    const c = await signIn(store, token, ds, times);
    if (!c.ok) throw new Error('sign-in failed');
    await store.revokeToken(record.id, new Date().toISOString());
    expect(await resume(store, c.id, ds, times)).toBeUndefined();
  });
});

describe('cookies and origins', () => {
  it('cookies are HttpOnly, SameSite=Strict, for one path, Secure over HTTPS', () => {
    expect(cookie('s', 'v', { path: '/report/', secure: false, maxAgeSeconds: 60 })).toBe('s=v; Path=/report/; Max-Age=60; HttpOnly; SameSite=Strict');
    expect(cookie('s', '', { path: '/en/report/', secure: true, maxAgeSeconds: 0 })).toBe('s=; Path=/en/report/; Max-Age=0; HttpOnly; SameSite=Strict; Secure');
  });

  it('a post from another origin is refused, whatever X-Forwarded-Host says', () => {
    const req = (origin: string | null, extra: Record<string, string> = {}) =>
      new Request('http://127.0.0.1:4321/report/x/', { method: 'POST', headers: { host: '127.0.0.1:4321', ...(origin ? { origin } : {}), ...extra } });
    const url = new URL('http://127.0.0.1:4321/report/x/');
    const origins = (r: Request) => allowedOrigins(r, url, 'https://data.example.org', false);
    const ok = (r: Request) => csrfOk(r, origins(r), 'c'.repeat(32), 'c'.repeat(32));
    expect(ok(req('http://127.0.0.1:4321'))).toBe(true);
    expect(ok(req('https://data.example.org'))).toBe(true);
    expect(ok(req(null))).toBe(true);
    expect(ok(req('https://evil.example'))).toBe(false);
    expect(ok(req('https://evil.example', { 'x-forwarded-host': 'evil.example' }))).toBe(false);
    expect(csrfOk(req('http://127.0.0.1:4321'), origins(req(null)), 'a'.repeat(32), 'b'.repeat(32))).toBe(false);
  });
});
