import type { APIRoute } from 'astro';
import { getCatalog } from '../site/catalog.ts';
import { atomFeed } from '../standards/feed.ts';

export const GET: APIRoute = () => new Response(atomFeed(getCatalog()), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
