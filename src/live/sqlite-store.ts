import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  idempotencyCleanupEvery,
  tokenColumns,
  type AuditEntry,
  type RetractBatch,
  type IdempotencyRecord,
  type LiveRow,
  type LiveStore,
  type ReporterArrival,
  type RowQuery,
  type SessionRecord,
  type StoreOptions,
  type StoredRowInput,
  type TokenRecord,
  type UpsertBatch,
  type UpsertResult,
} from './store.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS live_rows (
  dataset TEXT NOT NULL,
  key TEXT NOT NULL,
  data TEXT NOT NULL,
  reporter TEXT,
  arrived TEXT,
  seq INTEGER NOT NULL,
  PRIMARY KEY (dataset, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS live_rows_seq ON live_rows (dataset, seq);
CREATE TABLE IF NOT EXISTS live_idempotency (
  scope TEXT NOT NULL, key TEXT NOT NULL, hash TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL, created TEXT NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE TABLE IF NOT EXISTS live_seeds (dataset TEXT PRIMARY KEY, digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS live_tokens (
  id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, publisher TEXT NOT NULL, datasets TEXT NOT NULL,
  label TEXT, created TEXT NOT NULL, expires TEXT, revoked TEXT
);
`;

// Reporting-form sessions (src/live/session.ts), added after the first schema.
const SESSION_SCHEMA = `
CREATE TABLE IF NOT EXISTS live_sessions (
  hash TEXT PRIMARY KEY, token_hash TEXT NOT NULL, dataset TEXT NOT NULL,
  created TEXT NOT NULL, last_seen TEXT NOT NULL, expires TEXT NOT NULL
);
`;

// Tokens limited to some reporters (src/live/scope.ts), added after the first schema.
function addTokenReporters(db: Database.Database) {
  const columns = db.prepare('SELECT name FROM pragma_table_info(?)').all('live_tokens') as { name: string }[];
  if (!columns.some((c) => c.name === 'reporters')) db.exec("ALTER TABLE live_tokens ADD COLUMN reporters TEXT NOT NULL DEFAULT '[]'");
}

// The audit log (every version of every row: who, when, why), added after the first schema.
// When it is created on an existing store, the current rows become its first versions.
function addAudit(db: Database.Database) {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'live_audit'").get();
  if (exists) return;
  db.transaction(() => {
    db.exec(`CREATE TABLE live_audit (
      id INTEGER PRIMARY KEY AUTOINCREMENT, dataset TEXT NOT NULL, key TEXT NOT NULL, action TEXT NOT NULL,
      data TEXT, reporter TEXT, at TEXT, token TEXT, reason TEXT);
      CREATE INDEX live_audit_key ON live_audit (dataset, key, id);`);
    db.exec(
      "INSERT INTO live_audit (dataset, key, action, data, reporter, at) SELECT dataset, key, CASE WHEN arrived IS NULL THEN 'seed' ELSE 'write' END, data, reporter, arrived FROM live_rows ORDER BY seq",
    );
  })();
}

interface Pending {
  batch: UpsertBatch;
  resolve: (r: UpsertResult) => void;
  reject: (e: unknown) => void;
}

// Rows and log entries whose jump was confirmed (src/live/jumps.ts), added after the audit log.
function addConfirmed(db: Database.Database) {
  // Jumps read one reporter's rows at a time.
  db.exec('CREATE INDEX IF NOT EXISTS live_rows_reporter ON live_rows (dataset, reporter)');
  for (const table of ['live_rows', 'live_audit']) {
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[];
    if (!columns.some((c) => c.name === 'confirmed')) db.exec(`ALTER TABLE ${table} ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 0`);
  }
}

// Retractions for event streams (rowsSince), added after the audit log: the retracted row as it
// was, under a sequence number taken from the same counter as writes.
const RETRACTIONS_SCHEMA = `
CREATE TABLE IF NOT EXISTS live_retractions (dataset TEXT NOT NULL, seq INTEGER NOT NULL, arrived TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (dataset, seq)) WITHOUT ROWID;
`;

type RawRow = { seq: number; arrived: string | null; data: string; confirmed?: number; retracted?: number };
const toRow = (r: RawRow): LiveRow => ({
  seq: r.seq,
  arrived: r.arrived,
  data: JSON.parse(r.data) as Record<string, unknown>,
  ...(r.confirmed ? { confirmed: true } : {}),
  ...(r.retracted ? { retracted: true } : {}),
});
type RawAudit = Omit<AuditEntry, 'data' | 'confirmed'> & { data: string | null; confirmed: number };
const toAudit = (r: RawAudit): AuditEntry => ({ ...r, data: r.data === null ? null : (JSON.parse(r.data) as Record<string, unknown>), confirmed: r.confirmed === 1 });
const AUDIT_COLUMNS = 'id, key, action, data, reporter, at, token, reason, confirmed';

/** A JSON path for SQLite's -> / ->> operators, quoting the field name. */
const path = (field: string) => `$."${field.replace(/["\\]/g, (c) => `\\${c}`)}"`;

