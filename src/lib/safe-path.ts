// The one path check for files named in content (resources, Table Schemas, maps, logos). Used by
// the content schema (what may be written), by loading (what the file really is) and by the
// build's copy (checked again right before reading), so that no way of writing a path and no
// symlink can make the portal read or publish a file outside the folder it belongs to.
import { lstatSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

// C0/C1 control characters (newline, carriage return, tab, NUL…) and the Unicode line and
// paragraph separators: a file name never needs them, and they split paths in logs, YAML and
// shell commands in ways that hide what is really being read.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
const FORBIDDEN = /[\\:*?"<>|]/;
const MAX_SEGMENT = 255;
const MAX_LENGTH = 1024;

/** Why a relative path written in a content file is refused, in words for its author; undefined when it is acceptable. */
export function relativePathProblem(path: string): string | undefined {
  if (path.length === 0) return 'must not be empty';
  if (path.length > MAX_LENGTH) return `is longer than ${MAX_LENGTH} characters`;
  if (CONTROL.test(path)) return 'contains a line break or another control character; write the file name on one line';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'must be relative to its folder (no leading "/" or drive letter)';
  if (FORBIDDEN.test(path)) return 'must not contain \\ : * ? " < > | (use "/" between folders)';
  for (const segment of path.split('/')) {
    if (segment === '') return 'has an empty folder name ("//" or a trailing "/")';
    if (segment === '.' || segment === '..') return 'must stay inside its folder (no "." or ".." folders)';
    if (segment.length > MAX_SEGMENT) return `has a name longer than ${MAX_SEGMENT} characters`;
  }
  return undefined;
}

export type Resolved = { ok: true; abs: string; real: string } | { ok: false; reason: string; missing?: boolean };

/** True when `child` is `parent` itself or lies inside it (both absolute, already resolved). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Resolve `rel` inside the folder `base`, following symlinks only as far as they stay inside
 * `root` (the content folder; `base` itself when not given). Refuses what the text check
 * refuses, anything that is not a regular file, and any file whose real location is outside.
 * `realRoot`: root's real path, when the caller resolved it once for many files.
 */
export function resolveInside(base: string, rel: string, root: string = base, realRoot?: string): Resolved {
  const problem = relativePathProblem(rel);
  if (problem) return { ok: false, reason: problem };
  const abs = resolve(base, rel);
  if (!isInside(resolve(base), abs)) return { ok: false, reason: 'must stay inside its folder' };
  let real: string;
  try {
    // The C library's realpath: one call instead of an lstat per path segment in JavaScript.
    realRoot ??= realpathSync.native(root);
    real = realpathSync.native(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'not found', missing: true };
    if (code === 'ELOOP') return { ok: false, reason: 'is a symbolic link that loops' };
    return { ok: false, reason: `cannot be read (${code ?? String(e)})` };
  }
  if (!isInside(realRoot, real)) return { ok: false, reason: 'is a symbolic link to a file outside the content folder; copy the file into the folder instead' };
  if (!lstatSync(real).isFile()) return { ok: false, reason: 'is not a file', missing: true };
  return { ok: true, abs, real };
}
