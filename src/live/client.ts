// Browser helper for islands (charts, tables) that show a live dataset: subscribe to
import { urls } from '../lib/urls.ts';
// /api/datasets/<slug>/events and get each batch of new rows. EventSource resends
// Last-Event-ID itself when it reconnects; when the browser gives up (the server was
// down), this helper reconnects with ?lastEventId= so no row is missed.

export interface LiveRowsBatch {
  /** Event id: pass it back as `since` to resume after a page reload. */
  id: number;
  /** Server time (UTC ISO) the rows arrived. */
  arrived: string | null;
  rows: Record<string, unknown>[];
}

export interface SubscribeOptions {
  /** Resume after this event id (rows written since are sent first). */
  since?: number;
  /** Base URL of the portal; the page's origin by default. */
  base?: string;
  /** Delay before reconnecting after the browser closed the stream, in ms (doubles up to 30 s). */
  retryMs?: number;
  onStatus?: (status: 'open' | 'reconnecting') => void;
  /** Rows retracted by their reporter (as they were): a page showing them removes them. */
  onRetracted?: (batch: LiveRowsBatch) => void;
  /** The EventSource implementation (for tests and non-browser runtimes). */
  EventSource?: typeof EventSource;
}

/** Call onRows for every batch of rows pushed to `slug`; returns a function that stops listening. */
export function subscribeRows(slug: string, onRows: (batch: LiveRowsBatch) => void, options: SubscribeOptions = {}): () => void {
  const ES = options.EventSource ?? globalThis.EventSource;
  let lastId = options.since;
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delay = options.retryMs ?? 1000;
  let stopped = false;

  const connect = () => {
    const url = new URL(urls.liveEvents(slug), options.base ?? globalThis.location?.href);
    if (lastId !== undefined) url.searchParams.set('lastEventId', String(lastId));
    const es = new ES(url.toString());
    source = es;
    es.onopen = () => {
      delay = options.retryMs ?? 1000;
      options.onStatus?.('open');
    };
    // Writes and retractions share one sequence of event ids: both move the resume point.
    const listen = (type: 'rows' | 'retracted', handler: ((batch: LiveRowsBatch) => void) | undefined) =>
      es.addEventListener(type, (ev) => {
        const e = ev as MessageEvent<string>;
        const id = Number(e.lastEventId);
        if (lastId !== undefined && id <= lastId) return;
        lastId = id;
        const data = JSON.parse(e.data) as { arrived: string | null; rows: Record<string, unknown>[] };
        handler?.({ id, arrived: data.arrived, rows: data.rows });
      });
    listen('rows', onRows);
    listen('retracted', options.onRetracted);
    es.onerror = () => {
      if (stopped || es.readyState !== 2 /* CLOSED */) return; // the browser retries by itself
      options.onStatus?.('reconnecting');
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30_000);
    };
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
  };
}

export interface FetchRowsOptions {
  /** Give up (undefined) when the dataset holds more rows than this. */
  max?: number;
  base?: string;
  fetch?: typeof fetch;
}

/**
 * Every current row of a live dataset (published + pushed), following the JSON API's pages;
 * undefined when there are more than `max` rows (the caller keeps its static data then).
 */
export async function fetchAllRows(slug: string, options: FetchRowsOptions = {}): Promise<Record<string, unknown>[] | undefined> {
  const max = options.max ?? 50_000;
  const get = options.fetch ?? globalThis.fetch;
  const rows: Record<string, unknown>[] = [];
  let next: string | null = `${urls.liveRows(slug, 'json')}&limit=10000`;
  while (next) {
    const res = await get(new URL(next, options.base ?? globalThis.location?.href).toString());
    if (!res.ok) throw new Error(`${next}: HTTP ${res.status}`);
    const page = (await res.json()) as { rows: Record<string, unknown>[]; total: number; next: string | null };
    if (page.total > max) return undefined;
    rows.push(...page.rows);
    next = page.next;
  }
  return rows;
}
