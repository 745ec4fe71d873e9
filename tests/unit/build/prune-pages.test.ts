// The page cache forgets pages no build used for a month (src/build/prune.ts prunePages).
import { existsSync, linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prunePages } from '../../../src/build/prune.ts';

const DAY = 86_400_000;
const root = mkdtempSync(join(tmpdir(), 'prune-pages-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('prunePages', () => {
  it('keeps pages used within 30 days, removes older ones, at most once a day', () => {
    const cache = join(root, 'pages');
    mkdirSync(join(cache, 'ab'), { recursive: true });
    const page = join(cache, 'ab', 'abcdef');
    writeFileSync(page, '<h1>page</h1>');
    // A build links it: that is a use.
    linkSync(page, join(root, 'index.html'));
    expect(prunePages(cache, Date.now() + 29 * DAY)).toBe(0);
    expect(existsSync(page)).toBe(true);
    // Pruned less than a day ago: not again (its stamp is the time it ran).
    expect(existsSync(join(cache, '.pruned'))).toBe(true);
    expect(prunePages(cache, Date.now() + DAY / 2)).toBe(0);
    rmSync(join(cache, '.pruned'));
    expect(prunePages(cache, Date.now() + 31 * DAY)).toBe(1);
    expect(existsSync(page)).toBe(false);
  });

  it("removes a page's compressed copies with it, and keeps those of a page kept", () => {
    const cache = join(root, 'copies');
    mkdirSync(join(cache, 'cd'), { recursive: true });
    const used = join(cache, 'cd', 'cd0001');
    const unused = join(cache, 'cd', 'cd0002');
    for (const file of [used, unused]) {
      writeFileSync(file, '<h1>page</h1>');
      writeFileSync(`${file}.br`, 'br');
      writeFileSync(`${file}.gz`, 'gz');
    }
    writeFileSync(join(cache, 'cd', 'cd0003.none'), '');
    // A month later, unused: both pages, their four copies and the lone marker go.
    const later = Date.now() + 31 * DAY;
    expect(prunePages(cache, later)).toBe(7);
    for (const file of [used, unused]) expect(existsSync(`${file}.gz`)).toBe(false);
    rmSync(join(cache, '.pruned'));
    for (const file of [used, unused]) {
      writeFileSync(file, '<h1>page</h1>');
      writeFileSync(`${file}.gz`, 'gz');
    }
    writeFileSync(join(cache, 'cd', 'cd0004.none'), '');
    // Only the pages' own ages count: both are new, so their copies stay; a copy without its page goes.
    expect(prunePages(cache, Date.now())).toBe(1);
    expect(existsSync(`${used}.gz`)).toBe(true);
    expect(existsSync(join(cache, 'cd', 'cd0004.none'))).toBe(false);
  });
});
