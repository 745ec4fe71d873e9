// Search benchmark: the embedded engine at N generated bilingual datasets, in-process
// (its own child process: build time, memory, query latency, recall per query kind) and
// through /api/search on the real server, next to a static file served by the same server
// in the same run. Returns table rows for scripts/bench.ts.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runMeasured } from './measure.ts';
import { benchDir } from './temp.ts';
import { generateDocuments, querySet } from './search-data.ts';
import { startBenchServer } from './server.ts';

interface WorkerResult {
  buildMs: number;
  heapMB: number;
  p50: number;
  p95: number;
  recall: Record<string, number>;
  p95ByKind: Record<string, number>;
  indexBytes: number;
  queries: number;
  maxRss: number;
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const pct = (v: number) => `${(v * 100).toFixed(0)}%`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Sequential requests, one at a time, as latency (not throughput) is what is measured. */
async function latencies(urls: string[]): Promise<number[]> {
  const out: number[] = [];
  for (const url of urls) {
    const t = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    out.push(performance.now() - t);
  }
  return out;
}

export async function searchRows(options: { root: string; sizes: number[]; log: (m: string) => void }): Promise<string[][]> {
  const { root, sizes, log } = options;
  const rows: string[][] = [];
  const work = benchDir('bench-search-');
  try {
    // One real build of the small fixture portal; its search index is then replaced by the generated one.
    log('search: building the fixture portal to serve /api/search');
    const dist = join(work, 'dist');
    const build = spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'scripts', 'build.ts')], {
      cwd: root,
      env: { ...process.env, PORTAL_CONTENT: join(root, 'tests', 'fixtures', 'portal-valid'), PORTAL_DIST: dist, ASTRO_TELEMETRY_DISABLED: '1' },
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`fixture build failed:\n${build.stdout}${build.stderr}`);

    for (const n of sizes) {
      log(`search: ${n.toLocaleString('en')} datasets in-process…`);
      const indexFile = join(work, `index-${n}.json`);
      const m = await runMeasured(process.execPath, ['--expose-gc', '--import', 'tsx', join(root, 'scripts', 'bench', 'search-worker.ts'), String(n), indexFile], { cwd: root });
      if (m.status !== 0) throw new Error(`search worker failed:\n${m.output}`);
      const r = JSON.parse(m.output.trim().split('\n').pop()!) as WorkerResult;
      const target = n >= 100_000 ? 50 : 10;
      rows.push([
        `search in-process, ${n.toLocaleString('en')} datasets`,
        `p50 ${ms(r.p50)}, p95 ${ms(r.p95)}`,
        `${Math.round(Math.max(m.peakRss, r.maxRss) / 1048576)} MB`,
        `index built in ${(r.buildMs / 1000).toFixed(1)} s (${(2 * n).toLocaleString('en')} documents, heap +${r.heapMB.toFixed(0)} MB, file ${(r.indexBytes / 1048576).toFixed(0)} MB); p95 by kind: ${Object.entries(
          r.p95ByKind,
        )
          .map(([k, v]) => `${k} ${v.toFixed(0)}`)
          .join(', ')} ms`,
        `recall: ${Object.entries(r.recall)
          .map(([k, v]) => `${k} ${pct(v)}`)
          .join(', ')}`,
        `p95 ≤ ${target} ms; typo recall ≥ 95%, accent-free 100%`,
      ]);

      log(`search: ${n.toLocaleString('en')} datasets through /api/search…`);
      const served = join(work, `dist-${n}`);
      cpSync(dist, served, { recursive: true });
      cpSync(indexFile, join(served, 'portal', 'search-index.json'));
      const server = await startBenchServer(served, {}, '/api/search?q=x');
      const base = server.url;
      try {
        const { datasets } = generateDocuments(n);
        const queries = querySet(datasets).map((q) => `${base}/api/search?${q.params}`);
        const statics = queries.map(() => `${base}/datasets/gares/files/gares.json`);
        await latencies(queries.slice(0, 30));
        await latencies(statics.slice(0, 30));
        const api = await latencies(queries);
        const file = await latencies(statics);
        const apiP95 = percentile(api, 95);
        const fileP95 = percentile(file, 95);
        rows.push([
          `search via /api/search, ${n.toLocaleString('en')} datasets`,
          `p50 ${ms(percentile(api, 50))}, p95 ${ms(apiP95)}`,
          '',
          `static file from the same server: p50 ${ms(percentile(file, 50))}, p95 ${ms(fileP95)}; ${api.length} queries, one at a time`,
          `p95 = in-process p95 + ${((apiP95 - r.p95) / fileP95).toFixed(1)}× the static p95`,
          '≤ in-process p95 + 3× static p95',
        ]);
      } finally {
        await server.stop();
        rmSync(served, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return rows;
}
