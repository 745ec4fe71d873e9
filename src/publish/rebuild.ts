import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Rebuilds after accepted writes: `npm run build` (scripts/build.ts) in a child process, one at
 * a time. A request while a build runs is served by the next build, which starts when the
 * running one ends and includes every write accepted meanwhile (single flight: ten writes during
 * one build cost one more build, not ten). The build switches dist/ to its output; the running
 * server follows (src/server/site.ts).
 */
export interface BuildOutcome {
  ok: boolean;
  /** The build's output (last lines), for the log. */
  output: string;
  /** The build's lines, each with the milliseconds since the build started when it was printed: where the time went. */
  timeline: string[];
  ms: number;
}

const ROOT = resolve(import.meta.dirname, '..', '..');

export class Rebuilder {
  private running: Promise<BuildOutcome> | undefined;
  private next: Promise<BuildOutcome> | undefined;
  /** Builds run so far (for tests and the log). */
  builds = 0;
  private child: ReturnType<typeof spawn> | undefined;

  /** Stop the running build (the server is stopping): its process group, so Astro goes too. */
  stop(): void {
    this.next = undefined;
    if (this.child?.pid && this.child.exitCode === null) {
      try {
        process.kill(-this.child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
  }

  constructor(
    private readonly env: { content: string; dist: string },
    private readonly log: (line: string) => void = (line) => console.log(line),
  ) {}

  /** A build that includes everything written before this call. */
  request(): Promise<BuildOutcome> {
    if (!this.running) return (this.running = this.start());
    this.next ??= this.running.then(() => {
      this.next = undefined;
      return (this.running = this.start());
    });
    return this.next;
  }

  private start(): Promise<BuildOutcome> {
    const started = Date.now();
    // Node itself with tsx's loader (`--import tsx`), not the tsx command, which starts Node once
    // more: one process start less per publish. The build passes the flag on to its own children.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    return new Promise<BuildOutcome>((done) => {
      const child = spawn(process.execPath, ['--import', tsx, resolve(ROOT, 'scripts', 'build.ts')], {
        cwd: ROOT,
        env: { ...process.env, PORTAL_CONTENT: this.env.content, PORTAL_DIST: this.env.dist },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group: stop() ends the build and the processes it started.
        detached: true,
      });
      this.child = child;
      let output = '';
      const timeline: string[] = [];
      let partial = '';
      const keep = (d: Buffer) => {
        const text = d.toString('utf8');
        output = (output + text).slice(-8000);
        const lines = (partial + text).split('\n');
        partial = lines.pop()!;
        const at = `+${((Date.now() - started) / 1000).toFixed(1)} s`;
        for (const line of lines) if (line.trim() && timeline.length < 200) timeline.push(`${at} ${line.replace(/\x1b\[[0-9;]*m/g, '')}`);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.on('close', (code) => {
        this.child = undefined;
        this.builds++;
        const outcome = { ok: code === 0, output, timeline, ms: Date.now() - started };
        // On success, the build's own lines with when each came: which phase a slow rebuild spent its time in.
        this.log(
          outcome.ok
            ? `publishing: rebuilt in ${(outcome.ms / 1000).toFixed(1)} s\n${timeline.map((l) => `  ${l}`).join('\n')}`
            : `publishing: the rebuild failed (exit ${code}); still serving the previous build:\n${output}`,
        );
        done(outcome);
      });
      child.on('error', (e) => done({ ok: false, output: e.message, timeline: [], ms: Date.now() - started }));
    }).finally(() => {
      if (!this.next) this.running = undefined;
    });
  }
}
