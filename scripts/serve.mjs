// Serves an existing build (dist/) with the Node adapter: static pages and data
// files from dist/client, on-demand routes from dist/server. HOST and PORT override.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.env.PORTAL_DIST || 'dist');
const entry = resolve(dist, 'server', 'entry.mjs');
if (!existsSync(entry)) {
  console.error(`No built site in ${dist}: run "npm run build" first (or "npm start" to validate, build and serve).`);
  process.exit(1);
}
process.env.PORTAL_DIST = dist;
process.env.HOST ||= '127.0.0.1';
process.env.PORT ||= '4321';
await import(pathToFileURL(entry).href);
console.log(`Portal served at http://${process.env.HOST}:${process.env.PORT}/`);
