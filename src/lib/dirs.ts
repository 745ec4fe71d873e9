import { constants, copyFileSync, linkSync, mkdirSync, rmSync } from 'node:fs';

/**
 * mkdir -p that remembers what it made: writing tens of thousands of files into a few folders
 * each costs one system call per folder instead of one (or more) per file.
 */
export function dirMaker(): (dir: string) => void {
  const made = new Set<string>();
  return (dir) => {
    if (made.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  };
}

/**
 * Put `from`'s content at `target` as a hard link where the file system allows, else a copy. Only
 * for files that are replaced (written aside, then renamed) and never changed in place, such as
 * the build caches' entries, so the link cannot change under the build. A file left at `target`
 * by an earlier build is removed first: copying over it would write into the file it may be linked to.
 */
export function linkOrCopy(from: string, target: string): void {
  try {
    linkSync(from, target);
  } catch (e) {
    // Most targets are new (a fresh build folder): removed only when there, one call less per file.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      rmSync(target, { force: true });
      try {
        linkSync(from, target);
        return;
      } catch {
        // another file system: copied below
      }
    }
    copyFileSync(from, target, constants.COPYFILE_FICLONE);
  }
}
