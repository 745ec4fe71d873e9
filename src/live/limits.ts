// Per-request work caps of the rows API, with their defaults. The environment can change each
// one (liveSettings in src/server/live.ts); docs/security.md lists them and what a client sees.

export const PUSH_LIMIT_DEFAULTS = {
  /** PORTAL_PUSH_MAX_COLUMNS: cells in a CSV header, properties in a JSON row. */
  maxColumns: 1000,
  /** PORTAL_PUSH_MAX_ROWS: rows in one request (the benchmark sends 10,000). */
  maxRows: 10_000,
  /** PORTAL_PUSH_MAX_PROBLEMS_PER_ROW: problems listed for one row. */
  perRow: 20,
  /** PORTAL_PUSH_MAX_PROBLEMS: problems listed in one answer; the rest are counted. */
  total: 100,
  /** PORTAL_PUSH_MAX_MESSAGE: characters of one message or field name in an answer. */
  messageLength: 200,
} as const;

export type PushLimits = { -readonly [K in keyof typeof PUSH_LIMIT_DEFAULTS]: number };

/** Environment variable of each cap. */
export const PUSH_LIMIT_VARIABLES: Record<keyof PushLimits, string> = {
  maxColumns: 'PORTAL_PUSH_MAX_COLUMNS',
  maxRows: 'PORTAL_PUSH_MAX_ROWS',
  perRow: 'PORTAL_PUSH_MAX_PROBLEMS_PER_ROW',
  total: 'PORTAL_PUSH_MAX_PROBLEMS',
  messageLength: 'PORTAL_PUSH_MAX_MESSAGE',
};
