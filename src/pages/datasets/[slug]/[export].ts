import type { APIRoute } from 'astro';
import type { LoadedDataset } from '../../../content/load.ts';
import { matchesEtag } from '../../../server/dashboard-day.ts';
import { onDemandDataset } from '../../../server/dataset-page.ts';
import { STATIC, TRANSIENT } from '../../../server/http/cache-control.ts';
import { getCatalog } from '../../../site/catalog.ts';
import { onDemandDatasets } from '../../../site/dataset-page.ts';
import { notFoundFile, staticProps } from '../../../site/static.ts';
import { DATASET_EXPORTS, type DatasetExport } from '../../../standards/registry.ts';

/**
 * Every per-dataset export of the registry (datapackage.json, dataset.jsonld), for every dataset:
 * static files, or above PORTAL_ON_DEMAND_DATASETS_ABOVE datasets rendered on request from what
 * the build wrote for the dataset (src/server/dataset-page.ts), with the same bytes.
 */
export const prerender = false;
/** Rendered into static files by the build (src/build/freeze.ts), unless the catalog is large enough to render them on demand. */
export function staticPaths() {
  const { datasets } = getCatalog();
  if (onDemandDatasets(datasets.length)) return [];
  return datasets.flatMap((d) => DATASET_EXPORTS.map((e) => ({ params: { slug: d.slug, export: e.file }, props: { dataset: d, entry: e } })));
}

export const GET: APIRoute = async ({ params, request }) => {
  const props = staticProps(params, staticPaths) as { dataset: LoadedDataset; entry: DatasetExport } | undefined;
  if (props) return new Response(await props.entry.render(getCatalog(), props.dataset), { headers: { 'Content-Type': props.entry.mediaType } });
  const entry = DATASET_EXPORTS.find((e) => e.file === params.export);
  const read = entry ? onDemandDataset(params.slug ?? '') : undefined;
  if (!entry || !read) {
    const missing = notFoundFile();
    missing.headers.set('Cache-Control', 'no-store');
    return missing;
  }
  const etag = `W/"${read.version}-${entry.id}"`;
  const headers = { ETag: etag, 'Cache-Control': read.transient ? TRANSIENT : STATIC };
  if (matchesEtag(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  return new Response(await entry.render(read.page.catalog, read.page.dataset), { headers: { ...headers, 'Content-Type': entry.mediaType } });
};
