// The build's worker thread (src/lib/in-worker.ts): tasks run there one after the other, in the
// order sent; the calling thread takes back those not started yet; a failure names the task.
import { describe, expect, it } from 'vitest';
import { inWorker, runUnstartedHere } from '../../../src/lib/in-worker.ts';
import { busy } from './in-worker-tasks.ts';

const TASKS = new URL('./in-worker-tasks.ts', import.meta.url);

describe('inWorker', () => {
  it('runs the tasks on the worker thread, one after the other', async () => {
    const first = inWorker<number, { main: boolean }>(TASKS, 'busy', 400, () => busy(400));
    const second = inWorker<number, { main: boolean }>(TASKS, 'busy', 10, () => busy(10));
    const third = inWorker<number, { main: boolean }>(TASKS, 'busy', 10, () => busy(10));
    // Give the worker time to start the first one (it loads tsx first).
    await new Promise((r) => setTimeout(r, 1500));
    const late = inWorker<number, { main: boolean }>(TASKS, 'busy', 10, () => busy(10));
    const after = inWorker<number, { main: boolean }>(TASKS, 'busy', 10);
    await runUnstartedHere();
    expect(await first).toEqual({ main: false });
    expect(await second).toEqual({ main: false });
    expect(await third).toEqual({ main: false });
    // Sent while the worker was idle, it may have started already; the one without `here` always runs there.
    expect([true, false]).toContain((await late).main);
    expect(await after).toEqual({ main: false });
  }, 20_000);

  it('takes back a task queued behind a long one', async () => {
    const long = inWorker<number, { main: boolean }>(TASKS, 'busy', 1500, () => busy(1500));
    await new Promise((r) => setTimeout(r, 300));
    const queued = inWorker<number, { main: boolean }>(TASKS, 'busy', 10, () => busy(10));
    await runUnstartedHere();
    expect(await queued).toEqual({ main: true });
    expect(await long).toEqual({ main: false });
  }, 20_000);

  it('names the task that failed', async () => {
    await expect(inWorker(TASKS, 'fails', 'no such file')).rejects.toThrow(/fails on the build's worker thread: .*no such file/);
  });
});
