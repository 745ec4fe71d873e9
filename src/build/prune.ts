// The forgetting of the build's keyed caches of rendered output (the static pages, the dataset
// pages' runtime files): entries no build used for a month go.
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Cache entries no build linked for this long are removed (at most once a day). */
const MAX_UNUSED_MS = 30 * 86_400_000;

/**
 * Drop pages no build used for a month, and temporary files of a build that died. Linking an
 * entry into a build changes its inode's ctime, so the ctime is when it was last used.
 */
export function prunePages(cacheDir: string, now = Date.now()): number {
  const stamp = join(cacheDir, '.pruned');
  if (!existsSync(cacheDir) || (existsSync(stamp) && now - statSync(stamp).mtimeMs < 86_400_000)) return 0;
  writeFileSync(stamp, '');
  let removed = 0;
  for (const sub of readdirSync(cacheDir)) {
    const dir = join(cacheDir, sub);
    if (!statSync(dir).isDirectory()) continue;
    const names = readdirSync(dir);
    const kept = new Set<string>();
    // A page first: its copies (`<key>.br`, `.gz`, `.none`) go with it.
    for (const name of names) {
      if (name.includes('.')) continue;
      const file = join(dir, name);
      if (now - statSync(file).ctimeMs > MAX_UNUSED_MS) {
        rmSync(file, { force: true });
        removed++;
      } else kept.add(name);
    }
    for (const name of names) {
      if (!name.includes('.')) continue;
      const file = join(dir, name);
      if (name.includes('.tmp-') ? now - statSync(file).mtimeMs > 3_600_000 : !kept.has(name.slice(0, name.indexOf('.')))) {
        rmSync(file, { force: true });
        removed++;
      }
    }
  }
  return removed;
}
