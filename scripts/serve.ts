// Serves an existing build (dist/): Astro's handler (static pages and data files from
// dist/client, on-demand routes from dist/server) inside the portal's own HTTP server, which
// applies the security headers, publisher-file rules, body limits, timeouts, CORS and
// event-stream caps to every request (src/server/http/). HOST, PORT and PORTAL_DIST override.
// When `npm run build` switches dist/ to a new build, the server serves it without a restart
// (src/server/site.ts): pages, files, search index, runtime catalog, CKAN answers; SIGHUP asks
// for the check at once.
// Run as `node --import tsx scripts/serve.ts`: one process, so a signal reaches the server itself.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createPortalServer, tlsFromEnv } from '../src/server/http/server.ts';
import { astroInlineScriptHashes } from '../src/server/http/security-headers.ts';
import { httpSettings } from '../src/server/http/settings.ts';
import { pushAnswer } from '../src/server/push-route.ts';
import { loadSite, SiteSwitch } from '../src/server/site.ts';
import { numberSetting, settingsProblems, textSetting } from '../src/settings.ts';

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
const sites = new SiteSwitch(dist, await loadSite(dist));
const first = sites.current;
// Publishing (CKAN write actions) needs the content folder and the build: a server started from
// the repository has both; a bundle (npm run bundle) has neither, and answers reads only.
// Imported by a computed name, so that `npm run bundle` (esbuild) leaves it and the build-time
// packages it needs (yaml, the validation code) out of the bundle.
const content = resolve(textSetting('PORTAL_CONTENT') ?? 'content');
const publishModule = '../src/server/publish-routes.ts';
const publishing = existsSync(join(content, 'portal.yaml'))
  ? ((await import(publishModule)) as typeof import('../src/server/publish-routes.ts')).publishRoutes({
      content,
      dist,
      maxUpload: numberSetting('PORTAL_MAX_UPLOAD'),
      maxBody: settings.maxBody,
      baseUrl: first.catalog.portal.baseUrl,
      served: (slug: string) => sites.current.catalog.datasets.some((d) => d.slug === slug),
      reload: () => sites.reload(),
    })
  : undefined;
const tls = tlsFromEnv();
const { server, streams } = createPortalServer({
  ...first,
  site: (finished) => sites.enter(finished),
  routes: publishing?.route,
  pushAnswer,
  settings,
  scriptHashes: await astroInlineScriptHashes(),
  baseUrl: first.catalog.portal.baseUrl,
  version: process.env.npm_package_version || 'unknown',
  metricsToken: process.env.PORTAL_METRICS_TOKEN || undefined,
  tls,
});
server.on('error', (e) => {
  console.error(`The server could not start: ${e.message}`);
  process.exit(1);
});
sites.watch();
process.on('SIGHUP', () => void sites.reload());
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
  sites.close();
  publishing?.rebuilder.stop();
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
