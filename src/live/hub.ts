/** A committed batch: its event id (the last row's sequence number), arrival time and rows (cast values). */
export interface RowEvent {
  id: number;
  arrived: string | null;
  rows: Record<string, unknown>[];
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
