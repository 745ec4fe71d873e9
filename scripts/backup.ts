// npm run backup -- <file>     copy the live store (rows, audit log, tokens, sessions) to <file>
// npm run restore -- <file>    put a backup in place of the live store (stop the server first)
// The store is PostgreSQL when DATABASE_URL is set (pg_dump / pg_restore), otherwise SQLite in
// PORTAL_STATE_DIR (online backup: safe while the server runs). Exit 2: a mistake in the command.
import { resolve } from 'node:path';
import { backupPostgres, backupSqlite, restorePostgres, restoreSqlite, sqliteFileIn } from '../src/live/backup.ts';
import { textSetting } from '../src/settings.ts';

const [action, file, ...extra] = process.argv.slice(2);
if ((action !== 'backup' && action !== 'restore') || !file || extra.length) {
  console.error('usage: npm run backup -- <file>   |   npm run restore -- <file>');
  process.exit(2);
}
const url = textSetting('DATABASE_URL');
const store = sqliteFileIn(resolve(textSetting('PORTAL_STATE_DIR') ?? 'var'));
const target = resolve(file);
try {
  if (action === 'backup') {
    if (url) backupPostgres(url, target);
    else await backupSqlite(store, target);
    console.log(`backed up the live store (${url ? 'PostgreSQL' : store}) to ${target}`);
  } else {
    if (url) restorePostgres(target, url);
    else await restoreSqlite(target, store);
    console.log(`restored ${target} into the live store (${url ? 'PostgreSQL' : store}); start the server`);
  }
} catch (e) {
  console.error(`${action} failed: ${(e as Error).message}`);
  process.exit(1);
}
