// A large upload is inferred and checked in a child process (src/publish/checks.ts): the answer
// must be the one the server process gives, for an accepted file and for every kind of refusal,
// and the child must be another process, started only above PORTAL_CHECK_ASIDE_ABOVE.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inferAndCheck, NewDatasetError } from '../../../src/infer/new-dataset.ts';
import { inferAndCheckOn, withChecks } from '../../../src/publish/checks.ts';

const dir = mkdtempSync(join(tmpdir(), 'checks-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOSPITAL = 'content/datasets/donnees-hospitalieres-nouveaux-covid19/donnees-hospitalieres-nouveaux-covid19-2020-10-29-19h00.csv';

/** What a run gives, or how it refuses. */
async function outcome(run: typeof inferAndCheck, path: string) {
  try {
    return { checked: await run(path, 'upload.csv') };
  } catch (e) {
    if (e instanceof NewDatasetError) return { refused: e.message, refusal: e.refusal };
    throw e;
  }
}

describe('checks of a large upload, aside', () => {
  it('below PORTAL_CHECK_ASIDE_ABOVE no child; above it, one that gives what this process gives', async () => {
    const before = process.env.PORTAL_CHECK_ASIDE_ABOVE;
    process.env.PORTAL_CHECK_ASIDE_ABOVE = '1000';
    try {
      expect(await withChecks(1000, async (runner) => runner)).toBeUndefined();
      const ragged = join(dir, 'ragged.csv');
      writeFileSync(ragged, 'gare;quai\nNord;1\nSud\nEst;3;en travaux\n');
      const binary = join(dir, 'binary.csv');
      writeFileSync(binary, Buffer.from([0, 159, 146, 150, 0, 1, 2, 255, 254, 0]));
      const json = join(dir, 'rows.json');
      writeFileSync(
        json,
        JSON.stringify([
          { code: 'A', n: 1 },
          { code: 'B', n: 'deux' },
        ]),
      );
      await withChecks(1001, async (runner) => {
        expect(runner).toBeDefined();
        const aside = inferAndCheckOn(runner!);
        for (const path of [HOSPITAL, ragged, binary, json]) expect(await outcome(aside, path), path).toEqual(await outcome(inferAndCheck, path));
        // The hospital file: accepted, its key found; the ragged one: each bad row with its line.
        const hospital = await aside(HOSPITAL, 'upload.csv');
        expect(hospital.issues).toEqual([]);
        expect(hospital.inference.schema.primaryKey).toEqual(['dep', 'jour']);
        expect((await aside(ragged, 'upload.csv')).issues.map((i) => i.line)).toEqual([3, 4]);
        // Run by another process: this one's event loop was free meanwhile.
        const started = Date.now();
        let turns = 0;
        const ticking = setInterval(() => turns++, 5);
        await aside(HOSPITAL, 'upload.csv');
        clearInterval(ticking);
        expect(turns).toBeGreaterThanOrEqual(Math.floor((Date.now() - started) / 20));
      });
    } finally {
      if (before === undefined) delete process.env.PORTAL_CHECK_ASIDE_ABOVE;
      else process.env.PORTAL_CHECK_ASIDE_ABOVE = before;
    }
  }, 60_000);
});
