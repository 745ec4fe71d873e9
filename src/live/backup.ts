// Backup and restore of the live store (rows, audit log, tokens, sessions): SQLite's online
// backup (consistent while the server writes), or PostgreSQL's own pg_dump / pg_restore.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

/** Copy the SQLite store to `target` while the server may be running (SQLite's online backup API). */
export async function backupSqlite(storeFile: string, target: string): Promise<void> {
  if (!existsSync(storeFile)) throw new Error(`no live store at ${storeFile}: nothing to back up (PORTAL_STATE_DIR?)`);
  const db = new Database(storeFile, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
}

/** The tables a portal store has; a file without them is not a backup of this portal. */
const REQUIRED_TABLES = ['live_rows', 'live_tokens'];

/**
 * Put a backup in place of the SQLite store (the server must be stopped). The backup is checked
 * first and copied next to the store, then renamed over it: an interrupted restore leaves the
 * old store untouched.
 */
export async function restoreSqlite(backup: string, storeFile: string): Promise<void> {
  if (!existsSync(backup)) throw new Error(`${backup}: file not found`);
  let tables: string[];
  try {
    const check = new Database(backup, { readonly: true, fileMustExist: true });
    tables = (check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    const ok = (check.pragma('integrity_check', { simple: true }) as string) === 'ok';
    check.close();
    if (!ok) throw new Error('the file fails SQLite integrity_check');
  } catch (e) {
    throw new Error(`${backup} is not a usable SQLite backup: ${(e as Error).message}`);
  }
  const missing = REQUIRED_TABLES.filter((t) => !tables.includes(t));
  if (missing.length) throw new Error(`${backup} is not a backup of a portal's live store (no ${missing.join(', ')} table)`);
  mkdirSync(dirname(storeFile), { recursive: true, mode: 0o700 });
  const temp = `${storeFile}.restoring`;
  rmSync(temp, { force: true });
  const source = new Database(backup, { readonly: true });
  try {
    await source.backup(temp);
  } finally {
    source.close();
  }
  // The old write-ahead log belongs to the old database.
  for (const f of [`${storeFile}-wal`, `${storeFile}-shm`]) rmSync(f, { force: true });
  renameSync(temp, storeFile);
}

/** pg_dump (custom format) of the database at `url` into `target`. */
export function backupPostgres(url: string, target: string): void {
  run('pg_dump', ['--format=custom', `--file=${target}`, url]);
}

/**
 * pg_restore of a pg_dump file into the database at `url`, replacing the portal's tables, in one
 * transaction: a file that is not a dump, or a restore that fails half-way, leaves the database as it was.
 */
export function restorePostgres(backup: string, url: string): void {
  if (!existsSync(backup)) throw new Error(`${backup}: file not found`);
  run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${url}`, backup]);
}

function run(command: string, args: string[]) {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${command} could not run (${(r.error as NodeJS.ErrnoException).code}): install the PostgreSQL client tools`);
  if (r.status !== 0) throw new Error(`${command} failed: ${r.stderr.trim()}`);
}

export const sqliteFileIn = (stateDir: string) => join(stateDir, 'live.sqlite');
