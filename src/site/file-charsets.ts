import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Catalog } from '../content/load.ts';
import { urls } from '../lib/urls.ts';
import { normaliseEncoding } from '../tableschema/index.ts';

/**
 * Publisher text files written in another encoding than UTF-8 (a spreadsheet's Windows-1252
 * export, declared as `dialect.encoding`), by `datasets/<slug>/files/<path>`: the server names
 * that charset when it sends them (src/server/http/publisher-files.ts), or a browser reading
 * them as UTF-8 shows garbled accents. The files themselves are published unchanged.
 * Written to <dist>/portal/file-charsets.json; only the exceptions are listed.
 */
export const FILE_CHARSETS = 'file-charsets.json';

export function fileCharsets(catalog: Catalog): Record<string, string> {
  const charsets: Record<string, string> = {};
  for (const ds of catalog.datasets) {
    for (const r of ds.resources) {
      const declared = r.dialect?.encoding;
      if (!declared) continue;
      const charset = normaliseEncoding(declared) ?? declared.trim().toLowerCase();
      if (charset === 'utf-8') continue;
      // Earlier versions of the file keep the resource's dialect (one declaration per resource).
      for (const rel of [r.path, ...(r.versions ?? []).map((v) => v.path)]) charsets[`datasets/${ds.slug}/${urls.filesSegment}/${posix.normalize(rel)}`] = charset;
    }
  }
  return charsets;
}

/** A build's list, as the server reads it (an older build without the file: none). */
export function loadFileCharsets(dist: string): ReadonlyMap<string, string> {
  const file = join(dist, 'portal', FILE_CHARSETS);
  if (!existsSync(file)) return new Map();
  return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>));
}
