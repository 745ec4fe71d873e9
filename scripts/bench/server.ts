// The portal's server as users run it (`npm run serve`: scripts/serve.ts, with every HTTP rule),
// started on a free loopback port for a benchmark. One helper for every bench that needs it.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? done(a.port) : fail(new Error('no port'))));
    });
  });
}

export interface BenchServer {
  url: string;
  /** The server's process id (its memory read from /proc by a bench). */
  pid: number;
  stop: () => Promise<void>;
}

/**
 * Serve the build in `dist`; resolves once the server answers `ready` (default: its home page).
 * `output`, when given, receives what the server prints (its log), as it comes.
 */
export async function startBenchServer(dist: string, env: NodeJS.ProcessEnv = {}, ready = '/', output?: (text: string) => void): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'serve.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORTAL_DIST: dist, HOST: '127.0.0.1', PORT: String(port) },
    stdio: output ? ['ignore', 'pipe', 'pipe'] : 'ignore',
  });
  if (output) for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (d: Buffer) => output(d.toString('utf8')));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => new Promise<void>((done) => (child.exitCode !== null ? done() : (child.once('exit', () => done()), child.kill('SIGTERM'))));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    try {
      if ((await fetch(`${url}${ready}`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('the server did not start');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid!, stop };
}

/**
 * Reads an event stream's response; each call resolves once the text `marker` (`': connected'`,
 * `'event: rows'`) has arrived in a complete block after what earlier calls consumed.
 */
export function streamMarkers(stream: Response): (marker: string) => Promise<void> {
  const reader = stream.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  return async (marker) => {
    for (;;) {
      const i = buf.indexOf(marker);
      if (i >= 0 && buf.indexOf('\n\n', i) >= 0) {
        buf = buf.slice(buf.indexOf('\n\n', i) + 2);
        return;
      }
      const r = await reader.read();
      if (r.done) throw new Error('event stream closed');
      buf += dec.decode(r.value, { stream: true });
    }
  };
}
