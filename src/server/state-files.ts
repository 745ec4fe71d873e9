import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The state folder holds token hashes, sessions and pushed rows: only the portal's own user
 * may read it. The folder is 0700 and the database file 0600 before SQLite opens it; SQLite
 * gives its -wal and -shm files the database file's mode, and files left by an earlier version
 * with wider modes are narrowed at start.
 */
export function preparePrivateFile(file: string) {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

export function restrictStateFiles(file: string) {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) if (existsSync(f)) chmodSync(f, 0o600);
}
