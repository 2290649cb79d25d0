import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const tmpName = (filePath: string) => `${filePath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;

/** Stored files are the service user's alone: originals hold patient pixels. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Writes a file so that readers see either nothing or all of it: a temporary sibling,
 * then rename (atomic on one filesystem). The temporary is removed if anything fails.
 */
export async function writeFileAtomic(
  filePath: string,
  data: Uint8Array | string,
  opts: { dirExists?: boolean } = {},
): Promise<void> {
  if (!opts.dirExists) await mkdir(path.dirname(filePath), { recursive: true, mode: PRIVATE_DIR_MODE });
  const tmp = tmpName(filePath);
  try {
    await writeFile(tmp, data, { mode: PRIVATE_FILE_MODE });
    await rename(tmp, filePath);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * writeFileAtomic for threads that may block (the import's decode workers): a quarter of
 * the CPU of the promise API for a 512 KB file (measured 0.25 vs 0.7-1.3 ms with rename).
 */
export function writeFileAtomicSync(filePath: string, data: Uint8Array, opts: { dirExists?: boolean } = {}): void {
  if (!opts.dirExists) mkdirSync(path.dirname(filePath), { recursive: true, mode: PRIVATE_DIR_MODE });
  const tmp = tmpName(filePath);
  try {
    writeFileSync(tmp, data, { mode: PRIVATE_FILE_MODE });
    renameSync(tmp, filePath);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
