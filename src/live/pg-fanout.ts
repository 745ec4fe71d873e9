// Event fan-out across processes that share one PostgreSQL database. A write sends, inside its
// transaction (so only on commit), NOTIFY portal_live_rows '{"d": dataset, "s": last seq, "n": schema}'
// (postgres-store.ts); every process holds one LISTEN connection and, on a notification, reads
// the rows after the last seq it delivered for that dataset and publishes them to its own
// subscribers, in seq order. The writing process reads its own rows back the same way (at its
// commit, without waiting for the notification): never twice.
// That is correct because the store commits a dataset's batches in seq order (an advisory lock
// per dataset is taken before the sequence numbers): once seq n is visible, every seq below is.
import pg from 'pg';
import { eventsFromRows, RowHub, type EventFanout, type RowEvent } from './hub.ts';
import { ROWS_CHANNEL } from './postgres-store.ts';
import type { LiveStore } from './store.ts';

/** Rows read per query when catching up. */
const PAGE = 5000;
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;

/** A notification's payload, or undefined when it is not one of ours. */
export function parseNotification(payload: string | undefined): { dataset: string; seq: number; schema: string } | undefined {
  try {
    const p = JSON.parse(payload ?? '') as { d?: unknown; s?: unknown; n?: unknown };
    if (typeof p.d === 'string' && typeof p.s === 'number' && Number.isSafeInteger(p.s) && typeof p.n === 'string') return { dataset: p.d, seq: p.s, schema: p.n };
  } catch {
    /* not JSON */
  }
  return undefined;
}

interface Stream {
  /** Last seq published to this process's subscribers. */
  delivered: number;
  /** Ends of batches notified and not yet published, ascending. */
  ends: number[];
  running: boolean;
  again: boolean;
}

export class PostgresFanout implements EventFanout {
  private hub = new RowHub();
  private streams = new Map<string, Stream>();
  private client: pg.Client | undefined;
  private up = false;
  private closed = false;
  private retryMs = RETRY_MIN_MS;
  private timer: NodeJS.Timeout | undefined;
  /** When the connection went down (0: up, or never connected yet), and when that was last logged. */
  private downSince = 0;
  private logged = 0;

  constructor(
    private readonly url: string,
    private readonly store: Pick<LiveStore, 'rowsSince' | 'lastSeq'>,
    datasets: string[],
  ) {
    this.serve(datasets);
  }

  serve(datasets: string[]) {
    for (const d of datasets) {
      if (this.streams.has(d)) continue;
      this.streams.set(d, { delivered: -1, ends: [], running: false, again: false });
      // Start from the newest row now, as connect() does: left to the first notification, the
      // start would be read after that notification's rows were committed, and skip them.
      if (this.up) this.drain(d);
    }
  }

