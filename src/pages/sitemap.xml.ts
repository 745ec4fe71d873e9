import type { APIRoute } from 'astro';
import { getCatalog } from '../site/catalog.ts';
import { sitemap } from '../standards/feed.ts';

export const GET: APIRoute = () => new Response(sitemap(getCatalog()), { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
