// The preview cache: a failed pass leaves nothing behind, and entries nobody used for a month go.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachePaths, deriveResource, pruneCache, type DeriveInput } from '../../../src/preview/derive.ts';

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

  // A derived download smaller than the writer's buffer is written in one call at the end, a
  // larger one streamed as the rows come: the same bytes either way, copies included.
  const input = (path: string): DeriveInput => ({
    path,
    resource: 'lits',
    relPath: 'lits.csv',
    schema: {
      fields: [
        { name: 'code', type: 'string' },
        { name: 'lits', type: 'integer' },
      ],
      missingValues: [''],
    },
    charts: [],
    locale: 'fr-FR',
  });
  for (const rows of [200, 30_000]) {
    it(`writes the derived downloads of ${rows} rows and their compressed copies`, async () => {
      const csv = join(dir, `lits-${rows}.csv`);
      writeFileSync(csv, `code,lits\n${Array.from({ length: rows }, (_, i) => `H${i},${i}`).join('\n')}\n`);
      const cache = join(dir, `written-${rows}`);
      const preview = await deriveResource(input(csv), cache, `k${rows}`);
      const paths = cachePaths(cache, `k${rows}`);
      const json = readFileSync(paths.json);
      expect(json.length).toBe(preview.downloads.json.bytes);
      expect(json.length > 256 * 1024).toBe(rows > 1000);
      const parsed = JSON.parse(json.toString('utf8')) as { code: string; lits: number }[];
      expect(parsed).toHaveLength(rows);
      expect(parsed[rows - 1]).toEqual({ code: `H${rows - 1}`, lits: rows - 1 });
      const sheet = readFileSync(paths.spreadsheet);
      expect(sheet.length).toBe(preview.downloads.spreadsheet.bytes);
      expect(sheet.toString('utf8').trimEnd().split('\r\n')).toHaveLength(rows + 1);
      for (const file of [paths.json, paths.spreadsheet]) {
        expect(gunzipSync(readFileSync(`${file}.gz`)).equals(readFileSync(file))).toBe(true);
        expect(brotliDecompressSync(readFileSync(`${file}.br`)).equals(readFileSync(file))).toBe(true);
      }
      expect(readdirSync(cache).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });
  }

  it('leaves no temporary file when a pass fails after its downloads began streaming', async () => {
    const csv = join(dir, 'late-error.csv');
    writeFileSync(csv, `code,lits\n${Array.from({ length: 30_000 }, (_, i) => `H${i},${i}`).join('\n')}\n"H,1\n`);
    const cache = join(dir, 'late-error');
    await expect(deriveResource(input(csv), cache, 'k')).rejects.toThrow();
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
