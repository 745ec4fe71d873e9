// Open-standards export benchmark: DCAT-AP JSON-LD and Turtle, CKAN index, Data Packages,
// feed and sitemap of a generated portal of N datasets, timed in-process. Returns table rows
// for scripts/bench.ts (run, time, peak RSS, result, ratio, target).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../../src/content/load.ts';
import { ckanIndex } from '../../src/standards/ckan.ts';
import { dataPackage } from '../../src/standards/datapackage.ts';
import { catalogGraph, toJsonLd, toTurtle } from '../../src/standards/dcat.ts';
import { catalogChecksums } from '../../src/standards/checksums.ts';
import { atomFeed, sitemap } from '../../src/standards/feed.ts';
import { generatePortal } from './generate.ts';

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** `buildMs`: the measured portal build time of the same number of datasets, when there is one. */
export async function standardsRows(n: number, buildMs?: number): Promise<string[][]> {
  const content = mkdtempSync(join(tmpdir(), `bench-standards-${n}-`));
  try {
    generatePortal(content, n);
    const { catalog, issues } = loadContent(content);
    if (!catalog) throw new Error(`generated portal is invalid: ${issues[0]?.message}`);
    const t0 = performance.now();
    const checksums = await catalogChecksums(catalog);
    const t1 = performance.now();
    const graph = catalogGraph(catalog, { checksums });
    const jsonld = JSON.stringify(toJsonLd(graph));
    const t2 = performance.now();
    const ttl = toTurtle(graph);
    const t3 = performance.now();
    const ckan = JSON.stringify(ckanIndex(catalog, checksums));
    let packages = 0;
    for (const ds of catalog.datasets) packages += JSON.stringify(dataPackage(catalog, ds, checksums)).length;
    const other = atomFeed(catalog).length + sitemap(catalog).length;
    const t4 = performance.now();
    const total = t4 - t0;
    const peak = process.resourceUsage().maxRSS * 1024;
    const ratio = buildMs ? `${((total / buildMs) * 100).toFixed(1)}% of the ${s(buildMs)} build` : 'n/a (build not measured)';
    return [
      [
        `standards export, ${n.toLocaleString('en-US')} datasets`,
        s(total),
        mb(peak),
        `checksums ${s(t1 - t0)}; catalog.jsonld ${s(t2 - t1)}, ${mb(Buffer.byteLength(jsonld))}, ${graph.nodes.size.toLocaleString('en-US')} nodes; catalog.ttl ${s(t3 - t2)}, ${mb(Buffer.byteLength(ttl))}; ckan.json ${mb(ckan.length)}, data packages ${mb(packages)}, feed+sitemap ${mb(other)} (${s(t4 - t3)})`,
        ratio,
        '< 10% of the build',
      ],
    ];
  } finally {
    rmSync(content, { recursive: true, force: true });
  }
}
