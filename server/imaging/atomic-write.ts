import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file so that readers see either nothing or all of it: a temporary sibling,
 * then rename (atomic on one filesystem). The temporary is removed if anything fails.
 */
export async function writeFileAtomic(filePath: string, data: Uint8Array | string, opts: { dirExists?: boolean } = {}): Promise<void> {
  if (!opts.dirExists) await mkdir(path.dirname(filePath), { recursive: true });
  const tmp = `${filePath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, filePath);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
