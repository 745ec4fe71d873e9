// Run a command and measure its wall time, the peak resident memory of its whole process tree
// (the child and every descendant), sampled from /proc every ~50 ms, and the CPU time of the tree.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Measured {
  status: number;
  output: string;
  /** Wall time from spawn to exit, in ms. */
  ms: number;
  /** Peak of the summed VmRSS of the process tree, in bytes (0 where /proc is missing). */
  peakRss: number;
  /**
   * CPU time (user + system) of the child and every descendant it waited for, in ms (0 where
   * /proc is missing): on a shared machine it moves much less than wall time. One run at a time.
   */
  cpuMs: number;
  /** For each `marks` pattern: ms after spawn when a process whose command line matches it first appeared. */
  marks: Record<string, number>;
  /** For each `marks` pattern: peak summed RSS of the tree before that process appeared. */
  peakBefore: Record<string, number>;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Name → regular expression on /proc/<pid>/cmdline (arguments joined with spaces). */
  marks?: Record<string, RegExp>;
  intervalMs?: number;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Direct children of pid, from /proc/<pid>/task/<tid>/children, else by scanning every /proc/<n>/stat for the ppid. */
function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  let supported = false;
  for (const tid of tasks) {
    const text = read(`/proc/${pid}/task/${tid}/children`);
    if (text === undefined) continue;
    supported = true;
    for (const c of text.split(' ')) if (c.trim()) out.push(Number(c));
  }
  if (supported) return out;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    if (!stat) continue;
    // pid (comm) state ppid …; comm may contain spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) out.push(Number(name));
  }
  return out;
}

/** Resident memory of one process now, in bytes (0 where /proc is missing). */
export function rssOf(pid: number): number {
  const status = read(`/proc/${pid}/status`);
  const m = status && /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

/** Every live pid in the tree rooted at root (root included). */
export function tree(root: number): number[] {
  const seen: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.includes(pid)) continue;
    seen.push(pid);
    stack.push(...childrenOf(pid));
  }
  return seen;
}

/** CPU time of this process's waited-for children so far, in ms (cutime + cstime of /proc/self/stat; 100 ticks a second on Linux). */
function childrenCpuMs(): number {
  const stat = read('/proc/self/stat');
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

export function runMeasured(command: string, args: string[], options: RunOptions = {}): Promise<Measured> {
  const marks: Record<string, number> = {};
  const peakBefore: Record<string, number> = {};
  const patterns = Object.entries(options.marks ?? {});
  const cmdlines = new Map<number, string>();
  return new Promise((done) => {
    const start = performance.now();
    const cpuBefore = childrenCpuMs();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => chunks.push(d));
    let peak = 0;
    const sample = (): void => {
      if (child.pid === undefined || child.exitCode !== null) return;
      let sum = 0;
      for (const pid of tree(child.pid)) {
        sum += rssOf(pid);
        if (patterns.length && !cmdlines.has(pid)) cmdlines.set(pid, (read(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' '));
        for (const [name, re] of patterns) {
          if (marks[name] === undefined && re.test(cmdlines.get(pid) ?? '')) {
            marks[name] = performance.now() - start;
            peakBefore[name] = peak;
          }
        }
      }
      peak = Math.max(peak, sum);
    };
    const timer = setInterval(sample, options.intervalMs ?? 50);
    sample();
    child.on('close', (code, signal) => {
      clearInterval(timer);
      const ms = performance.now() - start;
      done({ status: code ?? (signal ? 128 : 1), output: Buffer.concat(chunks).toString('utf8'), ms, peakRss: peak, cpuMs: childrenCpuMs() - cpuBefore, marks, peakBefore });
    });
  });
}
