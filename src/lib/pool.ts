// A pool of child processes for the build's per-file work (table checks, preview passes), so a
// first build of a large portal uses every core. Results come back in the order of the inputs
// whatever process computed them, so the caller merges them exactly as a one-process run would.
// This process is one of the workers: a pool of 1 starts no child, and a batch too small to be
// worth a child's start-up (half a second) runs here.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';

/** What a worker runs: a named function of one input (structured-cloneable in and out). */
export type Handlers = Record<string, (input: never) => Promise<unknown>>;

/** Runs many inputs of one kind of task and gives the outputs in input order. */
export interface TaskRunner {
  map<I, O>(kind: string, inputs: readonly I[], concurrency?: number): Promise<O[]>;
}

export interface PoolOptions {
  /** The module a child runs: it calls serveTasks() with the same handlers. */
  module: string;
  handlers: Handlers;
  /** Processes in all, this one included (default: the machine's cores). */
  workers?: number;
  /** Fewer inputs than this run here only (default 200). */
  minRemote?: number;
  /**
   * Every input to the children, however few, none here: a server keeps its event loop and its
   * memory for its requests while a child reads a large upload (src/publish/checks.ts).
   */
  offload?: boolean;
}

interface Request {
  id: number;
  kind: string;
  inputs: unknown[];
  concurrency: number;
}
type Reply = { id: number; outputs: unknown[] } | { id: number; error: string };

/** Run `fn` over `inputs` with at most `concurrency` at once; outputs in input order. */
export async function mapLimit<I, O>(inputs: readonly I[], concurrency: number, fn: (input: I) => Promise<O>): Promise<O[]> {
  const out = new Array<O>(inputs.length);
  let next = 0;
  const run = async () => {
    while (next < inputs.length) {
      const i = next++;
      out[i] = await fn(inputs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, inputs.length)) }, run));
  return out;
}

/** tsx's loader, so a child runs the TypeScript source as this process does (the build, the tests). */
function loaderArgs(): string[] {
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}

/** Whether a child (its process and its message channel) keeps this process's event loop alive. */
function hold(proc: ChildProcess, on: boolean): void {
  const channel = proc.channel as { ref?: () => void; unref?: () => void } | undefined;
  if (on) {
    proc.ref();
    channel?.ref?.();
  } else {
    proc.unref();
    channel?.unref?.();
  }
}

export class TaskPool implements TaskRunner {
  readonly workers: number;
  private readonly minRemote: number;
  private children: { proc: ChildProcess; waiting: Map<number, { resolve: (o: unknown[]) => void; reject: (e: Error) => void }> }[] = [];
  private nextId = 0;
  private failed: Error | undefined;
  /** Inputs run by a child (the tests check the children did run). */
  remote = 0;

  constructor(private readonly options: PoolOptions) {
    this.workers = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
    this.minRemote = options.minRemote ?? 200;
  }

