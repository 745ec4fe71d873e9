// Two real server processes on one PostgreSQL database (docs/deploying.md, "Several instances"):
// rows pushed to either reach the event-stream subscribers of both, exactly once, in seq order,
// resumable with Last-Event-ID, also across a dropped LISTEN connection; rate limits are counted
// across the processes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createToken, postgresState, type LiveState } from '../helpers/live.ts';
import { startServer, type RunningServer } from '../helpers/portal.ts';

const url = process.env.DATABASE_URL;
if (!url) console.log('live-fanout: skipped: DATABASE_URL is not set (.ci/run starts PostgreSQL and sets it)');

const SLUG = 'lits-reanimation';
type Row = { etablissement: string; jour: string; lits_occupes: number; lits_total: number };
const keyOf = (r: Row) => `${r.etablissement}|${r.jour}`;

/** The n-th test row: a key of its own (establishment H10…H99, a day from 2021-01-01). */
function rowNo(n: number, occupied = n % 7): Row {
  const day = new Date(Date.UTC(2021, 0, 1) + Math.floor(n / 90) * 86_400_000).toISOString().slice(0, 10);
  return { etablissement: `H${10 + (n % 90)}`, jour: day, lits_occupes: occupied, lits_total: 10 };
}

/** An event stream read in the background: every `rows` event, in the order received. */
class Subscriber {
  events: { id: number; rows: Row[] }[] = [];
  /** Every `retracted` event, and the kind of every event in the order received. */
  retractions: { id: number; rows: Row[] }[] = [];
  order: { id: number; kind: string }[] = [];
  private connected = false;
  private controller = new AbortController();
  private reading: Promise<void>;

  private constructor(private response: Response) {
    this.reading = this.read();
  }

