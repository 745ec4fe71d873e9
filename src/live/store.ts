// The live-row store: one interface, one module per implementation (sqlite-store.ts,
// postgres-store.ts), chosen in one place (src/server/live.ts).

/** One row ready to store: its key (JSON of the key values), cast values, reporter. */
export interface StoredRowInput {
  key: string;
  data: Record<string, unknown>;
  reporter: string | null;
  /** The reporter confirmed a jump in this row (src/live/jumps.ts): kept with the row and in the audit log. */
  confirmed?: boolean;
}

export interface IdempotencyRecord {
  /** SHA-256 of the request (method, dataset, content type, body). */
  hash: string;
  status: number;
  body: string;
}

export interface UpsertBatch {
  dataset: string;
  rows: StoredRowInput[];
  /** Server time (UTC ISO) the rows arrived; null for rows seeded from the published file. */
  arrived: string | null;
  /** When set: store this answer under (scope, key) in the same transaction; if the key is already there, store nothing. */
  idempotency?: { scope: string; key: string; record: IdempotencyRecord };
  /** Who wrote it (the token id) and why, for the audit log; written in the same transaction. */
  author?: Author;
}

/** Who made a change (a token id; null for the published file) and why (optional for a write, required for a retraction). */
export interface Author {
  token: string | null;
  reason?: string | null;
}

/** One version of one row in the audit log: every write, seed and retraction, never changed. */
export interface AuditEntry {
  /** Increasing with every change of the dataset. */
  id: number;
  key: string;
  action: 'seed' | 'write' | 'retract';
  /** The row as written; null for a retraction. */
  data: Record<string, unknown> | null;
  reporter: string | null;
  /** Server time (UTC ISO) of the change; null for rows of the published file (known from the start). */
  at: string | null;
  token: string | null;
  reason: string | null;
  /** The write carried a jump its reporter confirmed. */
  confirmed: boolean;
}

export interface RetractBatch {
  dataset: string;
  keys: string[];
  at: string;
  author: Author;
}

export interface RetractResult {
  /** How many rows were deleted (keys already gone count for nothing). */
  retracted: number;
  /** The retraction's last sequence number (0 when nothing was deleted): its event id. */
  seq: number;
  /** The deleted rows, as they were. */
  rows: Record<string, unknown>[];
}

export interface UpsertResult {
  /** Rows written (inserted or updated). */
  stored: number;
  /** Sequence number of the last row written (the event id), 0 when nothing was written. */
  seq: number;
  /** Set when the idempotency key was already used: the first answer, nothing was written. */
  replay?: IdempotencyRecord;
}

export interface LiveRow {
  seq: number;
  arrived: string | null;
  data: Record<string, unknown>;
  /** Set when the current version carries a jump its reporter confirmed. */
  confirmed?: boolean;
  /**
   * In rowsSince only: this row was retracted at `seq` (`data` is the row as it was), so a page
   * showing it removes it. Retractions take their seq from the same sequence as writes: an event
   * stream delivers both in the order they were committed.
   */
  retracted?: true;
}

/** A current row with its key and reporter (the reporting form's list of recent rows). */
export interface KeyedRow extends LiveRow {
  key: string;
  reporter: string | null;
}

export interface RowQuery {
  /** Exact matches on fields: cast values. */
  equals?: Record<string, unknown>;
  /** Inclusive ISO date range on one field. */
  range?: { field: string; from?: string; to?: string };
  offset?: number;
  limit?: number;
}

export interface ReporterArrival {
  reporter: string;
  /** Last time a row of this reporter arrived (UTC ISO), null when only seeded rows exist. */
  lastArrival: string | null;
  rows: number;
}

export interface TokenRecord {
  id: string;
  hash: string;
  publisher: string;
  /** Datasets the token may push to; empty: every dataset of the publisher. */
  datasets: string[];
  /** Reporters whose rows it may write (ids of the one dataset it is scoped to); empty: every reporter. */
  reporters: string[];
  label: string | null;
  created: string;
  expires: string | null;
  revoked: string | null;
}

/** A token's values in the column order of live_tokens (id, hash, publisher, datasets, reporters, label, created, expires, revoked). */
export function tokenColumns(t: TokenRecord): unknown[] {
  return [t.id, t.hash, t.publisher, JSON.stringify(t.datasets), JSON.stringify(t.reporters ?? []), t.label, t.created, t.expires, t.revoked];
}

