import type { APIRoute } from 'astro';
import { getCatalog } from '../site/catalog.ts';
import { robotsTxt } from '../standards/feed.ts';

export const GET: APIRoute = () => new Response(robotsTxt(getCatalog()), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