  /** Subscribed once the server says ": connected" (it subscribes before saying so). */
  static async open(base: string, lastEventId?: number): Promise<Subscriber> {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/datasets/${SLUG}/events`, { signal: controller.signal, headers: lastEventId === undefined ? {} : { 'Last-Event-ID': String(lastEventId) } });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const s = new Subscriber(res);
    s.controller = controller;
    await s.until(() => s.connected, 10_000, 'the stream did not open');
    return s;
  }

  private async read() {
    const reader = this.response.body!.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) return;
        buf += decoder.decode(r.value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i).split('\n');
          buf = buf.slice(i + 2);
          if (block.includes(': connected')) this.connected = true;
          const id = block.find((l) => l.startsWith('id: '));
          const data = block.find((l) => l.startsWith('data: '));
          if (id && data && block.includes('event: rows')) this.events.push({ id: Number(id.slice(4)), rows: JSON.parse(data.slice(6)).rows });
          if (id && data && block.includes('event: retracted')) this.retractions.push({ id: Number(id.slice(4)), rows: JSON.parse(data.slice(6)).rows });
          const kind = block.find((l) => l.startsWith('event: '));
          if (id && kind) this.order.push({ id: Number(id.slice(4)), kind: kind.slice(7) });
        }
      }
    } catch {
      /* aborted */
    }
  }

  rows(): Row[] {
    return this.events.flatMap((e) => e.rows);
  }

  async until(done: () => boolean, timeoutMs: number, message: string) {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`${message} within ${timeoutMs} ms (got ${this.events.length} events, ${this.rows().length} rows)`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Wait until every row of `expected` arrived (and a little longer, to see any duplicate). */
  async receive(expected: Row[], timeoutMs = 20_000) {
    const want = new Set(expected.map(keyOf));
    await this.until(() => this.rows().filter((r) => want.has(keyOf(r))).length >= want.size, timeoutMs, `${want.size} rows did not arrive`);
    await new Promise((r) => setTimeout(r, 300));
  }

  async close() {
    this.controller.abort();
    await this.reading;
  }
}

/** Every row of `expected` exactly once, the event ids strictly increasing, nothing else. */
function expectExactlyOnceInOrder(sub: Subscriber, expected: Row[]) {
  const got = sub.rows().map(keyOf);
  expect(got.length).toBe(new Set(got).size);
  expect(new Set(got)).toEqual(new Set(expected.map(keyOf)));
  const ids = sub.events.map((e) => e.id);
  for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1]!);
}

async function push(base: string, token: string, rows: Row[]): Promise<Response> {
  return fetch(`${base}/api/datasets/${SLUG}/rows`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ rows }),
  });
}

async function pushAll(base: string, token: string, rows: Row[]) {
  const res = await push(base, token, rows);
  expect(res.status, await res.clone().text()).toBe(201);
}

/** A pair of processes on the same database, each with a state folder of its own. */
async function startPair(state: LiveState, env: Record<string, string>): Promise<[RunningServer, RunningServer]> {
  const own = () => ({ ...state.env, ...env, PORTAL_STATE_DIR: mkdtempSync(join(tmpdir(), 'portal-state-')) });
  return Promise.all([startServer(inject('fixtureDist'), own()), startServer(inject('fixtureDist'), own())]);
}

describe.skipIf(!url)('two server processes on one PostgreSQL database', () => {
  let state: LiveState;
  let a: RunningServer;
  let b: RunningServer;
  let token: string;
  let next = 0;
  const take = (n: number) => Array.from({ length: n }, () => rowNo(next++));

  beforeAll(async () => {
    state = await postgresState(url!);
    token = createToken(state, 'hopital-test', '--dataset', SLUG).token;
    [a, b] = await startPair(state, { PORTAL_RATE_LIMIT: '0' });
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await state?.cleanup();
  });

  it('rows pushed to A reach the subscribers of B (and of A) once each, in order', async () => {
    const onB = await Subscriber.open(b.url);
    const onA = await Subscriber.open(a.url);
    const single = take(1);
    await pushAll(a.url, token, single);
    await onB.receive(single);
    expect(onB.events).toHaveLength(1);
    expect(onB.events[0]!.rows).toEqual(single);

    const batch = take(25);
    await pushAll(a.url, token, batch);
    await onB.receive(batch);
    // One event per committed batch, as in one process.
    expect(onB.events).toHaveLength(2);
    expect(onB.events[1]!.rows).toEqual(batch);
    await onA.receive([...single, ...batch]);
    expect(onA.events.map((e) => e.id)).toEqual(onB.events.map((e) => e.id));
    expectExactlyOnceInOrder(onA, [...single, ...batch]);
    await Promise.all([onA.close(), onB.close()]);
  });

  it('a retraction on A reaches the subscribers of B once, after the write it retracts, with the row as it was', async () => {
    const onB = await Subscriber.open(b.url);
    const [row] = take(1);
    await pushAll(a.url, token, [row!]);
    const retract = await fetch(`${a.url}/api/datasets/${SLUG}/rows`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ keys: [{ etablissement: row!.etablissement, jour: row!.jour }], reason: 'sent twice' }),
    });
    expect(await retract.json()).toEqual({ retracted: 1 });
    await onB.until(() => onB.retractions.length >= 1, 20_000, 'the retraction did not arrive');
    await new Promise((r) => setTimeout(r, 300));
    expect(onB.order.map((e) => e.kind)).toEqual(['rows', 'retracted']);
    expect(onB.order[1]!.id).toBeGreaterThan(onB.order[0]!.id);
    expect(onB.retractions).toEqual([{ id: onB.order[1]!.id, rows: [row] }]);
    await onB.close();
  });

  it('concurrent pushes to both, singles and batches: every row once, in seq order, on both', async () => {
    const onA = await Subscriber.open(a.url);
    const onB = await Subscriber.open(b.url);
    const requests = Array.from({ length: 60 }, (_, i) => take(i % 4 === 0 ? 15 : 1));
    // Concurrent transactions on one dataset from two processes: the store must commit them in seq order.
    await Promise.all(requests.map((rows, i) => pushAll(i % 2 ? a.url : b.url, token, rows)));
    const all = requests.flat();
    await Promise.all([onA.receive(all), onB.receive(all)]);
    expectExactlyOnceInOrder(onA, all);
    expectExactlyOnceInOrder(onB, all);
    expect(onA.rows()).toEqual(onB.rows());

    // Resuming on B from the middle of the stream gives what came after it: no gap, no duplicate.
    const middle = Math.floor(onB.events.length / 2);
    const after = onB.events.slice(middle + 1).flatMap((e) => e.rows);
    await Promise.all([onA.close(), onB.close()]);
    const later = take(5);
    await pushAll(a.url, token, later);
    const resumed = await Subscriber.open(b.url, onB.events[middle]!.id);
    await resumed.receive([...after, ...later]);
    expectExactlyOnceInOrder(resumed, [...after, ...later]);
    expect(resumed.rows().map(keyOf)).toEqual([...after, ...later].map(keyOf));
    // And it goes on live.
    const live = take(3);
    await pushAll(b.url, token, live);
    await resumed.receive([...after, ...later, ...live]);
    expectExactlyOnceInOrder(resumed, [...after, ...later, ...live]);
    await resumed.close();
  });

  it('a dropped LISTEN connection is reconnected, without losing an event; /readyz tells meanwhile', async () => {
    const onB = await Subscriber.open(b.url);
    const before = take(2);
    await pushAll(a.url, token, before);
    await onB.receive(before);
    // Cut both processes' LISTEN connections, then push while they reconnect.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const polling = (async () => {
      const seen: number[] = [];
      for (let i = 0; i < 40; i++) {
        const ready = await fetch(`${b.url}/readyz`);
        seen.push(ready.status);
        if (ready.status === 503) expect(((await ready.json()) as { checks: { events: { ok: boolean } } }).checks.events.ok).toBe(false);
        else await ready.body?.cancel();
        if (seen.includes(503) && ready.status === 200) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      return seen;
    })();
    const cut = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'portal-events' AND datname = current_database()");
    await admin.end();
    expect(cut.rowCount).toBeGreaterThanOrEqual(2);
    const during = take(20);
    await Promise.all([pushAll(a.url, token, during.slice(0, 10)), pushAll(a.url, token, during.slice(10))]);
    await onB.receive([...before, ...during]);
    expectExactlyOnceInOrder(onB, [...before, ...during]);
    const statuses = await polling;
    // The reconnection waits at least 250 ms: the polls see it down, then up.
    expect(statuses, statuses.join(' ')).toContain(503);
    // Back up: ready again.
    let ready = 0;
    for (let i = 0; i < 100 && ready !== 200; i++) {
      ready = (await fetch(`${b.url}/readyz`)).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready).toBe(200);
    // The operator's log says both.
    expect(b.log()).toMatch(/the LISTEN connection to PostgreSQL is down .*; trying again/);
    expect(b.log()).toMatch(/the LISTEN connection to PostgreSQL is back after [\d.]+ s/);
    const after = take(2);
    await pushAll(a.url, token, after);
    await onB.receive([...before, ...during, ...after]);
    expectExactlyOnceInOrder(onB, [...before, ...during, ...after]);
    await onB.close();
  });
});

describe.skipIf(!url)('rate limits across two processes on one PostgreSQL database', () => {
  let state: LiveState;
  let servers: RunningServer[] = [];

  beforeAll(async () => {
    state = await postgresState(url!);
    // 12 a minute: bursts of 2, then one more every 5 s.
    servers = await startPair(state, { PORTAL_RATE_LIMIT: '12' });
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await state?.cleanup();
  });

  it('one token gets its burst once in all, not once per process', async () => {
    const { token } = createToken(state, 'hopital-test', '--dataset', SLUG);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => push(servers[i % 2]!.url, token, [rowNo(10_000 + i)])));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    const limited = answers.find((r) => r.status === 429)!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(5);
    // Another token has its own bucket.
    const other = createToken(state, 'hopital-test', '--dataset', SLUG).token;
    expect((await push(servers[1]!.url, other, [rowNo(10_100)])).status).toBe(201);
  });
});
