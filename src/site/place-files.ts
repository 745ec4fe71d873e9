// The data files of a build put in place (src/site/runtime-files.ts), on the build's worker thread
// (src/lib/in-worker.ts): a module of its own, so that thread loads nothing else for it.
import { constants, copyFileSync, linkSync, mkdirSync } from 'node:fs';

/** One data file to place: its folder, where it goes, its source in the content folder, and the previous build's copy to link ('' when none). */
export type Place = [dir: string, target: string, source: string, previous: string];

/**
 * Place the data files of a build (on the build's worker thread: src/site/runtime-files.ts placeFiles). System calls only,
 * one after the other: a folder made once, a hard link from the previous build, else a copy (byte
 * for byte, reflinked where the file system can). `failed`: targets whose link failed (copied
 * instead); `ms`: the time it took.
 */
export function placeDataFiles(places: Place[]): { linked: number; failed: string[]; ms: number } {
  const started = Date.now();
  const made = new Set<string>();
  let linked = 0;
  const failed: string[] = [];
  for (const [dir, target, source, previous] of places) {
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    if (previous) {
      try {
        linkSync(previous, target);
        linked++;
        continue;
      } catch {
        failed.push(target);
      }
    }
    copyFileSync(source, target, constants.COPYFILE_FICLONE);
  }
  return { linked, failed, ms: Date.now() - started };
}
