// Preview benchmark rows for `npm run bench`: the build's preview pass on a big CSV (rows/s
// and peak memory, next to raw csv-parse), and the gzipped JavaScript dataset pages ship.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runMeasured } from './measure.ts';
import { benchDir } from './temp.ts';
import { removeBuilds } from '../../src/server/builds.ts';

export interface PreviewBenchOptions {
  root: string;
  /** The generated CSV (same file as the validation rows). */
  csv: string;
  rows: number;
  /** Raw csv-parse speed of the same file, rows/s, measured by the caller. */
  rawSpeed: number;
  log: (s: string) => void;
}

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
const fmtKB = (b: number): string => `${(b / 1000).toFixed(1)} kB`;

/** Gzipped bytes of the JavaScript a built page loads: module scripts, island components and renderers, what they import, inline scripts. */
export function pageJavaScript(clientDir: string, html: string): number {
  const seen = new Set<string>();
  let total = 0;
  const visit = (url: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    const file = join(clientDir, url);
    if (!existsSync(file)) return;
    const code = readFileSync(file);
    total += gzipSync(code).length;
    for (const m of code.toString('utf8').matchAll(/(?:from\s*|import\s*\(?\s*)["']\.\/([^"']+\.js)["']/g)) visit(`/_astro/${m[1]}`);
  };
  for (const m of html.matchAll(/(?:src|component-url|renderer-url)="(\/_astro\/[^"]+\.js)"/g)) visit(m[1]!);
  for (const m of html.matchAll(/<script(?![^>]*type="application\/(?:ld\+)?json")(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) if (m[1]!.trim()) total += gzipSync(m[1]!).length;
  return total;
}

export async function previewRows(o: PreviewBenchOptions): Promise<string[][]> {
  const rows: string[][] = [];
  const cache = mkdtempSync(join(tmpdir(), 'bench-preview-cache-'));
  try {
    o.log(`preview of ${fmtInt(o.rows)} rows…`);
    const m = await runMeasured(process.execPath, ['--import', 'tsx', join(o.root, 'scripts', 'bench', 'preview-worker.ts'), o.csv, cache], { cwd: o.root });
    if (m.status !== 0) throw new Error(`preview benchmark failed:\n${m.output}`);
    const r = JSON.parse(m.output.trim().split('\n').pop() ?? '{}') as { rows: number; ms: number; maxRss: number };
    const speed = r.rows / (r.ms / 1000);
    const peak = Math.max(m.peakRss, r.maxRss);
    o.log(`  ${(r.ms / 1000).toFixed(1)} s, ${fmtInt(speed)} rows/s, peak ${fmtInt(peak / 1048576)} MB`);
    rows.push([
      `preview of ${fmtInt(o.rows)}-row CSV (3 charts, stats, JSON + spreadsheet CSV)`,
      `${(r.ms / 1000).toFixed(1)} s`,
      `${fmtInt(peak / 1048576)} MB`,
      `${fmtInt(speed)} rows/s`,
      `${(speed / o.rawSpeed).toFixed(2)}× of raw speed`,
      '≥ 0.5×, flat memory',
    ]);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }

  // The example content, built as users build it; then the scripts each kind of page loads.
  const dist = benchDir('bench-preview-dist-');
  const cache2 = mkdtempSync(join(tmpdir(), 'bench-preview-cache-'));
  try {
    o.log('building the example content for page weights…');
    const b = await runMeasured(process.execPath, [join(o.root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(o.root, 'scripts', 'build.ts')], {
      cwd: o.root,
      env: { ...process.env, PORTAL_CONTENT: join(o.root, 'content'), PORTAL_DIST: dist, PORTAL_CACHE: cache2, ASTRO_TELEMETRY_DISABLED: '1' },
    });
    if (b.status !== 0) throw new Error(`build of the example content failed:\n${b.output}`);
    const client = join(dist, 'client');
    const page = (slug: string) => readFileSync(join(client, 'datasets', slug, 'index.html'), 'utf8');
    const kinds: [string, string, string][] = [
      ['dataset page with charts and a map', 'donnees-hospitalieres-covid19', '≤ 150 kB'],
      ['live dataset page (SVG chart updated as rows arrive)', 'lits-reanimation-etablissements', '≤ 150 kB'],
      ['dataset page with a points map only', 'centres-vaccination', ''],
      ['dataset page without charts', 'fontaines-eau-potable', 'none beyond the search box'],
    ];
    for (const [label, slug, target] of kinds) {
      const html = page(slug);
      const js = pageJavaScript(client, html);
      rows.push([`${label} (${slug})`, '', '', `${fmtKB(js)} of gzipped JavaScript; HTML ${fmtKB(gzipSync(html).length)} gzipped`, '', target]);
    }
  } finally {
    removeBuilds(dist);
    rmSync(cache2, { recursive: true, force: true });
  }
  return rows;
}
