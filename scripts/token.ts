// npm run token -- create --publisher ID [--dataset SLUG]... [--expires 30d] [--label TEXT]
// npm run token -- list
// npm run token -- revoke ID
// Tokens live where the live rows do: PORTAL_STATE_DIR (SQLite) or DATABASE_URL (PostgreSQL).
import { parseArgs } from 'node:util';
import { createToken, parseExpiry } from '../src/live/tokens.ts';
import { openStore } from '../src/server/live.ts';

const USAGE = `usage:
  npm run token -- create --publisher ID [--dataset SLUG]... [--expires 30d|12h|YYYY-MM-DD] [--label TEXT]
  npm run token -- list
  npm run token -- revoke ID`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    publisher: { type: 'string' },
    dataset: { type: 'string', multiple: true },
    expires: { type: 'string' },
    label: { type: 'string' },
    json: { type: 'boolean' },
  },
});

const [command, arg] = positionals;
if (!command || !['create', 'list', 'revoke'].includes(command)) {
  console.error(USAGE);
  process.exit(2);
}
const store = await openStore();
try {
  if (command === 'create') {
    if (!values.publisher) throw new Error(`create needs --publisher ID\n${USAGE}`);
    const expires = parseExpiry(values.expires);
    const { token, record } = await createToken(store, { publisher: values.publisher, datasets: values.dataset ?? [], expires, label: values.label ?? null });
    if (values.json) console.log(JSON.stringify({ token, id: record.id, publisher: record.publisher, datasets: record.datasets, expires: record.expires }));
    else {
      console.log(token);
      console.error(`token ${record.id} for publisher ${record.publisher}${record.datasets.length ? ` (datasets: ${record.datasets.join(', ')})` : ' (all its live datasets)'}${record.expires ? `, expires ${record.expires}` : ''}.`);
      console.error('It is shown only this once: only its hash is stored.');
    }
  } else if (command === 'list') {
    const now = new Date();
    for (const t of await store.listTokens()) {
      const state = t.revoked ? `revoked ${t.revoked}` : t.expires && new Date(t.expires) <= now ? `expired ${t.expires}` : t.expires ? `expires ${t.expires}` : 'no expiry';
      console.log([t.id, t.publisher, t.datasets.join(',') || '*', state, t.created, t.label ?? ''].join('\t'));
    }
  } else {
    if (!arg) throw new Error(`revoke needs a token id (see npm run token -- list)\n${USAGE}`);
    if (!(await store.revokeToken(arg, new Date().toISOString()))) throw new Error(`no token ${arg}`);
    console.log(`revoked ${arg}`);
  }
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
} finally {
  await store.close();
}