/** Options every store takes. */
export interface StoreOptions {
  /** How long an idempotency record is kept (ms); older ones are deleted at a later write. */
  idempotencyRetentionMs: number;
}

/** Idempotency cleanup runs at a write at most this often (and at least once per retention). */
export function idempotencyCleanupEvery(retentionMs: number): number {
  return Math.min(60_000, retentionMs);
}

/** A reporting-form session: stored by the SHA-256 of its id, never the id itself. */
export interface SessionRecord {
  hash: string;
  /** Hash of the token it was opened with: revoking the token ends the session. */
  tokenHash: string;
  /** The dataset whose form it was opened on. */
  dataset: string;
  created: string;
  lastSeen: string;
  /** Absolute end (UTC ISO), whatever the activity. */
  expires: string;
}

export interface LiveStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Create or upgrade the schema; safe to run at every start. */
  migrate(): Promise<void>;
  /** Store a batch in one transaction; resolves only once it is durable. Rows with an existing key are updated. */
  upsertRows(batch: UpsertBatch): Promise<UpsertResult>;
  /** Insert seed rows whose key is absent, once per (dataset, digest). */
  seed(dataset: string, digest: string, rows: StoredRowInput[]): Promise<number>;
  readRows(dataset: string, query: RowQuery): Promise<{ rows: LiveRow[]; total: number }>;
  /** Every row of a dataset, ordered by key, in pages (for complete CSV downloads). */
  streamAll(dataset: string, pageSize?: number): AsyncIterable<LiveRow[]>;
  /** Rows written and rows retracted (`retracted: true`) after event id `seq` (for Last-Event-ID resume), oldest first. */
  rowsSince(dataset: string, seq: number, limit?: number): Promise<LiveRow[]>;
  /** Highest event id of the dataset, writes and retractions (0 when empty). */
  lastSeq(dataset: string): Promise<number>;
  /**
   * Delete current rows by key, log each retraction and record it for event streams (with a
   * sequence number after every write before it), in the same transaction.
   */
  retractRows(batch: RetractBatch): Promise<RetractResult>;
  /** Rows as they were known at `asOf` (UTC ISO), from the audit log, ordered by key; filters as readRows. */
  readRowsAsOf(dataset: string, asOf: string, query: RowQuery): Promise<{ rows: LiveRow[]; total: number }>;
  /** The latest writes and retractions (not the published file's rows), newest first: the public revision history. */
  recentAudit(dataset: string, limit: number): Promise<AuditEntry[]>;
  /** The audit log of a dataset, oldest first, after entry `afterId`. */
  readAudit(dataset: string, afterId?: number, limit?: number): Promise<AuditEntry[]>;
  /**
   * A reporter's rows whose `field` (a date) is from `from` to before `before`, and its latest row
   * before `from`, oldest first: the previous values jumps are judged against (src/live/jumps.ts).
   */
  previousRows(dataset: string, reporter: string, field: string, from: string, before: string): Promise<Record<string, unknown>[]>;
  /** The most recently written current rows, newest first; only those of `reporters` when not empty. */
  recentRows(dataset: string, reporters: string[], limit: number): Promise<KeyedRow[]>;
  /** The current row with this key, if any. */
  rowByKey(dataset: string, key: string): Promise<KeyedRow | undefined>;
  /** The reporter of each existing row among `keys` (absent keys are not in the map). */
  reportersOf(dataset: string, keys: string[]): Promise<Map<string, string | null>>;
  lastArrivals(dataset: string): Promise<{ lastArrival: string | null; rows: number; reporters: ReporterArrival[] }>;
  getIdempotency(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
  addToken(token: TokenRecord): Promise<void>;
  findToken(hash: string): Promise<TokenRecord | undefined>;
  listTokens(): Promise<TokenRecord[]>;
  /** Mark revoked; false when no such token. */
  revokeToken(id: string, at: string): Promise<boolean>;
  createSession(session: SessionRecord): Promise<void>;
  findSession(hash: string): Promise<SessionRecord | undefined>;
  touchSession(hash: string, lastSeen: string): Promise<void>;
  deleteSession(hash: string): Promise<void>;
  /** Delete sessions past their absolute end or idle since before `idleBefore`; the number deleted. */
  deleteExpiredSessions(now: string, idleBefore: string): Promise<number>;
  close(): Promise<void>;
}
