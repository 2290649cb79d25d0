import { chmodSync, mkdirSync } from 'node:fs';

/**
 * Files this process creates are its user's alone (0600 files, 0700 folders): originals carry
 * patient pixels and, before de-identification, names. The storage folder is closed to other
 * users (0700), which also covers files an older version left readable inside it; the data
 * folder may be entered but not listed (0711), so that an embedded PostgreSQL running as its
 * own user reaches its folder inside it.
 */
export function restrictFileModes(dirs: { dataDir: string; storageDir: string }): void {
  process.umask(0o077);
  mkdirSync(dirs.dataDir, { recursive: true, mode: 0o711 });
  chmodSync(dirs.dataDir, 0o711);
  mkdirSync(dirs.storageDir, { recursive: true, mode: 0o700 });
  chmodSync(dirs.storageDir, 0o700);
}
