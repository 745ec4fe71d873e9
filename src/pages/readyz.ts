import type { APIRoute } from 'astro';
import { live } from '../server/live.ts';
import { runtimeCatalog } from '../server/runtime-catalog.ts';
import { searchBackend } from '../server/search.ts';

/**
 * GET /readyz: whether this process can answer everything, for a load balancer or systemd
 * (docs/deploying.md): the build's content loaded, the search index loaded (or Meilisearch
 * answering; while it does not, the embedded fallback, with a message), the live-row store
 * reachable, and (PostgreSQL) the LISTEN connection that brings events written by other
 * processes. 503 names the part that failed; /healthz (answered
 * by the HTTP wrapper) only says the process is up.
 */
export const prerender = false;

const TIMEOUT_MS = 2000;

async function check(run: () => unknown): Promise<{ ok: boolean; message?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)));
    const result = await Promise.race([Promise.resolve().then(run), timeout]);
    const said = result && typeof result === 'object' ? (result as { ok?: boolean; message?: string }) : {};
    if (said.ok === false) return { ok: false, message: String(said.message ?? 'not ready') };
    // Ready, with a remark (search answered by the embedded fallback while Meilisearch is down).
    return said.message ? { ok: true, message: said.message } : { ok: true };
  } catch (e) {
    return { ok: false, message: (e as Error).message.split('\n')[0]!.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

export const GET: APIRoute = async () => {
  const [content, search, store, events] = await Promise.all([
    check(() => runtimeCatalog()),
    check(() => searchBackend().health()),
    check(async () => (await live()).store.lastSeq('')),
    check(async () => (await live()).events.health()),
  ]);
  const checks = { content, search, store, events };
  const ready = content.ok && search.ok && store.ok && events.ok;
  return new Response(`${JSON.stringify({ status: ready ? 'ready' : 'not_ready', checks })}\n`, {
    status: ready ? 200 : 503,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...(ready ? {} : { 'Retry-After': '5' }) },
  });
};
