// The checksum manifest (src/lib/checksum.ts) keeps what a build learnt for the next one, and
// drops the entries of files deleted since: only the files a process did not look at are checked
// for that, and a deleted one still leaves the manifest.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checksumCounts, saveChecksumManifest, sha256File, useChecksumManifest } from '../../../src/lib/checksum.ts';

const dir = mkdtempSync(join(tmpdir(), 'checksum-manifest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const saved = (file: string) => Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, unknown> }).entries).sort();

describe('the checksum manifest', () => {
  it('keeps the files looked at and the unseen ones that exist, and drops the deleted ones', async () => {
    const root = join(dir, 'content');
    const path = (name: string) => join(root, name);
    mkdirSync(root, { recursive: true });
    // Modified well before the manifest is saved: trusted by the next process on size and time.
    const past = new Date(Date.now() - 60_000);
    for (const name of ['a.csv', 'b.csv', 'c.csv']) {
      writeFileSync(path(name), `${name}\n`.repeat(10));
      utimesSync(path(name), past, past);
    }
    const first = join(dir, 'first.json');
    useChecksumManifest(first, root);
    for (const name of ['a.csv', 'b.csv', 'c.csv']) await sha256File(path(name));
    saveChecksumManifest();
    expect(saved(first)).toEqual(['a.csv', 'b.csv', 'c.csv']);

    // Another build: b.csv deleted, c.csv not looked at, d.csv new.
    rmSync(path('b.csv'));
    writeFileSync(path('d.csv'), 'd\n');
    const second = join(dir, 'second.json');
    writeFileSync(second, readFileSync(first));
    useChecksumManifest(second, root);
    await sha256File(path('a.csv'));
    await sha256File(path('d.csv'));
    expect(checksumCounts().read).toBe(1);
    saveChecksumManifest();
    expect(saved(second)).toEqual(['a.csv', 'c.csv', 'd.csv']);
  });
});
