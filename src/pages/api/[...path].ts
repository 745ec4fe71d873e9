import type { APIRoute } from 'astro';
import { noSuchApiAddress } from '../../server/api-error.ts';

export const prerender = false;

/**
 * Every API answer has the one error shape, also at an address no API serves
 * (such as /api/datasets/../rows after the slug was decoded).
 */
export const ALL: APIRoute = () => noSuchApiAddress();