  private start(): void {
    if (this.children.length > 0 || this.workers < 2) return;
    for (let i = 1; i < this.workers; i++) {
      const proc = fork(this.options.module, [], { execArgv: loaderArgs(), serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const child = { proc, waiting: new Map<number, { resolve: (o: unknown[]) => void; reject: (e: Error) => void }>() };
      const fail = (e: Error) => {
        this.failed ??= e;
        for (const w of child.waiting.values()) w.reject(e);
        child.waiting.clear();
      };
      proc.on('message', (reply: Reply) => {
        const w = child.waiting.get(reply.id);
        child.waiting.delete(reply.id);
        if (child.waiting.size === 0) hold(proc, false);
        if ('error' in reply) w?.reject(new Error(reply.error));
        else w?.resolve(reply.outputs);
      });
      proc.on('error', fail);
      proc.on('exit', (code, signal) => {
        if (child.waiting.size > 0) fail(new Error(`a build worker stopped (${signal ?? `exit code ${code}`})`));
      });
      // An idle child never keeps this process alive (a build that forgot close() still ends).
      hold(proc, false);
      this.children.push(child);
    }
  }

  /** Send a request to a child: the outputs; `written` is called once the request left this process. */
  private send(child: (typeof this.children)[number], kind: string, inputs: unknown[], concurrency: number, written?: () => void): Promise<unknown[]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      child.waiting.set(id, { resolve, reject });
      hold(child.proc, true);
      child.proc.send({ id, kind, inputs, concurrency } satisfies Request, (e) => {
        written?.();
        if (e) {
          child.waiting.delete(id);
          reject(e);
        }
      });
    });
  }

  async map<I, O>(kind: string, inputs: readonly I[], concurrency = 1): Promise<O[]> {
    const handler = this.options.handlers[kind] as ((input: I) => Promise<O>) | undefined;
    if (!handler) throw new Error(`no task "${kind}" in the pool`);
    const offload = this.options.offload === true && this.workers > 1;
    if (!offload && (this.workers < 2 || inputs.length < this.minRemote)) return mapLimit(inputs, concurrency, handler);
    this.start();
    // Batches small enough to share the work evenly to the end, large enough that messages cost little.
    const size = Math.max(1, Math.min(64, Math.ceil(inputs.length / (this.workers * 16))));
    const batches: number[] = [];
    for (let at = 0; at < inputs.length; at += size) batches.push(at);
    const out = new Array<O>(inputs.length);
    let next = 0;
    const take = () => (next < batches.length ? batches[next++] : undefined);
    const here = async () => {
      for (let at = take(); at !== undefined; at = take()) {
        const outputs = await mapLimit(inputs.slice(at, at + size), concurrency, handler);
        outputs.forEach((o, i) => (out[at + i] = o));
        // A batch of small files can run without ever reaching the event loop (reads from memory,
        // synchronous writes): the children's answers, and so their next batches, would wait for
        // this process to run out of work. Let them in between batches.
        await new Promise<void>((resume) => setImmediate(resume));
      }
    };
    // Two batches in flight per child, so it never waits for the next one.
    const there = async (child: (typeof this.children)[number]) => {
      for (let at = take(); at !== undefined; at = take()) {
        const part = inputs.slice(at, at + size);
        const outputs = (await this.send(child, kind, part as unknown[], concurrency)) as O[];
        this.remote += part.length;
        outputs.forEach((o, i) => (out[at + i] = o));
      }
    };
    await Promise.all([offload ? undefined : here(), ...this.children.flatMap((c) => [there(c), there(c)])]);
    return out;
  }

  /** Whether `inputs` tasks would be shared with children (else they run here). */
  shares(inputs: number): boolean {
    return this.workers > 1 && inputs >= this.minRemote;
  }

  /**
   * Work nobody waits for, on the children only (warming a cache this process then reads while
   * it does its own work): child i gets `inputs[i]`; failures are ignored. Resolves once the
   * requests have left this process: a synchronous task started then cannot hold them back.
   */
  async background<I>(kind: string, inputs: readonly I[]): Promise<void> {
    this.start();
    await Promise.all(this.children.map((child, i) => (i < inputs.length ? new Promise<void>((written) => void this.send(child, kind, [inputs[i]], 1, written).catch(() => {})) : undefined)));
  }

  /**
   * Stop the children (they also stop when this process ends); resolves once they have exited,
   * so this process has waited for them (their CPU time counts in its children's, as a
   * benchmark reads it).
   */
  async close(): Promise<void> {
    const children = this.children;
    this.children = [];
    await Promise.all(
      children.map(({ proc }) =>
        proc.exitCode !== null || proc.signalCode !== null
          ? undefined
          : new Promise<void>((exited) => {
              proc.once('exit', () => exited());
              // Kept alive until then: an idle child is unreferenced.
              proc.ref();
              if (proc.connected) proc.disconnect();
              else proc.kill();
            }),
      ),
    );
  }
}

/** The child's side: run each request with the handlers and send the outputs back; stop when the parent goes. */
export function serveTasks(handlers: Handlers): void {
  process.on('message', (request: Request) => {
    const handler = handlers[request.kind] as ((input: unknown) => Promise<unknown>) | undefined;
    const answer = (reply: Reply) => process.send!(reply);
    if (!handler) return answer({ id: request.id, error: `no task "${request.kind}" in this worker` });
    mapLimit(request.inputs, request.concurrency, handler).then(
      (outputs) => answer({ id: request.id, outputs }),
      (e: unknown) => answer({ id: request.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
