// The preview cache: a failed pass leaves nothing behind, and entries nobody used for a month go.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveResource, pruneCache } from '../../../src/preview/derive.ts';

const dir = mkdtempSync(join(tmpdir(), 'preview-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('preview cache', () => {
  it('leaves no temporary file when a pass fails', async () => {
    const cache = join(dir, 'failed');
    const csv = join(dir, 'bad.csv');
    // A quote that never closes makes the CSV reader fail part-way.
    writeFileSync(csv, 'a,b\n1,2\n"3,4\n');
    await expect(
      deriveResource(
        {
          path: csv,
          resource: 'bad',
          relPath: 'bad.csv',
          schema: {
            fields: [
              { name: 'a', type: 'integer' },
              { name: 'b', type: 'integer' },
            ],
            missingValues: [''],
          },
          charts: [],
          locale: 'fr-FR',
        },
        cache,
        'k1',
      ),
    ).rejects.toThrow();
    expect(readdirSync(cache)).toEqual([]);
  });

  it('drops entries unused for longer than the limit, and stale temporary files', () => {
    const cache = join(dir, 'prune');
    mkdirSync(cache);
    const old = Date.now() / 1000 - 40 * 86_400;
    for (const key of ['old', 'new']) for (const ext of ['preview.json', 'rows.json', 'sheet.csv']) writeFileSync(join(cache, `${key}.${ext}`), '{}');
    utimesSync(join(cache, 'old.preview.json'), old, old);
    writeFileSync(join(cache, 'x.rows.json.123.tmp'), '');
    utimesSync(join(cache, 'x.rows.json.123.tmp'), old, old);
    expect(pruneCache(cache)).toBe(4);
    expect(readdirSync(cache).sort()).toEqual(['new.preview.json', 'new.rows.json', 'new.sheet.csv']);
    expect(existsSync(join(cache, 'old.rows.json'))).toBe(false);
  });
});
