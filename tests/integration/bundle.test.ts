// The README's deployment recipe, as written, in a fresh folder outside the repository:
//   npm run bundle -- <dir>;  cd <dir>;  npm ci --omit=dev;  npm start
// Only two things differ from a real deployment, both about this machine, not the recipe:
// npm ci adds --prefer-offline (the packages come from the npm cache of the project's own
// install when they are there), and the server's port is a free one.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort, ROOT } from '../helpers/portal.ts';

const dir = mkdtempSync(join(tmpdir(), 'portal-bundle-'));
const state = mkdtempSync(join(tmpdir(), 'portal-bundle-state-'));
let stop: (() => void) | undefined;

afterAll(() => {
  stop?.();
  rmSync(dir, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
});

describe('the deployable bundle', () => {
  it('npm run bundle, npm ci --omit=dev, npm start: the portal is served from a folder with no source', { timeout: 600_000 }, async () => {
    const npm = (args: string[], cwd: string, env: Record<string, string> = {}) => {
      const r = spawnSync('npm', args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      expect(r.status, `npm ${args.join(' ')}:\n${r.stdout}${r.stderr}`).toBe(0);
      return r.stdout;
    };
    npm(['run', 'bundle', '--', dir], ROOT, { PORTAL_DIST: inject('fixtureDist') });
    expect(existsSync(join(dir, 'src'))).toBe(false);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg.scripts.start).toBe('node server.mjs');
    // Build and test tools stay out: the server is compiled, the site already built. (The content
    // parser, yaml, is in: the static pages' code is part of the server bundle, which renders them
    // at build time, src/build/freeze.ts, so the bundle's imports name it.)
    for (const tool of ['tsx', 'esbuild', 'vitest', 'playwright-core', 'typescript']) expect(pkg.dependencies[tool], tool).toBeUndefined();

    npm(['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], dir);

    const port = await freePort();
    // npm start, with nothing of the repository's environment that could help it.
    const child = spawn('npm', ['start'], {
      cwd: dir,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? dir, HOST: '127.0.0.1', PORT: String(port), PORTAL_STATE_DIR: state },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    // npm runs node as its child: end the whole process group.
    stop = () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited:\n${log}`);
      try {
        if ((await fetch(`${url}/healthz`)).ok) break;
      } catch {
        if (Date.now() > deadline) throw new Error(`the bundle did not start:\n${log}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const page = await fetch(`${url}/datasets/cantines/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('</html>');
    expect((await fetch(`${url}/datasets/?q=cantine`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/datasets/lits-reanimation/files/lits.csv`)).status).toBe(200);
  });
});
