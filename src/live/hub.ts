import type { LiveRow } from './store.ts';

/**
 * A committed batch: its event id (the last row's sequence number), arrival time and rows (cast
 * values). A retraction is an event of its own: `rows` empty, `retracted` the rows it removed.
 */
export interface RowEvent {
  id: number;
  arrived: string | null;
  rows: Record<string, unknown>[];
  retracted?: Record<string, unknown>[];
}

type Listener = (e: RowEvent) => void;

/** In-process fan-out of committed rows to event-stream subscribers, per dataset. */
export class RowHub {
  private listeners = new Map<string, Set<Listener>>();

  subscribe(dataset: string, listener: Listener): () => void {
    let set = this.listeners.get(dataset);
    if (!set) this.listeners.set(dataset, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(dataset);
    };
  }

  publish(dataset: string, event: RowEvent) {
    for (const l of this.listeners.get(dataset) ?? []) {
      try {
        l(event);
      } catch (e) {
        console.error(`event listener failed: ${(e as Error).message}`);
      }
    }
  }

  subscribers(dataset: string): number {
    return this.listeners.get(dataset)?.size ?? 0;
  }
}

/**
 * How committed rows reach event-stream subscribers. One interface, chosen in one place
 * (src/server/live.ts): in process with SQLite (one process owns the file), through
 * PostgreSQL's LISTEN/NOTIFY when several processes share a database (pg-fanout.ts).
 */
export interface EventFanout {
  subscribe(dataset: string, listener: Listener): () => void;
  /** Called by the process that committed a batch, after the commit. */
  committed(dataset: string, event: RowEvent): void;
  /** Whether events written by other processes reach this one (for /readyz). */
  health(): { ok: boolean; message?: string };
  /**
   * The live datasets of the build being served (a new build, loaded without a restart, may add
   * some); resolves once events of rows committed from now on will be delivered.
   */
  serve(datasets: string[]): Promise<void>;
  close(): Promise<void>;
}

/** One process: a committed batch goes straight to this process's subscribers. */
export class LocalFanout implements EventFanout {
  private hub = new RowHub();
  subscribe(dataset: string, listener: Listener) {
    return this.hub.subscribe(dataset, listener);
  }
  committed(dataset: string, event: RowEvent) {
    this.hub.publish(dataset, event);
  }
  health() {
    return { ok: true };
  }
  async serve() {}
  async close() {}
}

/**
 * Group rows read back from the store (oldest first) into events, one per committed batch:
 * `ends` are the last sequence numbers of batches (from notifications), ascending. A row
 * belongs to the first batch whose end is at or after its seq; rows after the last known end
 * (committed, notification not yet received) form one more event. A batch whose rows were all
 * overwritten or retracted since gives no event; a retraction (rows with `retracted`) gives an
 * event of its own, in its place in the sequence. Each event's id is its last row's seq, so
 * resuming from it (rowsSince) neither skips nor repeats a row.
 */
export function eventsFromRows(rows: LiveRow[], ends: number[]): RowEvent[] {
  const events: RowEvent[] = [];
  let i = 0;
  let group: LiveRow[] = [];
  const flush = () => {
    const last = group[group.length - 1];
    if (last)
      events.push(last.retracted ? { id: last.seq, arrived: last.arrived, rows: [], retracted: group.map((r) => r.data) } : { id: last.seq, arrived: last.arrived, rows: group.map((r) => r.data) });
    group = [];
  };
  for (const row of rows) {
    while (i < ends.length && ends[i]! < row.seq) {
      flush();
      i++;
    }
    // Writes and retractions never share an event.
    if (group.length > 0 && !group[0]!.retracted !== !row.retracted) flush();
    group.push(row);
  }
  flush();
  return events;
}
