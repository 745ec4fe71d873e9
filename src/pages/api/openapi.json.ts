import type { APIRoute } from 'astro';
import { localize } from '../../content/localize.ts';
import { getCatalog } from '../../site/catalog.ts';
import { openApiDocument } from '../../standards/openapi.ts';

export const GET: APIRoute = () => {
  const { portal } = getCatalog();
  const doc = openApiDocument({ title: localize(portal.name, portal.defaultLanguage, portal.defaultLanguage), baseUrl: portal.baseUrl });
  return new Response(JSON.stringify(doc, null, 2), { headers: { 'Content-Type': 'application/json' } });
};
