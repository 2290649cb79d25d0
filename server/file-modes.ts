import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Files this process creates are its user's alone (0600 files, 0700 folders): originals carry
 * patient pixels and, before de-identification, names. The storage folder is closed to other
 * users (0700), which also covers files an older version left readable inside it; the data
 * folder may be entered but not listed (0711), so that an embedded PostgreSQL running as its
 * own user reaches its folder inside it.
 */
export function restrictFileModes(dirs: { dataDir: string; storageDir: string }): void {
  process.umask(0o077);
  makeEnterable(dirs.dataDir);
  mkdirSync(dirs.storageDir, { recursive: true, mode: 0o700 });
  chmodSync(dirs.storageDir, 0o700);
}

/**
 * Creates the folder and any missing folders above it, each 0711: under the 0077 umask a
 * missing parent (DATA_DIR=.data/e2e in a fresh checkout) would be 0700 and keep PostgreSQL's
 * user out of the folder below it. Folders that already exist above it are left as they are.
 */
function makeEnterable(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !existsSync(d); d = path.dirname(d)) missing.unshift(d);
  for (const d of missing) mkdirSync(d, { mode: 0o711 });
  for (const d of [...missing, path.resolve(dir)]) chmodSync(d, 0o711);
}
