// Publisher files moved from /datasets/<slug>/<path> to /datasets/<slug>/files/<path> so that no
// file name can collide with the files the build writes (docs/security.md). Links published
// before the move (in harvested catalogs, articles, scripts) keep working: a request for the old
// address of a file that exists at the new one is answered with a permanent redirect.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { isInside } from '../../lib/safe-path.ts';

// /datasets/<slug>/<rest>, not already in one of the build's own namespaces.
const OLD_ADDRESS = /^\/datasets\/([a-z0-9][a-z0-9-]*)\/(?!files\/|derived\/|_preview\/)(.+[^/])$/;

/** The new address of a decoded request path, when it is the old address of a published file; undefined otherwise. */
export function movedFileAddress(path: string, clientDir: string, isFile: (abs: string) => boolean = fileExists): string | undefined {
  const m = OLD_ADDRESS.exec(path);
  if (!m) return undefined;
  const [, slug, rest] = m as unknown as [string, string, string];
  const filesDir = join(clientDir, 'datasets', slug, 'files');
  const target = join(filesDir, rest);
  if (!isInside(filesDir, target) || isFile(join(clientDir, 'datasets', slug, rest)) || !isFile(target)) return undefined;
  return `/datasets/${slug}/files/${rest.split('/').map(encodeURIComponent).join('/')}`;
}

function fileExists(abs: string): boolean {
  try {
    return statSync(abs).isFile();
  } catch {
    return false;
  }
}
