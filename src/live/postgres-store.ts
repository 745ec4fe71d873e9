import pg from 'pg';
import {
  idempotencyCleanupEvery,
  tokenColumns,
  type AuditEntry,
  type Author,
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

// Each migration runs once, in order, recorded in live_migrations; all run at start.
const MIGRATIONS = [
  `CREATE SEQUENCE IF NOT EXISTS live_seq;
   CREATE TABLE IF NOT EXISTS live_rows (
     dataset TEXT NOT NULL, key TEXT NOT NULL, data JSONB NOT NULL, reporter TEXT, arrived TIMESTAMPTZ,
     seq BIGINT NOT NULL, PRIMARY KEY (dataset, key));
   CREATE INDEX IF NOT EXISTS live_rows_seq ON live_rows (dataset, seq);
   CREATE TABLE IF NOT EXISTS live_idempotency (
     scope TEXT NOT NULL, key TEXT NOT NULL, hash TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL,
     created TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (scope, key));
   CREATE TABLE IF NOT EXISTS live_seeds (dataset TEXT PRIMARY KEY, digest TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS live_tokens (
     id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, publisher TEXT NOT NULL, datasets JSONB NOT NULL,
     label TEXT, created TIMESTAMPTZ NOT NULL, expires TIMESTAMPTZ, revoked TIMESTAMPTZ);`,
  // 2: reporting-form sessions (src/live/session.ts).
  `CREATE TABLE IF NOT EXISTS live_sessions (
     hash TEXT PRIMARY KEY, token_hash TEXT NOT NULL, dataset TEXT NOT NULL,
     created TIMESTAMPTZ NOT NULL, last_seen TIMESTAMPTZ NOT NULL, expires TIMESTAMPTZ NOT NULL);`,
  // 3: tokens limited to some reporters (src/live/scope.ts).
  `ALTER TABLE live_tokens ADD COLUMN IF NOT EXISTS reporters JSONB NOT NULL DEFAULT '[]';`,
  // 4: the audit log (every version of every row: who, when, why); the current rows are its first versions.
  `CREATE TABLE live_audit (
     id BIGSERIAL PRIMARY KEY, dataset TEXT NOT NULL, key TEXT NOT NULL, action TEXT NOT NULL,
     data JSONB, reporter TEXT, at TIMESTAMPTZ, token TEXT, reason TEXT);
   CREATE INDEX live_audit_key ON live_audit (dataset, key, id);
   INSERT INTO live_audit (dataset, key, action, data, reporter, at)
     SELECT dataset, key, CASE WHEN arrived IS NULL THEN 'seed' ELSE 'write' END, data, reporter, arrived FROM live_rows ORDER BY seq;`,
  // 5: rate limits shared by every process on this database: a token bucket per key (src/live/rate-limit.ts).
  `CREATE TABLE IF NOT EXISTS live_rate_limits (key TEXT PRIMARY KEY, tokens DOUBLE PRECISION NOT NULL, at DOUBLE PRECISION NOT NULL);`,
  // 6: rows and log entries whose jump was confirmed (src/live/jumps.ts).
  `ALTER TABLE live_rows ADD COLUMN IF NOT EXISTS confirmed BOOLEAN NOT NULL DEFAULT false;
   ALTER TABLE live_audit ADD COLUMN IF NOT EXISTS confirmed BOOLEAN NOT NULL DEFAULT false;
   CREATE INDEX IF NOT EXISTS live_rows_reporter ON live_rows (dataset, reporter);`,
  // 7: retractions for event streams (rowsSince): the retracted row as it was, numbered from live_seq like writes.
  `CREATE TABLE IF NOT EXISTS live_retractions (dataset TEXT NOT NULL, seq BIGINT NOT NULL, arrived TIMESTAMPTZ NOT NULL, data JSONB NOT NULL, PRIMARY KEY (dataset, seq));`,
];

/**
 * The NOTIFY channel of committed rows; the payload is {"d": dataset, "s": last seq, "n": schema}
 * (pg-fanout.ts). Notifications reach the whole database: the schema tells portals that share a
 * database in schemas of their own apart.
 */
export const ROWS_CHANNEL = 'portal_live_rows';
/** First key of the per-dataset advisory lock (the second is hashtext(dataset)). */
const DATASET_LOCK = 724503;
/** The database's clock in milliseconds: every process on the database agrees on it. */
const NOW_MS = 'extract(epoch FROM clock_timestamp()) * 1000';

const iso = (v: unknown): string | null => (v == null ? null : v instanceof Date ? v.toISOString() : String(v));
type RawRow = { seq: string; arrived: Date | null; data: Record<string, unknown>; confirmed?: boolean; retracted?: boolean };
const toRow = (r: RawRow): LiveRow => ({ seq: Number(r.seq), arrived: iso(r.arrived), data: r.data, ...(r.confirmed ? { confirmed: true } : {}), ...(r.retracted ? { retracted: true } : {}) });
const AUDIT_COLUMNS = 'id, key, action, data, reporter, at, token, reason, confirmed';
type RawAudit = Omit<AuditEntry, 'id' | 'at'> & { id: string; at: Date | null };
const toAudit = (x: RawAudit): AuditEntry => ({ ...x, id: Number(x.id), at: iso(x.at), confirmed: x.confirmed === true });

/** Live rows in PostgreSQL (DATABASE_URL); one transaction per request, committed before the answer. */
export class PostgresStore implements LiveStore {
  readonly kind = 'postgres' as const;
  private pool: pg.Pool;
  private idempotencyCleaned = 0;

  constructor(
    url: string,
    private readonly options: StoreOptions = { idempotencyRetentionMs: 86_400_000 },
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 10 });
    this.pool.on('error', (e) => console.error(`postgres: ${e.message}`));
  }

  async migrate() {
    const c = await this.pool.connect();
    try {
      await c.query('SELECT pg_advisory_lock(724501)');
      await c.query('CREATE TABLE IF NOT EXISTS live_migrations (id INTEGER PRIMARY KEY, applied TIMESTAMPTZ NOT NULL DEFAULT now())');
      const done = new Set((await c.query<{ id: number }>('SELECT id FROM live_migrations')).rows.map((r) => r.id));
      for (const [i, sql] of MIGRATIONS.entries()) {
        if (done.has(i + 1)) continue;
        await c.query('BEGIN');
        await c.query(sql);
        await c.query('INSERT INTO live_migrations (id) VALUES ($1)', [i + 1]);
        await c.query('COMMIT');
      }
    } finally {
      await c.query('SELECT pg_advisory_unlock(724501)').catch(() => {});
      c.release();
    }
  }

  private async insert(c: pg.PoolClient, dataset: string, rows: StoredRowInput[], arrived: string | null, onConflict: 'update' | 'nothing', author: Author = { token: null }) {
    if (rows.length === 0) return { n: 0, seq: 0 };
    // Commit order = seq order per dataset: the lock is taken before the sequence numbers and held
    // until the commit, so once a reader sees seq n of a dataset it already sees every seq below
    // (a reader that advanced past n never misses a row; pg-fanout.ts relies on it).
    await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DATASET_LOCK, dataset]);
    const conflict =
      onConflict === 'update' ? 'DO UPDATE SET data = excluded.data, reporter = excluded.reporter, arrived = excluded.arrived, seq = excluded.seq, confirmed = excluded.confirmed' : 'DO NOTHING';
    // Every row written is also a version in the audit log, in the same statement (so the same transaction).
    const r = await c.query<{ m: string | null; n: string }>(
      `WITH w AS (INSERT INTO live_rows (dataset, key, data, reporter, arrived, seq, confirmed)
         SELECT $1, k, d::jsonb, r, $5::timestamptz, nextval('live_seq'), c FROM unnest($2::text[], $3::text[], $4::text[], $9::boolean[]) WITH ORDINALITY AS t(k, d, r, c, o) ORDER BY o
         ON CONFLICT (dataset, key) ${conflict} RETURNING seq, key, data, reporter, confirmed),
       a AS (INSERT INTO live_audit (dataset, key, action, data, reporter, at, token, reason, confirmed)
         SELECT $1, key, $6, data, reporter, $5::timestamptz, $7, $8, confirmed FROM w ORDER BY seq),
       s AS (SELECT max(seq) AS m, count(*) AS n FROM w)
       -- Other processes learn of the rows at the commit (a notification is sent only then): never the rows, only where they end.
       SELECT m, n, CASE WHEN n > 0 THEN pg_notify($10, json_build_object('d', $1::text, 's', m, 'n', current_schema())::text) END FROM s`,
      [
        dataset,
        rows.map((x) => x.key),
        rows.map((x) => JSON.stringify(x.data)),
        rows.map((x) => x.reporter),
        arrived,
        onConflict === 'update' ? 'write' : 'seed',
        author.token,
        author.reason ?? null,
        rows.map((x) => x.confirmed === true),
        ROWS_CHANNEL,
      ],
    );
    return { n: Number(r.rows[0]!.n), seq: Number(r.rows[0]!.m ?? 0) };
  }

  /**
   * Delete idempotency records past the retention, at most once a minute, at a write. Run in
   * its own statement, outside the request's transaction, so it never holds that one up.
   */
  private async expireIdempotency() {
    const now = Date.now();
    const { idempotencyRetentionMs: keep } = this.options;
    if (now - this.idempotencyCleaned < idempotencyCleanupEvery(keep)) return;
    this.idempotencyCleaned = now;
    await this.pool.query('DELETE FROM live_idempotency WHERE created < now() - make_interval(secs => $1)', [keep / 1000]);
  }

  async upsertRows(batch: UpsertBatch): Promise<UpsertResult> {
    await this.expireIdempotency();
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const idem = batch.idempotency;
      if (idem) {
        const ins = await c.query('INSERT INTO live_idempotency (scope, key, hash, status, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
          idem.scope,
          idem.key,
          idem.record.hash,
          idem.record.status,
          idem.record.body,
        ]);
        if (ins.rowCount === 0) {
          await c.query('ROLLBACK');
          return { stored: 0, seq: 0, replay: await this.getIdempotency(idem.scope, idem.key) };
        }
      }
      const { seq } = await this.insert(c, batch.dataset, batch.rows, batch.arrived, 'update', batch.author);
      await c.query('COMMIT');
      return { stored: batch.rows.length, seq };
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  async seed(dataset: string, digest: string, rows: StoredRowInput[]) {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock(724502)');
      const done = await c.query<{ digest: string }>('SELECT digest FROM live_seeds WHERE dataset = $1', [dataset]);
      if (done.rows[0]?.digest === digest) {
        await c.query('ROLLBACK');
        return 0;
      }
      const { n } = await this.insert(c, dataset, rows, null, 'nothing');
      await c.query('INSERT INTO live_seeds (dataset, digest) VALUES ($1, $2) ON CONFLICT (dataset) DO UPDATE SET digest = excluded.digest', [dataset, digest]);
      await c.query('COMMIT');
      return n;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  private where(dataset: string, query: RowQuery) {
    const clauses = ['dataset = $1'];
    const params: unknown[] = [dataset];
    const p = (v: unknown) => `$${params.push(v)}`;
    for (const [field, value] of Object.entries(query.equals ?? {})) clauses.push(`data -> ${p(field)} = ${p(JSON.stringify(value))}::jsonb`);
    if (query.range?.from) clauses.push(`data ->> ${p(query.range.field)} >= ${p(query.range.from)}`);
    if (query.range?.to) clauses.push(`data ->> ${p(query.range.field)} <= ${p(query.range.to)}`);
    return { sql: clauses.join(' AND '), params, p };
  }

  async readRows(dataset: string, query: RowQuery) {
    const { sql, params, p } = this.where(dataset, query);
    const total = Number((await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM live_rows WHERE ${sql}`, params)).rows[0]!.n);
    const limit = query.limit === undefined ? 'ALL' : p(query.limit);
    const rows = (await this.pool.query<RawRow>(`SELECT seq, arrived, data, confirmed FROM live_rows WHERE ${sql} ORDER BY key COLLATE "C" LIMIT ${limit} OFFSET ${p(query.offset ?? 0)}`, params))
      .rows;
    return { rows: rows.map(toRow), total };
  }

  async *streamAll(dataset: string, pageSize = 5000): AsyncIterable<LiveRow[]> {
    let after = '';
    for (;;) {
      const page = (
        await this.pool.query<RawRow & { key: string }>('SELECT key, seq, arrived, data, confirmed FROM live_rows WHERE dataset = $1 AND key COLLATE "C" > $2 ORDER BY key COLLATE "C" LIMIT $3', [
          dataset,
          after,
          pageSize,
        ])
      ).rows;
      if (page.length === 0) return;
      after = page[page.length - 1]!.key;
      yield page.map(toRow);
      if (page.length < pageSize) return;
    }
  }

  async rowsSince(dataset: string, seq: number, limit = 10_000) {
    const r = await this.pool.query<RawRow>(
      `SELECT seq, arrived, data, false AS retracted FROM live_rows WHERE dataset = $1 AND seq > $2
       UNION ALL SELECT seq, arrived, data, true AS retracted FROM live_retractions WHERE dataset = $1 AND seq > $2
       ORDER BY seq LIMIT $3`,
      [dataset, seq, limit],
    );
    return r.rows.map(toRow);
  }

  async lastSeq(dataset: string) {
    const r = await this.pool.query<{ s: string }>('SELECT greatest((SELECT max(seq) FROM live_rows WHERE dataset = $1), (SELECT max(seq) FROM live_retractions WHERE dataset = $1), 0) AS s', [
      dataset,
    ]);
    return Number(r.rows[0]!.s);
  }

  async retractRows(batch: RetractBatch) {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      // The writes' lock: the retraction's sequence numbers come after every committed write's,
      // and other processes learn of it by the same notification (pg-fanout.ts reads it back).
      await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DATASET_LOCK, batch.dataset]);
      const r = await c.query<{ m: string | null; rows: Record<string, unknown>[] | null }>(
        `WITH d AS (DELETE FROM live_rows WHERE dataset = $1 AND key = ANY($2::text[]) RETURNING key, reporter, data),
         a AS (INSERT INTO live_audit (dataset, key, action, data, reporter, at, token, reason)
           SELECT $1, key, 'retract', NULL, reporter, $3::timestamptz, $4, $5 FROM d ORDER BY key),
         e AS (INSERT INTO live_retractions (dataset, seq, arrived, data)
           SELECT $1, nextval('live_seq'), $3::timestamptz, data FROM (SELECT key, data FROM d ORDER BY key) o RETURNING seq, data),
         s AS (SELECT max(seq) AS m, count(*) AS n FROM e)
         SELECT m, (SELECT json_agg(data ORDER BY seq) FROM e) AS rows,
           CASE WHEN n > 0 THEN pg_notify($6, json_build_object('d', $1::text, 's', m, 'n', current_schema())::text) END FROM s`,
        [batch.dataset, batch.keys, batch.at, batch.author.token, batch.author.reason ?? null, ROWS_CHANNEL],
      );
      await c.query('COMMIT');
      const rows = r.rows[0]?.rows ?? [];
      return { retracted: rows.length, seq: Number(r.rows[0]?.m ?? 0), rows };
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  async readRowsAsOf(dataset: string, asOf: string, query: RowQuery) {
    const { sql, params } = this.where(dataset, query);
    const asOfParam = `$${params.length + 1}`;
    // The last version of each key known at asOf (rows of the published file are known from the start).
    const latest = `WITH latest AS (
      SELECT DISTINCT ON (key) id AS seq, at AS arrived, data, key, dataset, action, confirmed FROM live_audit
      WHERE dataset = $1 AND (at IS NULL OR at <= ${asOfParam}::timestamptz) ORDER BY key, id DESC)`;
    const total = await this.pool.query<{ n: string }>(`${latest} SELECT count(*) AS n FROM latest WHERE action != 'retract' AND ${sql}`, [...params, asOf]);
    const n = params.length + 2;
    const rows = await this.pool.query<RawRow>(`${latest} SELECT seq, arrived, data, confirmed FROM latest WHERE action != 'retract' AND ${sql} ORDER BY key LIMIT $${n} OFFSET $${n + 1}`, [
      ...params,
      asOf,
      query.limit ?? null,
      query.offset ?? 0,
    ]);
    return { rows: rows.rows.map(toRow), total: Number(total.rows[0]!.n) };
  }

  async readAudit(dataset: string, afterId = 0, limit = 10_000) {
    const r = await this.pool.query<RawAudit>(`SELECT ${AUDIT_COLUMNS} FROM live_audit WHERE dataset = $1 AND id > $2 ORDER BY id LIMIT $3`, [dataset, afterId, limit]);
    return r.rows.map(toAudit);
  }

  async recentAudit(dataset: string, limit: number) {
    const r = await this.pool.query<RawAudit>(`SELECT ${AUDIT_COLUMNS} FROM live_audit WHERE dataset = $1 AND action != 'seed' ORDER BY id DESC LIMIT $2`, [dataset, limit]);
    return r.rows.map(toAudit);
  }

  async previousRows(dataset: string, reporter: string, field: string, from: string, before: string) {
    const r = await this.pool.query<{ data: Record<string, unknown> }>(
      `(SELECT data, data ->> $3 AS d FROM live_rows WHERE dataset = $1 AND reporter = $2 AND data ->> $3 < $4 ORDER BY d DESC LIMIT 1)
       UNION ALL (SELECT data, data ->> $3 AS d FROM live_rows WHERE dataset = $1 AND reporter = $2 AND data ->> $3 >= $4 AND data ->> $3 < $5)
       ORDER BY d`,
      [dataset, reporter, field, from, before],
    );
    return r.rows.map((x) => x.data);
  }

  async recentRows(dataset: string, reporters: string[], limit: number) {
    const r = await this.pool.query<RawRow & { key: string; reporter: string | null }>(
      'SELECT key, reporter, seq, arrived, data, confirmed FROM live_rows WHERE dataset = $1 AND (cardinality($2::text[]) = 0 OR reporter = ANY($2::text[])) ORDER BY seq DESC LIMIT $3',
      [dataset, reporters, limit],
    );
    return r.rows.map((x) => ({ ...toRow(x), key: x.key, reporter: x.reporter }));
  }

  async rowByKey(dataset: string, key: string) {
    const r = await this.pool.query<RawRow & { key: string; reporter: string | null }>('SELECT key, reporter, seq, arrived, data, confirmed FROM live_rows WHERE dataset = $1 AND key = $2', [
      dataset,
      key,
    ]);
    const x = r.rows[0];
    return x ? { ...toRow(x), key: x.key, reporter: x.reporter } : undefined;
  }

  async reportersOf(dataset: string, keys: string[]) {
    const out = new Map<string, string | null>();
    if (keys.length === 0) return out;
    const r = await this.pool.query<{ key: string; reporter: string | null }>('SELECT key, reporter FROM live_rows WHERE dataset = $1 AND key = ANY($2::text[])', [dataset, keys]);
    for (const row of r.rows) out.set(row.key, row.reporter);
    return out;
  }

  async lastArrivals(dataset: string) {
    const all = (await this.pool.query<{ a: Date | null; n: string }>('SELECT max(arrived) AS a, count(*) AS n FROM live_rows WHERE dataset = $1', [dataset])).rows[0]!;
    const reporters = (
      await this.pool.query<{ reporter: string; a: Date | null; n: string }>(
        'SELECT reporter, max(arrived) AS a, count(*) AS n FROM live_rows WHERE dataset = $1 AND reporter IS NOT NULL GROUP BY reporter ORDER BY reporter COLLATE "C"',
        [dataset],
      )
    ).rows.map((r): ReporterArrival => ({ reporter: r.reporter, lastArrival: iso(r.a), rows: Number(r.n) }));
    return { lastArrival: iso(all.a), rows: Number(all.n), reporters };
  }

  /**
   * Take one request from the token bucket of `key`, shared by every process on this database:
   * one statement refills and takes atomically (the row is locked while it runs). 0 when allowed,
   * otherwise the seconds until a request is allowed.
   */
  async takeRateToken(key: string, perMinute: number, burst: number): Promise<number> {
    const rate = perMinute / 60_000;
    const taken = await this.pool.query(
      `INSERT INTO live_rate_limits AS b (key, tokens, at) VALUES ($1, $3::float8 - 1, ${NOW_MS})
       ON CONFLICT (key) DO UPDATE SET tokens = least($3::float8, b.tokens + (excluded.at - b.at) * $2::float8) - 1, at = excluded.at
       WHERE least($3::float8, b.tokens + (excluded.at - b.at) * $2::float8) >= 1
       RETURNING 1`,
      [key, rate, burst],
    );
    if (taken.rowCount) return 0;
    const r = await this.pool.query<{ tokens: number }>(`SELECT least($2::float8, tokens + (${NOW_MS} - at) * $3::float8) AS tokens FROM live_rate_limits WHERE key = $1`, [key, burst, rate]);
    return Math.max(1, Math.ceil((1 - (r.rows[0]?.tokens ?? 0)) / rate / 1000));
  }

  async getIdempotency(scope: string, key: string) {
    const r = await this.pool.query<IdempotencyRecord>('SELECT hash, status, body FROM live_idempotency WHERE scope = $1 AND key = $2', [scope, key]);
    return r.rows[0];
  }

  async addToken(t: TokenRecord) {
    await this.pool.query('INSERT INTO live_tokens (id, hash, publisher, datasets, reporters, label, created, expires, revoked) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', tokenColumns(t));
  }

  private static token(r: Record<string, unknown> | undefined): TokenRecord | undefined {
    if (!r) return undefined;
    return {
      id: r.id as string,
      hash: r.hash as string,
      publisher: r.publisher as string,
      datasets: r.datasets as string[],
      reporters: (r.reporters as string[] | undefined) ?? [],
      label: (r.label as string | null) ?? null,
      created: iso(r.created)!,
      expires: iso(r.expires),
      revoked: iso(r.revoked),
    };
  }

  async findToken(hash: string) {
    return PostgresStore.token((await this.pool.query('SELECT * FROM live_tokens WHERE hash = $1', [hash])).rows[0]);
  }

  async listTokens() {
    return (await this.pool.query('SELECT * FROM live_tokens ORDER BY created')).rows.map((r) => PostgresStore.token(r)!);
  }

  async revokeToken(id: string, at: string) {
    return ((await this.pool.query('UPDATE live_tokens SET revoked = coalesce(revoked, $1) WHERE id = $2', [at, id])).rowCount ?? 0) > 0;
  }

  async createSession(x: SessionRecord) {
    await this.pool.query('INSERT INTO live_sessions (hash, token_hash, dataset, created, last_seen, expires) VALUES ($1, $2, $3, $4, $5, $6)', [
      x.hash,
      x.tokenHash,
      x.dataset,
      x.created,
      x.lastSeen,
      x.expires,
    ]);
  }

  async findSession(hash: string) {
    const r = (await this.pool.query('SELECT hash, token_hash, dataset, created, last_seen, expires FROM live_sessions WHERE hash = $1', [hash])).rows[0];
    if (!r) return undefined;
    return { hash: r.hash, tokenHash: r.token_hash, dataset: r.dataset, created: iso(r.created)!, lastSeen: iso(r.last_seen)!, expires: iso(r.expires)! } as SessionRecord;
  }

  async touchSession(hash: string, lastSeen: string) {
    await this.pool.query('UPDATE live_sessions SET last_seen = $1 WHERE hash = $2', [lastSeen, hash]);
  }

  async deleteSession(hash: string) {
    await this.pool.query('DELETE FROM live_sessions WHERE hash = $1', [hash]);
  }

  async deleteExpiredSessions(now: string, idleBefore: string) {
    return (await this.pool.query('DELETE FROM live_sessions WHERE expires <= $1 OR last_seen < $2', [now, idleBefore])).rowCount ?? 0;
  }

  async close() {
    await this.pool.end();
  }
}