/**
 * Live rows in one SQLite file (WAL, synchronous=FULL). Requests that arrive while a
 * commit is being prepared are grouped into one transaction (one fsync); each
 * request's promise resolves only after that transaction has committed.
 */
export class SqliteStore implements LiveStore {
  readonly kind = 'sqlite' as const;
  private db: Database.Database;
  private queue: Pending[] = [];
  private scheduled = false;
  private seqCounter = 0;
  private idempotencyCleaned = 0;
  /** Statements of fixed SQL, prepared once: preparing costs more than running a one-row write. */
  private statements = new Map<string, Database.Statement>();

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  constructor(
    file: string,
    private readonly options: StoreOptions = { idempotencyRetentionMs: 86_400_000 },
  ) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
  }

  async migrate() {
    this.db.exec(SCHEMA);
    this.db.exec(SESSION_SCHEMA);
    addTokenReporters(this.db);
    addAudit(this.db);
    addConfirmed(this.db);
    this.db.exec(RETRACTIONS_SCHEMA);
    // A retraction may hold the highest number: a new write must come after it.
    const row = this.stmt('SELECT max(coalesce((SELECT max(seq) FROM live_rows), 0), coalesce((SELECT max(seq) FROM live_retractions), 0)) AS s').get() as { s: number };
    this.seqCounter = row.s;
  }

  upsertRows(batch: UpsertBatch): Promise<UpsertResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush() {
    this.scheduled = false;
    const pending = this.queue;
    this.queue = [];
    if (pending.length === 0) return;
    const upsert = this.stmt(
      'INSERT INTO live_rows (dataset, key, data, reporter, arrived, seq, confirmed) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
        'ON CONFLICT (dataset, key) DO UPDATE SET data = excluded.data, reporter = excluded.reporter, arrived = excluded.arrived, seq = excluded.seq, confirmed = excluded.confirmed',
    );
    const audit = this.stmt("INSERT INTO live_audit (dataset, key, action, data, reporter, at, token, reason, confirmed) VALUES (?, ?, 'write', ?, ?, ?, ?, ?, ?)");
    const getIdem = this.stmt('SELECT hash, status, body FROM live_idempotency WHERE scope = ? AND key = ?');
    const putIdem = this.stmt('INSERT INTO live_idempotency (scope, key, hash, status, body, created) VALUES (?, ?, ?, ?, ?, ?)');
    const startSeq = this.seqCounter;
    const results: UpsertResult[] = [];
    const run = this.db.transaction(() => {
      this.expireIdempotency();
      let seq = startSeq;
      for (const { batch } of pending) {
        const idem = batch.idempotency;
        if (idem) {
          const existing = getIdem.get(idem.scope, idem.key) as IdempotencyRecord | undefined;
          if (existing) {
            results.push({ stored: 0, seq: 0, replay: existing });
            continue;
          }
          putIdem.run(idem.scope, idem.key, idem.record.hash, idem.record.status, idem.record.body, new Date().toISOString());
        }
        const who = batch.author ?? { token: null };
        for (const r of batch.rows) {
          const data = JSON.stringify(r.data);
          const confirmed = r.confirmed ? 1 : 0;
          upsert.run(batch.dataset, r.key, data, r.reporter, batch.arrived, ++seq, confirmed);
          audit.run(batch.dataset, r.key, data, r.reporter, batch.arrived, who.token, who.reason ?? null, confirmed);
        }
        results.push({ stored: batch.rows.length, seq: batch.rows.length ? seq : 0 });
      }
      return seq;
    });
    try {
      this.seqCounter = run();
    } catch (e) {
      results.length = 0;
      // One bad batch must not fail the others: retry each alone.
      if (pending.length > 1) {
        for (const p of pending) {
          this.queue.push(p);
          this.flush();
        }
        return;
      }
      pending[0]!.reject(e);
      return;
    }
    pending.forEach((p, i) => p.resolve(results[i]!));
  }

  async seed(dataset: string, digest: string, rows: StoredRowInput[]) {
    const done = this.stmt('SELECT digest FROM live_seeds WHERE dataset = ?').get(dataset) as { digest: string } | undefined;
    if (done?.digest === digest) return 0;
    const insert = this.stmt('INSERT INTO live_rows (dataset, key, data, reporter, arrived, seq) VALUES (?, ?, ?, ?, NULL, ?) ON CONFLICT (dataset, key) DO NOTHING');
    const mark = this.stmt('INSERT INTO live_seeds (dataset, digest) VALUES (?, ?) ON CONFLICT (dataset) DO UPDATE SET digest = excluded.digest');
    const audit = this.stmt("INSERT INTO live_audit (dataset, key, action, data, reporter, at) VALUES (?, ?, 'seed', ?, ?, NULL)");
    return this.db.transaction(() => {
      let n = 0;
      for (const r of rows) {
        const data = JSON.stringify(r.data);
        const info = insert.run(dataset, r.key, data, r.reporter, this.seqCounter + 1);
        if (info.changes) {
          audit.run(dataset, r.key, data, r.reporter);
          this.seqCounter++;
          n++;
        }
      }
      mark.run(dataset, digest);
      return n;
    })();
  }

  private where(dataset: string, query: RowQuery): { sql: string; params: unknown[] } {
    const clauses = ['dataset = ?'];
    const params: unknown[] = [dataset];
    for (const [field, value] of Object.entries(query.equals ?? {})) {
      clauses.push(`data -> ? = json(?)`);
      params.push(path(field), JSON.stringify(value));
    }
    if (query.range?.from) {
      clauses.push('data ->> ? >= ?');
      params.push(path(query.range.field), query.range.from);
    }
    if (query.range?.to) {
      clauses.push('data ->> ? <= ?');
      params.push(path(query.range.field), query.range.to);
    }
    return { sql: clauses.join(' AND '), params };
  }

  async readRows(dataset: string, query: RowQuery) {
    const { sql, params } = this.where(dataset, query);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM live_rows WHERE ${sql}`).get(...params) as { n: number }).n;
    const rows = this.db.prepare(`SELECT seq, arrived, data, confirmed FROM live_rows WHERE ${sql} ORDER BY key LIMIT ? OFFSET ?`).all(...params, query.limit ?? -1, query.offset ?? 0) as RawRow[];
    return { rows: rows.map(toRow), total };
  }

  async *streamAll(dataset: string, pageSize = 5000): AsyncIterable<LiveRow[]> {
    // Keyset pagination on the primary key: every row exactly once, even while rows arrive.
    const stmt = this.stmt('SELECT key, seq, arrived, data, confirmed FROM live_rows WHERE dataset = ? AND key > ? ORDER BY key LIMIT ?');
    let after = '';
    for (;;) {
      const page = stmt.all(dataset, after, pageSize) as (RawRow & { key: string })[];
      if (page.length === 0) return;
      after = page[page.length - 1]!.key;
      yield page.map(toRow);
      if (page.length < pageSize) return;
    }
  }

  async rowsSince(dataset: string, seq: number, limit = 10_000) {
    const rows = this.stmt(
      `SELECT seq, arrived, data, 0 AS retracted FROM live_rows WHERE dataset = ? AND seq > ?
       UNION ALL SELECT seq, arrived, data, 1 AS retracted FROM live_retractions WHERE dataset = ? AND seq > ?
       ORDER BY seq LIMIT ?`,
    ).all(dataset, seq, dataset, seq, limit) as RawRow[];
    return rows.map(toRow);
  }

  async lastSeq(dataset: string) {
    return (
      this.stmt('SELECT max(coalesce((SELECT max(seq) FROM live_rows WHERE dataset = ?), 0), coalesce((SELECT max(seq) FROM live_retractions WHERE dataset = ?), 0)) AS s').get(dataset, dataset) as {
        s: number;
      }
    ).s;
  }

  async retractRows(batch: RetractBatch) {
    const del = this.stmt('DELETE FROM live_rows WHERE dataset = ? AND key = ? RETURNING reporter, data');
    const audit = this.stmt("INSERT INTO live_audit (dataset, key, action, data, reporter, at, token, reason) VALUES (?, ?, 'retract', NULL, ?, ?, ?, ?)");
    const event = this.stmt('INSERT INTO live_retractions (dataset, seq, arrived, data) VALUES (?, ?, ?, ?)');
    // Synchronous like flush(): no grouped write can interleave (so the sequence numbers follow
    // every committed write), and the commit is fsync'd (synchronous=FULL).
    const run = this.db.transaction(() => {
      let seq = this.seqCounter;
      const rows: Record<string, unknown>[] = [];
      for (const key of batch.keys) {
        const gone = del.get(batch.dataset, key) as { reporter: string | null; data: string } | undefined;
        if (!gone) continue;
        audit.run(batch.dataset, key, gone.reporter, batch.at, batch.author.token, batch.author.reason ?? null);
        event.run(batch.dataset, ++seq, batch.at, gone.data);
        rows.push(JSON.parse(gone.data) as Record<string, unknown>);
      }
      return { seq, rows };
    });
    const { seq, rows } = run();
    // Only once committed: a failed transaction took no number.
    if (rows.length > 0) this.seqCounter = seq;
    return { retracted: rows.length, seq: rows.length > 0 ? seq : 0, rows };
  }

  async readRowsAsOf(dataset: string, asOf: string, query: RowQuery) {
    // The last version of each key known at asOf (rows of the published file are known from the start).
    const latest = `WITH latest AS (
      SELECT a.id AS seq, a.at AS arrived, a.data, a.key, a.dataset, a.confirmed FROM live_audit a
      WHERE a.dataset = ? AND a.action != 'retract' AND a.id = (
        SELECT max(b.id) FROM live_audit b WHERE b.dataset = a.dataset AND b.key = a.key AND (b.at IS NULL OR b.at <= ?)))`;
    const { sql, params } = this.where(dataset, query);
    const total = (this.db.prepare(`${latest} SELECT count(*) AS n FROM latest WHERE ${sql}`).get(dataset, asOf, ...params) as { n: number }).n;
    const rows = this.db
      .prepare(`${latest} SELECT seq, arrived, data, confirmed FROM latest WHERE ${sql} ORDER BY key LIMIT ? OFFSET ?`)
      .all(dataset, asOf, ...params, query.limit ?? -1, query.offset ?? 0) as RawRow[];
    return { rows: rows.map(toRow), total };
  }

  async readAudit(dataset: string, afterId = 0, limit = 10_000) {
    const rows = this.db.prepare(`SELECT ${AUDIT_COLUMNS} FROM live_audit WHERE dataset = ? AND id > ? ORDER BY id LIMIT ?`).all(dataset, afterId, limit) as RawAudit[];
    return rows.map(toAudit);
  }

  async recentAudit(dataset: string, limit: number) {
    const rows = this.db.prepare(`SELECT ${AUDIT_COLUMNS} FROM live_audit WHERE dataset = ? AND action != 'seed' ORDER BY id DESC LIMIT ?`).all(dataset, limit) as RawAudit[];
    return rows.map(toAudit);
  }

  /** Date fields that have their index (dateIndex). */
  private dateIndexes = new Map<string, { index: string; expr: string }>();

  /**
   * An index on (dataset, reporter, the row's value of `field`), created on first use: the jump
   * check reads a reporter's latest row before a date on every push, which would otherwise read
   * (and parse the JSON of) every row of that reporter. The expression is written as a literal:
   * SQLite uses an index on an expression only for the same expression, never a bound parameter.
   */
  private dateIndex(field: string): { index: string; expr: string } {
    let x = this.dateIndexes.get(field);
    if (!x) {
      const expr = `data ->> '${path(field).replace(/'/g, "''")}'`;
      const index = `live_rows_date_${createHash('sha256').update(field).digest('hex').slice(0, 16)}`;
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${index} ON live_rows (dataset, reporter, ${expr})`);
      this.dateIndexes.set(field, (x = { index, expr }));
    }
    return x;
  }

  // INDEXED BY: SQLite must use the date index (an error otherwise, rather than a silent scan).
  async previousRows(dataset: string, reporter: string, field: string, from: string, before: string) {
    const { index, expr } = this.dateIndex(field);
    const last = this.stmt(`SELECT data FROM live_rows INDEXED BY ${index} WHERE dataset = ? AND reporter = ? AND ${expr} < ? ORDER BY ${expr} DESC LIMIT 1`).get(dataset, reporter, from) as
      | { data: string }
      | undefined;
    // A request of one date (one row, most often) has no rows between its first and last dates.
    const within = (
      from < before
        ? this.stmt(`SELECT data FROM live_rows INDEXED BY ${index} WHERE dataset = ? AND reporter = ? AND ${expr} >= ? AND ${expr} < ? ORDER BY ${expr}`).all(dataset, reporter, from, before)
        : []
    ) as { data: string }[];
    return [...(last ? [last] : []), ...within].map((r) => JSON.parse(r.data) as Record<string, unknown>);
  }

  async recentRows(dataset: string, reporters: string[], limit: number) {
    const only = reporters.length ? ` AND reporter IN (${reporters.map(() => '?').join(', ')})` : '';
    const rows = this.db
      .prepare(`SELECT key, reporter, seq, arrived, data, confirmed FROM live_rows WHERE dataset = ?${only} ORDER BY seq DESC LIMIT ?`)
      .all(dataset, ...reporters, limit) as (RawRow & {
      key: string;
      reporter: string | null;
    })[];
    return rows.map((r) => ({ ...toRow(r), key: r.key, reporter: r.reporter }));
  }

  async rowByKey(dataset: string, key: string) {
    const r = this.stmt('SELECT key, reporter, seq, arrived, data, confirmed FROM live_rows WHERE dataset = ? AND key = ?').get(dataset, key) as
      | (RawRow & { key: string; reporter: string | null })
      | undefined;
    return r ? { ...toRow(r), key: r.key, reporter: r.reporter } : undefined;
  }

  async reportersOf(dataset: string, keys: string[]) {
    const stmt = this.stmt('SELECT reporter FROM live_rows WHERE dataset = ? AND key = ?');
    const out = new Map<string, string | null>();
    for (const key of keys) {
      const r = stmt.get(dataset, key) as { reporter: string | null } | undefined;
      if (r) out.set(key, r.reporter);
    }
    return out;
  }

  async lastArrivals(dataset: string) {
    const all = this.stmt('SELECT max(arrived) AS a, count(*) AS n FROM live_rows WHERE dataset = ?').get(dataset) as { a: string | null; n: number };
    const reporters = this.stmt('SELECT reporter, max(arrived) AS lastArrival, count(*) AS rows FROM live_rows WHERE dataset = ? AND reporter IS NOT NULL GROUP BY reporter ORDER BY reporter').all(
      dataset,
    ) as ReporterArrival[];
    return { lastArrival: all.a, rows: all.n, reporters };
  }

  /**
   * Delete idempotency records past the retention, at most once a minute, inside the write
   * transaction that is open anyway (no extra fsync). A key is reusable once its record is gone.
   */
  private expireIdempotency() {
    const now = Date.now();
    const { idempotencyRetentionMs: keep } = this.options;
    if (now - this.idempotencyCleaned < idempotencyCleanupEvery(keep)) return;
    this.idempotencyCleaned = now;
    this.stmt('DELETE FROM live_idempotency WHERE created < ?').run(new Date(now - keep).toISOString());
  }

  async getIdempotency(scope: string, key: string) {
    return this.stmt('SELECT hash, status, body FROM live_idempotency WHERE scope = ? AND key = ?').get(scope, key) as IdempotencyRecord | undefined;
  }

  async addToken(t: TokenRecord) {
    this.stmt('INSERT INTO live_tokens (id, hash, publisher, datasets, reporters, label, created, expires, revoked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(...tokenColumns(t));
  }

  private static token(r: Record<string, unknown> | undefined): TokenRecord | undefined {
    if (!r) return undefined;
    return { ...(r as unknown as TokenRecord), datasets: JSON.parse(r.datasets as string) as string[], reporters: JSON.parse((r.reporters as string | undefined) ?? '[]') as string[] };
  }

  async findToken(hash: string) {
    return SqliteStore.token(this.stmt('SELECT * FROM live_tokens WHERE hash = ?').get(hash) as Record<string, unknown> | undefined);
  }

  async listTokens() {
    return (this.stmt('SELECT * FROM live_tokens ORDER BY created').all() as Record<string, unknown>[]).map((r) => SqliteStore.token(r)!);
  }

  async revokeToken(id: string, at: string) {
    return this.stmt('UPDATE live_tokens SET revoked = coalesce(revoked, ?) WHERE id = ?').run(at, id).changes > 0;
  }

  async createSession(x: SessionRecord) {
    this.stmt('INSERT INTO live_sessions (hash, token_hash, dataset, created, last_seen, expires) VALUES (?, ?, ?, ?, ?, ?)').run(x.hash, x.tokenHash, x.dataset, x.created, x.lastSeen, x.expires);
  }

  async findSession(hash: string) {
    return this.stmt('SELECT hash, token_hash AS tokenHash, dataset, created, last_seen AS lastSeen, expires FROM live_sessions WHERE hash = ?').get(hash) as SessionRecord | undefined;
  }

  async touchSession(hash: string, lastSeen: string) {
    this.stmt('UPDATE live_sessions SET last_seen = ? WHERE hash = ?').run(lastSeen, hash);
  }

  async deleteSession(hash: string) {
    this.stmt('DELETE FROM live_sessions WHERE hash = ?').run(hash);
  }

  async deleteExpiredSessions(now: string, idleBefore: string) {
    return this.stmt('DELETE FROM live_sessions WHERE expires <= ? OR last_seen < ?').run(now, idleBefore).changes;
  }

  async close() {
    this.db.close();
  }
}
