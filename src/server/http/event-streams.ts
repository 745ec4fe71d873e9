import type { ServerResponse } from 'node:http';

/**
 * Event streams hold a connection open for as long as the reader wants. Two rules keep them
 * from exhausting the server: a cap on open streams (in all, and per client address), and a
 * cap on what one subscriber may leave unread. Astro writes each event to the response without
 * waiting for the socket to drain, so a reader that stops reading would make Node buffer every
 * later event in memory; past the cap the stream is closed instead, and the client's
 * EventSource reconnects with Last-Event-ID and catches up from the store.
 */
export const EVENTS_PATH = /^\/api\/datasets\/[^/]+\/events$/;

export type Admission = { ok: true; release: () => void } | { ok: false; status: 429 | 503; retryAfter: number; message: string };

export class EventStreamLimiter {
  private open = 0;
  private perClient = new Map<string, number>();
  /** Subscribers dropped for not reading (exposed for operations and tests through the log). */
  dropped = 0;
  /** Open streams, so that a shutdown can end each with a reconnection hint. */
  private readonly streams = new Set<ServerResponse>();

  constructor(private readonly limits: { sseMax: number; sseMaxPerClient: number; sseMaxQueue: number }) {}

  get openStreams(): number {
    return this.open;
  }

  /** Count a new stream of `client`, or refuse it. */
  admit(client: string): Admission {
    const mine = this.perClient.get(client) ?? 0;
    if (mine >= this.limits.sseMaxPerClient) {
      return { ok: false, status: 429, retryAfter: 30, message: `Too many open event streams from this address (at most ${this.limits.sseMaxPerClient}); close one or retry later.` };
    }
    if (this.open >= this.limits.sseMax) {
      return { ok: false, status: 503, retryAfter: 30, message: 'The server has as many open event streams as it accepts; retry later.' };
    }
    this.open++;
    this.perClient.set(client, mine + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.open--;
        const n = (this.perClient.get(client) ?? 1) - 1;
        if (n <= 0) this.perClient.delete(client);
        else this.perClient.set(client, n);
      },
    };
  }

  /**
   * At shutdown: tell every subscriber to reconnect soon (to another instance behind the proxy, or
   * to this one restarted) and end its stream; EventSource then resumes with Last-Event-ID.
   */
  endAll(retryMs = 1000): number {
    const n = this.streams.size;
    for (const res of this.streams) {
      if (!res.destroyed && !res.writableEnded) res.end(`retry: ${retryMs}\n\n`);
    }
    this.streams.clear();
    return n;
  }

  /** Close the response when what its reader left unread passes the cap. */
  guard(res: ServerResponse, onDrop: (queued: number) => void) {
    this.streams.add(res);
    res.once('close', () => this.streams.delete(res));
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const cap = this.limits.sseMaxQueue;
    res.write = ((...args: unknown[]) => {
      if (res.destroyed) return false;
      const ok = write(...args);
      if (!ok && res.writableLength > cap) {
        this.dropped++;
        onDrop(res.writableLength);
        res.destroy();
      }
      return ok;
    }) as typeof res.write;
  }
}