  /** Open the LISTEN connection; if PostgreSQL cannot be reached, keep trying in the background. */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect() {
    this.timer = undefined;
    if (this.closed) return;
    const c = new pg.Client({ connectionString: this.url, application_name: 'portal-events', keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    let schema: string | undefined;
    c.on('notification', (n) => {
      const p = n.channel === ROWS_CHANNEL ? parseNotification(n.payload) : undefined;
      // Another portal's schema in the same database: not our rows.
      if (p && p.schema === schema) this.notified(p.dataset, p.seq);
    });
    c.on('error', (e) => this.dropped(c, e));
    c.on('end', () => this.dropped(c));
    try {
      await c.connect();
      // The store's schema (search_path of DATABASE_URL), as the writers name it.
      schema = (await c.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
      await c.query(`LISTEN ${ROWS_CHANNEL}`);
    } catch (e) {
      this.dropped(c, e as Error);
      return;
    }
    if (this.closed) return void c.end().catch(() => {});
    this.client = c;
    this.up = true;
    this.retryMs = RETRY_MIN_MS;
    if (this.downSince) console.error(`live events: the LISTEN connection to PostgreSQL is back after ${((Date.now() - this.downSince) / 1000).toFixed(1)} s; reading what was committed meanwhile`);
    this.downSince = 0;
    // Listening from here on; what was committed while not listening is read now (where
    // someone subscribes; elsewhere the stream restarts from the newest row).
    for (const [d, s] of this.streams) {
      if (this.hub.subscribers(d) === 0 && !s.running) s.delivered = -1;
      this.drain(d);
    }
  }

  private dropped(c: pg.Client, e?: Error) {
    c.removeAllListeners('end');
    c.on('error', () => {});
    c.end().catch(() => {});
    if (this.client !== undefined && this.client !== c) return;
    if (this.timer || this.closed) return;
    this.client = undefined;
    this.up = false;
    // The first failure, then at most one line a minute while it lasts.
    const now = Date.now();
    if (!this.downSince || now - this.logged >= 60_000) {
      console.error(`live events: the LISTEN connection to PostgreSQL is down${e ? ` (${e.message})` : ''}; trying again every ${RETRY_MAX_MS / 1000} s at most`);
      this.logged = now;
    }
    this.downSince ||= now;
    this.timer = setTimeout(() => void this.connect(), this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
  }

  private notified(dataset: string, seq: number) {
    const s = this.streams.get(dataset);
    // A dataset this build does not serve (another version during a rolling deploy): no subscriber here.
    if (!s) return;
    if (seq > s.delivered && (s.ends.length === 0 || seq > s.ends[s.ends.length - 1]!)) s.ends.push(seq);
    this.drain(dataset);
  }

  /** Publish what is committed after `delivered`, one read at a time per dataset (later calls coalesce). */
  private drain(dataset: string) {
    const s = this.streams.get(dataset)!;
    if (s.running) {
      s.again = true;
      return;
    }
    s.running = true;
    void (async () => {
      try {
        do {
          s.again = false;
          await this.publishNew(dataset, s);
        } while (s.again);
      } catch (e) {
        // The rows stay unread: the next notification or reconnection reads them.
        console.error(`live events: reading new rows of ${dataset} failed: ${(e as Error).message}`);
      } finally {
        s.running = false;
      }
    })();
  }

  private async publishNew(dataset: string, s: Stream) {
    // The first time: start after what is already there (earlier rows reach a client through Last-Event-ID).
    if (s.delivered < 0) s.delivered = await this.store.lastSeq(dataset);
    for (;;) {
      if (this.hub.subscribers(dataset) === 0) {
        // Nobody listens here: nothing to read. Every notified seq is committed, so none is skipped.
        s.delivered = Math.max(s.delivered, s.ends[s.ends.length - 1] ?? 0);
        s.ends = [];
        return;
      }
      const rows = await this.store.rowsSince(dataset, s.delivered, PAGE);
      const ends = s.ends.filter((e) => e > s.delivered);
      for (const event of eventsFromRows(rows, ends)) this.publish(dataset, s, event);
      s.ends = s.ends.filter((e) => e > s.delivered);
      if (rows.length < PAGE) return;
    }
  }

  private publish(dataset: string, s: Stream, event: RowEvent) {
    s.delivered = event.id;
    this.hub.publish(dataset, event);
  }

  subscribe(dataset: string, listener: (e: RowEvent) => void) {
    return this.hub.subscribe(dataset, listener);
  }

  /**
   * This process committed a batch ending at `event.id`: like a notification (every seq below it
   * is committed too, the per-dataset lock saw to it), without waiting for NOTIFY's round trip.
   * The rows are still read back from the store, in order after the last delivered one; the
   * notification that follows finds them delivered. So nothing is delivered twice or skipped.
   */
  committed(dataset: string, event: RowEvent) {
    this.notified(dataset, event.id);
  }

  health() {
    return this.up ? { ok: true } : { ok: false, message: 'the LISTEN connection to PostgreSQL is down: events written by other processes are delayed' };
  }

  async close() {
    this.closed = true;
    clearTimeout(this.timer);
    const c = this.client;
    this.client = undefined;
    this.up = false;
    if (c) {
      c.removeAllListeners('end');
      await c.end().catch(() => {});
    }
  }
}
