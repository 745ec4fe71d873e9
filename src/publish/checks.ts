// Where a write's files are read: a large upload is inferred and checked in a child process, so
// the server keeps its event loop and its memory for the requests it answers meanwhile. A 90 MB
// CSV read in the server process took the other reads' p99 from 28 ms to 842 ms and the process
// from 286 to 461 MB (docs/benchmarks.md, "A large upload, checked aside"). Small writes stay
// here: a child's start (about half a second) would be most of their time. The checks are the
// build's own (checkTables, inferAndCheck): the answer is the same wherever they run.
import { fileURLToPath } from 'node:url';
import { CHECK_TABLES, checkTables } from '../content/validate.ts';
import { inferAndCheck, NewDatasetError, type CheckedInference, type NewDatasetRefusal } from '../infer/new-dataset.ts';
import { type Handlers, type TaskRunner, TaskPool } from '../lib/pool.ts';
import { numberSetting } from '../settings.ts';

const INFER_AND_CHECK = 'infer-and-check';

type InferAnswer = { checked: CheckedInference } | { refused: { message: string; refusal?: NewDatasetRefusal } };

/** inferAndCheck with its refusal as a value: an error crosses to the parent as its text only. */
async function inferTask(input: { path: string; shownName: string }): Promise<InferAnswer> {
  try {
    return { checked: await inferAndCheck(input.path, input.shownName) };
  } catch (e) {
    if (e instanceof NewDatasetError) return { refused: { message: e.message, refusal: e.refusal } };
    throw e;
  }
}

/** What the child runs (src/publish/check-child.ts). */
export const checkHandlers: Handlers = { [CHECK_TABLES]: checkTables, [INFER_AND_CHECK]: inferTask };

/** inferAndCheck run by `runner`, refusing as it does here. */
export function inferAndCheckOn(runner: TaskRunner): typeof inferAndCheck {
  return async (path, shownName) => {
    const [answer] = await runner.map<{ path: string; shownName: string }, InferAnswer>(INFER_AND_CHECK, [{ path, shownName }]);
    if ('refused' in answer!) throw new NewDatasetError(answer.refused.message, answer.refused.refusal);
    return answer!.checked;
  };
}

/**
 * `work`, given a child process to read the write's upload in (`runner`) when it is larger than
 * PORTAL_CHECK_ASIDE_ABOVE bytes, else none (read here). The child stops once `work` has ended.
 */
export async function withChecks<T>(bytes: number, work: (runner: TaskRunner | undefined) => Promise<T>, log?: (line: string) => void): Promise<T> {
  if (bytes === 0 || bytes <= numberSetting('PORTAL_CHECK_ASIDE_ABOVE')) return work(undefined);
  log?.(`publishing: the upload (${(bytes / 1024 / 1024).toFixed(1)} MB) is read in a child process`);
  const child = new TaskPool({ module: fileURLToPath(new URL('./check-child.ts', import.meta.url)), handlers: checkHandlers, workers: 2, offload: true });
  try {
    return await work(child);
  } finally {
    await child.close();
  }
}
