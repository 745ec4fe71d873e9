// Serves an existing build (dist/): Astro's handler (static pages and data files from
// dist/client, on-demand routes from dist/server) inside the portal's own HTTP server, which
// applies the security headers, publisher-file rules, body limits, timeouts, CORS and
// event-stream caps to every request (src/server/http/). HOST, PORT and PORTAL_DIST override.
// Run as `node --import tsx scripts/serve.ts`: one process, so a signal reaches the server itself.
import { existsSync, readFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuntimeCatalog } from '../src/site/runtime-catalog-types.ts';
import { loadPrecompressed } from '../src/server/http/compression.ts';
import { createPortalServer, tlsFromEnv } from '../src/server/http/server.ts';
import { astroInlineScriptHashes } from '../src/server/http/security-headers.ts';
import { httpSettings } from '../src/server/http/settings.ts';
import { numberSetting, settingsProblems } from '../src/settings.ts';

const dist = resolve(process.env.PORTAL_DIST || 'dist');
const entry = resolve(dist, 'server', 'entry.mjs');
if (!existsSync(entry)) {
  console.error(`No built site in ${dist}: run "npm run build" first (or "npm start" to validate, build and serve).`);
  process.exit(1);
}
process.env.PORTAL_DIST = dist;
const host = (process.env.HOST ||= '127.0.0.1');
const port = Number((process.env.PORT ||= '4321'));
// Every bad variable at once, each named with what it should be (src/settings.ts).
const problems = settingsProblems();
if (problems.length > 0) {
  console.error(`The server cannot start; fix these environment variables:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
let settings;
try {
  settings = httpSettings();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
// The adapter would start its own server on import; we want only its handler.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const { handler } = (await import(pathToFileURL(entry).href)) as { handler: RequestListener };

const catalog = JSON.parse(readFileSync(join(dist, 'portal', 'catalog.json'), 'utf8')) as RuntimeCatalog;
const tls = tlsFromEnv();
const { server, streams } = createPortalServer({
  handler,
  settings,
  scriptHashes: await astroInlineScriptHashes(),
  baseUrl: catalog.portal.baseUrl,
  strings: { languages: catalog.portal.languages, ui: catalog.ui },
  clientDir: join(dist, 'client'),
  precompressed: loadPrecompressed(dist),
  version: process.env.npm_package_version || 'unknown',
  metricsToken: process.env.PORTAL_METRICS_TOKEN || undefined,
  tls,
});
server.on('error', (e) => {
  console.error(`The server could not start: ${e.message}`);
  process.exit(1);
});
server.listen(port, host, () => {
  console.log(`Portal served at ${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}/`);
});

// Graceful shutdown (SIGTERM from systemd, a container runtime or a deploy script): stop
// accepting connections, end event streams with a reconnection hint, let in-flight requests
// (pushes are answered only after their commit) finish, then exit. A request still running after
// PORTAL_SHUTDOWN_TIMEOUT seconds is cut: its client never got an acknowledgement.
let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  const ended = streams.endAll();
  console.log(`${signal}: stopping; ended ${ended} event stream(s), finishing requests in progress`);
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => {
    console.log(`${signal}: requests still running after ${shutdownTimeout} s; exiting`);
    process.exit(0);
  }, shutdownTimeout * 1000).unref();
};
const shutdownTimeout = numberSetting('PORTAL_SHUTDOWN_TIMEOUT');
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
