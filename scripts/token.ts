// npm run token -- create --publisher ID [--dataset SLUG]... [--reporter ID[,ID…]] [--expires 30d] [--label TEXT]
// npm run token -- list
// npm run token -- revoke ID
// npm run token -- audit --dataset SLUG [--json]   (the dataset's audit log, CSV by default, on stdout)
// Tokens live where the live rows do: PORTAL_STATE_DIR (SQLite) or DATABASE_URL (PostgreSQL).
// Publishers and datasets are checked against the built portal (PORTAL_DIST, dist/ by default).
// Exit status: 0 done, 2 a mistake in the command line (said why), 1 anything else.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkTokenScope, createToken, parseExpiry, TokenUsageError, type TokenScopeCatalog } from '../src/live/tokens.ts';
import { auditCsv, auditPages, AUDIT_COLUMNS } from '../src/server/audit.ts';
import { openStore } from '../src/server/live.ts';
import { distDir } from '../src/server/runtime-catalog.ts';

const USAGE = `usage:
  npm run token -- create --publisher ID [--dataset SLUG]... [--reporter ID[,ID…]] [--expires 30d|12h|YYYY-MM-DD] [--label TEXT]
  npm run token -- list
  npm run token -- revoke ID
  npm run token -- audit --dataset SLUG [--json] > audit.csv`;

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

/** The publishers and live datasets of the built portal, read from the files the server reads. */
function builtCatalog(): TokenScopeCatalog {
  const dist = distDir();
  const catalogFile = join(dist, 'portal', 'catalog.json');
  const liveFile = join(dist, 'portal', 'live.json');
  if (!existsSync(catalogFile)) {
    throw new TokenUsageError(
      `No built portal in ${dist} (${catalogFile} is missing): run "npm run build" first, or set PORTAL_DIST to the built dist/ folder, so that publishers and datasets can be checked.`,
    );
  }
  const catalog = JSON.parse(readFileSync(catalogFile, 'utf8')) as { publishers: { id: string }[] };
  const live = existsSync(liveFile) ? (JSON.parse(readFileSync(liveFile, 'utf8')) as { datasets: { slug: string; publisher: string; reporters?: { id: string; name: string }[] }[] }).datasets : [];
  return { publishers: catalog.publishers.map((p) => p.id), live: live.map((d) => ({ slug: d.slug, publisher: d.publisher, reporters: d.reporters })), catalogFile, liveFile };
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      publisher: { type: 'string' },
      dataset: { type: 'string', multiple: true },
      reporter: { type: 'string', multiple: true },
      expires: { type: 'string' },
      label: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
}
try {
  parsed = parse();
} catch (e) {
  usage((e as Error).message);
}
const { positionals, values } = parsed;
const [command, arg] = positionals;
if (!command || !['create', 'list', 'revoke', 'audit'].includes(command)) usage(command ? `unknown command "${command}"` : 'which command?');

// Everything that can be checked without the store is checked before opening it.
let createOptions: { publisher: string; datasets: string[]; reporters: string[]; expires: string | null; label: string | null } | undefined;
if (command === 'create') {
  try {
    if (!values.publisher) throw new TokenUsageError('create needs --publisher ID');
    const expires = parseExpiry(values.expires);
    const datasets = values.dataset ?? [];
    // --reporter H01,H02 or --reporter H01 --reporter H02: the same set.
    const reporters = [
      ...new Set(
        (values.reporter ?? [])
          .flatMap((r) => r.split(','))
          .map((r) => r.trim())
          .filter(Boolean),
      ),
    ];
    if (values.reporter && reporters.length === 0) throw new TokenUsageError('--reporter needs at least one reporter id');
    for (const warning of checkTokenScope(values.publisher, datasets, builtCatalog(), reporters)) console.error(`warning: ${warning}`);
    createOptions = { publisher: values.publisher, datasets, reporters, expires, label: values.label ?? null };
  } catch (e) {
    if (e instanceof TokenUsageError) usage(e.message);
    throw e;
  }
}
if (command === 'revoke' && !arg) usage('revoke needs a token id (see npm run token -- list)');
// The audit log straight from the store, for an operator (the publisher's download is GET /api/datasets/<slug>/audit).
let auditSlug: string | undefined;
if (command === 'audit') {
  if (values.dataset?.length !== 1) usage('audit needs exactly one --dataset SLUG');
  auditSlug = values.dataset[0]!;
  try {
    const live = builtCatalog().live.map((d) => d.slug);
    if (!live.includes(auditSlug)) throw new TokenUsageError(`--dataset: no live dataset "${auditSlug}". Live datasets: ${live.join(', ') || 'none'}.`);
  } catch (e) {
    if (e instanceof TokenUsageError) usage(e.message);
    throw e;
  }
}

const store = await openStore();
try {
  if (createOptions) {
    const { token, record } = await createToken(store, createOptions);
    if (values.json) console.log(JSON.stringify({ token, id: record.id, publisher: record.publisher, datasets: record.datasets, reporters: record.reporters, expires: record.expires }));
    else {
      console.log(token);
      console.error(
        `token ${record.id} for publisher ${record.publisher}${record.datasets.length ? ` (datasets: ${record.datasets.join(', ')})` : ' (all its live datasets)'}${record.reporters.length ? `, reporters: ${record.reporters.join(', ')}` : ''}${record.expires ? `, expires ${record.expires}` : ''}.`,
      );
      console.error('It is shown only this once: only its hash is stored.');
    }
  } else if (auditSlug) {
    // Page by page, like the HTTP download: the log can be larger than memory.
    const write = (text: string) => new Promise<void>((done) => (process.stdout.write(text) ? done() : process.stdout.once('drain', () => done())));
    if (!values.json) await write(`${AUDIT_COLUMNS.join(',')}\r\n`);
    for await (const page of auditPages(store, auditSlug)) await write(values.json ? page.map((e) => `${JSON.stringify(e)}\n`).join('') : auditCsv(page));
  } else if (command === 'list') {
    const now = new Date();
    for (const t of await store.listTokens()) {
      const state = t.revoked ? `revoked ${t.revoked}` : t.expires && new Date(t.expires) <= now ? `expired ${t.expires}` : t.expires ? `expires ${t.expires}` : 'no expiry';
      console.log([t.id, t.publisher, t.datasets.join(',') || '*', t.reporters.join(',') || '*', state, t.created, t.label ?? ''].join('\t'));
    }
  } else {
    if (!(await store.revokeToken(arg!, new Date().toISOString()))) {
      console.error(`no token ${arg} (see npm run token -- list)`);
      process.exitCode = 2;
    } else console.log(`revoked ${arg}`);
  }
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
} finally {
  await store.close();
}
