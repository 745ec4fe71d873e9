// Builds a content folder with the real build script and serves it with the real
// Node server on a free loopback port. No mocks: what users run is what tests run.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { removeBuilds } from '../../src/server/builds.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** The build time of every test build: 2020-11-16T00:00:00Z. */
export const TEST_BUILD_EPOCH = '1605484800';

export interface BuildResult {
  status: number;
  output: string;
  dist: string;
}

/** Run `npm run build` (validation + astro build) for `content` into a fresh temporary dist. */
/**
 * A scratch folder for a built site, inside the repository (tests/.tmp/, ignored by git): the
 * built server imports its dependencies from node_modules, which Node finds only from inside the project.
 */
export function distDir(): string {
  const base = join(ROOT, 'tests', '.tmp');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, 'portal-dist-'));
}

export function buildPortal(content: string, dist = distDir(), env: Record<string, string> = {}): BuildResult {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'build.ts')], {
    cwd: ROOT,
    // A fixed build time (SOURCE_DATE_EPOCH): built files do not depend on the wall clock.
    env: { ...process.env, PORTAL_CONTENT: resolve(content), PORTAL_DIST: dist, ASTRO_TELEMETRY_DISABLED: '1', SOURCE_DATE_EPOCH: TEST_BUILD_EPOCH, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status ?? 1, output: `${result.stdout}${result.stderr}`, dist };
}

/** buildPortal without blocking the test's event loop (a server under test keeps being queried meanwhile). */
export function buildPortalAsync(content: string, dist: string): Promise<BuildResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'build.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORTAL_CONTENT: resolve(content), PORTAL_DIST: dist, ASTRO_TELEMETRY_DISABLED: '1', SOURCE_DATE_EPOCH: TEST_BUILD_EPOCH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => done({ status: code ?? 1, output, dist }));
  });
}

/** Run a package script's file (validate, …) and capture its output and exit code. */
export function runScript(script: string, env: Record<string, string>): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', script)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  url: string;
  /** The server process itself (for its memory, or a signal). */
  pid: number;
  stop: () => Promise<void>;
  /** Send a signal (SIGKILL for a crash) and wait for the process to exit. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
  /** What the server printed so far. */
  log: () => string;
}

/**
 * Start the server users run (`npm run serve`: scripts/serve.ts) for `dist` on a free loopback
 * port and wait until it answers. `node --import tsx`, not the tsx CLI, which would run the
 * server in a child process: a SIGKILL must hit the server itself.
 */
export async function startServer(dist: string, env: Record<string, string> = {}, port?: number): Promise<RunningServer> {
  port ??= await freePort();
  const child = spawn(process.execPath, ['--import', pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, join(ROOT, 'scripts', 'serve.ts')], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env, PORTAL_DIST: dist },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log}`);
    try {
      await fetch(`${url}/`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const kill = (signal: NodeJS.Signals) =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill(signal);
    });
  return { url, pid: child.pid!, stop: () => kill('SIGTERM'), kill, log: () => log };
}

/** Remove a folder; for a built site (a link to its build, src/server/builds.ts), its builds too. */
export function removeDir(dir: string) {
  removeBuilds(dir);
}

/** A copy of the fixture content folder `fixture` (tests/fixtures/<fixture>) in a new git repository, one commit: what publishing commits into. */
export function gitContent(fixture: string, prefix: string): string {
  const content = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(ROOT, 'tests', 'fixtures', fixture), content, { recursive: true });
  for (const args of [
    ['init', '-q'],
    ['add', '-A'],
    ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'start'],
  ])
    spawnSync('git', args, { cwd: content });
  return content;
}
