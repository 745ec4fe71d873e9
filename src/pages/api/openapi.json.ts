import type { APIRoute } from 'astro';
import { localize } from '../../content/localize.ts';
import { getCatalog } from '../../site/catalog.ts';
import { notFoundFile, staticProps } from '../../site/static.ts';
import { openApiDocument } from '../../standards/openapi.ts';

export const prerender = false;
/** Rendered into a static file by the build (src/build/freeze.ts), never on request. */
export function staticPaths() {
  return [{ params: {}, props: {} }];
}

export const GET: APIRoute = ({ params }) => {
  if (!staticProps(params, staticPaths)) return notFoundFile();
  const { portal } = getCatalog();
  const doc = openApiDocument({ title: localize(portal.name, portal.defaultLanguage, portal.defaultLanguage), baseUrl: portal.baseUrl });
  return new Response(JSON.stringify(doc, null, 2), { headers: { 'Content-Type': 'application/json' } });
};
