import { createHash, timingSafeEqual } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics (prom-client), per process: with two instances, Prometheus scrapes each and
 * sums. Routes are grouped into a few classes, never raw paths: a label per dataset or per
 * typo'd address would grow without end.
 */
export type RouteClass = 'asset' | 'page' | 'file' | 'export' | 'search' | 'rows' | 'events' | 'api' | 'report' | 'ops';

const LANG = '(?:[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*/)?';
const RULES: [RegExp, RouteClass][] = [
  [/^\/(?:healthz|readyz|metrics)$/, 'ops'],
  [/^\/_astro\//, 'asset'],
  [/^\/api\/datasets\/[^/]+\/rows$/, 'rows'],
  [/^\/api\/datasets\/[^/]+\/events$/, 'events'],
  [/^\/api\/search$/, 'search'],
  [/^\/api\//, 'api'],
  [new RegExp(`^/${LANG}(?:report|reporting)(?:/|$)`), 'report'],
  [new RegExp(`^/${LANG}datasets/[^/]+/(?:files|derived)/`), 'file'],
  [/\.(?:jsonld|ttl|xml|json|csv|txt)$/, 'export'],
];

export function routeClass(path: string): RouteClass {
  for (const [re, cls] of RULES) if (re.test(path)) return cls;
  return 'page';
}

export interface PortalMetrics {
  registry: Registry;
  requests: Counter<'route' | 'method' | 'status'>;
  duration: Histogram<'route'>;
  pushes: Counter<'outcome' | 'status'>;
}

export function createMetrics(options: { openStreams: () => number; version: string }): PortalMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ app: 'portal' });
  // Process CPU, memory, event-loop lag, open handles: the first things to look at under load.
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'portal_http_requests_total',
    help: 'HTTP requests answered, by route class, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'portal_http_request_duration_seconds',
    help: 'Time from request to the end of the answer (event streams excluded), by route class.',
    labelNames: ['route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const pushes = new Counter({
    name: 'portal_pushes_total',
    help: 'Pushes to the rows API: accepted (2xx) or refused (4xx/5xx), by status.',
    labelNames: ['outcome', 'status'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'portal_event_streams_open',
    help: 'Event streams open now.',
    registers: [registry],
    collect() {
      this.set(options.openStreams());
    },
  });
  new Gauge({ name: 'portal_build_info', help: 'Always 1; the labels say which version runs on which Node.', labelNames: ['version', 'node'] as const, registers: [registry] }).set(
    { version: options.version, node: process.version },
    1,
  );
  return { registry, requests, duration, pushes };
}

/**
 * Who may read /metrics: with PORTAL_METRICS_TOKEN set, whoever sends it as a Bearer token; without
 * it, only a client on the same machine (the socket's own address: a proxy's X-Forwarded-For is
 * not asked, so a proxy on the same machine must not pass /metrics on; deploy/nginx.conf does not).
 */
export function metricsAllowed(remoteAddress: string | undefined, authorization: string | undefined, token: string | undefined): boolean {
  if (token) {
    // Compared as digests, in constant time: the answer's timing says nothing about the token.
    const digest = (v: string) => createHash('sha256').update(v).digest();
    return authorization !== undefined && timingSafeEqual(digest(authorization), digest(`Bearer ${token}`));
  }
  return remoteAddress === '127.0.0.1' || remoteAddress === '::1' || remoteAddress === '::ffff:127.0.0.1';
}
