/**
 * A token bucket per key (API token): `perMinute` requests a minute on average, bursts of up
 * to `burst`. One interface, chosen in one place (src/server/live.ts): in memory with SQLite
 * (one process owns the store), in the database with PostgreSQL (shared by every process).
 */
export interface RateLimit {
  /** 0 when allowed; otherwise the seconds to wait (for Retry-After). */
  take(key: string): Promise<number>;
}

/** Bursts allowed by default: ten seconds' worth of requests, at least one. */
export const defaultBurst = (perMinute: number) => Math.max(1, Math.ceil(perMinute / 6));

/** In memory: one server process owns its limits. */
export class RateLimiter implements RateLimit {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private perMinute: number,
    private burst = defaultBurst(perMinute),
  ) {}

  async take(key: string, now = Date.now()): Promise<number> {
    if (this.perMinute <= 0) return 0;
    const rate = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }
}

/** The buckets in the shared database (PostgresStore.takeRateToken): every process counts the same requests. */
export class SharedRateLimiter implements RateLimit {
  constructor(
    private store: { takeRateToken(key: string, perMinute: number, burst: number): Promise<number> },
    private perMinute: number,
    private burst = defaultBurst(perMinute),
  ) {}

  async take(key: string): Promise<number> {
    if (this.perMinute <= 0) return 0;
    return this.store.takeRateToken(key, this.perMinute, this.burst);
  }
}
