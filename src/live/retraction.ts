import type { EventFanout } from './hub.ts';
import type { LiveStore, RetractBatch, RetractResult } from './store.ts';

/**
 * Retract rows and tell the pages showing the dataset: every retraction (the rows API's DELETE,
 * the reporting form) goes through here, so an open dashboard or chart drops the rows at once
 * instead of showing them until it is reloaded. Across processes on PostgreSQL, the others learn
 * of it by the store's notification, like of a write.
 */
export async function retractAndAnnounce(store: LiveStore, events: EventFanout, batch: RetractBatch): Promise<RetractResult> {
  const result = await store.retractRows(batch);
  if (result.retracted > 0) events.committed(batch.dataset, { id: result.seq, arrived: batch.at, rows: [], retracted: result.rows });
  return result;
}
