// The hand-off of datasets loaded ahead (src/content/load-handoff.ts): records are taken whole,
// each once, a record still being written waits, and progress reaches the processes loading ahead.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HandoffReader, HandoffWriter, handoffFiles } from '../../../src/content/load-handoff.ts';

const dir = mkdtempSync(join(tmpdir(), 'load-handoff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the hand-off of datasets loaded ahead', () => {
  it('gives each record once, whole, and none still being written', () => {
    const files = handoffFiles(dir);
    const reader = new HandoffReader(files);
    const writer = new HandoffWriter(files);
    writer.put('datasets/a', { key: 'k:a', value: new Uint8Array([1, 2, 3]) });
    writer.put('datasets/é', { key: 'k:é', nested: { n: 1 } });
    expect(reader.take('datasets/b')).toBeUndefined();
    expect(reader.take('datasets/é')).toEqual({ key: 'k:é', nested: { n: 1 } });
    expect(reader.take('datasets/é')).toBeUndefined();
    expect(reader.take('datasets/a')).toEqual({ key: 'k:a', value: new Uint8Array([1, 2, 3]) });
    // A record cut in two: nothing until its last byte is there.
    const probe = join(dir, 'probe');
    writeFileSync(probe, '');
    new HandoffWriter({ entries: probe, progress: files.progress }).put('datasets/c', { key: 'k:c' });
    const bytes = readFileSync(probe);
    appendFileSync(files.entries, bytes.subarray(0, 9));
    expect(reader.take('datasets/c')).toBeUndefined();
    appendFileSync(files.entries, bytes.subarray(9));
    expect(reader.take('datasets/c')).toEqual({ key: 'k:c' });
    writer.close();
    reader.close();
  });

  it('tells how far the load got, every 16 datasets, and everything once it is over', () => {
    const files = handoffFiles(dir);
    const reader = new HandoffReader(files);
    const writer = new HandoffWriter(files);
    expect(writer.reached()).toBe(0);
    reader.reached(32);
    reader.reached(33);
    expect(writer.reached()).toBe(32);
    reader.close();
    expect(writer.reached()).toBe(0xffffffff);
    expect(existsSync(files.entries) || existsSync(files.progress)).toBe(false);
    writer.close();
  });
});
